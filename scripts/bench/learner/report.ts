/** The learner benchmark's figures: rows per route, the issue's targets, and the printed report. */
import type { PacedResult } from '../lib/paced';
import { fmt, latencySummary, renderTable, type LatencySummary } from '../lib/stats';
import type { WebhookOutcome } from './webhook';

export const TARGETS = { readP95Ms: 200, ratePerMinute: 1000, webhookP99Ms: 100 } as const;
/** The planned arrival rate counts as held when at least this share of it was answered per second. */
export const RATE_HELD_SHARE = 0.95;

export interface RouteRow {
  key: string;
  label: string;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** 2xx answers ÷ seconds under load. */
  okPerSecond: number;
  /** Percentiles of the 2xx answers, from each request's planned send time. */
  latency: LatencySummary;
  /** How late the client sent (p99), to tell a slow server from a client that fell behind. */
  lagP99Ms: number;
  sqlPerRequest?: number;
  sqlSingleRequest?: number;
}

export function summarizeRoute(key: string, label: string, results: readonly PacedResult[], seconds: number): RouteRow {
  const ok = results.filter((r) => r.status >= 200 && r.status < 300);
  return {
    key,
    label,
    sent: results.length,
    ok: ok.length,
    non2xx: results.filter((r) => r.status >= 300).length,
    errors: results.filter((r) => r.status === 0).length,
    okPerSecond: seconds > 0 ? ok.length / seconds : Number.NaN,
    latency: latencySummary(ok.map((r) => r.latencyMs)),
    lagP99Ms: latencySummary(results.map((r) => r.lagMs)).p99,
  };
}

/** The requests slower than a threshold: how many, and when the first and last of them were planned. */
export interface SlowSpan {
  thresholdMs: number;
  count: number;
  /** Epoch ms of the planned sends of the first and last slow request. */
  firstAt?: number;
  lastAt?: number;
}

/**
 * Where the slow requests of a run lie: a few seconds in one place point to a stall (a pause of
 * the cms, of PostgreSQL, or of the machine), spread over the run to a cost paid by every request.
 */
export function slowSpan(results: readonly PacedResult[], thresholdMs: number): SlowSpan {
  const slow = results.filter((r) => r.status === 0 || r.latencyMs > thresholdMs).map((r) => r.plannedAt);
  if (slow.length === 0) return { thresholdMs, count: 0 };
  return { thresholdMs, count: slow.length, firstAt: Math.min(...slow), lastAt: Math.max(...slow) };
}

export function describeSlowSpan(span: SlowSpan): string {
  if (span.count === 0 || span.firstAt === undefined || span.lastAt === undefined) return `none over ${span.thresholdMs} ms`;
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 21);
  return `${span.count} over ${span.thresholdMs} ms, planned ${time(span.firstAt)}–${time(span.lastAt)} UTC (${((span.lastAt - span.firstAt) / 1000).toFixed(1)} s)`;
}

export interface Check {
  name: string;
  /** The route row a latency check is about ('reads' for all reads together). */
  route?: string;
  pass: boolean;
  /** "83 ms / 200 ms = 0.42×" */
  figure: string;
  note?: string;
}

/** "figure unit / target unit = ratio×", the ratio to two decimals. */
export function ratioText(actual: number, target: number, unit: string): string {
  return `${fmt(actual, 0)} ${unit} / ${fmt(target, 0)} ${unit} = ${fmt(actual / target, 2)}×`;
}

export interface TargetInput {
  reads: RouteRow;
  readRoutes: RouteRow[];
  write?: RouteRow;
  baseline?: RouteRow;
  plannedPerSecond: number;
  webhook?: { all: RouteRow; outcome: WebhookOutcome };
}

/** One PASS/FAIL per target of the issue, each with its figure, the target and their ratio. */
export function evaluateTargets(input: TargetInput): Check[] {
  const { reads, baseline } = input;
  const vsBaseline = (row: RouteRow, p: 'p95' | 'p99' = 'p95') =>
    baseline && baseline.ok > 0 ? `${fmt(row.latency[p] / baseline.latency[p], 2)}× the baseline's ${p} (${fmt(baseline.latency[p], 0)} ms)` : 'no baseline measured';
  const p95Check = (row: RouteRow, name: string): Check => ({
    name,
    route: row.key,
    pass: row.ok > 0 && row.latency.p95 <= TARGETS.readP95Ms,
    figure: ratioText(row.latency.p95, TARGETS.readP95Ms, 'ms'),
    note: vsBaseline(row),
  });
  const checks: Check[] = [
    p95Check(reads, `reads (outline + progress) p95 ≤ ${TARGETS.readP95Ms} ms at ${TARGETS.ratePerMinute} req/min`),
    ...input.readRoutes.map((row) => p95Check(row, `${row.label} p95 ≤ ${TARGETS.readP95Ms} ms`)),
  ];
  const all = [reads, ...(input.write ? [input.write] : [])];
  const answered = all.reduce((n, r) => n + r.ok, 0);
  const perSecond = all.reduce((n, r) => n + r.okPerSecond, 0);
  checks.push({
    name: `arrival rate held (≥ ${RATE_HELD_SHARE * 100}% of ${fmt(input.plannedPerSecond)} req/s answered)`,
    pass: answered > 0 && perSecond >= input.plannedPerSecond * RATE_HELD_SHARE,
    figure: `${fmt(perSecond, 2)} req/s / ${fmt(input.plannedPerSecond, 2)} req/s = ${fmt(perSecond / input.plannedPerSecond, 2)}×`,
    note: `client send lag p99 ${fmt(Math.max(...all.map((r) => r.lagP99Ms)), 0)} ms`,
  });
  const failed = [...all, ...(baseline ? [baseline] : [])].reduce((n, r) => n + r.non2xx + r.errors, 0);
  checks.push({ name: 'learner load and baseline: no errors, no non-2xx', pass: failed === 0, figure: `${failed} failed of ${[...all, ...(baseline ? [baseline] : [])].reduce((n, r) => n + r.sent, 0)}` });

  if (input.webhook) {
    const { all: hook, outcome } = input.webhook;
    checks.push({
      name: `webhook acknowledgement p99 ≤ ${TARGETS.webhookP99Ms} ms`,
      route: 'webhook',
      pass: hook.ok > 0 && hook.latency.p99 <= TARGETS.webhookP99Ms,
      figure: ratioText(hook.latency.p99, TARGETS.webhookP99Ms, 'ms'),
      note: vsBaseline(hook, 'p99'),
    });
    const once = outcome.storedRows === outcome.events && outcome.outboxEvents === outcome.events && outcome.answeredNew === outcome.events;
    checks.push({
      name: 'webhook: every delivery 200, each event recorded and queued once',
      pass: hook.non2xx + hook.errors === 0 && hook.ok === outcome.deliveries && once,
      figure:
        `${hook.ok}/${outcome.deliveries} answered 200; ${outcome.events} events → ${outcome.storedRows} rows, ${outcome.outboxEvents} outbox events, ` +
        `${outcome.answeredNew} answered new, ${outcome.answeredDuplicate} duplicate`,
    });
  }
  return checks;
}

export function routeTable(rows: RouteRow[]): string {
  const header = ['route', 'sent', '2xx', 'non2xx/err', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'SQL/req', 'SQL 1 req'];
  return renderTable(
    header,
    rows.map((r) => [
      r.label,
      String(r.sent),
      String(r.ok),
      `${r.non2xx}/${r.errors}`,
      fmt(r.okPerSecond, 2),
      fmt(r.latency.p50, 0),
      fmt(r.latency.p95, 0),
      fmt(r.latency.p99, 0),
      fmt(r.latency.max, 0),
      fmt(r.sqlPerRequest, 1),
      r.sqlSingleRequest === undefined ? '–' : String(r.sqlSingleRequest),
    ]),
  );
}

export function printChecks(checks: Check[]): void {
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.figure}${c.note ? `; ${c.note}` : ''}`);
}
