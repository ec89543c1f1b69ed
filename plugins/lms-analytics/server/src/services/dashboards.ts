import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, readDate } from '@lms/plugin-lms-core/server';
import { averageScoreBp, basisPoints, completionFunnel, fillDays, windowStart } from '../domain';
import type {
  AdminDashboard,
  BacklogItem,
  CourseFigures,
  CurrencyTotals,
  HardQuestion,
  InstructorDashboard,
  InstructorPerformance,
  LearnerAnalytics,
  QuizFigures,
  RevenueMonthView,
} from '../contracts';
import { allCourses, allInstructors, courseContentOf, documentTitles, lessonsOf, mainInstructors, platformCounts } from '../adapters/strapi';
import { TABLES } from '../migrations';
import { getService } from '../utils';

type Row = Record<string, unknown>;

/** lms-grading's item analysis (a summary it computes in the background) and lms-enrollment's webhook inbox: read in SQL (docs/decisions/034). */
const ITEM_ANALYSIS = 'lms_item_analysis';
const ITEM_ANALYSIS_RUNS = 'lms_item_analysis_runs';
const STRIPE_EVENTS = 'lms_stripe_events';
/** The consumer of verified Stripe webhooks in lms-enrollment: its failures are webhooks needing attention. */
const WEBHOOK_EVENT_TYPE = 'stripe.event.received';
const WEBHOOK_STUCK_MS = 5 * 60_000;

/** Whose figures a dashboard shows: every course, or a set of course documentIds. */
export interface Scope {
  kind: 'own' | 'instructor' | 'all';
  courses: 'all' | ReadonlySet<string>;
  instructor: { documentId: string; name: string | null } | null;
  course: string | null;
}

const num = (v: unknown) => Number(v ?? 0);
const iso = (v: unknown) => (v === null || v === undefined ? null : readDate(v as string | number | Date)?.toISOString() ?? null);

function inScope(q: Knex.QueryBuilder, column: string, scope: Scope): Knex.QueryBuilder {
  if (scope.course) return q.where(column, scope.course);
  if (scope.courses !== 'all') q.whereIn(column, [...scope.courses]);
  return q;
}

function monthView(r: Row): RevenueMonthView {
  return {
    month: String(r.month),
    currency: String(r.currency),
    sales: num(r.sales),
    gross: num(r.gross),
    returned: num(r.returned),
    vat: num(r.vat),
    fees: num(r.fees),
    platform: num(r.platform),
    instructors: num(r.instructors),
  };
}

/**
 * The dashboards: every figure is read from the summary tables (or lms-grading's item-analysis
 * summary), with one indexed query per panel; nothing here scans progress rows or the ledger.
 */
export const createDashboardsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  async function courseFigures(scope: Scope, limit?: number): Promise<CourseFigures[]> {
    const k = knex();
    const q = inScope(k(TABLES.courses).select('*'), 'course_id', scope).orderBy([{ column: 'enrollments', order: 'desc' }, { column: 'course_id' }]);
    if (limit) q.limit(limit);
    const rows = (await q) as Row[];
    const titles = await courseContentOf(strapi).courseRefs(rows.map((r) => String(r.course_id)));
    return rows.map((r) => ({
      course: { documentId: String(r.course_id), title: titles.get(String(r.course_id))?.title ?? null },
      enrollments: num(r.enrollments),
      active: num(r.active),
      completions: num(r.completions),
      completionRateBp: basisPoints(num(r.completions), num(r.enrollments)),
      lessonsCompleted: num(r.lessons_completed),
    }));
  }

  async function activeLearners(scope: Scope, now: Date): Promise<{ last7: number; last30: number }> {
    const k = knex();
    const count = async (days: number) => {
      const since = windowStart(now, days);
      if (scope.courses === 'all' && !scope.course) {
        const [row] = (await k(TABLES.learners).where('last_active_at', '>=', since).count({ n: '*' })) as Row[];
        return num(row?.n);
      }
      const [row] = (await inScope(k(TABLES.learnerCourses).where('last_active_at', '>=', since), 'course_id', scope).countDistinct({ n: 'learner_id' })) as Row[];
      return num(row?.n);
    };
    const [last7, last30] = await Promise.all([count(7), count(30)]);
    return { last7, last30 };
  }

  return {
    async instructor(scope: Scope, range: { from: string; to: string }, now: Date): Promise<InstructorDashboard> {
      const k = knex();
      if (scope.courses !== 'all' && scope.courses.size === 0 && !scope.course) {
        return {
          at: now.toISOString(),
          from: range.from,
          to: range.to,
          scope: { kind: scope.kind, instructor: scope.instructor, course: null },
          courses: [],
          days: fillDays(range.from, range.to, []).map((d) => ({ day: d.day, enrollments: 0, completions: 0, lessonsCompleted: 0 })),
          active: { last7: 0, last30: 0 },
          funnel: { course: null, learners: 0, steps: [] },
          quizzes: [],
          hardestQuestions: [],
          backlog: [],
          revenue: [],
          earnings: [],
          ledgerRefreshedAt: await getService(strapi, 'summaries').ledgerRefreshedAt(),
        };
      }
      const dayRows = inScope(
        k(TABLES.courseDays)
          .whereBetween('day', [range.from, range.to])
          .select('day')
          .sum({ enrollments: 'enrollments', completions: 'completions', lessons: 'lessons_completed' })
          .groupBy('day'),
        'course_id',
        scope,
      ) as Promise<Row[]>;
      const quizRows = inScope(k(TABLES.quizzes).select('*'), 'course_id', scope) as Promise<Row[]>;
      const questionRows = inScope(
        k(`${ITEM_ANALYSIS} as a`)
          .join(`${ITEM_ANALYSIS_RUNS} as r`, 'r.quiz_document_id', 'a.quiz_document_id')
          .whereNotNull('a.facility')
          .select('a.quiz_document_id', 'a.question_id', 'a.position', 'a.prompt', 'a.facility', 'a.discrimination', 'a.n')
          .orderBy([{ column: 'a.facility', order: 'asc' }, { column: 'a.n', order: 'desc' }])
          .limit(10),
        'r.course_document_id',
        scope,
      ) as Promise<Row[]>;
      const backlogRows = inScope(
        k(TABLES.submissions).where('state', 'submitted').select('course_id', 'assignment_id').count({ waiting: '*' }).min({ oldest: 'submitted_at' }).groupBy('course_id', 'assignment_id'),
        'course_id',
        scope,
      ) as Promise<Row[]>;
      const revenueRows = inScope(
        k(TABLES.revenueMonths)
          .select('month', 'currency')
          .sum({ sales: 'sales', gross: 'gross', returned: 'returned', vat: 'vat', fees: 'fees', platform: 'platform', instructors: 'instructors' })
          .groupBy('month', 'currency')
          .orderBy(['currency', 'month']),
        'course_id',
        scope,
      ) as Promise<Row[]>;
      const earningRows = scope.instructor
        ? (k(TABLES.instructorMonths).where('instructor_id', scope.instructor.documentId).select('month', 'currency', 'earned').orderBy(['currency', 'month']) as Promise<Row[]>)
        : Promise.resolve([] as Row[]);
      const [courses, days, active, quizzes, questions, backlog, revenue, earnings, refreshedAt] = await Promise.all([
        courseFigures(scope),
        dayRows,
        activeLearners(scope, now),
        quizRows,
        questionRows,
        backlogRows,
        revenueRows,
        earningRows,
        getService(strapi, 'summaries').ledgerRefreshedAt(),
      ]);

      // The funnel of the chosen course, else of the course with most enrollments in scope; its
      // lessons and the titles of quizzes and assignments are read together.
      const funnelCourse = scope.course ?? courses[0]?.course.documentId ?? null;
      const [structures, completionRows, qTitles, aTitles] = await Promise.all([
        funnelCourse ? courseContentOf(strapi).getCourseStructures([funnelCourse]) : Promise.resolve([]),
        funnelCourse ? (k(TABLES.lessons).where('course_id', funnelCourse).select('lesson_id', 'completions') as Promise<Row[]>) : Promise.resolve([] as Row[]),
        documentTitles(strapi, 'api::quiz.quiz', [...new Set([...quizzes.map((r) => String(r.quiz_id)), ...questions.map((r) => String(r.quiz_document_id))])]),
        documentTitles(strapi, 'api::assignment.assignment', [...new Set(backlog.map((r) => String(r.assignment_id)))]),
      ]);
      let funnel: InstructorDashboard['funnel'] = { course: null, learners: 0, steps: [] };
      if (funnelCourse) {
        const structure = structures[0];
        const completions = new Map(completionRows.map((r) => [String(r.lesson_id), num(r.completions)]));
        const learners = courses.find((c) => c.course.documentId === funnelCourse)?.enrollments ?? 0;
        const lessons = structure ? lessonsOf(structure).map((l) => ({ lessonId: l.documentId, title: l.title })) : [];
        funnel = {
          course: { documentId: funnelCourse, title: structure?.title ?? courses.find((c) => c.course.documentId === funnelCourse)?.course.title ?? null },
          learners,
          steps: completionFunnel(lessons, completions, learners),
        };
      }
      const quizFigures: QuizFigures[] = quizzes
        .map((r) => ({
          quiz: { documentId: String(r.quiz_id), title: qTitles.get(String(r.quiz_id)) ?? null },
          course: { documentId: String(r.course_id) },
          attempts: num(r.attempts),
          learners: num(r.learners),
          averageScoreBp: averageScoreBp(num(r.score_sum), num(r.max_sum)),
          passRateBp: basisPoints(num(r.passed), num(r.attempts)),
        }))
        .sort((a, b) => (a.averageScoreBp ?? 0) - (b.averageScoreBp ?? 0));
      const hardest: HardQuestion[] = questions.map((r) => ({
        quiz: { documentId: String(r.quiz_document_id), title: qTitles.get(String(r.quiz_document_id)) ?? null },
        questionId: String(r.question_id),
        position: num(r.position),
        prompt: String(r.prompt),
        facility: r.facility === null ? null : Number(r.facility),
        discrimination: r.discrimination === null || r.discrimination === undefined ? null : Number(r.discrimination),
        n: num(r.n),
      }));
      const backlogItems: BacklogItem[] = backlog
        .map((r) => ({
          course: { documentId: String(r.course_id) },
          assignment: { documentId: String(r.assignment_id), title: aTitles.get(String(r.assignment_id)) ?? null },
          waiting: num(r.waiting),
          oldestSubmittedAt: iso(r.oldest),
        }))
        .sort((a, b) => b.waiting - a.waiting);
      const byDay = new Map(days.map((r) => [String(r.day), r]));
      const courseTitle = scope.course ? (courses.find((c) => c.course.documentId === scope.course)?.course.title ?? null) : null;
      return {
        at: now.toISOString(),
        from: range.from,
        to: range.to,
        scope: { kind: scope.kind, instructor: scope.instructor, course: scope.course ? { documentId: scope.course, title: courseTitle } : null },
        courses,
        days: fillDays(range.from, range.to, []).map(({ day }) => {
          const r = byDay.get(day);
          return { day, enrollments: num(r?.enrollments), completions: num(r?.completions), lessonsCompleted: num(r?.lessons) };
        }),
        active,
        funnel,
        quizzes: quizFigures,
        hardestQuestions: hardest,
        backlog: backlogItems,
        revenue: revenue.map(monthView),
        earnings: earnings.map((r) => ({ month: String(r.month), currency: String(r.currency), earned: num(r.earned) })),
        ledgerRefreshedAt: refreshedAt,
      };
    },

    async admin(now: Date): Promise<AdminDashboard> {
      const k = knex();
      const all: Scope = { kind: 'all', courses: 'all', instructor: null, course: null };
      const jobs = getLmsCoreService(strapi, 'jobs');
      // Read in the same round as the figures below.
      const performanceReads = Promise.all([
        mainInstructors(strapi),
        allInstructors(strapi),
        k(TABLES.courses).select('course_id', 'enrollments', 'completions') as Promise<Row[]>,
        k(TABLES.instructorMonths).select('instructor_id', 'currency').sum({ earned: 'earned' }).groupBy('instructor_id', 'currency') as Promise<Row[]>,
      ]);
      const [counts, totalsRow, active, topCourses, currencyRows, liabilityRows, monthRows, failed, webhookRows, refreshedAt, performance] = await Promise.all([
        platformCounts(strapi),
        k(TABLES.courses).sum({ enrollments: 'enrollments', active: 'active', completions: 'completions' }).first() as Promise<Row | undefined>,
        activeLearners(all, now),
        courseFigures(all, 10),
        k(TABLES.revenueMonths)
          .select('currency')
          .sum({ gross: 'gross', returned: 'returned', vat: 'vat', fees: 'fees', platform: 'platform', instructors: 'instructors' })
          .groupBy('currency') as Promise<Row[]>,
        k(TABLES.liabilities).select('currency').sum({ owed: 'owed' }).groupBy('currency') as Promise<Row[]>,
        k(TABLES.revenueMonths)
          .where('month', '>=', `${now.getUTCFullYear() - 1}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`)
          .select('month', 'currency')
          .sum({ sales: 'sales', gross: 'gross', returned: 'returned', vat: 'vat', fees: 'fees', platform: 'platform', instructors: 'instructors' })
          .groupBy('month', 'currency')
          .orderBy(['currency', 'month']) as Promise<Row[]>,
        jobs.listFailed({ statuses: ['failed'], page: 1, pageSize: 100 }),
        k(STRIPE_EVENTS).whereNull('processed_at').where('received_at', '<', new Date(now.getTime() - WEBHOOK_STUCK_MS)).count({ n: '*' }).min({ oldest: 'received_at' }) as Promise<Row[]>,
        getService(strapi, 'summaries').ledgerRefreshedAt(),
        performanceReads,
      ]);
      const liabilities = new Map(liabilityRows.map((r) => [String(r.currency), num(r.owed)]));
      const currencies = new Set([...currencyRows.map((r) => String(r.currency)), ...liabilities.keys()]);
      const revenue: CurrencyTotals[] = [...currencies].sort().map((currency) => {
        const r = currencyRows.find((x) => String(x.currency) === currency);
        return {
          currency,
          gross: num(r?.gross),
          returned: num(r?.returned),
          vat: num(r?.vat),
          fees: num(r?.fees),
          platform: num(r?.platform),
          instructors: num(r?.instructors),
          liabilities: liabilities.get(currency) ?? 0,
        };
      });

      // Instructor performance: the course summaries grouped by each course's main instructor.
      const [owners, instructors, courseRows, earnedRows] = performance;
      const perf = new Map<string, InstructorPerformance>(
        instructors.map((i) => [i.documentId, { instructor: { documentId: i.documentId, name: i.name }, courses: 0, enrollments: 0, completions: 0, completionRateBp: 0, earned: [] }]),
      );
      for (const [, instructorId] of owners) {
        const p = perf.get(instructorId);
        if (p) p.courses += 1;
      }
      for (const r of courseRows) {
        const p = perf.get(owners.get(String(r.course_id)) ?? '');
        if (!p) continue;
        p.enrollments += num(r.enrollments);
        p.completions += num(r.completions);
      }
      for (const r of earnedRows) perf.get(String(r.instructor_id))?.earned.push({ currency: String(r.currency), amount: num(r.earned) });
      const ranked = [...perf.values()]
        .map((p) => ({ ...p, completionRateBp: basisPoints(p.completions, p.enrollments) }))
        .sort((a, b) => b.enrollments - a.enrollments || (a.instructor.name ?? '').localeCompare(b.instructor.name ?? ''));

      const enrollments = num(totalsRow?.enrollments);
      const completions = num(totalsRow?.completions);
      const webhookFailed = failed.jobs.filter((j) => j.eventType === WEBHOOK_EVENT_TYPE).length;
      return {
        at: now.toISOString(),
        users: counts.users,
        courses: counts.courses,
        enrollments,
        activeEnrollments: num(totalsRow?.active),
        completions,
        completionRateBp: basisPoints(completions, enrollments),
        active,
        revenue,
        months: monthRows.map(monthView),
        topCourses,
        instructors: ranked,
        failedJobs: {
          total: failed.total,
          recent: failed.jobs.slice(0, 10).map((j) => ({ id: j.id, name: j.name, eventType: j.eventType, error: j.error, failedAt: j.failedAt })),
        },
        webhooks: { failed: webhookFailed, unprocessed: num(webhookRows[0]?.n), oldestUnprocessedAt: iso(webhookRows[0]?.oldest) },
        ledgerRefreshedAt: refreshedAt,
      };
    },

    async learner(learnerId: number): Promise<LearnerAnalytics> {
      const k = knex();
      const [courseRows, lessonRows, quizRow] = await Promise.all([
        k(TABLES.learnerCourses).where('learner_id', learnerId).orderBy('enrolled_at', 'desc') as Promise<Row[]>,
        k(TABLES.learnerLessons).where('learner_id', learnerId).orderBy('completed_at', 'desc').limit(30) as Promise<Row[]>,
        k(TABLES.quizAttempts)
          .where('learner_id', learnerId)
          .count({ attempts: '*' })
          .sum({ score: 'score', max: 'max_score' })
          .select(k.raw('sum(case when passed then 1 else 0 end) as passed'))
          .first() as Promise<Row | undefined>,
      ]);
      const courseIds = [...new Set([...courseRows.map((r) => String(r.course_id)), ...lessonRows.map((r) => String(r.course_id))])];
      const content = courseContentOf(strapi);
      const [structures, refs] = await Promise.all([content.getCourseStructures(courseIds), content.courseRefs(courseIds)]);
      const byCourse = new Map(structures.map((s) => [s.documentId, s]));
      const lessonTitles = new Map(structures.flatMap((s) => lessonsOf(s).map((l) => [l.documentId, l.title] as const)));
      return {
        courses: courseRows.map((r) => {
          const id = String(r.course_id);
          const structure = byCourse.get(id);
          const total = structure ? lessonsOf(structure).length : 0;
          const done = num(r.lessons_completed);
          return {
            course: { documentId: id, slug: refs.get(id)?.slug ?? null, title: refs.get(id)?.title ?? null },
            status: String(r.status) as 'active' | 'completed' | 'ended',
            enrolledAt: iso(r.enrolled_at) ?? '',
            completedAt: iso(r.completed_at),
            lessonsCompleted: done,
            lessonsTotal: total,
            progressBp: basisPoints(done, total),
            lastActiveAt: iso(r.last_active_at),
          };
        }),
        timeline: lessonRows.map((r) => ({
          at: iso(r.completed_at) ?? '',
          course: { documentId: String(r.course_id), title: refs.get(String(r.course_id))?.title ?? null },
          lesson: { documentId: String(r.lesson_id), title: lessonTitles.get(String(r.lesson_id)) ?? null },
        })),
        quizzes: { attempts: num(quizRow?.attempts), averageScoreBp: averageScoreBp(num(quizRow?.score), num(quizRow?.max)), passed: num(quizRow?.passed) },
      };
    },

    /** Course titles for the admin's picker. */
    async courseOptions(): Promise<Array<{ documentId: string; title: string }>> {
      return [...(await allCourses(strapi)).entries()].map(([documentId, title]) => ({ documentId, title })).sort((a, b) => a.title.localeCompare(b.title));
    },
    async instructorOptions() {
      return allInstructors(strapi);
    },
  };
};

export type DashboardsService = ReturnType<typeof createDashboardsService>;
