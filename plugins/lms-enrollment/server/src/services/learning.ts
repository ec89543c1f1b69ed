import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, invalidInput, notFound, unauthorized } from '@lms/plugin-lms-core/server';
import type { CourseOutline, CourseProgress, LessonContent, LessonRef, OutlineSection, VideoProgressRequest } from '../contracts';
import { dripUnlockAt, lessonState } from '../domain/access';
import { grantsAccess } from '../domain/enrollment';
import { courseProgress, videoCompletesLesson, watchedPercent, type CourseProgressSummary } from '../domain/progress';
import { lessonsInOrder, type CourseStructure, type EnrollmentRecord, type LessonNode, type LessonProgressRecord, type SectionNode } from '../domain/types';
import { lessonLocked } from '../errors';
import { ENROLLMENTS_TABLE, LESSON_PROGRESS_TABLE } from '../migrations';
import { selectCompletedLessonsOfUser, selectEnrollment, selectProgress, toProgressRecord } from '../store';
import type { Row } from '../store';
import { getService, inTransaction } from '../utils';
import { completedLessonIds, toEnrollment, toLessonProgress } from './enrollments';

interface LessonInCourse {
  course: CourseStructure;
  section: SectionNode;
  lesson: LessonNode;
  lessons: LessonNode[];
}

interface LearnerState {
  enrollment: EnrollmentRecord | null;
  progress: LessonProgressRecord[];
  /** Lessons completed in this enrollment plus prerequisite lessons completed in any course. */
  completedLessons: Set<string>;
}

const ref = (l: LessonRef): LessonRef => ({ documentId: l.documentId, slug: l.slug, title: l.title });

function toCourseProgress(enrollment: EnrollmentRecord, progress: CourseProgressSummary): CourseProgress {
  return {
    enrollmentId: enrollment.id,
    courseDocumentId: enrollment.courseDocumentId,
    status: enrollment.status,
    progress: progress.percent,
    lessonsCompleted: progress.lessonsCompleted,
    lessonsTotal: progress.lessonsTotal,
    completedAt: enrollment.completedAt?.toISOString() ?? null,
  };
}

/**
 * What a learner does inside a course: the outline with each lesson's state, opening a lesson,
 * completing it, reporting video progress. Reads are a fixed number of queries; writes lock the
 * enrollment row first, so concurrent requests of one learner are applied one after the other.
 */
export const createLearningService = ({ strapi }: { strapi: Core.Strapi }) => {
  const clock = () => getService(strapi, 'clock');
  const content = () => getService(strapi, 'content');
  const enrollments = () => getService(strapi, 'enrollments');
  const events = () => getLmsCoreService(strapi, 'events');

  async function locateLesson(lessonDocumentId: string): Promise<LessonInCourse> {
    const courseId = await content().findCourseOfLesson(lessonDocumentId);
    const course = courseId ? await content().getCourseStructure(courseId) : null;
    for (const section of course?.sections ?? []) {
      const lesson = section.lessons.find((l) => l.documentId === lessonDocumentId);
      if (course && lesson) return { course, section, lesson, lessons: lessonsInOrder(course) };
    }
    throw notFound('lesson', lessonDocumentId, 'it does not exist or is not published');
  }

  async function learnerState(db: Knex | Knex.Transaction, userId: number, course: CourseStructure, opts: { forUpdate?: boolean } = {}): Promise<LearnerState> {
    const enrollment = await selectEnrollment(db, userId, course.documentId, opts);
    const progress = enrollment ? await selectProgress(db, [enrollment.id]) : [];
    const own = completedLessonIds(progress);
    const prerequisites = lessonsInOrder(course)
      .flatMap((l) => l.prerequisites.map((p) => p.documentId))
      .filter((id) => !own.has(id));
    const elsewhere = await selectCompletedLessonsOfUser(db, userId, [...new Set(prerequisites)]);
    return { enrollment, progress, completedLessons: new Set([...own, ...elsewhere]) };
  }

  function stateOf(at: Pick<LessonInCourse, 'course' | 'section' | 'lesson'>, state: LearnerState | null, now: Date) {
    return lessonState({
      course: at.course,
      section: at.section,
      lesson: at.lesson,
      hasAccess: Boolean(state?.enrollment && grantsAccess(state.enrollment.status)),
      enrolledAt: state?.enrollment?.enrolledAt ?? null,
      completedLessons: state?.completedLessons ?? new Set(),
      now,
    });
  }

  /** Locks the learner's enrollment and refuses when it does not give access. */
  async function lockAccess(trx: Knex.Transaction, userId: number, at: LessonInCourse, now: Date) {
    const state = await learnerState(trx, userId, at.course, { forUpdate: true });
    const { enrollment } = state;
    if (!enrollment || !grantsAccess(enrollment.status)) {
      const why = enrollment ? `your enrollment in "${at.course.title}" has ended (${enrollment.status})` : `you are not enrolled in "${at.course.title}"`;
      throw lessonLocked({ reason: 'not-enrolled', message: `${why}; enroll to record progress on lesson "${at.lesson.title}"` });
    }
    const { state: lessonStatus, locks } = stateOf(at, state, now);
    if (lessonStatus === 'locked' && locks[0]) throw lessonLocked(locks[0]);
    return { enrollment, state };
  }

  /** Inserts or updates the learner's row for a lesson; returns it. */
  async function writeProgress(
    trx: Knex.Transaction,
    enrollmentId: number,
    lessonDocumentId: string,
    values: { status: 'in_progress' | 'completed'; percent: number; timeSpentSeconds: number; completedAt: Date | null },
    now: Date,
  ): Promise<LessonProgressRecord> {
    const [row] = (await trx(LESSON_PROGRESS_TABLE)
      .insert({
        enrollment_id: enrollmentId,
        lesson_document_id: lessonDocumentId,
        status: values.status,
        percent: values.percent,
        time_spent_seconds: values.timeSpentSeconds,
        last_accessed_at: now,
        completed_at: values.completedAt,
        created_at: now,
        updated_at: now,
      })
      .onConflict(['enrollment_id', 'lesson_document_id'])
      .merge({
        status: values.status,
        percent: values.percent,
        time_spent_seconds: values.timeSpentSeconds,
        last_accessed_at: now,
        completed_at: values.completedAt,
        updated_at: now,
      })
      .returning('*')) as Row[];
    await trx(ENROLLMENTS_TABLE).where({ id: enrollmentId }).update({ last_activity_at: now });
    return toProgressRecord(row as Row);
  }

  /** Marks the lesson complete (once), emits lesson.completed and completes the course when due. */
  async function completeInTransaction(trx: Knex.Transaction, at: LessonInCourse, enrollment: EnrollmentRecord, existing: LessonProgressRecord | undefined, now: Date, timeSpentSeconds: number) {
    const row = await writeProgress(trx, enrollment.id, at.lesson.documentId, { status: 'completed', percent: 100, timeSpentSeconds, completedAt: existing?.completedAt ?? now }, now);
    await events().emit(trx, {
      type: 'lesson.completed',
      payload: {
        learnerId: enrollment.userId,
        courseId: at.course.documentId,
        lessonId: at.lesson.documentId,
        enrollmentId: enrollment.id,
        completedAt: (row.completedAt ?? now).toISOString(),
      },
      actor: { type: 'user', id: enrollment.userId },
    });
    const completion = await enrollments().applyCompletion(trx, enrollment, at.course, now, { type: 'user', id: enrollment.userId });
    return { row, ...completion };
  }

  return {
    /**
     * The learner's state (done / open / locked with the locks, in order) of these lessons of a
     * published course. Lessons not in the course are left out. Used by plugins whose work lives
     * inside a lesson (a quiz or an assignment block) to apply the lesson's prerequisites and drip.
     */
    async lessonStates(userId: number, courseDocumentId: string, lessonDocumentIds: readonly string[]): Promise<Map<string, ReturnType<typeof lessonState>>> {
      const out = new Map<string, ReturnType<typeof lessonState>>();
      const course = await content().getCourseStructure(courseDocumentId);
      if (!course || lessonDocumentIds.length === 0) return out;
      const wanted = new Set(lessonDocumentIds);
      const state = await learnerState(strapi.db.connection, userId, course);
      const now = clock().now();
      for (const section of course.sections) {
        for (const lesson of section.lessons) {
          if (wanted.has(lesson.documentId)) out.set(lesson.documentId, stateOf({ course, section, lesson }, state, now));
        }
      }
      return out;
    },

    async outline(userId: number, courseDocumentId: string): Promise<CourseOutline> {
      const course = await content().getCourseStructure(courseDocumentId);
      if (!course) throw notFound('course', courseDocumentId, 'it does not exist or is not published');
      const state = await learnerState(strapi.db.connection, userId, course);
      const now = clock().now();
      const byLesson = new Map(state.progress.map((p) => [p.lessonDocumentId, p]));
      const progress = courseProgress(lessonsInOrder(course).map((l) => l.documentId), completedLessonIds(state.progress));

      const sections: OutlineSection[] = course.sections.map((section) => ({
        documentId: section.documentId,
        title: section.title,
        order: section.order,
        drip: { type: section.drip.type, days: section.drip.days, date: section.drip.date?.toISOString() ?? null },
        unlocksAt: dripUnlockAt(section.drip, state.enrollment?.enrolledAt ?? null)?.toISOString() ?? null,
        lessons: section.lessons.map((lesson) => {
          const { state: lessonStatus, locks } = stateOf({ course, section, lesson }, state, now);
          const row = byLesson.get(lesson.documentId);
          return {
            ...ref(lesson),
            order: lesson.order,
            freePreview: lesson.freePreview,
            estimatedMinutes: lesson.estimatedMinutes,
            kinds: lesson.kinds,
            state: lessonStatus,
            lock: locks[0] ?? null,
            locks,
            progress: row ? toLessonProgress(row) : null,
          };
        }),
      }));

      return {
        course: { documentId: course.documentId, slug: course.slug, title: course.title, pricingModel: course.pricingModel },
        enrollment: state.enrollment ? toEnrollment(state.enrollment, course, progress) : null,
        progress: state.enrollment ? progress.percent : 0,
        sections,
        nextLesson: state.enrollment ? enrollments().continueWith(course, state.enrollment, state.progress, state.completedLessons, now) : null,
      };
    },

    /**
     * The full lesson for a reader who may open it: anyone for a free preview, an enrolled
     * learner when the lesson is open. Records when an enrolled learner opened it.
     */
    async openLesson(userId: number | null, lessonDocumentId: string): Promise<LessonContent> {
      const at = await locateLesson(lessonDocumentId);
      const now = clock().now();
      const state = userId === null ? null : await learnerState(strapi.db.connection, userId, at.course);
      const { state: lessonStatus, locks } = stateOf(at, state, now);
      if (lessonStatus === 'locked') {
        if (userId === null) throw unauthorized(`sign in and enroll in "${at.course.title}" to open lesson "${at.lesson.title}"`);
        if (locks[0]) throw lessonLocked(locks[0]);
      }
      const lessonContent = await content().getLessonContent(lessonDocumentId);
      if (!lessonContent) throw notFound('lesson', lessonDocumentId, 'it does not exist or is not published');

      const enrollment = state?.enrollment && grantsAccess(state.enrollment.status) ? state.enrollment : null;
      let progress: LessonProgressRecord | undefined = state?.progress.find((p) => p.lessonDocumentId === lessonDocumentId);
      if (enrollment) {
        progress = await inTransaction(strapi, undefined, async (trx) => {
          const [row] = (await trx(LESSON_PROGRESS_TABLE)
            .insert({
              enrollment_id: enrollment.id,
              lesson_document_id: lessonDocumentId,
              status: 'in_progress',
              percent: 0,
              time_spent_seconds: 0,
              last_accessed_at: now,
              created_at: now,
              updated_at: now,
            })
            .onConflict(['enrollment_id', 'lesson_document_id'])
            .merge({ last_accessed_at: now, updated_at: now })
            .returning('*')) as Row[];
          await trx(ENROLLMENTS_TABLE).where({ id: enrollment.id }).update({ last_activity_at: now });
          return toProgressRecord(row as Row);
        });
      }

      const index = at.lessons.findIndex((l) => l.documentId === lessonDocumentId);
      const previous = at.lessons[index - 1];
      const next = at.lessons[index + 1];
      return {
        documentId: lessonContent.documentId,
        slug: lessonContent.slug,
        title: lessonContent.title,
        freePreview: lessonContent.freePreview,
        estimatedMinutes: lessonContent.estimatedMinutes,
        course: lessonContent.course,
        section: lessonContent.section,
        blocks: lessonContent.blocks,
        enrollment: state?.enrollment ? { id: state.enrollment.id, status: state.enrollment.status } : null,
        progress: enrollment && progress ? toLessonProgress(progress) : null,
        previous: previous ? ref(previous) : null,
        next: next ? ref(next) : null,
      };
    },

    /** Marks a lesson complete; repeating it changes nothing. */
    async completeLesson(userId: number, lessonDocumentId: string) {
      const at = await locateLesson(lessonDocumentId);
      const now = clock().now();
      return inTransaction(strapi, undefined, async (trx) => {
        const { enrollment, state } = await lockAccess(trx, userId, at, now);
        const existing = state.progress.find((p) => p.lessonDocumentId === lessonDocumentId);
        if (existing?.status === 'completed') {
          const progress = courseProgress(at.lessons.map((l) => l.documentId), completedLessonIds(state.progress));
          return { lesson: { ...ref(at.lesson), progress: toLessonProgress(existing) }, course: toCourseProgress(enrollment, progress), changed: false };
        }
        const result = await completeInTransaction(trx, at, enrollment, existing, now, existing?.timeSpentSeconds ?? 0);
        return { lesson: { ...ref(at.lesson), progress: toLessonProgress(result.row) }, course: toCourseProgress(result.enrollment, result.progress), changed: true };
      });
    },

    /** Records how far a video was watched; completes the lesson when that video is all it asks for. */
    async reportVideoProgress(userId: number, lessonDocumentId: string, report: VideoProgressRequest) {
      const at = await locateLesson(lessonDocumentId);
      const block = at.lesson.blocks.find((b) => b.kind === 'video' && b.id === report.blockId);
      if (!block) {
        const videos = at.lesson.blocks.filter((b) => b.kind === 'video').map((b) => b.id);
        throw invalidInput(
          'body.blockId',
          `lesson "${at.lesson.title}" has no video block ${report.blockId}; ${videos.length ? `its video blocks are ${videos.join(', ')}` : 'it has no video'}`,
        );
      }
      const threshold = block.completionThreshold ?? 90;
      const now = clock().now();
      return inTransaction(strapi, undefined, async (trx) => {
        const { enrollment, state } = await lockAccess(trx, userId, at, now);
        const existing = state.progress.find((p) => p.lessonDocumentId === lessonDocumentId);
        const percent = Math.max(existing?.percent ?? 0, watchedPercent(report.position, report.duration));
        const timeSpentSeconds = (existing?.timeSpentSeconds ?? 0) + Math.round(report.secondsWatched ?? 0);
        const done = existing?.status === 'completed';

        if (!done && videoCompletesLesson(at.lesson.blocks, block.id, percent)) {
          const result = await completeInTransaction(trx, at, enrollment, existing, now, timeSpentSeconds);
          return {
            lesson: { ...ref(at.lesson), progress: toLessonProgress(result.row) },
            course: toCourseProgress(result.enrollment, result.progress),
            completedNow: true,
            completionThreshold: threshold,
          };
        }
        const row = await writeProgress(
          trx,
          enrollment.id,
          lessonDocumentId,
          done
            ? { status: 'completed', percent: 100, timeSpentSeconds, completedAt: existing?.completedAt ?? now }
            : { status: 'in_progress', percent, timeSpentSeconds, completedAt: null },
          now,
        );
        const progress = courseProgress(at.lessons.map((l) => l.documentId), completedLessonIds(state.progress));
        return { lesson: { ...ref(at.lesson), progress: toLessonProgress(row) }, course: toCourseProgress(enrollment, progress), completedNow: false, completionThreshold: threshold };
      });
    },
  };
};

export type LearningService = ReturnType<typeof createLearningService>;
