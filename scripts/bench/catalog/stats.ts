/** Pure helpers of the catalog benchmark: rounds added up, and the targets. */
import { fmt, latencySummary } from '../lib/stats';

/** What one autocannon run (one round) sends back from the child process. */
export interface RawLoad {
  durationSeconds: number;
  /** Responses received, whatever their status. */
  completed: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytes2xx: number;
  latenciesMs: number[];
}

/** The rounds of one endpoint, added up. */
export interface LoadResult {
  rounds: number;
  durationSeconds: number;
  completed: number;
  /** Responses received ÷ seconds under load. */
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  meanBytesPerResponse: number;
}

export function summarizeRounds(rounds: readonly RawLoad[]): LoadResult {
  const sum = (pick: (r: RawLoad) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  const latencies = rounds.flatMap((r) => r.latenciesMs);
  const durationSeconds = sum((r) => r.durationSeconds);
  const completed = sum((r) => r.completed);
  return {
    rounds: rounds.length,
    durationSeconds,
    completed,
    requestsPerSecond: durationSeconds ? completed / durationSeconds : 0,
    latencyMs: latencySummary(latencies),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    meanBytesPerResponse: latencies.length ? sum((r) => r.bytes2xx) / latencies.length : 0,
  };
}

export interface EndpointRow {
  key: string;
  label: string;
  path: string;
  load?: LoadResult;
  /** Why the row was not measured (e.g. the site is not built). */
  skipped?: string;
  /** SQL queries issued while serving requests during the run, per completed response. */
  queriesPerRequest?: number;
  /** SQL of one request made on its own, outside the load. */
  singleRequest?: { status: number; bytes: number; queries: string[] };
}

export const TARGETS = { p95Ms: 150, minRatio: 5, maxQueries: 6 } as const;

export interface Check {
  endpoint: string;
  target: string;
  actual: string;
  pass: boolean;
}

/** The three targets, checked for every row of our catalog API against the stock row. */
export function checkTargets(ours: EndpointRow[], stock: EndpointRow | undefined): Check[] {
  const checks: Check[] = [];
  const stockRps = stock?.load?.requestsPerSecond;
  for (const row of ours) {
    if (!row.load) continue;
    const { p95 } = row.load.latencyMs;
    checks.push({ endpoint: row.label, target: `p95 ≤ ${TARGETS.p95Ms} ms`, actual: `${fmt(p95)} ms`, pass: p95 <= TARGETS.p95Ms });
    if (stockRps !== undefined) {
      const ratio = ratioOf(row, stock);
      checks.push({
        endpoint: row.label,
        target: `throughput ≥ ${TARGETS.minRatio}× stock`,
        actual: `${fmt(ratio, 2)}×`,
        pass: ratio >= TARGETS.minRatio,
      });
    }
    const q = row.queriesPerRequest ?? Number.NaN;
    checks.push({ endpoint: row.label, target: `≤ ${TARGETS.maxQueries} SQL queries/request`, actual: fmt(q, 2), pass: q <= TARGETS.maxQueries });
  }
  return checks;
}

export function ratioOf(row: EndpointRow, stock: EndpointRow | undefined): number {
  const ours = row.load?.requestsPerSecond;
  const theirs = stock?.load?.requestsPerSecond;
  return ours !== undefined && theirs ? ours / theirs : Number.NaN;
}
