import { writeResultsFile } from '../lib/results-file';
import { fmt, renderTable } from '../lib/stats';
import { checkTargets, ratioOf, TARGETS, type Check, type EndpointRow } from './stats';

export interface BenchReport {
  startedAt: string;
  settings: Record<string, unknown>;
  dataset: Record<string, unknown>;
  rows: EndpointRow[];
  checks: Check[];
}

function tableRow(row: EndpointRow, stock: EndpointRow | undefined): string[] {
  if (!row.load) return [row.label, ...Array<string>(9).fill('–')];
  const { load } = row;
  return [
    row.label,
    fmt(load.requestsPerSecond),
    fmt(load.latencyMs.p50, 0),
    fmt(load.latencyMs.p95, 0),
    fmt(load.latencyMs.p99, 0),
    `${load.errors + load.timeouts}/${load.non2xx}`,
    fmt(load.meanBytesPerResponse / 1024),
    fmt(row.queriesPerRequest, 2),
    String(row.singleRequest?.queries.length ?? '–'),
    row.key === 'stock' ? '1.00×' : `${fmt(ratioOf(row, stock), 2)}×`,
  ];
}

/** Prints the results table, the ratios and a PASS/FAIL line per target; returns the checks. */
export function printReport(rows: EndpointRow[], ourKeys: string[]): Check[] {
  const stock = rows.find((r) => r.key === 'stock');
  const header = ['endpoint', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'err/non2xx', 'KB/resp', 'SQL/req', 'SQL 1 req', 'vs stock'];
  console.log(`\n${renderTable(header, rows.map((r) => tableRow(r, stock)))}`);
  for (const row of rows.filter((r) => r.skipped)) console.log(`  ${row.label}: skipped, ${row.skipped}`);
  console.log(
    '  req/s: responses ÷ seconds under load, over all rounds. p50/p95/p99: exact percentiles of every 2xx latency.\n' +
      '  SQL/req: knex queries run by the cms for the requests it answered during the measured runs ÷ those requests\n' +
      '  (site row: ÷ pages the site served; its catalog cache answers most). SQL 1 req: one request made alone.',
  );

  const ours = rows.filter((r) => ourKeys.includes(r.key));
  const checks = checkTargets(ours, stock);
  console.log(`\nTargets (p95 ≤ ${TARGETS.p95Ms} ms, ≥ ${TARGETS.minRatio}× stock req/s, ≤ ${TARGETS.maxQueries} SQL/request):`);
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.endpoint}: ${c.target} (actual ${c.actual})`);
  if (!stock?.load) console.log('  FAIL  the stock endpoint was not measured, so no ratio');
  return checks;
}

/** The SQL of one request of each endpoint that failed a target, and of the stock endpoint to compare. */
export function printQueriesOfFailures(rows: EndpointRow[], checks: Check[]): void {
  const failing = new Set(checks.filter((c) => !c.pass).map((c) => c.endpoint));
  if (failing.size === 0) return;
  for (const row of rows.filter((r) => failing.has(r.label) || r.key === 'stock')) {
    const queries = row.singleRequest?.queries ?? [];
    console.log(`\nSQL of one request to ${row.label} (${queries.length} queries):`);
    queries.forEach((sql, i) => console.log(`  ${String(i + 1).padStart(2)}. ${sql}`));
  }
}

export function writeReport(report: BenchReport): string {
  return writeResultsFile('catalog', report.startedAt, report);
}
