/** Pure helpers of the catalog benchmark: percentiles, targets and the printed table. */

/** Nearest-rank percentile (the value below which p% of the samples fall); NaN for no samples. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  const index = Math.min(sortedAscending.length - 1, Math.max(0, rank - 1));
  return sortedAscending[index] ?? Number.NaN;
}

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
  const latencies = rounds.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const durationSeconds = sum((r) => r.durationSeconds);
  const completed = sum((r) => r.completed);
  return {
    rounds: rounds.length,
    durationSeconds,
    completed,
    requestsPerSecond: durationSeconds ? completed / durationSeconds : 0,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
      mean: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : Number.NaN,
    },
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

export function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits);
}

/** A plain-text table with right-aligned numbers (every column but the first). */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
