/**
 * `npm run bench:learner`: issue 3's figures. "Outline + progress API p95 ≤ 200 ms at 1,000
 * requests/minute with 1,000 enrolled learners; webhook acknowledgement p99 ≤ 100 ms."
 *
 * In a throwaway PostgreSQL database it publishes a course catalog through the Document Service
 * (20 courses of 4 parts × 5 lessons by default, with drip, lesson and course prerequisites, free
 * previews, video blocks), creates 1,000 learners, enrolls each in a few courses and completes
 * lessons through lms-enrollment's own services. Then, against the cms running in this process:
 *
 * - Learner load: 1,000 requests/minute at fixed, planned send times (open loop, see
 *   lib/paced.ts), each from a learner picked at random and signed in with their own JWT, mixing
 *   the outline, my enrollments and one enrollment's progress (the reads the target is about)
 *   with a few lesson completions. p50/p95/p99 from each request's planned send time.
 * - Baseline, measured in the same run, in rounds alternating with the learner load, at the same
 *   send times with the same learners' tokens: Strapi's stock `GET /api/users/me`. It is the
 *   cheapest authenticated route Strapi has: users-permissions verifies the JWT, loads the user
 *   and its role's permissions, and answers the user. Every one of our routes pays exactly that
 *   before its own work, so "our p95 ÷ its p95" says how much our outline and progress add on top
 *   of what Strapi's auth and middleware cost on this machine, at this moment.
 * - Webhook: signed `checkout.session.completed` deliveries at a steady rate, a share of them
 *   repeats of earlier events (each event at most three times), p99 of the 200 acknowledgement;
 *   then checks that each event was stored and queued exactly once. The cms runs as in
 *   production with Redis: it records the event and relays the outbox to the queue, and the
 *   worker that would apply it is not running (the acknowledgement must not wait for it).
 *
 * A measurement, not a test: it exits 0 when a target fails and prints FAIL for it.
 *
 *   npm run bench:learner -- [--duration 60] [--rounds 2] [--warmup 10] [--rate 1000 (per minute)]
 *     [--learners 1000] [--courses 20] [--sections 4] [--lessons-per-section 5] [--concurrency 8]
 *     [--webhook-rate 20] [--webhook-duration 30] [--repeat-share 0.25]
 *     [--keep] [--database <name kept by --keep>] [--cpu-profile] [--show-sql]
 *
 * The full run generates for several minutes (most of it enrolling and completing lessons). A
 * quick check of the whole pipeline, about two minutes:
 *
 *   npm run bench:learner -- --learners 100 --courses 5 --duration 10 --rounds 1 --warmup 2 --webhook-duration 5 --webhook-rate 10
 */
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../../tests/harness/stack';
import { runBenchmark } from '../lib/cleanup';
import { withCpuProfile } from '../lib/cpu-profile';
import { databaseName, numberBetween, wholeNumber } from '../lib/options';
import { arrivalOffsets, runPaced, type PacedRequest, type PacedResult, type PacedRun } from '../lib/paced';
import { writeResultsFile } from '../lib/results-file';
import { createSqlCounter, queriesPerRequest, type SqlCounter, type SqlSnapshot } from '../lib/sql-counter';
import { startCms, type BenchCms } from '../lib/stack';
import { fmt } from '../lib/stats';
import { seededRandom } from '../lib/work';
import { createCourses } from './courses';
import { createLearners, enrollAndProgress, findOpenLessons, loadLearners, type BenchLearner } from './learners';
import { planCourses } from './plan-courses';
import { planEnrollments } from './plan-learners';
import { API, BASELINE_ROUTE, baselineOf, createLearnerPlanner, DEFAULT_MIX, READ_ROUTES, routeOf, type CompletableLesson } from './plan-load';
import { describeSlowSpan, evaluateTargets, printChecks, routeTable, slowSpan, summarizeRoute, TARGETS, type RouteRow } from './report';
import { benchServices, type BenchServices } from './services';
import { checkWebhookOutcome, newWebhookSecret, planWebhook, WEBHOOK_PATH, type PaidCourse, type WebhookOutcome } from './webhook';

const LABELS: Record<string, string> = {
  outline: 'outline',
  'my-enrollments': 'me/enrollments',
  'enrollment-progress': 'enrollments/:id/progress',
  reads: 'all reads (outline + progress)',
  'complete-lesson': 'complete lesson (write)',
  [BASELINE_ROUTE]: 'baseline: stock GET /api/users/me',
  'webhook-first': 'first delivery',
  'webhook-repeat': 'repeat delivery',
  webhook: 'all deliveries',
};
const SETTLE_MS = 500;
/** Enrollments whose outline is read to find lessons the load may complete. */
const OPEN_LESSON_SAMPLE = 250;

function readOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      rate: { type: 'string' },
      learners: { type: 'string' },
      courses: { type: 'string' },
      sections: { type: 'string' },
      'lessons-per-section': { type: 'string' },
      concurrency: { type: 'string' },
      'webhook-rate': { type: 'string' },
      'webhook-duration': { type: 'string' },
      'repeat-share': { type: 'string' },
      keep: { type: 'boolean', default: false },
      database: { type: 'string' },
      'cpu-profile': { type: 'boolean', default: false },
      'show-sql': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const durationSeconds = wholeNumber('duration', values.duration, 60);
  const rounds = wholeNumber('rounds', values.rounds, 2);
  if (rounds > durationSeconds) throw new Error(`--rounds (${rounds}) cannot exceed --duration (${durationSeconds}): each round runs at least a second`);
  const reuse = databaseName(values.database);
  return {
    data: {
      learners: wholeNumber('learners', values.learners, 1000),
      courses: wholeNumber('courses', values.courses, 20),
      sectionsPerCourse: wholeNumber('sections', values.sections, 4),
      lessonsPerSection: wholeNumber('lessons-per-section', values['lessons-per-section'], 5),
      concurrency: wholeNumber('concurrency', values.concurrency, 8),
    },
    load: {
      ratePerMinute: wholeNumber('rate', values.rate, TARGETS.ratePerMinute),
      durationSeconds,
      rounds,
      warmupSeconds: wholeNumber('warmup', values.warmup, 10, 0),
      cpuProfileDir: values['cpu-profile'] ? path.join(repoRoot, '.bench', `learner-cpu-${Date.now().toString(36)}`) : undefined,
      showSql: values['show-sql'],
    },
    webhook: {
      perSecond: numberBetween('webhook-rate', values['webhook-rate'], 20, 0, 1000),
      durationSeconds: wholeNumber('webhook-duration', values['webhook-duration'], 30, 0),
      repeatShare: numberBetween('repeat-share', values['repeat-share'], 0.25, 0, 0.9),
    },
    database: { reuse, keep: values.keep || reuse !== undefined, label: 'lms_bench_learner' },
  };
}
type Options = ReturnType<typeof readOptions>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadAverage = () => `load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`;

async function generate(cms: BenchCms, services: BenchServices, options: Options['data']): Promise<void> {
  const started = Date.now();
  const plans = planCourses(options);
  console.log(`generating ${plans.length} courses × ${options.sectionsPerCourse} parts × ${options.lessonsPerSection} lessons, ${options.learners} learners (${options.concurrency} in flight)…`);
  const courses = await createCourses(cms.strapi, plans, options.concurrency);
  const learnerIds = await createLearners(cms.strapi, services, options.learners, options.concurrency);
  const enrollmentPlans = planEnrollments(learnerIds.length, plans, options.sectionsPerCourse * options.lessonsPerSection, seededRandom(31));
  const totals = await enrollAndProgress(services, learnerIds, enrollmentPlans, courses, options.concurrency);
  console.log(
    `generated in ${((Date.now() - started) / 1000).toFixed(0)} s: ${totals.enrollments} enrollments, ${totals.completions} lessons completed ` +
      `(${totals.skippedLocked} attempts skipped: lesson locked by a prerequisite)`,
  );
}

/** What the database holds for the benchmark's learners, as counted there. */
async function describeData(cms: BenchCms, learners: readonly BenchLearner[]): Promise<Record<string, number>> {
  const knex = cms.strapi.db.connection;
  const ids = learners.map((l) => l.userId);
  const one = async (query: PromiseLike<unknown>) => Number(((await query) as Array<{ n: number | string }>)[0]?.n ?? 0);
  const data = {
    courses: await one(knex('courses').whereNotNull('published_at').where('slug', 'like', 'bench-%').count({ n: '*' })),
    lessons: await one(knex('lessons').whereNotNull('published_at').where('slug', 'like', 'bench-%').count({ n: '*' })),
    learners: learners.length,
    enrollments: await one(knex('lms_enrollments').whereIn('user_id', ids).count({ n: '*' })),
    completedEnrollments: await one(knex('lms_enrollments').whereIn('user_id', ids).where({ status: 'completed' }).count({ n: '*' })),
    completedLessons: await one(
      knex('lms_lesson_progress').join('lms_enrollments', 'lms_enrollments.id', 'lms_lesson_progress.enrollment_id').whereIn('lms_enrollments.user_id', ids).where('lms_lesson_progress.status', 'completed').count({ n: '*' }),
    ),
  };
  console.log(
    `data: ${data.courses} published courses, ${data.lessons} lessons; ${data.learners} learners with ${data.enrollments} enrollments ` +
      `(${(data.enrollments / Math.max(1, data.learners)).toFixed(1)} each, ${data.completedEnrollments} completed), ${data.completedLessons} lessons completed`,
  );
  return data;
}

/** Events emitted while generating (enrollments, completions) are relayed before anything is measured. */
async function waitForOutbox(cms: BenchCms, timeoutMs = 600_000): Promise<void> {
  const knex = cms.strapi.db.connection;
  const deadline = Date.now() + timeoutMs;
  let printed = 0;
  for (;;) {
    const [row] = (await knex('lms_outbox').whereNull('relayed_at').count({ n: '*' })) as Array<{ n: number | string }>;
    const pending = Number(row?.n ?? 0);
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} outbox events still not relayed after ${timeoutMs / 1000} s`);
    if (Date.now() - printed > 5000) {
      console.log(`  waiting for the outbox relay: ${pending} events to go`);
      printed = Date.now();
    }
    await sleep(1000);
  }
}

interface SqlTotals {
  [route: string]: { requests: number; queries: number };
}

/** The knex (tarn) connection pool of the cms, to see whether requests queue for a connection. */
interface ConnectionPool {
  max: number;
  numUsed(): number;
  numPendingAcquires(): number;
}

function poolOf(cms: BenchCms): ConnectionPool | undefined {
  const pool = (cms.strapi.db.connection.client as { pool?: Partial<ConnectionPool> }).pool;
  return pool && typeof pool.numUsed === 'function' && typeof pool.numPendingAcquires === 'function' ? (pool as ConnectionPool) : undefined;
}

/** What the cms (this process) went through during a run: where a request's time went when it was slow. */
interface CmsStrain {
  /** Event-loop delay: how long a ready callback waited for this process's thread. */
  loopDelayMs: { p99: number; max: number };
  /** CPU time of this process (the cms; the load runs in a child) per request sent. */
  cpuMsPerRequest: number;
  /** Most connections in use at once, of `poolSize`, and most queries waiting for one (sampled every 20 ms). */
  poolSize: number;
  poolMaxUsed: number;
  poolMaxWaiting: number;
}

const strainText = (s: CmsStrain) =>
  `cms ${fmt(s.cpuMsPerRequest, 1)} ms CPU/request, event-loop delay max ${fmt(s.loopDelayMs.max, 0)} ms, ` +
  `connections in use max ${s.poolMaxUsed}/${s.poolSize}, queries waiting for one max ${s.poolMaxWaiting}`;

interface MeasuredRun extends PacedRun {
  cms: CmsStrain;
}

/** One paced run with the SQL it caused per route added to `sql`, and the strain on the cms meanwhile. */
async function measuredRun(cms: BenchCms, counter: SqlCounter, sql: SqlTotals, run: () => Promise<PacedRun>): Promise<MeasuredRun> {
  await sleep(SETTLE_MS);
  const before: SqlSnapshot = counter.snapshot();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const pool = poolOf(cms);
  let poolMaxUsed = 0;
  let poolMaxWaiting = 0;
  const sampler = setInterval(() => {
    if (!pool) return;
    poolMaxUsed = Math.max(poolMaxUsed, pool.numUsed());
    poolMaxWaiting = Math.max(poolMaxWaiting, pool.numPendingAcquires());
  }, 20);
  const cpuBefore = process.cpuUsage();
  loop.enable();
  const outcome = await run();
  loop.disable();
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  await sleep(SETTLE_MS);
  const after = counter.snapshot();
  for (const key of Object.keys(after.byClass)) {
    const { requests, queries } = queriesPerRequest(before, after, key);
    const total = (sql[key] ??= { requests: 0, queries: 0 });
    total.requests += requests;
    total.queries += queries;
  }
  return {
    ...outcome,
    cms: {
      loopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, outcome.results.length),
      poolSize: pool?.max ?? Number.NaN,
      poolMaxUsed,
      poolMaxWaiting,
    },
  };
}

const sqlPer = (sql: SqlTotals, keys: string[]) => {
  const requests = keys.reduce((n, k) => n + (sql[k]?.requests ?? 0), 0);
  return requests ? keys.reduce((n, k) => n + (sql[k]?.queries ?? 0), 0) / requests : Number.NaN;
};

/** One request on its own with the SQL it ran. */
async function probe(counter: SqlCounter, cmsUrl: string, request: Omit<PacedRequest, 'atMs' | 'tag'>) {
  const { result, queries } = await counter.capture(async () => {
    const res = await fetch(`${cmsUrl}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
    return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
  });
  return { ...result, queries };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const options = readOptions();

  const webhookSecret = newWebhookSecret();
  const cms = await startCms(options.database, { STRIPE_WEBHOOK_SECRET: webhookSecret });
  const services = benchServices(cms.strapi);
  console.log(`cms on ${cms.cmsUrl}`);
  if (!options.database.reuse) await generate(cms, services, options.data);
  await waitForOutbox(cms);

  const learners = await loadLearners(cms.strapi, services);
  if (learners.length === 0) throw new Error('no benchmark learners with enrollments in this database');
  const data = await describeData(cms, learners);
  const openLessons = await findOpenLessons(services, learners, OPEN_LESSON_SAMPLE, options.data.concurrency);
  const counter = createSqlCounter(cms.strapi, routeOf);

  // One request of each route alone: status, size and the SQL it runs.
  const first = learners[0] as BenchLearner;
  const enrollment = first.enrollments[0] as BenchLearner['enrollments'][number];
  const auth = { authorization: `Bearer ${first.token}` };
  const probeWrite = openLessons.find((o) => o.learner === 0);
  const probes: Record<string, Awaited<ReturnType<typeof probe>>> = {
    outline: await probe(counter, cms.cmsUrl, { method: 'GET', path: `${API}/courses/${enrollment.courseDocumentId}/outline`, headers: auth }),
    'my-enrollments': await probe(counter, cms.cmsUrl, { method: 'GET', path: `${API}/me/enrollments`, headers: auth }),
    'enrollment-progress': await probe(counter, cms.cmsUrl, { method: 'GET', path: `${API}/enrollments/${enrollment.id}/progress`, headers: auth }),
    [BASELINE_ROUTE]: await probe(counter, cms.cmsUrl, { method: 'GET', path: '/api/users/me', headers: auth }),
    ...(probeWrite
      ? {
          'complete-lesson': await probe(counter, cms.cmsUrl, {
            method: 'POST',
            path: `${API}/lessons/${probeWrite.lessonDocumentId}/complete`,
            headers: { ...auth, 'content-type': 'application/json' },
            body: '{}',
          }),
        }
      : {}),
  };
  console.log(`\none request alone (learner ${first.userId}, ${first.enrollments.length} enrollments):`);
  for (const [key, p] of Object.entries(probes)) console.log(`  ${LABELS[key] ?? key}: ${p.status}, ${p.bytes} bytes, ${p.queries.length} SQL statements`);
  const completable: CompletableLesson[] = openLessons.filter((o) => o !== probeWrite);

  const planner = createLearnerPlanner(learners, completable, DEFAULT_MIX, 11);
  const perSecond = options.load.ratePerMinute / 60;
  const paidCourses = (await cms.strapi.db.query('api::course.course').findMany({
    where: { pricingModel: 'one_time', publishedAt: { $notNull: true }, slug: { $startsWith: 'bench-' } },
    select: ['documentId', 'priceAmount', 'currency'],
  })) as PaidCourse[];
  const buyers = learners.map((l) => l.userId);

  // The webhook route must be in the built cms: an unsigned delivery is refused with 400, not 404.
  const webhookProbe = await fetch(`${cms.cmsUrl}${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const webhookMissing = webhookProbe.status === 404 || webhookProbe.status === 405 ? `POST ${WEBHOOK_PATH} answered ${webhookProbe.status}: the built cms has no webhook route (rebuild the plugin)` : undefined;
  const webhookRun = !webhookMissing && options.webhook.durationSeconds > 0 && options.webhook.perSecond > 0 && paidCourses.length > 0;

  if (options.load.warmupSeconds > 0) {
    console.log(`\nwarm-up: ${options.load.warmupSeconds} s of the learner load, of the baseline${webhookRun ? ' and of the webhook' : ''} (not measured)`);
    const warm = planner.plan(arrivalOffsets(perSecond, options.load.warmupSeconds));
    await runPaced(cms.cmsUrl, warm);
    await runPaced(cms.cmsUrl, baselineOf(warm));
    if (webhookRun) {
      const warmHook = planWebhook(arrivalOffsets(options.webhook.perSecond, Math.min(5, options.load.warmupSeconds)), options.webhook.repeatShare, buyers, paidCourses, webhookSecret, 5);
      await runPaced(cms.cmsUrl, (startAt) => warmHook.requests(startAt));
    }
  }

  const roundSeconds = options.load.durationSeconds / options.load.rounds;
  console.log(
    `\nmeasure: ${options.load.ratePerMinute} req/min (${perSecond.toFixed(2)} req/s) over ${learners.length} learners, ` +
      `${options.load.durationSeconds} s in ${options.load.rounds} rounds alternating with the baseline; ${loadAverage()}`,
  );
  const sql: SqlTotals = {};
  const ours: PacedResult[] = [];
  const baseline: PacedResult[] = [];
  let oursSeconds = 0;
  let baselineSeconds = 0;
  let maxStartShiftMs = 0;
  const rounds: Array<Record<string, unknown>> = [];
  for (let round = 1; round <= options.load.rounds; round++) {
    const plan = planner.plan(arrivalOffsets(perSecond, roundSeconds));
    const profiled = (name: string, run: () => Promise<PacedRun>) =>
      options.load.cpuProfileDir ? withCpuProfile(path.join(options.load.cpuProfileDir, `${name}-${round}.cpuprofile`), run) : run();
    const a = await measuredRun(cms, counter, sql, () => profiled('learner', () => runPaced(cms.cmsUrl, plan)));
    const b = await measuredRun(cms, counter, sql, () => profiled('baseline', () => runPaced(cms.cmsUrl, baselineOf(plan))));
    ours.push(...a.results);
    baseline.push(...b.results);
    oursSeconds += a.elapsedSeconds;
    baselineSeconds += b.elapsedSeconds;
    maxStartShiftMs = Math.max(maxStartShiftMs, a.startShiftMs, b.startShiftMs);
    // Per round, to tell a stall (slow requests bunched in a few seconds, a long event-loop delay)
    // from a cost every request pays, and to line it up with what else ran on the machine then.
    const sums = [a, b].map((r) => ({
      p95: summarizeRoute('x', 'x', r.results, 1).latency.p95,
      slow: slowSpan(r.results, TARGETS.readP95Ms),
      cms: r.cms,
    }));
    const [learnerSum, baselineSum] = sums as [(typeof sums)[number], (typeof sums)[number]];
    rounds.push({ round, learner: learnerSum, baseline: baselineSum, loadAverage: os.loadavg() });
    const line = (s: (typeof sums)[number]) => `p95 ${fmt(s.p95, 0)} ms, ${describeSlowSpan(s.slow)}\n      ${strainText(s.cms)}`;
    console.log(`  round ${round}, learner load: ${line(learnerSum)}\n  round ${round}, baseline: ${line(baselineSum)}\n  ${loadAverage()}`);
  }

  const row = (key: string, results: PacedResult[], seconds: number, sqlKeys: string[] = [key]): RouteRow => ({
    ...summarizeRoute(key, LABELS[key] ?? key, results, seconds),
    sqlPerRequest: sqlPer(sql, sqlKeys),
    ...(probes[key] ? { sqlSingleRequest: probes[key].queries.length } : {}),
  });
  const readRows = READ_ROUTES.map((route) => row(route, ours.filter((r) => r.tag === route), oursSeconds));
  const readsRow = row('reads', ours.filter((r) => (READ_ROUTES as readonly string[]).includes(r.tag)), oursSeconds, [...READ_ROUTES]);
  const writes = ours.filter((r) => r.tag === 'complete-lesson');
  const writeRow = writes.length ? row('complete-lesson', writes, oursSeconds) : undefined;
  const baselineRow = row(BASELINE_ROUTE, baseline, baselineSeconds);

  let webhook: { rows: RouteRow[]; outcome: WebhookOutcome; all: RouteRow; cms: CmsStrain } | undefined;
  if (webhookRun) {
    const offsets = arrivalOffsets(options.webhook.perSecond, options.webhook.durationSeconds);
    const hookPlan = planWebhook(offsets, options.webhook.repeatShare, buyers, paidCourses, webhookSecret, 17);
    console.log(
      `\nwebhook: ${offsets.length} signed deliveries at ${options.webhook.perSecond}/s for ${options.webhook.durationSeconds} s ` +
        `(${hookPlan.eventIds.length} checkout.session.completed events, ${offsets.length - hookPlan.eventIds.length} repeats); ${loadAverage()}`,
    );
    const run = await measuredRun(cms, counter, sql, () => runPaced(cms.cmsUrl, (startAt) => hookPlan.requests(startAt)));
    maxStartShiftMs = Math.max(maxStartShiftMs, run.startShiftMs);
    console.log(`  ${describeSlowSpan(slowSpan(run.results, TARGETS.webhookP99Ms))}; ${strainText(run.cms)}`);
    const outcome = await checkWebhookOutcome(cms.strapi, hookPlan, run.results);
    const hookRow = (key: string, results: PacedResult[]) => ({ ...row(key, results, run.elapsedSeconds, ['webhook']) });
    const all = hookRow('webhook', run.results);
    const rows = [hookRow('webhook-first', run.results.filter((r) => r.tag === 'webhook-first')), hookRow('webhook-repeat', run.results.filter((r) => r.tag === 'webhook-repeat')), all];
    webhook = { rows, outcome, all, cms: run.cms };
  }

  console.log(`\nLearner API at ${options.load.ratePerMinute} req/min, ${learners.length} learners, ${oursSeconds.toFixed(0)} s (baseline ${baselineSeconds.toFixed(0)} s); ${loadAverage()}`);
  console.log(routeTable([...readRows, readsRow, ...(writeRow ? [writeRow] : []), baselineRow]));
  console.log(
    '  Latency from each request\'s planned send time to its last byte (open loop), exact percentiles of the 2xx answers.\n' +
      '  req/s: 2xx answers ÷ seconds under load. SQL/req: knex statements the cms ran for that route\'s requests during the\n' +
      '  measured runs ÷ those requests; SQL 1 req: one request made alone. The baseline is sent by the same learners at the same times.',
  );
  if (webhook) {
    console.log(`\nStripe webhook acknowledgement (HTTP 200), ${options.webhook.perSecond}/s, ${Math.round(options.webhook.repeatShare * 100)}% of deliveries repeats`);
    console.log(routeTable(webhook.rows));
    console.log('  SQL/req is over all deliveries (first and repeat share one route).');
  } else {
    console.log(`\nwebhook: not measured (${webhookMissing ?? (paidCourses.length === 0 ? 'no paid course' : '--webhook-duration/--webhook-rate 0')})`);
  }
  if (maxStartShiftMs > 200) console.log(`\nnote: a load child started its plan up to ${maxStartShiftMs} ms late (the machine is busy); gaps between sends were kept`);

  const checks = evaluateTargets({
    reads: readsRow,
    readRoutes: readRows,
    write: writeRow,
    baseline: baselineRow,
    plannedPerSecond: perSecond,
    ...(webhook ? { webhook: { all: webhook.all, outcome: webhook.outcome } } : {}),
  });
  console.log(`\nTargets (issue 3), figure / target = ratio:`);
  printChecks(checks);
  if (!webhook) console.log(`  FAIL  webhook acknowledgement p99 ≤ ${TARGETS.webhookP99Ms} ms: not measured`);

  // The SQL behind a missed latency target (and the baseline's, to compare), or all with --show-sql.
  const failing = new Set(checks.filter((c) => !c.pass && c.route).flatMap((c) => (c.route === 'reads' ? [...READ_ROUTES] : [c.route as string])));
  if (failing.size > 0) failing.add(BASELINE_ROUTE);
  for (const [key, p] of Object.entries(probes)) {
    if (!options.load.showSql && !failing.has(key)) continue;
    console.log(`\nSQL of one ${LABELS[key] ?? key} request alone (${p.queries.length} statements):`);
    p.queries.forEach((q, i) => console.log(`  ${String(i + 1).padStart(2)}. ${q}`));
  }

  const file = writeResultsFile('learner', startedAt, {
    startedAt,
    settings: { ...options, node: process.version, cpus: os.cpus().length, loadAverageAfter: os.loadavg(), mix: DEFAULT_MIX },
    data,
    rows: [...readRows, readsRow, ...(writeRow ? [writeRow] : []), baselineRow, ...(webhook?.rows ?? [])],
    rounds,
    webhook: webhook ? { ...webhook.outcome, cms: webhook.cms } : undefined,
    probes,
    checks,
  });
  console.log(`\nresults written to ${file}`);
  if (options.load.cpuProfileDir) console.log(`cms CPU profiles of each measured run: ${path.relative(repoRoot, options.load.cpuProfileDir)}/`);
}

runBenchmark(main);
