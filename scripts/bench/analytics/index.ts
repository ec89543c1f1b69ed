/**
 * `npm run bench:analytics`: issue 8's analytics figure. "Dashboards for a platform with 100,000
 * learners and 1,000,000 lesson-progress rows answer in p95 ≤ 300 ms."
 *
 * The real stack in this process: Strapi booted with its HTTP server on a throwaway PostgreSQL
 * database. Content through Strapi's services: a super admin, an admin user with the Instructor
 * role linked to an instructor profile who teaches some of the courses, published courses with a
 * section of lessons each.
 *
 * 1. Data straight in SQL (as bench:ledger does): the learners (users-permissions users), two
 *    enrollments each over the last 90 days, lesson progress (0–all lessons per enrollment; an
 *    enrollment with every lesson done is completed), sales posted to the ledger as lms-revenue
 *    posts them (balanced entries), and the quiz attempts and submissions lms-analytics otherwise
 *    receives as events (straight into its own tables).
 * 2. The summaries are built over HTTP (`POST /lms-analytics/rebuild`, timed): set-based SQL from
 *    the enrollment tables and the ledger.
 * 3. The dashboards are read sequentially over HTTP after a warm-up: the instructor's own
 *    (`GET /lms-analytics/instructor` with their JWT), an admin's view of every course, and the
 *    platform dashboard (`GET /lms-analytics/platform`); p50/p95/p99 of each.
 * 4. Outcome (SQL): the summaries hold every enrollment and completed lesson of the source tables.
 *
 * A measurement, not a test: it exits 0 when a target fails and prints FAIL for it.
 *
 *   npm run bench:analytics -- [--short] [--learners 100000] [--courses 20] [--lessons 10] [--reads 200] [--warmup-reads 20] [--keep]
 *
 * `--short`: 5,000 learners (50,000 progress rows), 60 reads: proves the script, not the target.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { loginAdmin } from '../../../tests/harness/admin-login';
import { printChecks } from '../learner/report';
import { runBenchmark } from '../lib/cleanup';
import { createPublished } from '../lib/content';
import { wholeNumber } from '../lib/options';
import { writeResultsFile } from '../lib/results-file';
import { startCms } from '../lib/stack';
import { fmt, latencySummary, renderTable } from '../lib/stats';
import { ANALYTICS_TARGETS, evaluateAnalyticsTargets } from './report';

const PASSWORD = 'Bench-Analytics-2026!';

function readOptions() {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      learners: { type: 'string' },
      courses: { type: 'string' },
      lessons: { type: 'string' },
      reads: { type: 'string' },
      'warmup-reads': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const short = values.short ?? false;
  return {
    short,
    learners: wholeNumber('learners', values.learners, short ? 5_000 : ANALYTICS_TARGETS.learners),
    courses: wholeNumber('courses', values.courses, short ? 8 : 20, 2),
    lessons: wholeNumber('lessons', values.lessons, 10),
    reads: wholeNumber('reads', values.reads, short ? 60 : 200),
    warmupReads: wholeNumber('warmup-reads', values['warmup-reads'], short ? 5 : 20, 0),
    keep: values.keep ?? false,
  };
}

interface AdminUserService {
  create(attributes: Record<string, unknown>): Promise<{ id: number }>;
}
interface RoleService {
  findOne(params: Record<string, unknown>): Promise<{ id: number } | null>;
}

/** Admin users (super admin, instructor), the instructor's profile, courses with one section of lessons each. */
async function createContent(strapi: Core.Strapi, run: string, courses: number, lessonsPerCourse: number) {
  const roles = strapi.service('admin::role') as unknown as RoleService;
  const users = strapi.service('admin::user') as unknown as AdminUserService;
  const [superRole, instructorRole] = await Promise.all([roles.findOne({ code: 'strapi-super-admin' }), roles.findOne({ code: 'lms-instructor' })]);
  if (!superRole || !instructorRole) throw new Error('the super admin or Instructor admin role is missing (cms bootstrap)');
  const adminEmail = `analytics-admin-${run}@example.com`;
  const instructorEmail = `analytics-instructor-${run}@example.com`;
  await users.create({ firstname: 'Bench', lastname: 'Admin', email: adminEmail, password: PASSWORD, isActive: true, roles: [superRole.id] });
  const teacher = await users.create({ firstname: 'Bench', lastname: 'Instructor', email: instructorEmail, password: PASSWORD, isActive: true, roles: [instructorRole.id] });
  const measured = await createPublished(strapi, 'api::instructor.instructor', { name: 'Thandi Analytics', slug: `thandi-${run}`, adminUser: teacher.id });
  const other = await createPublished(strapi, 'api::instructor.instructor', { name: 'Other Teacher', slug: `other-${run}`, adminUser: null });
  const list: Array<{ documentId: string; instructor: string; lessons: string[] }> = [];
  for (let c = 0; c < courses; c += 1) {
    // The measured instructor teaches every fourth course.
    const instructor = c % 4 === 0 ? measured : other;
    const documentId = await createPublished(strapi, 'api::course.course', {
      title: `Analytics course ${c + 1}`,
      slug: `analytics-${c + 1}-${run}`,
      summary: 'Analytics benchmark',
      level: 'beginner',
      language: 'en',
      pricingModel: 'one_time',
      priceAmount: 49_900,
      currency: 'ZAR',
      instructor,
    });
    const section = await createPublished(strapi, 'api::section.section', { title: 'Lessons', order: 1, course: documentId, dripType: 'none' });
    const lessons: string[] = [];
    for (let l = 0; l < lessonsPerCourse; l += 1) {
      lessons.push(
        await createPublished(strapi, 'api::lesson.lesson', {
          title: `Lesson ${l + 1}`,
          slug: `analytics-${c + 1}-${l + 1}-${run}`,
          order: l + 1,
          freePreview: false,
          estimatedMinutes: 5,
          section,
          blocks: [{ __component: 'blocks.rich-text', body: [{ type: 'paragraph', children: [{ type: 'text', text: `Lesson ${l + 1}` }] }] }],
        }),
      );
    }
    list.push({ documentId, instructor, lessons });
  }
  return { adminEmail, instructorEmail, measured, courses: list };
}

/** Learners, enrollments, progress, ledger sales, quiz attempts and submissions, in set-based SQL. */
async function generateData(knex: Knex, run: string, learners: number, content: Awaited<ReturnType<typeof createContent>>) {
  const courseIds = content.courses.map((c) => c.documentId);
  const lessonsPerCourse = content.courses[0]?.lessons.length ?? 0;
  await knex.raw(`create temporary table bench_lessons (course_index int, course_id text, position int, lesson_id text)`);
  await knex('bench_lessons').insert(content.courses.flatMap((c, i) => c.lessons.map((l, p) => ({ course_index: i, course_id: c.documentId, position: p + 1, lesson_id: l }))));
  const t0 = performance.now();
  await knex.raw(
    `insert into up_users (document_id, username, email, provider, confirmed, blocked, created_at, updated_at, published_at)
     select 'bench' || n || '${run}', 'learner-' || n || '-${run}', 'learner-' || n || '-${run}@example.com', 'local', true, false, now(), now(), now()
     from generate_series(1, ?) n`,
    [learners],
  );
  // Two enrollments per learner, in two different courses, enrolled over the last 90 days.
  await knex.raw(
    `insert into lms_enrollments (user_id, course_document_id, status, source, enrolled_at, last_activity_at, created_at, updated_at)
     select u.id, (?::text[])[1 + ((u.id + k) % ?)], 'active', 'free',
            now() - ((u.id * 31 + k * 7) % 90) * interval '1 day' - (u.id % 1440) * interval '1 minute', null, now(), now()
     from up_users u cross join (values (0), (1)) as ks(k)
     where u.username like 'learner-%-${run}'`,
    [courseIds, courseIds.length],
  );
  // Progress: 0..all lessons of the course per enrollment (mean: half), completed an hour apart.
  await knex.raw(
    `insert into lms_lesson_progress (enrollment_id, lesson_document_id, status, percent, time_spent_seconds, last_accessed_at, completed_at, created_at, updated_at)
     select e.id, l.lesson_id, 'completed', 100, 300, e.enrolled_at + l.position * interval '1 hour', e.enrolled_at + l.position * interval '1 hour', now(), now()
     from lms_enrollments e join bench_lessons l on l.course_id = e.course_document_id
     where l.position <= (e.id * 7919) % ${lessonsPerCourse + 1}`,
  );
  await knex.raw(
    `update lms_enrollments e set last_activity_at = p.last, status = case when p.n = ${lessonsPerCourse} then 'completed' else 'active' end,
       completed_at = case when p.n = ${lessonsPerCourse} then p.last else null end
     from (select enrollment_id, count(*) as n, max(completed_at) as last from lms_lesson_progress group by enrollment_id) p
     where p.enrollment_id = e.id`,
  );
  // Sales as lms-revenue posts them: −gross to customer_payments, VAT, fee, platform 30 %, the rest to the instructor.
  const sales = Math.max(100, Math.floor(learners / 10));
  await knex.raw(
    `insert into lms_ledger_transactions (reference, kind, currency, occurred_at, course_id, details, created_at)
     select 'bench:' || n, 'sale', 'ZAR', now() - (n % 365) * interval '1 day', (?::text[])[1 + (n % ?)], '{}', now() - interval '1 minute'
     from generate_series(1, ?) n`,
    [courseIds, courseIds.length, sales],
  );
  const instructorOf = content.courses.map((c) => c.instructor);
  await knex.raw(
    `insert into lms_ledger_entries (transaction_id, account, instructor_id, course_id, currency, amount)
     select t.id, x.account, x.instructor_id, t.course_id, 'ZAR', x.amount
     from lms_ledger_transactions t
     cross join lateral (select 49900 as gross, (?::text[])[array_position(?::text[], t.course_id)] as instructor) g
     cross join lateral (values
       ('customer_payments', null::text, -g.gross),
       ('vat_payable', null, 6509),
       ('processing_fees', null, 1647),
       ('platform_revenue', null, 12523),
       ('instructor:' || g.instructor, g.instructor, 49900 - 6509 - 1647 - 12523)
     ) as x(account, instructor_id, amount)
     where t.reference like 'bench:%'`,
    [instructorOf, courseIds],
  );
  // What lms-analytics receives as quiz.graded / assignment.* events: straight into its own tables.
  await knex.raw(
    `insert into lms_analytics_quiz_attempts (attempt_id, learner_id, course_id, quiz_id, score, max_score, passed, graded_at)
     select e.id, e.user_id, e.course_document_id, 'quiz-' || e.course_document_id, (e.id % 11), 10, (e.id % 11) >= 5, e.enrolled_at + interval '2 hours'
     from lms_enrollments e`,
  );
  await knex.raw(
    `insert into lms_analytics_submissions (submission_id, learner_id, course_id, assignment_id, state, submitted_at, updated_at)
     select e.id, e.user_id, e.course_document_id, 'assignment-' || e.course_document_id, case when e.id % 5 = 0 then 'submitted' else 'graded' end, e.enrolled_at + interval '3 hours', now()
     from lms_enrollments e where e.id % 3 = 0`,
  );
  const [row] = (await knex('lms_lesson_progress').count({ n: '*' })) as Array<{ n: string }>;
  return { progressRows: Number(row?.n ?? 0), sales, seconds: (performance.now() - t0) / 1000 };
}

async function timedReads(count: number, warmup: number, read: () => Promise<boolean>) {
  for (let i = 0; i < warmup; i += 1) await read();
  const samples: number[] = [];
  let failed = 0;
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    const ok = await read();
    samples.push(performance.now() - t0);
    if (!ok) failed += 1;
  }
  return { ...latencySummary(samples), count, failed };
}

async function main() {
  const options = readOptions();
  const startedAt = new Date().toISOString();
  const run = Date.now().toString(36);
  console.log(`bench:analytics: ${options.learners} learners × 2 enrollments, ${options.courses} courses × ${options.lessons} lessons; ${options.reads} reads per dashboard after ${options.warmupReads} warm-up${options.short ? ' (--short)' : ''}`);
  const cms = await startCms({ keep: options.keep, label: 'lms_bench_analytics' });
  const { strapi } = cms;
  const knex = strapi.db.connection as Knex;
  const content = await createContent(strapi, run, options.courses, options.lessons);
  const data = await generateData(knex, run, options.learners, content);
  console.log(`generated ${options.learners} learners, ${data.progressRows} lesson-progress rows, ${data.sales} ledger sales in ${fmt(data.seconds, 1)} s`);

  const adminAuth = { authorization: await loginAdmin(cms.cmsUrl, content.adminEmail, PASSWORD) };
  const instructorAuth = { authorization: await loginAdmin(cms.cmsUrl, content.instructorEmail, PASSWORD) };
  const r0 = performance.now();
  const rebuilt = await fetch(`${cms.cmsUrl}/lms-analytics/rebuild`, { method: 'POST', headers: adminAuth });
  const rebuildSeconds = (performance.now() - r0) / 1000;
  const rebuildBody = await rebuilt.text();
  if (rebuilt.status !== 200) throw new Error(`POST /lms-analytics/rebuild: ${rebuilt.status} ${rebuildBody}`);
  console.log(`rebuilt the summaries over HTTP in ${fmt(rebuildSeconds, 1)} s: ${rebuildBody}`);
  // What autovacuum would do after this many inserts: statistics for the planner.
  await knex.raw('analyze');

  const routes: Array<{ route: string; url: string; headers: Record<string, string> }> = [
    { route: 'GET /lms-analytics/instructor (instructor, own courses)', url: '/lms-analytics/instructor', headers: instructorAuth },
    { route: 'GET /lms-analytics/instructor (admin, every course)', url: '/lms-analytics/instructor', headers: adminAuth },
    { route: 'GET /lms-analytics/platform (admin)', url: '/lms-analytics/platform', headers: adminAuth },
  ];
  const samples: Record<string, string> = {};
  const dashboards = [];
  for (const r of routes) {
    const http = await timedReads(options.reads, options.warmupReads, async () => {
      const res = await fetch(`${cms.cmsUrl}${r.url}`, { headers: r.headers });
      samples[r.route] = (await res.text()).slice(0, 240);
      return res.status === 200;
    });
    dashboards.push({ route: r.route, http });
  }
  const baseline = await timedReads(options.reads, options.warmupReads, async () => (await fetch(`${cms.cmsUrl}/admin/users/me`, { headers: adminAuth })).status === 200);

  const [src] = (await knex.raw(
    `select (select count(*) from (select distinct user_id, course_document_id from lms_enrollments) x) as enrollments,
            (select count(*) from (select distinct e.user_id, p.lesson_document_id from lms_lesson_progress p join lms_enrollments e on e.id = p.enrollment_id where p.completed_at is not null) y) as lessons,
            (select sum(enrollments) from lms_analytics_courses) as s_enrollments,
            (select sum(completions) from lms_analytics_lessons) as s_lessons`,
  )).rows as Array<Record<string, string>>;
  const figures = {
    learners: options.learners,
    progressRows: data.progressRows,
    dashboards,
    outcome: { enrollments: Number(src?.enrollments), summarisedEnrollments: Number(src?.s_enrollments), completedLessons: Number(src?.lessons), summarisedLessons: Number(src?.s_lessons) },
  };
  console.log('');
  console.log(
    renderTable(
      ['measure', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      [
        ...dashboards.map((d) => [d.route, String(d.http.count), fmt(d.http.p50, 2), fmt(d.http.p95, 2), fmt(d.http.p99, 2), fmt(d.http.max, 1)]),
        ['GET /admin/users/me (baseline: admin authentication alone)', String(baseline.count), fmt(baseline.p50, 2), fmt(baseline.p95, 2), fmt(baseline.p99, 2), fmt(baseline.max, 1)],
      ],
    ),
  );
  for (const [route, body] of Object.entries(samples)) console.log(`${route}: ${body}…`);
  const checks = evaluateAnalyticsTargets(figures);
  printChecks(checks);
  const file = writeResultsFile('analytics', startedAt, { options, figures, baseline, rebuildSeconds, generateSeconds: data.seconds, checks });
  console.log(`results: ${file}`);
}

runBenchmark(main);
