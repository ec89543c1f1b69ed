/**
 * `npm run bench:certificates`: issue 4's certificate figures. "≥ 15 certificates per second per
 * core, p95 ≤ 100 ms each, memory flat (RSS growth < 50 MB) over 10,000 certificates."
 *
 * The real issuing path, in one process pinned to one core with `taskset` (it re-runs itself
 * pinned): Strapi booted without its HTTP server, as the worker boots it (scripts/worker.ts), on
 * a throwaway PostgreSQL database. Data is made through the services production uses
 * (content.ts): the seed's two certificate templates with their uploaded images plus the default
 * template, four published courses, learners with full names in several scripts, enrolled and
 * completing each course. Then lms-grading's `certificates.issueForEnrollment`, the call the
 * worker's course.completed consumer makes, issues one certificate per completed enrollment:
 * course, template and images read from the cms, PDF rendered (pdfkit, fonts embedded, QR code),
 * SHA-256, file written to the private store, row inserted, certificate.issued put on the outbox,
 * all in one transaction. Each call is timed; RSS is sampled as it goes.
 *
 * Beside it, with the same core: the bare renderer's micro-benchmark
 * (plugins/lms-grading/server/src/certificates/render.bench.ts), to show what the path adds.
 *
 * A measurement, not a test: it exits 0 when a target fails and prints FAIL for it.
 *
 *   npm run bench:certificates -- [--count 10000] [--warmup 200] [--warmup-max 3000] [--concurrency 1] [--cpu 1] [--unpinned]
 *     [--renderer-count 2000] [--sample-every 100] [--generate-concurrency 8] [--keep] [--show-sql] [--cpu-profile] [--short]
 *
 * Warm-up: at least --warmup certificates, then on until the process's memory has settled (the
 * highest RSS of the last 500 within 5 MB of the 500 before; at most --warmup-max): V8 sizes its
 * heap for the work in the first thousand or two, and that is not growth over the run.
 *
 * --short checks the pipeline in about two minutes: 500 certificates, 50–300 warm-up, 300 bare renders.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../../tests/harness/stack';
import { CERTIFICATES_TABLE } from '../../../plugins/lms-grading/server/src/certificates/migrations';
import { benchServices } from '../learner/services';
import { runBenchmark } from '../lib/cleanup';
import { withCpuProfile } from '../lib/cpu-profile';
import { wholeNumber } from '../lib/options';
import { watchPostgresCpu } from '../lib/postgres-cpu';
import { waitForOutbox } from '../lib/outbox';
import { writeResultsFile } from '../lib/results-file';
import { createQueryCounter } from '../lib/sql-counter';
import { startCms } from '../lib/stack';
import { fmt, latencySummary, renderTable } from '../lib/stats';
import { forEachConcurrently, seededRandom } from '../lib/work';
import { printChecks } from '../learner/report';
import { completeEnrollments, createCertificateCourses } from './content';
import { CERTIFICATE_TARGETS, evaluateCertificateTargets, memoryTrend, parseRendererOutput, type RendererFigures, type RssSample } from './report';

const PINNED_ENV = 'LMS_BENCH_PINNED_CPU';
const RENDER_BENCH = path.join(repoRoot, 'plugins/lms-grading/server/src/certificates/render.bench.ts');
/** Stored files re-read and hashed after the run. */
const FILES_CHECKED = 25;
/** Warm-up goes on in blocks of this many until RSS settles: the highest RSS of the last SETTLE_BLOCKS blocks within SETTLE_MB of the blocks before. */
const WARMUP_BLOCK = 100;
const SETTLE_BLOCKS = 5;
const SETTLE_MB = 5;

function readOptions() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      warmup: { type: 'string' },
      'warmup-max': { type: 'string' },
      concurrency: { type: 'string' },
      cpu: { type: 'string' },
      unpinned: { type: 'boolean', default: false },
      'renderer-count': { type: 'string' },
      'sample-every': { type: 'string' },
      'generate-concurrency': { type: 'string' },
      keep: { type: 'boolean', default: false },
      'show-sql': { type: 'boolean', default: false },
      'cpu-profile': { type: 'boolean', default: false },
      short: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const short = values.short;
  return {
    count: wholeNumber('count', values.count, short ? 500 : CERTIFICATE_TARGETS.count),
    warmup: wholeNumber('warmup', values.warmup, short ? 50 : 200, 0),
    warmupMax: wholeNumber('warmup-max', values['warmup-max'], short ? 300 : 3000, 0),
    concurrency: wholeNumber('concurrency', values.concurrency, 1),
    cpu: wholeNumber('cpu', values.cpu, os.cpus().length - 1, 0),
    unpinned: values.unpinned,
    rendererCount: wholeNumber('renderer-count', values['renderer-count'], short ? 300 : 2000, 0),
    sampleEvery: wholeNumber('sample-every', values['sample-every'], short ? 25 : 100),
    generateConcurrency: wholeNumber('generate-concurrency', values['generate-concurrency'], 8),
    keep: values.keep,
    showSql: values['show-sql'],
    cpuProfileDir: values['cpu-profile'] ? path.join(repoRoot, '.bench', `certificates-cpu-${Date.now().toString(36)}`) : undefined,
  };
}
type Options = ReturnType<typeof readOptions>;

/** The CPUs this process may run on, from /proc (Linux), e.g. "0-1" or "1". */
function allowedCpus(): string | undefined {
  try {
    return /Cpus_allowed_list:\s*(\S+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Runs this benchmark again under `taskset -c <cpu>` (libuv's threads included: everything the
 * issuing process does runs on that core), forwarding signals and the exit code.
 */
function rerunPinned(cpu: number): void {
  if (cpu >= os.cpus().length) throw new Error(`--cpu ${cpu}: this machine has CPUs 0–${os.cpus().length - 1}`);
  if (spawnSync('taskset', ['-V']).error) throw new Error('taskset is missing (util-linux); install it or pass --unpinned (the rate is then not per core)');
  console.log(`pinning to CPU ${cpu}: taskset -c ${cpu} node ${path.relative(repoRoot, __filename)} ${process.argv.slice(2).join(' ')}`);
  const child = spawn('taskset', ['-c', String(cpu), process.execPath, ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [PINNED_ENV]: String(cpu) },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
}

interface CertificatesService {
  issueForEnrollment(input: { enrollmentId: number; learnerId: number; courseDocumentId: string }): Promise<{ certificate: { id: number; code: string; sha256: string }; created: boolean }>;
  readPdf(id: number): Promise<Buffer>;
}

interface CompletedEnrollment {
  enrollmentId: number;
  learnerId: number;
  courseDocumentId: string;
}

const loadAverage = () => `load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`;
const mb = (bytes: number) => bytes / 1024 / 1024;

/** The bare renderer's micro-benchmark on the same core, as a child process. */
function runRenderer(count: number, cpu: number | undefined): RendererFigures {
  const args = ['--import', 'tsx', RENDER_BENCH, String(count)];
  const result = cpu === undefined ? spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' }) : spawnSync('taskset', ['-c', String(cpu), process.execPath, ...args], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`render.bench.ts exited with ${result.status}: ${result.stderr}`);
  return parseRendererOutput(result.stdout);
}

/**
 * Issues at least `min` certificates, then goes on in blocks until RSS has settled or `max` were
 * issued. No pause follows: an idle process may let V8 give memory back, which the measured run
 * would then start by growing again.
 */
async function warmUp(min: number, max: number, pool: readonly CompletedEnrollment[], issueAll: (list: readonly CompletedEnrollment[]) => Promise<void>): Promise<number> {
  if (max === 0) return 0;
  const rssMb = () => mb(process.memoryUsage().rss);
  const before = rssMb();
  const blocks: number[] = [];
  let issued = 0;
  let settled = false;
  while (issued < max && !settled) {
    const size = Math.min(WARMUP_BLOCK, max - issued);
    await issueAll(pool.slice(issued, issued + size));
    issued += size;
    blocks.push(rssMb());
    if (issued >= min && blocks.length >= 2 * SETTLE_BLOCKS) {
      const last = Math.max(...blocks.slice(-SETTLE_BLOCKS));
      const previous = Math.max(...blocks.slice(-2 * SETTLE_BLOCKS, -SETTLE_BLOCKS));
      settled = last - previous < SETTLE_MB;
    }
  }
  console.log(
    `warm-up: ${issued} certificates (not measured), ${settled ? `until RSS settled` : `stopped at --warmup-max before RSS settled`}: ` +
      `RSS ${fmt(before, 0)} → ${fmt(rssMb(), 0)} MB`,
  );
  return issued;
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const options: Options = readOptions();
  const pinnedCpu = process.env[PINNED_ENV] === undefined ? undefined : Number(process.env[PINNED_ENV]);
  console.log(`CPUs allowed: ${allowedCpus() ?? 'unknown'}${pinnedCpu === undefined ? ' (not pinned: the rate is not per core)' : ` (pinned to CPU ${pinnedCpu})`}; ${loadAverage()}`);

  const cms = await startCms({ keep: options.keep, label: 'lms_bench_certificates' }, {}, { listen: false });
  const services = benchServices(cms.strapi);
  const certificates = cms.strapi.plugin('lms-grading').service('certificates') as unknown as CertificatesService;
  if (typeof certificates?.issueForEnrollment !== 'function') throw new Error('lms-grading has no certificates.issueForEnrollment: is the built plugin up to date?');

  const warmupMax = Math.max(options.warmup, options.warmupMax);
  const total = warmupMax + options.count + 1;
  const generated = Date.now();
  console.log(`generating ${total} completed enrollments (${options.generateConcurrency} in flight)…`);
  const { courses } = await createCertificateCourses(cms.strapi, options.keep);
  await completeEnrollments(cms.strapi, services, courses, total, options.generateConcurrency);
  await waitForOutbox(cms);
  const enrollments = (
    (await cms.strapi.db.connection('lms_enrollments').where({ status: 'completed' }).whereIn('course_document_id', courses.map((c) => c.documentId)).orderBy('id').select('id', 'user_id', 'course_document_id')) as Array<
      Record<string, unknown>
    >
  ).map((r): CompletedEnrollment => ({ enrollmentId: Number(r.id), learnerId: Number(r.user_id), courseDocumentId: String(r.course_document_id) }));
  if (enrollments.length < total) throw new Error(`only ${enrollments.length} of ${total} enrollments completed`);
  console.log(`generated in ${((Date.now() - generated) / 1000).toFixed(0)} s: ${enrollments.length} completed enrollments in ${courses.length} courses (templates: ${courses.map((c) => c.template ?? 'default').join(', ')})`);

  const probe = enrollments[0] as CompletedEnrollment;
  const pool = enrollments.slice(1, total);
  const queries = createQueryCounter(cms.strapi);

  // One certificate alone: its SQL (every statement this process ran meanwhile).
  const probeStarted = performance.now();
  const { result: probeResult, queries: probeSql } = await queries.capture(() => certificates.issueForEnrollment(probe));
  const probeMs = performance.now() - probeStarted;
  if (!probeResult.created) throw new Error(`enrollment ${probe.enrollmentId} already had a certificate`);
  console.log(`\none certificate alone: ${fmt(probeMs, 1)} ms, ${probeSql.length} SQL statements (code ${probeResult.certificate.code})`);

  const issueAll = async (list: readonly CompletedEnrollment[], onDone?: (ms: number) => void) => {
    await forEachConcurrently(list, options.concurrency, async (enrollment) => {
      const started = performance.now();
      const { created } = await certificates.issueForEnrollment(enrollment);
      const ms = performance.now() - started;
      if (!created) throw new Error(`enrollment ${enrollment.enrollmentId} already had a certificate`);
      onDone?.(ms);
    });
  };
  const warmed = await warmUp(options.warmup, warmupMax, pool, issueAll);
  const measured = pool.slice(warmed, warmed + options.count);

  console.log(`\nmeasure: ${measured.length} certificates, ${options.concurrency} at a time; ${loadAverage()}`);
  const times: number[] = [];
  const samples: RssSample[] = [];
  const sample = () => {
    const m = process.memoryUsage();
    samples.push({ issued: times.length, rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed) });
  };
  const progressEvery = Math.max(options.sampleEvery, Math.round(measured.length / 10 / options.sampleEvery) * options.sampleEvery);
  const postgresCpu = await watchPostgresCpu(cms.strapi);
  const queriesBefore = queries.total();
  const cpuBefore = process.cpuUsage();
  sample();
  const started = performance.now();
  // Per stretch of the run: its rate, p95, this process's share of the core and the machine's
  // load, to tell a slow stretch caused by other work on the core from a cost every certificate pays.
  const stretches: Array<{ issued: number; perSecond: number; p95: number; coreShare: number; loadAverage1m: number }> = [];
  let stretch = { at: started, cpu: process.cpuUsage() };
  const issueMeasured = () => issueAll(measured, (ms) => {
    times.push(ms);
    if (times.length % options.sampleEvery === 0) sample();
    if (times.length % progressEvery === 0) {
      const now = performance.now();
      const cpuUsed = process.cpuUsage(stretch.cpu);
      const row = {
        issued: times.length,
        perSecond: progressEvery / ((now - stretch.at) / 1000),
        p95: latencySummary(times.slice(-progressEvery)).p95,
        coreShare: (cpuUsed.user + cpuUsed.system) / 1000 / (now - stretch.at),
        loadAverage1m: os.loadavg()[0] ?? Number.NaN,
      };
      stretches.push(row);
      stretch = { at: now, cpu: process.cpuUsage() };
      const last = samples.at(-1);
      console.log(
        `  ${times.length} issued: last ${progressEvery} at ${fmt(row.perSecond, 1)}/s, p95 ${fmt(row.p95, 0)} ms, core ${fmt(row.coreShare * 100, 0)}% ours, ` +
          `load ${fmt(row.loadAverage1m, 2)}; RSS ${fmt(last?.rssMb, 0)} MB, heap ${fmt(last?.heapUsedMb, 0)} MB`,
      );
    }
  });
  if (options.cpuProfileDir) await withCpuProfile(path.join(options.cpuProfileDir, 'issue.cpuprofile'), issueMeasured);
  else await issueMeasured();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (times.length % options.sampleEvery !== 0) sample();
  const sqlPerCertificate = (queries.total() - queriesBefore) / measured.length;
  const pgCpuMs = await postgresCpu();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const latency = latencySummary(times);
  const memory = memoryTrend(samples);
  const perSecond = measured.length / seconds;
  console.log(`  ${loadAverage()}`);

  // What was stored: rows and codes of the measured enrollments, and a sample of files re-read and hashed.
  await waitForOutbox(cms);
  const knex = cms.strapi.db.connection;
  const ids = measured.map((e) => e.enrollmentId);
  const rows = (await knex(CERTIFICATES_TABLE).whereIn('enrollment_id', ids).select('id', 'code', 'sha256')) as Array<{ id: number; code: string; sha256: string }>;
  const random = seededRandom(3);
  const checked = Array.from({ length: Math.min(FILES_CHECKED, rows.length) }, () => rows[Math.floor(random() * rows.length)] as (typeof rows)[number]);
  let filesMatching = 0;
  let bytes = 0;
  for (const row of checked) {
    const pdf = await certificates.readPdf(row.id);
    bytes += pdf.length;
    if (pdf.subarray(0, 5).toString('latin1') === '%PDF-' && createHash('sha256').update(pdf).digest('hex') === row.sha256) filesMatching += 1;
  }
  const stored = { rows: rows.length, distinctCodes: new Set(rows.map((r) => r.code)).size, filesChecked: checked.length, filesMatching };

  let renderer: RendererFigures | undefined;
  if (options.rendererCount > 0) {
    console.log(`\nbare renderer (render.bench.ts, ${options.rendererCount} renders${pinnedCpu === undefined ? '' : ` on CPU ${pinnedCpu}`}); ${loadAverage()}`);
    renderer = runRenderer(options.rendererCount, pinnedCpu);
  }

  console.log(`\nCertificates issued through certificates.issueForEnrollment, ${measured.length} after ${warmed + 1} warm-up; ${loadAverage()}`);
  console.log(
    renderTable(
      ['', 'count', 'per second', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'RSS start MB', 'RSS end MB'],
      [
        ['issuing path', String(measured.length), fmt(perSecond, 1), fmt(latency.p50, 1), fmt(latency.p95, 1), fmt(latency.p99, 1), fmt(latency.max, 1), fmt(memory.startMb, 0), fmt(memory.endMb, 0)],
        ...(renderer
          ? [['bare renderer', String(renderer.count), fmt(renderer.perSecond, 1), fmt(renderer.p50, 1), fmt(renderer.p95, 1), fmt(renderer.p99, 1), fmt(renderer.max, 1), fmt(renderer.rssStartMb, 0), fmt(renderer.rssEndMb, 0)]]
          : []),
      ],
    ),
  );
  console.log(
    `  this process: ${fmt(cpuMs / measured.length, 1)} ms CPU per certificate (${fmt(1000 / (cpuMs / measured.length), 1)} per CPU-second; it had the core ` +
      `${fmt((cpuMs / 1000 / seconds) * 100, 0)}% of the time); PostgreSQL: ${pgCpuMs === undefined ? 'not measured' : `${fmt(pgCpuMs / measured.length, 1)} ms CPU per certificate (unpinned)`}; ` +
      `${fmt(sqlPerCertificate, 1)} SQL statements per certificate (one alone: ${probeSql.length}); PDFs ${fmt(bytes / Math.max(1, checked.length) / 1024, 0)} KB on average`,
  );
  console.log(`  RSS every ${options.sampleEvery}: start ${fmt(memory.startMb, 0)} MB, max ${fmt(memory.maxMb, 0)} MB, end ${fmt(memory.endMb, 0)} MB; second half ${fmt(memory.secondHalfSlopeMbPer1000, 2)} MB per 1,000; heap floor (live after collections) ${fmt(memory.heapFloorStartMb, 0)} → ${fmt(memory.heapFloorEndMb, 0)} MB`);

  const checks = evaluateCertificateTargets({ count: measured.length, perSecond, pinned: pinnedCpu !== undefined, latency, memory, stored, ...(renderer ? { renderer } : {}) });
  console.log(`\nTargets (issue 4), figure / target = ratio:`);
  printChecks(checks);
  if (options.showSql || checks.some((c) => !c.pass && /p95|per second/.test(c.name))) {
    console.log(`\nSQL of one certificate alone (${probeSql.length} statements):`);
    probeSql.forEach((q, i) => console.log(`  ${String(i + 1).padStart(2)}. ${q.length > 300 ? `${q.slice(0, 300)}…` : q}`));
  }

  const file = writeResultsFile('certificates', startedAt, {
    startedAt,
    settings: { ...options, pinnedCpu, node: process.version, cpus: os.cpus().length, loadAverageAtEnd: os.loadavg() },
    figures: { count: measured.length, seconds, perSecond, latency, cpuMsPerCertificate: cpuMs / measured.length, postgresCpuMsPerCertificate: pgCpuMs === undefined ? null : pgCpuMs / measured.length, sqlPerCertificate },
    stretches,
    memory: { trend: memory, samples },
    renderer,
    stored,
    probe: { ms: probeMs, sql: probeSql },
    checks,
  });
  console.log(`\nresults written to ${file}`);
  if (options.cpuProfileDir) console.log(`CPU profile of the measured run: ${path.relative(repoRoot, options.cpuProfileDir)}/`);
}

/** Pinned already (or told not to pin): run; otherwise run again under taskset. */
function entry(): void {
  if (process.env[PINNED_ENV] !== undefined || process.argv.includes('--unpinned') || process.platform !== 'linux') return runBenchmark(main);
  const { cpu } = readOptions();
  if (allowedCpus() === String(cpu)) {
    process.env[PINNED_ENV] = String(cpu);
    return runBenchmark(main);
  }
  rerunPinned(cpu);
}

try {
  entry();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
