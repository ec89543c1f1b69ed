import type { Core } from '@strapi/strapi';
import { forEachConcurrently, progress, seededRandom } from '../lib/work';
import type { CreatedCourse } from './courses';
import type { EnrollmentPlan } from './plan-learners';
import type { BenchServices } from './services';

const USER = 'plugin::users-permissions.user';
/** Every benchmark learner's email ends so; a kept database is measured again by finding them. */
export const LEARNER_EMAIL_DOMAIN = '@learners.bench.example.com';
/** The password of every benchmark learner (hashed once, stored like any other). */
const LEARNER_PASSWORD = 'Bench-Learner-2026!';

const learnerEmail = (n: number) => `learner-${String(n).padStart(5, '0')}${LEARNER_EMAIL_DOMAIN}`;

/**
 * users-permissions users with the Authenticated role, created through the query engine (the
 * Document Service would bcrypt each password: minutes for a thousand). They share one properly
 * hashed password, so any of them can also sign in by hand.
 */
export async function createLearners(strapi: Core.Strapi, services: BenchServices, count: number, concurrency: number): Promise<number[]> {
  const role = (await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' }, select: ['id'] })) as { id: number } | null;
  if (!role) throw new Error('users-permissions has no "authenticated" role');
  const password = await services.hashPassword(LEARNER_PASSWORD);
  const ids: number[] = new Array<number>(count);
  const tick = progress('learners', count).tick;
  await forEachConcurrently(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const user = (await strapi.db.query(USER).create({
        data: { username: `learner-${String(i + 1).padStart(5, '0')}`, email: learnerEmail(i + 1), provider: 'local', password, confirmed: true, blocked: false, role: role.id },
      })) as { id: number };
      ids[i] = user.id;
      tick();
    },
  );
  return ids;
}

/** Drip-locked sections (after N days, or a date still to come) cannot be completed by a learner enrolled today. */
function completableInOrder(course: CreatedCourse): string[] {
  return course.plan.sections.flatMap((section, s) =>
    section.drip.type === 'after_days' || (section.drip.type === 'on_date' && section.drip.daysFromNow > 0) ? [] : (course.lessons[s] ?? []),
  );
}

function isForbidden(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ForbiddenError' || (error as { status?: number }).status === 403);
}

/**
 * Enrolls every learner as planned, through the services the routes and the Stripe consumer
 * use: free courses with `enroll` (POST /enrollments), sold ones with `grantEnrollment` as a
 * completed checkout does, subscription courses as an active subscription does. Then completes
 * lessons in outline order with `completeLesson` (POST /lessons/:id/complete); a lesson still
 * locked by a prerequisite (one in another course, say) is skipped, as a learner would.
 */
export async function enrollAndProgress(
  services: BenchServices,
  learnerIds: readonly number[],
  plans: readonly EnrollmentPlan[][],
  courses: readonly CreatedCourse[],
  concurrency: number,
): Promise<{ enrollments: number; completions: number; skippedLocked: number }> {
  const totals = { enrollments: 0, completions: 0, skippedLocked: 0 };
  const tickEnroll = progress('enrollments', plans.reduce((n, p) => n + p.length, 0)).tick;
  const tickComplete = progress('lesson completions (planned)', plans.flat().reduce((n, p) => n + p.lessonsToComplete, 0)).tick;
  await forEachConcurrently(
    learnerIds.map((userId, i) => ({ userId, plan: plans[i] ?? [] })),
    concurrency,
    async ({ userId, plan }) => {
      for (const { course: index, lessonsToComplete } of plan) {
        const course = courses[index];
        if (!course) throw new Error(`enrollment plan names course ${index}, which was not created`);
        const { pricingModel } = course.plan;
        if (pricingModel === 'free') await services.enroll(userId, course.documentId);
        else {
          await services.grantEnrollment({
            userId,
            courseDocumentId: course.documentId,
            source: pricingModel === 'one_time' ? 'purchase' : 'subscription',
            sourceRef: pricingModel === 'one_time' ? `cs_bench_${userId}_${index}` : null,
            actor: { type: 'webhook', id: 'stripe' },
          });
        }
        totals.enrollments += 1;
        tickEnroll();
        let done = 0;
        for (const lesson of completableInOrder(course)) {
          if (done >= lessonsToComplete) break;
          try {
            await services.completeLesson(userId, lesson);
            done += 1;
            totals.completions += 1;
          } catch (error) {
            if (!isForbidden(error)) throw error;
            totals.skippedLocked += 1;
          }
        }
        // Planned completions that hit the end of what is open count as done for the progress line.
        for (let i = 0; i < lessonsToComplete; i++) tickComplete();
      }
    },
  );
  return totals;
}

export interface BenchEnrollment {
  id: number;
  courseDocumentId: string;
}

export interface BenchLearner {
  userId: number;
  token: string;
  enrollments: BenchEnrollment[];
}

/** A lesson a learner may complete now (open, not done): the load's write requests take these. */
export interface OpenLesson {
  learner: number;
  lessonDocumentId: string;
}

/**
 * The benchmark's learners as found in the database (just created, or kept by an earlier run),
 * with a JWT each (users-permissions' own jwt service) and their enrollment ids (read from
 * lms-enrollment's table: only to build request paths).
 */
export async function loadLearners(strapi: Core.Strapi, services: BenchServices): Promise<BenchLearner[]> {
  const users = (await strapi.db.query(USER).findMany({
    where: { email: { $endsWith: LEARNER_EMAIL_DOMAIN } },
    select: ['id'],
    orderBy: { id: 'asc' },
  })) as Array<{ id: number }>;
  const rows = (await strapi.db
    .connection('lms_enrollments')
    .whereIn(
      'user_id',
      users.map((u) => u.id),
    )
    .select('id', 'user_id', 'course_document_id')) as Array<Record<string, unknown>>;
  const byUser = new Map<number, BenchEnrollment[]>();
  for (const row of rows) {
    const list = byUser.get(Number(row.user_id)) ?? [];
    list.push({ id: Number(row.id), courseDocumentId: String(row.course_document_id) });
    byUser.set(Number(row.user_id), list);
  }
  const learners: BenchLearner[] = [];
  for (const { id } of users) {
    const enrollments = (byUser.get(id) ?? []).sort((a, b) => a.id - b.id);
    if (enrollments.length) learners.push({ userId: id, token: await services.issueJwt(id), enrollments });
  }
  return learners;
}

/**
 * Lessons that learners can complete during the load: the open ones in the outlines of a seeded
 * sample of enrollments, as the outline service reports them (so every write is a real first
 * completion, not a repeat or a locked lesson).
 */
export async function findOpenLessons(services: BenchServices, learners: readonly BenchLearner[], sampleSize: number, concurrency: number): Promise<OpenLesson[]> {
  const random = seededRandom(7);
  const all = learners.flatMap((l, learner) => l.enrollments.map((e) => ({ learner, userId: l.userId, course: e.courseDocumentId })));
  const sample = all
    .map((e) => ({ e, key: random() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, sampleSize)
    .map((x) => x.e);
  const open: OpenLesson[] = [];
  await forEachConcurrently(sample, concurrency, async ({ learner, userId, course }) => {
    const outline = await services.outline(userId, course);
    for (const lesson of outline.sections.flatMap((s) => s.lessons)) {
      if (lesson.state === 'open') open.push({ learner, lessonDocumentId: lesson.documentId });
    }
  });
  return open;
}
