/** The ledger benchmark's figures against issue 5's targets (pure). */
import type { Check } from '../learner/report';
import { fmt, type LatencySummary } from '../lib/stats';

export const LEDGER_TARGETS = { sales: 100_000, salesPerSecond: 1_000, balanceP95Ms: 50, entries: 100_000 } as const;

export interface LedgerFigures {
  sales: number;
  seconds: number;
  /** The instructor whose balance is read: their ledger entries. */
  instructorEntries: number;
  http: LatencySummary & { count: number; failed: number };
  service: LatencySummary & { count: number };
  /** Database checks after posting: rows and the double-entry invariant. */
  outcome: { transactions: number; unbalanced: number; totalSum: number };
}

/** "31.4 ms / 50 ms = 0.63×": sub-millisecond precision matters at these latencies. */
const msRatio = (p95: number) => `${fmt(p95, 1)} ms / ${LEDGER_TARGETS.balanceP95Ms} ms = ${fmt(p95 / LEDGER_TARGETS.balanceP95Ms, 2)}×`;

export function evaluateLedgerTargets(f: LedgerFigures): Check[] {
  const perSecond = f.sales / f.seconds;
  const atSize = f.instructorEntries >= LEDGER_TARGETS.entries;
  const sizeNote = atSize ? `${f.instructorEntries} entries` : `only ${f.instructorEntries} entries (target size ${LEDGER_TARGETS.entries}: run with --sales ${LEDGER_TARGETS.sales})`;
  return [
    {
      name: `posting throughput ≥ ${LEDGER_TARGETS.salesPerSecond} sales/s`,
      pass: perSecond >= LEDGER_TARGETS.salesPerSecond,
      figure: `${fmt(perSecond, 0)} sales/s / ${LEDGER_TARGETS.salesPerSecond} sales/s = ${fmt(perSecond / LEDGER_TARGETS.salesPerSecond, 2)}×`,
      note: `${f.sales} sales in ${fmt(f.seconds, 1)} s`,
    },
    {
      name: `an instructor's balance over HTTP (GET /lms-revenue/me/balance) p95 ≤ ${LEDGER_TARGETS.balanceP95Ms} ms`,
      pass: f.http.count > 0 && f.http.failed === 0 && f.http.p95 <= LEDGER_TARGETS.balanceP95Ms,
      figure: msRatio(f.http.p95),
      note: `${sizeNote}; ${f.http.failed} failed of ${f.http.count}`,
    },
    {
      name: `the same balance, service call (balances.list) p95 ≤ ${LEDGER_TARGETS.balanceP95Ms} ms`,
      pass: f.service.count > 0 && f.service.p95 <= LEDGER_TARGETS.balanceP95Ms,
      figure: msRatio(f.service.p95),
      note: sizeNote,
    },
    {
      name: 'every sale posted once, every transaction balanced, the ledger sums to zero',
      pass: f.outcome.transactions === f.sales && f.outcome.unbalanced === 0 && f.outcome.totalSum === 0,
      figure: `${f.outcome.transactions}/${f.sales} transactions, ${f.outcome.unbalanced} unbalanced, total ${f.outcome.totalSum}`,
    },
  ];
}
