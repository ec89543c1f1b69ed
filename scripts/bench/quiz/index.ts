/**
 * `npm run bench:quiz`: issue 4's quiz figure. "500 simulated learners with 30–90 s think time
 * taking a 20-question quiz (start, autosave, submit): p95 ≤ 300 ms, 0 errors."
 *
 * In a throwaway PostgreSQL database it publishes, through the Document Service, a free course
 * whose lesson holds a 20-question quiz of the eight auto-graded types (content.ts), creates the
 * learners and enrolls them through lms-enrollment's service. Then, against the cms running in
 * this process, over HTTP with each learner's own users-permissions JWT:
 *
 * - Every learner takes the quiz once (plan.ts): POST …/quizzes/:id/attempts, then for each of
 *   the 20 questions of the paper it got back think 30–90 s and PUT …/attempts/:id/answers/:qid
 *   (right with the learner's skill, otherwise a plausible wrong answer), then review 2–10 s and
 *   POST …/attempts/:id/submit. Think times are divided by --time-scale (default 4: the ~20
 *   minute class runs in ~6 minutes at 4× the real request rate; see plan.ts and the decision).
 *   Latency counts from each request's planned send time to its last byte.
 * - Baseline, measured in the same run on the same stack: Strapi's stock `GET /api/users/me`
 *   (JWT check, user and role, answer; every learner route pays it first), sent with the same
 *   learners' tokens at the planned send times of the quiz load's busiest stretch (open loop,
 *   lib/paced.ts), so at the same rate and with the same bunching.
 * - Afterwards the database must hold one submitted attempt per learner with all 20 answers.
 *
 * A measurement, not a test: it exits 0 when a target fails and prints FAIL for it.
 *
 *   npm run bench:quiz -- [--learners 500] [--time-scale 4] [--warmup-learners 20] [--baseline-seconds 60]
 *     [--concurrency 8] [--seed 1] [--keep] [--cpu-profile] [--show-sql] [--short]
 *
 * --short checks the whole pipeline in about two minutes: 50 learners at time scale 20, a 10 s baseline.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../../tests/harness/stack';
import { ATTEMPTS_TABLE, ANSWERS_TABLE } from '../../../plugins/lms-grading/server/src/quizzes/migrations';
import { createLearners } from '../learner/learners';
import { describeSlowSpan, printChecks, routeTable, slowSpan, summarizeRoute, type RouteRow } from '../learner/report';
import { benchServices, type BenchServices } from '../learner/services';
import { runBenchmark } from '../lib/cleanup';
import { describeStrain, watchCmsStrain, type CmsStrain } from '../lib/cms-strain';
import { withCpuProfile } from '../lib/cpu-profile';
import { numberBetween, wholeNumber } from '../lib/options';
import { watchPostgresCpu } from '../lib/postgres-cpu';
import { runPaced, type PacedRequest, type PacedResult } from '../lib/paced';
import { waitForOutbox } from '../lib/outbox';
import { writeResultsFile } from '../lib/results-file';
import { createRequestCostMeter, type RequestCost } from '../lib/request-cost';
import { createSqlCounter, queriesPerRequest, type SqlCounter, type SqlSnapshot } from '../lib/sql-counter';
import { startCms, type BenchCms } from '../lib/stack';
import { fmt } from '../lib/stats';
import { forEachConcurrently, progress, seededRandom } from '../lib/work';
import { answerFor, answerKeyOf } from './answers';
import { BENCH_QUESTIONS, createQuizCourse, type BenchQuiz } from './content';
import { busiestWindow, planSessions, rateBetween, rateModel, REAL_RAMP_SECONDS, REAL_REVIEW_SECONDS, REAL_THINK_SECONDS } from './plan';
import { evaluateQuizTargets, QUIZ_TARGETS } from './report';
import { quizRouteOf, runSessions, type QuizRoute, type SessionRun } from './sessions';
import type { StartAttemptResponse } from '../../../plugins/lms-grading/server/src/quizzes/contracts';

const ROUTES: readonly QuizRoute[] = ['start', 'save', 'submit'];
const BASELINE = 'users-me';
const LABELS: Record<string, string> = {
  start: 'start attempt (POST …/quizzes/:id/attempts)',
  save: 'autosave (PUT …/attempts/:id/answers/:qid)',
  submit: 'submit (POST …/attempts/:id/submit)',
  all: 'all quiz requests',
  [BASELINE]: 'baseline: stock GET /api/users/me',
};
/** Warm-up sessions run this much faster than real time (think 0.5–1.5 s): they only warm the cms. */
const WARMUP_TIME_SCALE = 60;
const SETTLE_MS = 500;
/** Sessions made one request at a time to price each route alone. */
const ALONE_SESSIONS = 5;

function readOptions() {
  const { values } = parseArgs({
    options: {
      learners: { type: 'string' },
      'time-scale': { type: 'string' },
      'warmup-learners': { type: 'string' },
      'baseline-seconds': { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'cpu-profile': { type: 'boolean', default: false },
      'show-sql': { type: 'boolean', default: false },
      short: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const short = values.short;
  return {
    short,
    learners: wholeNumber('learners', values.learners, short ? 50 : QUIZ_TARGETS.learners),
    timeScale: numberBetween('time-scale', values['time-scale'], short ? 20 : 4, 1, 600),
    warmupLearners: wholeNumber('warmup-learners', values['warmup-learners'], short ? 5 : 20, 0),
    baselineSeconds: wholeNumber('baseline-seconds', values['baseline-seconds'], short ? 10 : 60),
    concurrency: wholeNumber('concurrency', values.concurrency, 8),
    seed: wholeNumber('seed', values.seed, 1, 0),
    keep: values.keep,
    cpuProfileDir: values['cpu-profile'] ? path.join(repoRoot, '.bench', `quiz-cpu-${Date.now().toString(36)}`) : undefined,
    showSql: values['show-sql'],
  };
}
type Options = ReturnType<typeof readOptions>;

interface Learner {
  userId: number;
  token: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadAverage = () => `load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`;

/** The course and quiz, and every learner (measured, warm-up, one for the probes) enrolled in it. */
async function generate(cms: BenchCms, services: BenchServices, options: Options): Promise<{ quiz: BenchQuiz; learners: Learner[] }> {
  const started = Date.now();
  const quiz = await createQuizCourse(cms.strapi);
  const count = options.learners + options.warmupLearners + 1;
  const ids = await createLearners(cms.strapi, services, count, options.concurrency);
  const tick = progress('enrollments', ids.length).tick;
  const learners: Learner[] = new Array<Learner>(ids.length);
  await forEachConcurrently(
    ids.map((userId, i) => ({ userId, i })),
    options.concurrency,
    async ({ userId, i }) => {
      await services.enroll(userId, quiz.courseDocumentId);
      learners[i] = { userId, token: await services.issueJwt(userId) };
      tick();
    },
  );
  console.log(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s: 1 course with a ${BENCH_QUESTIONS.length}-question quiz, ${ids.length} learners enrolled`);
  return { quiz, learners };
}

/** One learner's session made request by request, each alone, with the SQL it ran. */
async function probe(counter: SqlCounter, cmsUrl: string, quiz: BenchQuiz, learner: Learner) {
  const call = async (method: string, pathname: string, body?: unknown) => {
    const { result, queries } = await counter.capture(async () => {
      const res = await fetch(`${cmsUrl}${pathname}`, {
        method,
        headers: { authorization: `Bearer ${learner.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, bytes: Buffer.byteLength(text), text };
    });
    return { status: result.status, bytes: result.bytes, text: result.text, queries };
  };
  const start = await call('POST', `/api/lms-grading/quizzes/${quiz.quizDocumentId}/attempts`, {});
  if (start.status !== 201) throw new Error(`the probe's start answered ${start.status}: ${start.text.slice(0, 500)}`);
  const attempt = (JSON.parse(start.text) as { data: { id: number; paper: { questions: Array<{ id: string; type: string }> } } }).data;
  const first = attempt.paper.questions.find((q) => q.type === 'true-false') ?? attempt.paper.questions[0];
  if (!first) throw new Error('the probe attempt has no questions');
  const save = await call('PUT', `/api/lms-grading/attempts/${attempt.id}/answers/${first.id}`, { answer: first.type === 'true-false' ? { value: true } : { text: 'x' } });
  const submit = await call('POST', `/api/lms-grading/attempts/${attempt.id}/submit`, {});
  const me = await call('GET', '/api/users/me');
  const all = { start, save, submit, [BASELINE]: me };
  for (const [key, p] of Object.entries(all)) {
    if (p.status >= 300) throw new Error(`the probe's ${key} answered ${p.status}: ${p.text.slice(0, 500)}`);
  }
  return Object.fromEntries(Object.entries(all).map(([key, p]) => [key, { status: p.status, bytes: p.bytes, queries: p.queries }]));
}

interface SqlTotals {
  [route: string]: { requests: number; queries: number };
}

function addSql(sql: SqlTotals, before: SqlSnapshot, after: SqlSnapshot): void {
  for (const key of Object.keys(after.byClass)) {
    const { requests, queries } = queriesPerRequest(before, after, key);
    const total = (sql[key] ??= { requests: 0, queries: 0 });
    total.requests += requests;
    total.queries += queries;
  }
}

/** What the database holds for the measured learners after the load. */
async function storedOutcome(cms: BenchCms, quiz: BenchQuiz, userIds: number[]) {
  const knex = cms.strapi.db.connection;
  const one = async (query: PromiseLike<unknown>) => Number(((await query) as Array<{ n: number | string }>)[0]?.n ?? 0);
  const attempts = () => knex(ATTEMPTS_TABLE).where({ quiz_document_id: quiz.quizDocumentId }).whereIn('user_id', userIds);
  const statuses = (await attempts().clone().select('status').count({ n: '*' }).groupBy('status')) as Array<{ status: string; n: number | string }>;
  return {
    attempts: await one(attempts().clone().count({ n: '*' })),
    attemptsSubmitted: await one(attempts().clone().whereNotNull('submitted_at').count({ n: '*' })),
    byStatus: Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])),
    passed: await one(attempts().clone().where({ passed: true }).count({ n: '*' })),
    answersSaved: await one(
      knex(ANSWERS_TABLE)
        .join(ATTEMPTS_TABLE, `${ATTEMPTS_TABLE}.id`, `${ANSWERS_TABLE}.attempt_id`)
        .where(`${ATTEMPTS_TABLE}.quiz_document_id`, quiz.quizDocumentId)
        .whereIn(`${ATTEMPTS_TABLE}.user_id`, userIds)
        .whereNotNull(`${ANSWERS_TABLE}.saved_at`)
        .count({ n: '*' }),
    ),
  };
}

/** Sessions of the warm-up learners made again one request at a time, with the cms's cost per request (lib/request-cost.ts). */
async function measureAlone(cms: BenchCms, quiz: BenchQuiz, learners: Learner[]): Promise<Record<string, RequestCost>> {
  const meter = createRequestCostMeter(cms.strapi, quizRouteOf);
  const key = answerKeyOf(BENCH_QUESTIONS);
  const random = seededRandom(5);
  await meter.measure(async () => {
    for (const learner of learners) {
      const call = async (method: string, pathname: string, body?: unknown) => {
        const res = await fetch(`${cms.cmsUrl}${pathname}`, {
          method,
          headers: { authorization: `Bearer ${learner.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`${method} ${pathname} alone answered ${res.status}: ${text.slice(0, 300)}`);
        return text;
      };
      const attempt = (JSON.parse(await call('POST', `/api/lms-grading/quizzes/${quiz.quizDocumentId}/attempts`, {})) as StartAttemptResponse).data;
      for (const question of attempt.paper.questions) {
        await call('PUT', `/api/lms-grading/attempts/${attempt.id}/answers/${question.id}`, { answer: answerFor(question, key, 0.7, random) });
        await call('GET', '/api/users/me');
      }
      await call('POST', `/api/lms-grading/attempts/${attempt.id}/submit`, {});
    }
  });
  return meter.costs();
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const options = readOptions();
  const questions = BENCH_QUESTIONS.length;
  const model = rateModel(options.learners, questions, options.timeScale);
  const realWorld = rateModel(QUIZ_TARGETS.learners, QUIZ_TARGETS.questions, 1);

  const cms = await startCms({ keep: options.keep, label: 'lms_bench_quiz' });
  const services = benchServices(cms.strapi);
  console.log(`cms on ${cms.cmsUrl}`);
  const { quiz, learners } = await generate(cms, services, options);
  await waitForOutbox(cms);
  const measured = learners.slice(0, options.learners);
  const warmup = learners.slice(options.learners, options.learners + options.warmupLearners);
  const prober = learners.at(-1) as Learner;
  const counter = createSqlCounter(cms.strapi, quizRouteOf);

  const probes = await probe(counter, cms.cmsUrl, quiz, prober);
  console.log(`\none request alone (a ${questions}-question attempt):`);
  for (const [key, p] of Object.entries(probes)) console.log(`  ${LABELS[key] ?? key}: ${p.status}, ${p.bytes} bytes, ${p.queries.length} SQL statements`);

  const sessionInput = (who: Learner[], timeScale: number, seed: number) => ({
    baseUrl: cms.cmsUrl,
    timeoutMs: 30_000,
    quizDocumentId: quiz.quizDocumentId,
    questions: BENCH_QUESTIONS,
    sessions: planSessions({ learners: who.length, questions, timeScale, random: seededRandom(seed) }).map((plan) => ({
      ...plan,
      token: (who[plan.learner] as Learner).token,
    })),
  });

  if (warmup.length > 0) {
    console.log(`\nwarm-up: ${warmup.length} other learners take the quiz at time scale ${WARMUP_TIME_SCALE} (not measured)`);
    const warm = await runSessions(sessionInput(warmup, WARMUP_TIME_SCALE, options.seed + 1000));
    const failed = warm.results.filter((r) => r.status < 200 || r.status >= 300);
    if (failed.length) console.log(`  warm-up: ${failed.length} of ${warm.results.length} requests failed, e.g. ${failed[0]?.status} ${failed[0]?.body ?? failed[0]?.error ?? ''}`);
  }

  // What each route costs the cms when nothing else runs: the warm-up learners' second attempts,
  // one request at a time. CPU per request × the applied rate = the share of a core the load needs.
  const alone = warmup.length > 0 ? await measureAlone(cms, quiz, warmup.slice(0, ALONE_SESSIONS)) : {};
  if (warmup.length > 0) {
    console.log(`\neach route alone (${Math.min(ALONE_SESSIONS, warmup.length)} sessions, one request at a time), cms time from arrival to the response's end:`);
    for (const key of [...ROUTES, BASELINE]) {
      const c = alone[key];
      if (c) console.log(`  ${(LABELS[key] ?? key).padEnd(46)} ${fmt(c.cpuMs, 1).padStart(6)} ms CPU, ${fmt(c.wallMs, 1).padStart(6)} ms wall (${c.requests} requests)`);
    }
  }

  const think = (s: number) => fmt(s / options.timeScale, 1);
  console.log(
    `\nmeasure: ${measured.length} learners × (start + ${questions} autosaves + submit); think ${REAL_THINK_SECONDS.min}–${REAL_THINK_SECONDS.max} s ÷ ${options.timeScale} = ` +
      `${think(REAL_THINK_SECONDS.min)}–${think(REAL_THINK_SECONDS.max)} s, review ${think(REAL_REVIEW_SECONDS.min)}–${think(REAL_REVIEW_SECONDS.max)} s, ` +
      `starts spread over ${think(REAL_RAMP_SECONDS)} s\n` +
      `  model: ${fmt(model.steadyPerSecond, 1)} req/s while all are in the quiz (${fmt(model.savesPerSecond, 1)} autosaves/s), ` +
      `${fmt(model.steadyPerSecond / realWorld.steadyPerSecond, 2)}× the real world's ${fmt(realWorld.steadyPerSecond, 1)} req/s ` +
      `(${QUIZ_TARGETS.learners} learners at time scale 1, ${fmt(realWorld.savesPerSecond, 1)} autosaves/s); ` +
      `mean session ${fmt(model.meanSessionSeconds / 60, 1)} min, so about ${fmt((model.meanSessionSeconds * 1.2 + REAL_RAMP_SECONDS / options.timeScale) / 60, 0)} min of load\n  ${loadAverage()}`,
  );
  const sql: SqlTotals = {};
  await sleep(SETTLE_MS);
  const sqlBefore = counter.snapshot();
  const stopWatch = watchCmsStrain(cms.strapi);
  const postgresCpu = await watchPostgresCpu(cms.strapi);
  const loadStarted = Date.now();
  const runLoad = () => runSessions(sessionInput(measured, options.timeScale, options.seed));
  const run: SessionRun = options.cpuProfileDir ? await withCpuProfile(path.join(options.cpuProfileDir, 'quiz.cpuprofile'), runLoad) : await runLoad();
  const strain: CmsStrain = stopWatch();
  const postgresCpuMs = await postgresCpu();
  await sleep(SETTLE_MS);
  addSql(sql, sqlBefore, counter.snapshot());
  const loadAverageAfterLoad = os.loadavg();
  console.log(
    `  load ran ${fmt((Date.now() - loadStarted) / 1000, 0)} s; ${describeStrain(strain, run.results.length)}; ` +
      `PostgreSQL ${postgresCpuMs === undefined ? 'not measured' : `${fmt(postgresCpuMs / run.results.length, 1)} ms CPU/request (${fmt((postgresCpuMs / 1000 / strain.seconds) * 100, 0)}% of a core)`}; ${loadAverage()}`,
  );

  // Rates from the planned send times: overall, and while every learner was in the quiz (after
  // the last start, before the first submit).
  const planned = run.results.map((r) => r.plannedAt);
  const byRoute = (route: QuizRoute) => run.results.filter((r) => r.tag === route);
  const lastStart = Math.max(...byRoute('start').map((r) => r.plannedAt));
  const firstSubmit = Math.min(...byRoute('submit').map((r) => r.plannedAt));
  const firstSend = Math.min(...planned);
  const lastSend = Math.max(...planned);
  const overallPerSecond = rateBetween(planned, firstSend, lastSend);
  const steadyPerSecond = Number.isFinite(firstSubmit) && firstSubmit > lastStart ? rateBetween(planned, lastStart, firstSubmit) : overallPerSecond;
  const windowMs = options.baselineSeconds * 1000;
  const busiest = busiestWindow(planned, windowMs);
  console.log(
    `  applied: ${run.results.length} requests over ${fmt((lastSend - firstSend) / 1000, 0)} s = ${fmt(overallPerSecond, 1)} req/s overall, ` +
      `${fmt(steadyPerSecond, 1)} req/s while all ${measured.length} were in the quiz (${fmt((firstSubmit - lastStart) / 1000, 0)} s), ` +
      `busiest ${options.baselineSeconds} s: ${fmt(busiest.count / options.baselineSeconds, 1)} req/s`,
  );
  console.log(`  slow: ${describeSlowSpan(slowSpan(run.results, QUIZ_TARGETS.p95Ms))}`);
  const loadSeconds = (lastSend - firstSend) / 1000;
  const neededCores = ROUTES.reduce((sum, route) => sum + (byRoute(route).length / loadSeconds) * ((alone[route]?.cpuMs ?? Number.NaN) / 1000), 0);
  if (Object.keys(alone).length) {
    console.log(`  the routes' cost alone × their applied rates: the cms needs ${fmt(neededCores * 100, 0)}% of a core; it used ${fmt(strain.cpuShareOfOneCore * 100, 0)}% under load`);
  }

  // Baseline: the busiest stretch's send times replayed as GET /api/users/me by the same learners.
  const baselinePlan: PacedRequest[] = run.results
    .filter((r) => r.plannedAt >= busiest.startAt && r.plannedAt < busiest.startAt + windowMs)
    .map((r) => ({
      atMs: r.plannedAt - busiest.startAt,
      method: 'GET',
      path: '/api/users/me',
      headers: { authorization: `Bearer ${(measured[Number(r.id)] as Learner).token}`, accept: 'application/json' },
      tag: BASELINE,
    }));
  console.log(`\nbaseline: ${baselinePlan.length} GET /api/users/me at the send times of the busiest ${options.baselineSeconds} s; ${loadAverage()}`);
  await sleep(SETTLE_MS);
  const baselineSqlBefore = counter.snapshot();
  const stopBaselineWatch = watchCmsStrain(cms.strapi);
  const baselineRun = await runPaced(cms.cmsUrl, baselinePlan);
  const baselineStrain = stopBaselineWatch();
  await sleep(SETTLE_MS);
  addSql(sql, baselineSqlBefore, counter.snapshot());
  console.log(`  ${describeStrain(baselineStrain, baselineRun.results.length)}`);

  const stored = await storedOutcome(cms, quiz, measured.map((l) => l.userId));
  const row = (key: string, results: PacedResult[], sqlKeys: string[], secs = loadSeconds): RouteRow => {
    const requests = sqlKeys.reduce((n, k) => n + (sql[k]?.requests ?? 0), 0);
    const queries = sqlKeys.reduce((n, k) => n + (sql[k]?.queries ?? 0), 0);
    const single = probes[key]?.queries.length;
    return {
      ...summarizeRoute(key, LABELS[key] ?? key, results, secs),
      sqlPerRequest: requests ? queries / requests : Number.NaN,
      ...(single === undefined ? {} : { sqlSingleRequest: single }),
    };
  };
  const routeRows = ROUTES.map((route) => row(route, byRoute(route), [route]));
  const allRow = row('all', run.results, [...ROUTES]);
  const baselineRow = row(BASELINE, baselineRun.results, [BASELINE], baselineRun.elapsedSeconds);

  console.log(`\nQuiz API, ${measured.length} learners × ${questions} questions at time scale ${options.timeScale}; ${loadAverage()}`);
  console.log(routeTable([...routeRows, allRow, baselineRow]));
  console.log(
    '  Latency from each request\'s planned send time (previous answer + think time) to its last byte; exact percentiles of the\n' +
      '  2xx answers. req/s: 2xx answers ÷ seconds of load. SQL/req: knex statements per request during the measured run; SQL 1 req:\n' +
      '  one request made alone. The baseline replays the busiest stretch\'s send times with the same learners\' tokens.',
  );
  const completed = run.sessions.filter((s) => s.submitted).length;
  const stopped = run.sessions.filter((s) => s.stoppedBy);
  const percents = run.sessions.flatMap((s) => (s.percent === null ? [] : [s.percent]));
  console.log(
    `\nsessions: ${completed}/${measured.length} submitted; ${run.sessions.filter((s) => s.passed).length} passed, mean score ${fmt(percents.reduce((a, b) => a + b, 0) / Math.max(1, percents.length), 1)}%` +
      `${stopped.length ? `; stopped early: ${stopped.length}, e.g. learner ${stopped[0]?.learner}: ${stopped[0]?.stoppedBy}` : ''}`,
  );
  console.log(`database: ${stored.attempts} attempts (${JSON.stringify(stored.byStatus)}), ${stored.attemptsSubmitted} submitted, ${stored.passed} passed, ${stored.answersSaved} answers saved`);
  const failures = run.results.filter((r) => r.status < 200 || r.status >= 300);
  for (const f of failures.slice(0, 5)) console.log(`  failed: ${f.tag} of learner ${f.id}: ${f.status} ${f.error ?? ''} ${f.body ?? ''}`);
  if (run.startShiftMs > 200) console.log(`\nnote: the load child started its plan ${run.startShiftMs} ms late (the machine is busy)`);

  const checks = evaluateQuizTargets({
    all: allRow,
    routes: routeRows,
    baseline: baselineRow,
    learners: measured.length,
    questions,
    sessionsCompleted: completed,
    stored,
    appliedPerSecond: steadyPerSecond,
    realWorldPerSecond: realWorld.steadyPerSecond,
  });
  console.log(`\nTargets (issue 4), figure / target = ratio:`);
  printChecks(checks);

  const failing = new Set(checks.filter((c) => !c.pass && c.route).flatMap((c) => (c.route === 'all' ? [...ROUTES] : [c.route as string])));
  if (failing.size > 0) failing.add(BASELINE);
  for (const [key, p] of Object.entries(probes)) {
    if (!options.showSql && !failing.has(key)) continue;
    console.log(`\nSQL of one ${LABELS[key] ?? key} request alone (${p.queries.length} statements):`);
    p.queries.forEach((q, i) => console.log(`  ${String(i + 1).padStart(2)}. ${q}`));
  }

  const file = writeResultsFile('quiz', startedAt, {
    startedAt,
    settings: { ...options, node: process.version, cpus: os.cpus().length, loadAverageAfterLoad, loadAverageAtEnd: os.loadavg() },
    model: { applied: model, realWorld },
    rates: { overallPerSecond, steadyPerSecond, busiestWindow: { seconds: options.baselineSeconds, count: busiest.count } },
    alone: { costs: alone, neededCoresAtAppliedRate: neededCores },
    rows: [...routeRows, allRow, baselineRow],
    strain: { load: strain, baseline: baselineStrain, postgresCpuMsPerRequest: postgresCpuMs === undefined ? null : postgresCpuMs / run.results.length },
    sessions: { completed, stopped: stopped.map((s) => ({ learner: s.learner, stoppedBy: s.stoppedBy })), percents },
    stored,
    probes: Object.fromEntries(Object.entries(probes).map(([k, p]) => [k, { status: p.status, bytes: p.bytes, sql: p.queries.length }])),
    failures: failures.slice(0, 50),
    checks,
  });
  console.log(`\nresults written to ${file}`);
  if (options.cpuProfileDir) console.log(`cms CPU profile of the measured load: ${path.relative(repoRoot, options.cpuProfileDir)}/`);
}

runBenchmark(main);
