import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { type CsvValue, forbidden, invalidInput, notFound, parseInput, toCsv, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import { AnalyticsError, dayOf, daysBetween } from '../domain';
import { INSTRUCTOR_REPORTS, type AdminDashboardResponse, type InstructorDashboard, type InstructorDashboardResponse, type InstructorReport, type LearnerAnalyticsResponse, type RebuildResponse, type RefreshResponse } from '../contracts';
import { type AdminUserLike, allInstructors, clockOf, coursesOfInstructor, coursesTaughtBy, instructorOfAdminUser } from '../adapters/strapi';
import { ACTIONS } from '../permissions';
import type { Scope } from '../services';
import { getService } from '../utils';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  state: { user?: AdminUserLike & { id: number }; userAbility?: { can(action: string): boolean } };
  status: number;
  body: unknown;
  type?: string;
  set?: (field: string, value: string) => void;
}

const docId = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, `expected ${what}'s documentId (1–64 letters, digits, _ or -)`);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a calendar day YYYY-MM-DD, such as 2026-03-01');
const instructorQuery = z.object({ instructor: docId('an instructor').optional(), course: docId('a course').optional(), from: day.optional(), to: day.optional() }).strict();
const reportParams = z.object({ report: z.enum(INSTRUCTOR_REPORTS, { errorMap: () => ({ message: `expected one of ${INSTRUCTOR_REPORTS.join(', ')}` }) }) });
const PLATFORM_REPORTS = ['revenue', 'top-courses', 'instructors'] as const;
const platformReportParams = z.object({ report: z.enum(PLATFORM_REPORTS, { errorMap: () => ({ message: `expected one of ${PLATFORM_REPORTS.join(', ')}` }) }) });

/** A domain error (bad range) as 400 naming the field under `query`; anything else as is. */
async function domainErrorsAs400<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AnalyticsError)) throw error;
    const problem = error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
    throw invalidInput(`query.${error.field}`, problem, { code: error.code });
  }
}

function adminUser(ctx: Ctx): AdminUserLike & { id: number } {
  const user = ctx.state.user;
  if (!user?.id) throw unauthorized('sign in to the admin panel first');
  return user;
}

const DEFAULT_DAYS = 30;

export const controllers = {
  admin: ({ strapi }: { strapi: Core.Strapi }) => {
    const now = () => clockOf(strapi).now();

    /** Who the caller may see: read-all picks anyone (or everything); read-own only their own courses. */
    async function scopeOf(ctx: Ctx, q: z.infer<typeof instructorQuery>): Promise<Scope> {
      const user = adminUser(ctx);
      const all = Boolean(ctx.state.userAbility?.can(ACTIONS.readAll));
      if (all) {
        if (q.instructor) {
          const instructor = (await allInstructors(strapi)).find((i) => i.documentId === q.instructor);
          if (!instructor) throw notFound('instructor', q.instructor);
          const courses = await coursesOfInstructor(strapi, q.instructor);
          if (q.course && !courses.has(q.course)) throw invalidInput('course', `course ${q.course} is not taught by instructor ${q.instructor}`);
          return { kind: 'instructor', courses, instructor, course: q.course ?? null };
        }
        return { kind: 'all', courses: 'all', instructor: null, course: q.course ?? null };
      }
      if (q.instructor) {
        const own = await instructorOfAdminUser(strapi, user.id);
        if (own?.documentId !== q.instructor) throw forbidden("you can see only your own courses' analytics; another instructor's need analytics.read-all", { code: 'not-your-courses' });
      }
      const [courses, profile] = await Promise.all([coursesTaughtBy(strapi, user.id), instructorOfAdminUser(strapi, user.id)]);
      if (q.course && !courses.has(q.course)) throw forbidden(`course ${q.course} is not one you teach; you can see only your own courses' analytics`, { code: 'not-your-course' });
      return { kind: 'own', courses, instructor: profile, course: q.course ?? null };
    }

    async function dashboard(ctx: Ctx): Promise<InstructorDashboard> {
      const q = parseInput(instructorQuery, ctx.query, 'query');
      const at = now();
      const to = q.to ?? dayOf(at);
      const from = q.from ?? dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * 86_400_000));
      await domainErrorsAs400(async () => daysBetween(from, to)); // checks the range, naming from/to
      return getService(strapi, 'dashboards').instructor(await scopeOf(ctx, q), { from, to }, at);
    }

    function sendCsv(ctx: Ctx, name: string, header: string[], rows: CsvValue[][]) {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set?.('Content-Disposition', `attachment; filename="${name}.csv"`);
      ctx.body = toCsv(header, rows);
    }

    return withVisibleErrors({
      async instructor(ctx: Ctx) {
        ctx.body = { data: await dashboard(ctx) } satisfies InstructorDashboardResponse;
      },

      async instructorCsv(ctx: Ctx) {
        const { report } = parseInput(reportParams, { report: ctx.params.report }, 'params');
        const d = await dashboard(ctx);
        const [header, rows] = instructorReport(d, report);
        sendCsv(ctx, `analytics-${report}-${d.from}-${d.to}`, header, rows);
      },

      async options(ctx: Ctx) {
        const dashboards = getService(strapi, 'dashboards');
        const [instructors, courses] = await Promise.all([dashboards.instructorOptions(), dashboards.courseOptions()]);
        ctx.body = { data: { instructors, courses } };
      },

      async platform(ctx: Ctx) {
        ctx.body = { data: await getService(strapi, 'dashboards').admin(now()) } satisfies AdminDashboardResponse;
      },

      async platformCsv(ctx: Ctx) {
        const { report } = parseInput(platformReportParams, { report: ctx.params.report }, 'params');
        const d = await getService(strapi, 'dashboards').admin(now());
        if (report === 'revenue') {
          sendCsv(ctx, 'platform-revenue', ['month', 'currency', 'sales', 'gross_minor', 'returned_minor', 'vat_minor', 'fees_minor', 'platform_minor', 'instructors_minor'], d.months.map((m) => [m.month, m.currency, m.sales, m.gross, m.returned, m.vat, m.fees, m.platform, m.instructors]));
        } else if (report === 'top-courses') {
          sendCsv(ctx, 'platform-top-courses', ['course_id', 'title', 'enrollments', 'active', 'completions', 'completion_rate_pct'], d.topCourses.map((c) => [c.course.documentId, c.course.title, c.enrollments, c.active, c.completions, c.completionRateBp / 100]));
        } else {
          sendCsv(ctx, 'platform-instructors', ['instructor_id', 'name', 'courses', 'enrollments', 'completions', 'completion_rate_pct', 'earned'], d.instructors.map((i) => [i.instructor.documentId, i.instructor.name, i.courses, i.enrollments, i.completions, i.completionRateBp / 100, i.earned.map((e) => `${e.amount} ${e.currency}`).join(' ')]));
        }
      },

      async refresh(ctx: Ctx) {
        ctx.body = { data: await getService(strapi, 'summaries').refreshLedger(new Date()) } satisfies RefreshResponse;
      },

      async rebuild(ctx: Ctx) {
        ctx.body = { data: await getService(strapi, 'summaries').rebuild(new Date()) } satisfies RebuildResponse;
      },
    });
  },

  learner: ({ strapi }: { strapi: Core.Strapi }) =>
    withVisibleErrors({
      async me(ctx: Ctx) {
        const id = ctx.state.user?.id;
        if (!id) throw unauthorized('sign in first');
        ctx.body = { data: await getService(strapi, 'dashboards').learner(id) } satisfies LearnerAnalyticsResponse;
      },
    }),
};

/** One section of the instructor dashboard as CSV rows (amounts in minor units, rates in percent). */
export function instructorReport(d: InstructorDashboard, report: InstructorReport): [string[], CsvValue[][]] {
  switch (report) {
    case 'courses':
      return [['course_id', 'title', 'enrollments', 'active', 'completions', 'completion_rate_pct', 'lessons_completed'], d.courses.map((c) => [c.course.documentId, c.course.title, c.enrollments, c.active, c.completions, c.completionRateBp / 100, c.lessonsCompleted])];
    case 'enrollments':
      return [['day', 'enrollments', 'completions', 'lessons_completed'], d.days.map((p) => [p.day, p.enrollments, p.completions, p.lessonsCompleted])];
    case 'funnel':
      return [['position', 'lesson_id', 'title', 'completed', 'reached_pct', 'stopped_before'], d.funnel.steps.map((s) => [s.position, s.lessonId, s.title, s.completed, s.reachedBp / 100, s.dropFromPrevious])];
    case 'quizzes':
      return [['quiz_id', 'title', 'course_id', 'attempts', 'learners', 'average_score_pct', 'pass_rate_pct'], d.quizzes.map((x) => [x.quiz.documentId, x.quiz.title, x.course.documentId, x.attempts, x.learners, x.averageScoreBp === null ? null : x.averageScoreBp / 100, x.passRateBp / 100])];
    case 'questions':
      return [['quiz_id', 'quiz', 'position', 'question_id', 'prompt', 'facility', 'discrimination', 'answers'], d.hardestQuestions.map((h) => [h.quiz.documentId, h.quiz.title, h.position, h.questionId, h.prompt, h.facility, h.discrimination, h.n])];
    case 'backlog':
      return [['course_id', 'assignment_id', 'assignment', 'waiting', 'oldest_submitted_at'], d.backlog.map((b) => [b.course.documentId, b.assignment.documentId, b.assignment.title, b.waiting, b.oldestSubmittedAt])];
    case 'revenue':
      return [['month', 'currency', 'sales', 'gross_minor', 'returned_minor', 'vat_minor', 'fees_minor', 'platform_minor', 'instructors_minor'], d.revenue.map((m) => [m.month, m.currency, m.sales, m.gross, m.returned, m.vat, m.fees, m.platform, m.instructors])];
  }
}
