import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, invalidInput, notFound, forbidden, type EventActor } from '@lms/plugin-lms-core/server';
import type { CourseRef, Enrollment, EnrollmentProgress, MyEnrollment, PaymentRequiredDetails, PrerequisitesMissingDetails } from '../contracts';
import { continueLesson, lessonState } from '../domain/access';
import { decideSelfEnrollment, isEnded, isSubscriptionActive, quotedList, reactivatedStatus } from '../domain/enrollment';
import { courseProgress, isCourseComplete, type CourseProgressSummary, type RequirementOutcome } from '../domain/progress';
import {
  lessonsInOrder,
  type CourseStructure,
  type EndedEnrollmentStatus,
  type EnrollmentRecord,
  type EnrollmentSource,
  type LessonProgressRecord,
} from '../domain/types';
import { PaymentRequiredError } from '../errors';
import { ENROLLMENT_SOURCES, ENROLLMENTS_TABLE } from '../migrations';
import {
  selectCompletedLessonsOfUser,
  selectEnrollment,
  selectEnrollmentById,
  selectProgress,
  selectSubscriptions,
  toEnrollmentRecord,
} from '../store';
import type { Row } from '../store';
import { getService, inTransaction } from '../utils';
import '../events';

/** The route that starts a payment (built by the payments side of this plugin). */
export const CHECKOUT_ROUTE = { method: 'POST', path: '/api/lms-enrollment/checkout' } as const;

export interface GrantEnrollmentInput {
  userId: number;
  courseDocumentId: string;
  source: EnrollmentSource;
  /** Stripe checkout session id, "admin:<id>", LTI context id, ... */
  sourceRef?: string | null;
  reason?: string | null;
  actor?: EventActor;
}

export interface GrantEnrollmentResult {
  enrollment: EnrollmentRecord;
  /** A new row was inserted. */
  created: boolean;
  /** An ended (refunded/revoked/expired) enrollment was re-opened. */
  reactivated: boolean;
}

export interface EndEnrollmentInput {
  userId: number;
  courseDocumentId: string;
  status: EndedEnrollmentStatus;
  reason?: string | null;
  actor?: EventActor;
}

/**
 * A condition for course completion besides the lessons (extension point for lms-grading:
 * "final quiz passed", "assignments graded"). Checked inside the completing transaction; after
 * the condition changes (a quiz graded), call `recheckCompletion` so the course can complete.
 */
export interface CompletionRequirement {
  name: string;
  check(input: { trx: Knex.Transaction; enrollment: EnrollmentRecord; course: CourseStructure }): Promise<RequirementOutcome>;
}

const ENDED: readonly EndedEnrollmentStatus[] = ['refunded', 'revoked', 'expired'];

function assertGrantInput(input: GrantEnrollmentInput): void {
  if (!Number.isSafeInteger(input.userId) || input.userId < 1) throw invalidInput('userId', 'expected the id of a users-permissions user');
  if (typeof input.courseDocumentId !== 'string' || !input.courseDocumentId.trim()) {
    throw invalidInput('courseDocumentId', 'expected the documentId of a course');
  }
  if (!(ENROLLMENT_SOURCES as readonly string[]).includes(input.source)) {
    throw invalidInput('source', `expected one of ${ENROLLMENT_SOURCES.join(', ')}`);
  }
}

function actorLabel(actor: EventActor | undefined): string | null {
  if (!actor) return null;
  return actor.id === undefined ? actor.type : `${actor.type}:${actor.id}`;
}

/** The contract's view of an enrollment and its progress. */
export function toEnrollment(record: EnrollmentRecord, course: CourseRef, progress: CourseProgressSummary): Enrollment {
  return {
    id: record.id,
    course: { documentId: course.documentId, slug: course.slug, title: course.title },
    status: record.status,
    source: record.source,
    progress: progress.percent,
    lessonsCompleted: progress.lessonsCompleted,
    lessonsTotal: progress.lessonsTotal,
    enrolledAt: record.enrolledAt.toISOString(),
    completedAt: record.completedAt?.toISOString() ?? null,
    endedAt: record.endedAt?.toISOString() ?? null,
    lastActivityAt: record.lastActivityAt?.toISOString() ?? null,
  };
}

export function completedLessonIds(progress: readonly LessonProgressRecord[]): Set<string> {
  return new Set(progress.filter((p) => p.status === 'completed').map((p) => p.lessonDocumentId));
}

/** Placeholder reference for a course that is gone or no longer published. */
const unknownCourse = (documentId: string): CourseRef => ({ documentId, slug: '', title: `(course ${documentId})` });

/**
 * Enrollments: who may study which course, and when a course is complete. The write methods take
 * an optional knex transaction so callers (Stripe webhook handlers) can join their own; every
 * change emits its event in the same transaction.
 */
export const createEnrollmentsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const requirements: CompletionRequirement[] = [];
  const clock = () => getService(strapi, 'clock');
  const content = () => getService(strapi, 'content');
  const events = () => getLmsCoreService(strapi, 'events');

  const service = {
    /**
     * Gives `userId` access to the course. Idempotent on (user, course): an active or completed
     * enrollment is returned unchanged; an ended one (refunded/revoked/expired) is re-opened with
     * the new source (status active, or completed when its lessons were all complete already).
     */
    async grantEnrollment(input: GrantEnrollmentInput, trx?: Knex.Transaction): Promise<GrantEnrollmentResult> {
      assertGrantInput(input);
      const known = await content().courseRefs([input.courseDocumentId]);
      if (!known.has(input.courseDocumentId)) throw notFound('course', input.courseDocumentId);
      const now = clock().now();
      return inTransaction(strapi, trx, async (t) => {
        // Insert-or-select: the unique (user_id, course_document_id) decides between racing
        // callers without aborting the transaction of the loser.
        const inserted = (await t(ENROLLMENTS_TABLE)
          .insert({
            user_id: input.userId,
            course_document_id: input.courseDocumentId,
            status: 'active',
            source: input.source,
            source_ref: input.sourceRef ?? null,
            reason: input.reason ?? null,
            enrolled_at: now,
            last_activity_at: now,
            created_at: now,
            updated_at: now,
          })
          .onConflict(['user_id', 'course_document_id'])
          .ignore()
          .returning('*')) as Row[];
        if (inserted[0]) {
          const enrollment = toEnrollmentRecord(inserted[0]);
          await service.emitGranted(t, enrollment, false, input.actor);
          return { enrollment, created: true, reactivated: false };
        }

        const existing = await selectEnrollment(t, input.userId, input.courseDocumentId, { forUpdate: true });
        if (!existing) throw new Error(`enrollment of user ${input.userId} in ${input.courseDocumentId} vanished during insert-or-select`);
        if (!isEnded(existing.status)) return { enrollment: existing, created: false, reactivated: false };

        const course = await content().getCourseStructure(input.courseDocumentId);
        const progress = course
          ? courseProgress(lessonsInOrder(course).map((l) => l.documentId), completedLessonIds(await selectProgress(t, [existing.id])))
          : courseProgress([], new Set());
        const met = course ? await service.checkRequirements(t, existing, course) : [];
        const status = reactivatedStatus(isCourseComplete(progress, met));
        const [row] = (await t(ENROLLMENTS_TABLE)
          .where({ id: existing.id })
          .update({
            status,
            source: input.source,
            source_ref: input.sourceRef ?? null,
            reason: input.reason ?? null,
            ended_at: null,
            ended_by: null,
            completed_at: status === 'completed' ? (existing.completedAt ?? now) : existing.completedAt,
            updated_at: now,
          })
          .returning('*')) as Row[];
        const enrollment = toEnrollmentRecord(row as Row);
        await service.emitGranted(t, enrollment, true, input.actor);
        if (status === 'completed' && !existing.completedAt) await service.emitCourseCompleted(t, enrollment, now, input.actor);
        return { enrollment, created: false, reactivated: true };
      });
    },

    /** Ends access (refund, revocation, expiry). Idempotent; null when there is no enrollment. */
    async endEnrollment(input: EndEnrollmentInput, trx?: Knex.Transaction): Promise<EnrollmentRecord | null> {
      if (!ENDED.includes(input.status)) throw invalidInput('status', `expected one of ${ENDED.join(', ')}`);
      const now = clock().now();
      return inTransaction(strapi, trx, async (t) => {
        const existing = await selectEnrollment(t, input.userId, input.courseDocumentId, { forUpdate: true });
        if (!existing) return null;
        if (existing.status === input.status) return existing;
        const [row] = (await t(ENROLLMENTS_TABLE)
          .where({ id: existing.id })
          .update({
            status: input.status,
            reason: input.reason ?? null,
            ended_by: actorLabel(input.actor),
            ended_at: existing.endedAt ?? now,
            updated_at: now,
          })
          .returning('*')) as Row[];
        const enrollment = toEnrollmentRecord(row as Row);
        await events().emit(t, {
          type: 'enrollment.ended',
          payload: {
            learnerId: enrollment.userId,
            courseId: enrollment.courseDocumentId,
            enrollmentId: enrollment.id,
            status: input.status,
            reason: enrollment.reason,
            endedAt: (enrollment.endedAt ?? now).toISOString(),
          },
          ...(input.actor ? { actor: input.actor } : {}),
        });
        return enrollment;
      });
    },

    async findEnrollment(userId: number, courseDocumentId: string, trx?: Knex.Transaction): Promise<EnrollmentRecord | null> {
      return selectEnrollment(trx ?? strapi.db.connection, userId, courseDocumentId);
    },

    /** A subscription row with status active/trialing whose period has not ended. */
    async hasActiveSubscription(userId: number, trx?: Knex.Transaction): Promise<boolean> {
      const now = clock().now();
      return (await selectSubscriptions(trx ?? strapi.db.connection, userId)).some((s) => isSubscriptionActive(s, now));
    },

    /**
     * A learner enrolls themselves (POST /enrollments): free courses at once, subscription
     * courses with an active subscription; sold courses go through checkout (402).
     */
    async enroll(userId: number, courseDocumentId: string): Promise<{ enrollment: Enrollment; created: boolean }> {
      const course = await content().getCourseStructure(courseDocumentId);
      if (!course) throw notFound('course', courseDocumentId, 'it does not exist or is not published');
      const lessonIds = lessonsInOrder(course).map((l) => l.documentId);

      return inTransaction(strapi, undefined, async (trx) => {
        const existing = await selectEnrollment(trx, userId, courseDocumentId);
        const completedCourses = await service.completedCourses(trx, userId, course.prerequisites.map((p) => p.documentId));
        const hasActiveSubscription = course.pricingModel === 'subscription' ? await service.hasActiveSubscription(userId, trx) : false;
        const decision = decideSelfEnrollment({
          pricingModel: course.pricingModel,
          prerequisites: course.prerequisites,
          existing,
          completedCourses,
          hasActiveSubscription,
        });

        let record: EnrollmentRecord;
        let created = false;
        switch (decision.kind) {
          case 'already-enrolled':
            record = existing as EnrollmentRecord;
            break;
          case 'grant': {
            const result = await service.grantEnrollment({ userId, courseDocumentId, source: decision.source, actor: { type: 'user', id: userId } }, trx);
            record = result.enrollment;
            created = result.created || result.reactivated;
            break;
          }
          case 'revoked':
            throw forbidden(
              `your enrollment in "${course.title}" was revoked${decision.reason ? ` (${decision.reason})` : ''}; contact support to restore it`,
              { course: courseDocumentId, reason: decision.reason },
            );
          case 'prerequisites-missing':
            throw forbidden(`complete ${decision.missing.length > 1 ? 'courses' : 'course'} ${quotedList(decision.missing.map((m) => m.title))} before enrolling in "${course.title}"`, {
              course: courseDocumentId,
              missing: decision.missing,
            } satisfies PrerequisitesMissingDetails);
          case 'payment-required':
            throw new PaymentRequiredError(
              decision.pricingModel === 'subscription'
                ? `"${course.title}" is included in the subscription; start one with ${CHECKOUT_ROUTE.method} ${CHECKOUT_ROUTE.path}, then enroll`
                : `"${course.title}" is a paid course; buy it with ${CHECKOUT_ROUTE.method} ${CHECKOUT_ROUTE.path}`,
              {
                course: courseDocumentId,
                pricingModel: decision.pricingModel,
                price: { amount: course.priceAmount, currency: course.currency },
                checkout: { ...CHECKOUT_ROUTE },
              } satisfies PaymentRequiredDetails,
            );
        }
        const progress = courseProgress(lessonIds, completedLessonIds(await selectProgress(trx, [record.id])));
        return { enrollment: toEnrollment(record, course, progress), created };
      });
    },

    /** The learner's enrollments with progress and where to continue: a fixed number of queries. */
    async listMine(userId: number): Promise<MyEnrollment[]> {
      const db = strapi.db.connection;
      const records = ((await db(ENROLLMENTS_TABLE).where({ user_id: userId }).orderBy([{ column: 'last_activity_at', order: 'desc' }, { column: 'id', order: 'desc' }])) as Row[]).map(
        toEnrollmentRecord,
      );
      if (records.length === 0) return [];
      const courseIds = records.map((r) => r.courseDocumentId);
      const [courses, progressRows, refs] = await Promise.all([
        content().getCourseStructures(courseIds),
        selectProgress(db, records.map((r) => r.id)),
        content().courseRefs(courseIds),
      ]);
      const byCourse = new Map(courses.map((c) => [c.documentId, c]));
      const prerequisiteLessons = courses.flatMap((c) => lessonsInOrder(c).flatMap((l) => l.prerequisites.map((p) => p.documentId)));
      const completedAnywhere = await selectCompletedLessonsOfUser(db, userId, prerequisiteLessons);
      const now = clock().now();

      return records.map((record) => {
        const course = byCourse.get(record.courseDocumentId);
        const own = progressRows.filter((p) => p.enrollmentId === record.id);
        const completed = completedLessonIds(own);
        if (!course) {
          return { ...toEnrollment(record, refs.get(record.courseDocumentId) ?? unknownCourse(record.courseDocumentId), courseProgress([], completed)), lastLesson: null };
        }
        const lessons = lessonsInOrder(course);
        const progress = courseProgress(lessons.map((l) => l.documentId), completed);
        return { ...toEnrollment(record, course, progress), lastLesson: service.continueWith(course, record, own, new Set([...completed, ...completedAnywhere]), now) };
      });
    },

    /** One enrollment's per-lesson progress; only its own learner may read it. */
    async getEnrollmentProgress(userId: number, enrollmentId: number): Promise<EnrollmentProgress> {
      const db = strapi.db.connection;
      const record = await selectEnrollmentById(db, enrollmentId);
      if (!record) throw notFound('enrollment', enrollmentId);
      if (record.userId !== userId) throw forbidden(`enrollment ${enrollmentId} belongs to another learner; you can read only your own progress`);
      const [course, rows, refs] = await Promise.all([
        content().getCourseStructure(record.courseDocumentId),
        selectProgress(db, [record.id]),
        content().courseRefs([record.courseDocumentId]),
      ]);
      const byLesson = new Map(rows.map((r) => [r.lessonDocumentId, r]));
      const lessons = course ? lessonsInOrder(course) : [];
      const progress = courseProgress(lessons.map((l) => l.documentId), completedLessonIds(rows));
      return {
        enrollment: toEnrollment(record, course ?? refs.get(record.courseDocumentId) ?? unknownCourse(record.courseDocumentId), progress),
        lessons: lessons.map((l) => ({ documentId: l.documentId, slug: l.slug, title: l.title, progress: toLessonProgress(byLesson.get(l.documentId)) })),
      };
    },

    /** The lesson to continue with (see MyEnrollment.lastLesson). */
    continueWith(course: CourseStructure, record: EnrollmentRecord, progress: readonly LessonProgressRecord[], completedLessons: ReadonlySet<string>, now: Date) {
      const byLesson = new Map(progress.map((p) => [p.lessonDocumentId, p]));
      const hasAccess = record.status === 'active' || record.status === 'completed';
      const states = course.sections.flatMap((section) =>
        section.lessons.map((lesson) => ({
          lesson,
          lastAccessedAt: byLesson.get(lesson.documentId)?.lastAccessedAt ?? null,
          ...lessonState({ course, section, lesson, hasAccess, enrolledAt: record.enrolledAt, completedLessons, now }),
        })),
      );
      const next = continueLesson(states);
      return next ? { documentId: next.lesson.documentId, slug: next.lesson.slug, title: next.lesson.title } : null;
    },

    /** documentIds (among `courseDocumentIds`) of courses this learner completed. */
    async completedCourses(db: Knex | Knex.Transaction, userId: number, courseDocumentIds: readonly string[]): Promise<Set<string>> {
      if (courseDocumentIds.length === 0) return new Set();
      const rows = (await db(ENROLLMENTS_TABLE)
        .where({ user_id: userId })
        .whereIn('course_document_id', [...courseDocumentIds])
        .whereNotNull('completed_at')
        .select('course_document_id')) as Array<{ course_document_id: string }>;
      return new Set(rows.map((r) => r.course_document_id));
    },

    /**
     * Extension point: adds a condition for course completion besides the lessons (lms-grading's
     * quizzes and assignments). Call from your plugin's register().
     */
    addCompletionRequirement(requirement: CompletionRequirement): void {
      if (requirements.some((r) => r.name === requirement.name)) throw new Error(`completion requirement "${requirement.name}" is registered twice`);
      requirements.push(requirement);
    },

    async checkRequirements(trx: Knex.Transaction, enrollment: EnrollmentRecord, course: CourseStructure): Promise<RequirementOutcome[]> {
      const outcomes: RequirementOutcome[] = [];
      for (const r of requirements) outcomes.push(await r.check({ trx, enrollment, course }));
      return outcomes;
    },

    /**
     * Completes the enrollment when every published lesson is complete and every requirement is
     * met, emitting course.completed once. Call inside the transaction that changed progress,
     * after locking the enrollment row (so concurrent completions are serialised).
     */
    async applyCompletion(
      trx: Knex.Transaction,
      enrollment: EnrollmentRecord,
      course: CourseStructure,
      now: Date,
      actor?: EventActor,
    ): Promise<{ enrollment: EnrollmentRecord; progress: CourseProgressSummary; completedNow: boolean }> {
      const rows = await selectProgress(trx, [enrollment.id]);
      const progress = courseProgress(lessonsInOrder(course).map((l) => l.documentId), completedLessonIds(rows));
      if (enrollment.status !== 'active' || !progress.allLessonsComplete) return { enrollment, progress, completedNow: false };
      if (!isCourseComplete(progress, await service.checkRequirements(trx, enrollment, course))) return { enrollment, progress, completedNow: false };
      // Conditional on status: of two racing completions only one row update happens.
      const updated = (await trx(ENROLLMENTS_TABLE)
        .where({ id: enrollment.id, status: 'active' })
        .update({ status: 'completed', completed_at: enrollment.completedAt ?? now, updated_at: now })
        .returning('*')) as Row[];
      if (!updated[0]) return { enrollment, progress, completedNow: false };
      const completed = toEnrollmentRecord(updated[0]);
      if (!enrollment.completedAt) await service.emitCourseCompleted(trx, completed, now, actor);
      return { enrollment: completed, progress, completedNow: true };
    },

    /**
     * Re-evaluates completion after something outside lesson progress changed (a quiz graded):
     * the extension point's counterpart. Returns the enrollment (null when there is none).
     */
    async recheckCompletion(userId: number, courseDocumentId: string, trx?: Knex.Transaction): Promise<EnrollmentRecord | null> {
      const course = await content().getCourseStructure(courseDocumentId);
      return inTransaction(strapi, trx, async (t) => {
        const record = await selectEnrollment(t, userId, courseDocumentId, { forUpdate: true });
        if (!record || !course) return record;
        return (await service.applyCompletion(t, record, course, clock().now())).enrollment;
      });
    },

    async emitGranted(trx: Knex.Transaction, enrollment: EnrollmentRecord, reactivated: boolean, actor?: EventActor): Promise<void> {
      await events().emit(trx, {
        type: 'enrollment.granted',
        payload: {
          learnerId: enrollment.userId,
          courseId: enrollment.courseDocumentId,
          enrollmentId: enrollment.id,
          source: enrollment.source,
          sourceRef: enrollment.sourceRef,
          reactivated,
          grantedAt: enrollment.updatedAt.toISOString(),
        },
        ...(actor ? { actor } : {}),
      });
    },

    async emitCourseCompleted(trx: Knex.Transaction, enrollment: EnrollmentRecord, now: Date, actor?: EventActor): Promise<void> {
      await events().emit(trx, {
        type: 'course.completed',
        payload: {
          learnerId: enrollment.userId,
          courseId: enrollment.courseDocumentId,
          enrollmentId: enrollment.id,
          completedAt: (enrollment.completedAt ?? now).toISOString(),
        },
        ...(actor ? { actor } : {}),
      });
    },
  };
  return service;
};

export function toLessonProgress(row: LessonProgressRecord | undefined) {
  return row
    ? {
        status: row.status,
        percent: row.percent,
        timeSpentSeconds: row.timeSpentSeconds,
        lastAccessedAt: row.lastAccessedAt?.toISOString() ?? null,
        completedAt: row.completedAt?.toISOString() ?? null,
      }
    : { status: 'in_progress' as const, percent: 0, timeSpentSeconds: 0, lastAccessedAt: null, completedAt: null };
}

export type EnrollmentsService = ReturnType<typeof createEnrollmentsService>;
