/**
 * `npm run bench:ledger`: issue 5's ledger figures. "Post 100,000 sales; an instructor's balance
 * with 100,000 entries in p95 ≤ 50 ms; posting throughput ≥ 1,000 sales/s."
 *
 * The real stack in this process: Strapi booted with its HTTP server on a throwaway PostgreSQL
 * database. Content through Strapi's services: an admin user with the Instructor role linked to
 * an instructor profile, a second instructor, and two published courses (one taught alone, one
 * co-taught 70/30 by a course-weights rule recorded through lms-revenue's rules service).
 *
 * 1. Posting: `payment.succeeded` payloads (prices 49–2,999 ZAR, Stripe's fee known for most,
 *    the formula for the rest; paid over the last 12 months) go through lms-revenue's sales service
 *    the way lms-core's batch consumer runs it (decision 037): groups of `--batch` events (default
 *    100, lms-core's default) in one database transaction each, which marks the group consumed
 *    (one insert) and calls `postSales(trx, payloads)`: the instructors of the group's courses in
 *    one query, the rules history once, the splits and balance checks, one insert of the
 *    transaction rows and one of their entries. `--concurrency` transactions in flight (default 8,
 *    as the worker's consumers would run several). Throughput = sales / wall time.
 * 2. Balance: the measured instructor then has one earnings entry per sale (100,000 at full size).
 *    Their balance is read sequentially over HTTP, `GET /lms-revenue/me/balance` with their admin
 *    JWT (authentication, the profile lookup, the SQL sums, names), and as the service call
 *    `balances.list(now, { instructorId })`, after a warm-up; p50/p95/p99 of each. Beside them,
 *    Strapi's `GET /admin/users/me` with the same token: what admin authentication alone costs.
 * 3. Outcome: one transaction per sale, none unbalanced, all entries summing to zero (SQL).
 *
 * A measurement, not a test: it exits 0 when a target fails and prints FAIL for it.
 *
 *   npm run bench:ledger -- [--sales 100000] [--batch 100] [--concurrency 8] [--reads 300] [--warmup-reads 30] [--keep]
 *
 * Run small first (`-- --sales 5000`): the full size posts 100,000 sales (a few minutes).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { loginAdmin } from '../../../tests/harness/admin-login';
import { ENTRIES_TABLE, TRANSACTIONS_TABLE } from '../../../plugins/lms-revenue/server/src/migrations';
import type { BalancesService, RulesService, SalesService } from '../../../plugins/lms-revenue/server/src/services';
import { printChecks } from '../learner/report';
import { runBenchmark } from '../lib/cleanup';
import { createPublished } from '../lib/content';
import { wholeNumber } from '../lib/options';
import { writeResultsFile } from '../lib/results-file';
import { watchPostgresCpu } from '../lib/postgres-cpu';
import { startCms } from '../lib/stack';
import { fmt, latencySummary, renderTable } from '../lib/stats';
import { forEachConcurrently, progress, seededRandom } from '../lib/work';
import { inGroups, markConsumed } from '../lib/batch-consumer';
import { SALES_CONSUMER } from '../../../plugins/lms-revenue/server/src/register';
import { evaluateLedgerTargets, LEDGER_TARGETS } from './report';

const DAY = 86_400_000;
const PASSWORD = 'Bench-Instructor-2026!';

function readOptions() {
  const { values } = parseArgs({
    options: {
      sales: { type: 'string' },
      batch: { type: 'string' },
      concurrency: { type: 'string' },
      reads: { type: 'string' },
      'warmup-reads': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  return {
    sales: wholeNumber('sales', values.sales, LEDGER_TARGETS.sales),
    batch: wholeNumber('batch', values.batch, 100),
    concurrency: wholeNumber('concurrency', values.concurrency, 8),
    reads: wholeNumber('reads', values.reads, 300),
    warmupReads: wholeNumber('warmup-reads', values['warmup-reads'], 30, 0),
    keep: values.keep,
  };
}

interface AdminUserService {
  create(attributes: Record<string, unknown>): Promise<{ id: number }>;
}
interface RoleService {
  findOne(params: Record<string, unknown>): Promise<{ id: number } | null>;
}

/** The measured instructor (an admin user who can sign in), a co-instructor, and their two courses. */
async function createContent(strapi: Core.Strapi, run: string) {
  const role = await (strapi.service('admin::role') as unknown as RoleService).findOne({ code: 'lms-instructor' });
  if (!role) throw new Error('the Instructor admin role is missing (cms bootstrap)');
  const email = `ledger-bench-${run}@example.com`;
  const user = await (strapi.service('admin::user') as unknown as AdminUserService).create({ firstname: 'Ledger', lastname: 'Bench', email, password: PASSWORD, isActive: true, roles: [role.id] });
  const measured = await createPublished(strapi, 'api::instructor.instructor', { name: 'Nomsa Ledger', slug: `nomsa-ledger-${run}`, adminUser: user.id });
  const co = await createPublished(strapi, 'api::instructor.instructor', { name: 'Co Teacher', slug: `co-teacher-${run}`, adminUser: null });
  const course = (title: string, instructor: string, coInstructors: string[]) =>
    createPublished(strapi, 'api::course.course', {
      title,
      slug: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${run}`,
      summary: 'Ledger benchmark',
      level: 'beginner',
      language: 'en',
      pricingModel: 'one_time',
      priceAmount: 49_900,
      currency: 'ZAR',
      instructor,
      coInstructors,
    });
  const solo = await course('Ledger solo course', measured, []);
  const shared = await course('Ledger shared course', measured, [co]);
  const rules = strapi.plugin('lms-revenue').service('rules') as RulesService;
  await rules.record({ kind: 'course-weights', courseId: shared, weights: [{ instructorId: measured, weight: 7000 }, { instructorId: co, weight: 3000 }] }, { adminId: user.id, note: 'bench', now: new Date() });
  return { email, measured, courses: [solo, shared] };
}

/** The payment.succeeded payloads lms-enrollment would emit: seeded, the same every run. */
function salePayloads(count: number, courses: string[], now: number) {
  const random = seededRandom(5);
  return Array.from({ length: count }, (_, i) => {
    const id = crypto.randomUUID();
    const gross = 4_900 + Math.floor(random() * 295_000);
    const known = random() < 0.9;
    const payload = {
      paymentId: i + 1,
      courseId: courses[i % courses.length] as string,
      gross: { amount: gross, currency: 'ZAR' },
      tax: { amount: 0, currency: 'ZAR' },
      // Stripe's fee from the balance transaction (2.9 % + R2), or unknown (the formula/none path).
      fee: known ? { amount: Math.round(gross * 0.029) + 200, currency: 'ZAR' } : null,
      paidAt: new Date(now - Math.floor(random() * 365 * DAY)).toISOString(),
    };
    return { id, payload };
  });
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
  console.log(`bench:ledger: ${options.sales} sales in batches of ${options.batch}, ${options.concurrency} batches in flight; ${options.reads} balance reads after ${options.warmupReads} warm-up`);
  const cms = await startCms({ keep: options.keep, label: 'lms_bench_ledger' });
  const { strapi } = cms;
  const knex = strapi.db.connection as Knex;
  const content = await createContent(strapi, run);
  const sales = strapi.plugin('lms-revenue').service('sales') as SalesService;
  const balances = strapi.plugin('lms-revenue').service('balances') as BalancesService;

  // 1. Posting through the sales service as the batch consumer runs it: one database transaction per batch.
  const events = salePayloads(options.sales, content.courses, Date.now());
  const batches = inGroups(events, options.batch);
  // SQL per sale (knex query events while posting; BEGIN/COMMIT included), and the first batch's statements.
  let queries = 0;
  const firstBatchSql: string[] = [];
  const countQuery = (event: { sql: string }) => {
    queries += 1;
    if (firstBatchSql.length < 40 && perBatch.length === 0) firstBatchSql.push(event.sql);
  };
  const perBatch: number[] = [];
  const postBatch = (batch: typeof events) =>
    strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
      const fresh = await markConsumed(trx, SALES_CONSUMER, batch);
      return sales.postSales(
        trx,
        fresh.map((e) => e.payload),
      );
    });
  await postBatch([{ id: crypto.randomUUID(), payload: { ...(events[0] as (typeof events)[number]).payload, paymentId: options.sales + 1 } }]);
  knex.on('query', countQuery);
  const tick = progress('posted batches', batches.length).tick;
  // CPU per sale, ours and PostgreSQL's: which side a low rate is waiting for.
  const postgresCpu = await watchPostgresCpu(strapi);
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  await forEachConcurrently(batches, options.concurrency, async (batch) => {
    const s = performance.now();
    await postBatch(batch);
    perBatch.push(performance.now() - s);
    tick();
  });
  const seconds = (performance.now() - t0) / 1000;
  knex.off('query', countQuery);
  const cpu = process.cpuUsage(cpuBefore);
  const cmsCpuMsPerSale = (cpu.user + cpu.system) / 1000 / options.sales;
  const pgCpuMs = await postgresCpu();
  const pgCpuMsPerSale = pgCpuMs === undefined ? undefined : pgCpuMs / options.sales;
  const postLatency = latencySummary(perBatch);

  // 3. Outcome, in SQL.
  const [{ n: allSales } = { n: 0 }] = (await knex(TRANSACTIONS_TABLE).where({ kind: 'sale' }).count({ n: '*' })) as Array<{ n: string | number }>;
  // The warm-up sale (one more paymentId) is not part of the measured count.
  const transactions = Number(allSales) - 1;
  const unbalanced = (await knex(ENTRIES_TABLE).select('transaction_id').groupBy('transaction_id').havingRaw('sum(amount) <> 0')) as unknown[];
  const [{ total } = { total: 0 }] = (await knex(ENTRIES_TABLE).sum({ total: 'amount' })) as Array<{ total: string | number | null }>;
  const [{ n: instructorEntries } = { n: 0 }] = (await knex(ENTRIES_TABLE).where({ instructor_id: content.measured }).count({ n: '*' })) as Array<{ n: string | number }>;
  // What autovacuum does to a table after this many inserts (PostgreSQL 13+ vacuums on inserts):
  // statistics and the visibility map, so the balance query can read the covering index alone.
  await knex.raw(`vacuum analyze ${ENTRIES_TABLE}`);
  // The background work the burst left behind finishes before the reads are timed, as it would
  // between one sale and the next in production: lms-analytics folds new ledger entries into its
  // summaries every 15 s (in the worker there; in this one process here), and its first fold
  // after 100,000 sales at once is a bulk job that would otherwise share the reads' CPU.
  const analytics = strapi.plugin('lms-analytics')?.service('summaries') as { refreshLedger(now?: Date): Promise<{ ledgerEntries: number }> } | undefined;
  if (analytics) console.log(`lms-analytics ledger fold before the reads: ${(await analytics.refreshLedger()).ledgerEntries} entries`);

  // 2. The measured instructor's balance: over HTTP, then the service call.
  const authorization = await loginAdmin(cms.cmsUrl, content.email, PASSWORD);
  let shown = '';
  const http = await timedReads(options.reads, options.warmupReads, async () => {
    const res = await fetch(`${cms.cmsUrl}/lms-revenue/me/balance`, { headers: { authorization } });
    const body = await res.text();
    shown = body;
    return res.status === 200;
  });
  // Baseline: Strapi's own smallest authenticated admin route, same token, same client: the
  // admin authentication every admin route pays (JWT, user, roles, permissions).
  const baseline = await timedReads(options.reads, options.warmupReads, async () => (await fetch(`${cms.cmsUrl}/admin/users/me`, { headers: { authorization } })).status === 200);
  const service = await timedReads(options.reads, options.warmupReads, async () => (await balances.list(new Date(), { instructorId: content.measured })).length > 0);

  const figures = {
    sales: options.sales,
    seconds,
    instructorEntries: Number(instructorEntries),
    http,
    service,
    outcome: { transactions: Number(transactions), unbalanced: unbalanced.length, totalSum: Number(total ?? 0) },
  };
  console.log('');
  console.log(`posted ${options.sales} sales in ${fmt(seconds, 1)} s = ${fmt(options.sales / seconds, 0)} sales/s (${os.loadavg().map((l) => l.toFixed(2)).join(' ')} load on ${os.cpus().length} CPUs)`);
  console.log(
    renderTable(
      ['measure', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      [
        [`postSales (one transaction per batch of ${options.batch}, in flight together)`, String(perBatch.length), fmt(postLatency.p50, 2), fmt(postLatency.p95, 2), fmt(postLatency.p99, 2), fmt(postLatency.max, 1)],
        ['GET /lms-revenue/me/balance (HTTP)', String(http.count), fmt(http.p50, 2), fmt(http.p95, 2), fmt(http.p99, 2), fmt(http.max, 1)],
        ['GET /admin/users/me (baseline: admin authentication alone)', String(baseline.count), fmt(baseline.p50, 2), fmt(baseline.p95, 2), fmt(baseline.p99, 2), fmt(baseline.max, 1)],
        ['balances.list (service)', String(service.count), fmt(service.p50, 2), fmt(service.p95, 2), fmt(service.p99, 2), fmt(service.max, 1)],
      ],
    ),
  );
  console.log(`CPU per sale: cms process ${fmt(cmsCpuMsPerSale, 2)} ms, PostgreSQL ${fmt(pgCpuMsPerSale, 2)} ms (so at most ~${fmt(1000 / cmsCpuMsPerSale, 0)} sales/s per core for the cms process)`);
  console.log(`SQL per sale: ${fmt(queries / options.sales, 2)} statements (BEGIN/COMMIT and the consumed marks included); the first batch's statements:\n    ${firstBatchSql.map((q) => q.slice(0, 160)).join('\n    ')}`);
  console.log(`instructor ${content.measured}: ${figures.instructorEntries} ledger entries; balance ${shown.slice(0, 300)}`);
  const checks = evaluateLedgerTargets(figures);
  printChecks(checks);
  const file = writeResultsFile('ledger', startedAt, { options, figures, baseline, postLatency, sqlPerSale: queries / options.sales, cmsCpuMsPerSale, pgCpuMsPerSale, checks });
  console.log(`results: ${file}`);
}

runBenchmark(main);
