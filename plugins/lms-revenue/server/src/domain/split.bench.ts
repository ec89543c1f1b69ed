/**
 * Micro-benchmark of the pure ledger core (no database), on one core:
 *   taskset -c 0 node --import tsx plugins/lms-revenue/server/src/domain/split.bench.ts [sales]
 * Per sale: rulesInForceAt over a 40-change history, saleFromPayment, splitSale (VAT, fee,
 * co-instructor shares, waterfall, balance check) and turning the postings into the rows a ledger
 * table would take; every tenth sale is partly refunded. Then deriveBalances over one
 * instructor's postings. The end-to-end target (`npm run bench:ledger`, next session,
 * with Postgres): ≥ 1,000 sales/s posted, an instructor's balance over 100,000 entries p95 ≤ 50 ms.
 */
import { performance } from 'node:perf_hooks';
import { money } from '@lms/plugin-lms-core/server';
import { deriveBalances } from './balances';
import { type LedgerTransaction, type Posting } from './ledger';
import { reverseSale } from './reverse';
import { type RuleRecord, rulesInForceAt } from './rules';
import { saleFromPayment, splitSale } from './split';

const count = Number(process.argv[2] ?? 100_000);
const EPOCH = Date.UTC(2026, 0, 1);
const instructors = ['ana', 'ben', 'cy', 'dee', 'eve', 'fay', 'gus', 'hal'];

const history: RuleRecord[] = [];
for (let i = 0; i < 40; i += 1) {
  const at = new Date(EPOCH + i * 3_600_000);
  const base = { id: i + 1, effectiveFrom: at, recordedAt: at };
  if (i % 4 === 0) history.push({ ...base, kind: 'default-share', instructorShare: 6000 + i * 10 });
  else if (i % 4 === 1) history.push({ ...base, kind: 'instructor-share', instructorId: instructors[i % instructors.length] as string, instructorShare: 7500 });
  else if (i % 4 === 2) history.push({ ...base, kind: 'course-weights', courseId: `c${i % 10}`, weights: [{ instructorId: 'ana', weight: 6000 }, { instructorId: 'ben', weight: 4000 }] });
  else history.push({ ...base, kind: 'vat', currency: 'ZAR', vat: { rate: 1500, prices: 'inclusive' } });
}
history.push({ id: 100, effectiveFrom: new Date(EPOCH), recordedAt: new Date(EPOCH), kind: 'fee-formula', currency: 'ZAR', formula: { rate: 290, fixed: 200 } });

interface Row {
  reference: string;
  account: string;
  currency: string;
  amount: number;
  available_at: Date | null;
}
const toRows = (tx: LedgerTransaction): Row[] =>
  tx.postings.map((p) => ({ reference: tx.reference, account: p.account, currency: p.amount.currency, amount: p.amount.amount, available_at: p.availableAt }));

function postOne(i: number, sink: Row[]): void {
  const paidAt = new Date(EPOCH + 2 * 86_400_000 + i * 1000);
  const sale = saleFromPayment(
    {
      paymentId: i,
      courseId: `c${i % 10}`,
      gross: money(10_000 + (i % 97) * 1_337, 'ZAR'),
      tax: money(0, 'ZAR'),
      fee: i % 3 === 0 ? null : money(300 + (i % 50), 'ZAR'),
      paidAt: paidAt.toISOString(),
    },
    [instructors[i % instructors.length] as string],
  );
  const split = splitSale(sale, rulesInForceAt(history, sale.occurredAt));
  for (const row of toRows(split.transaction)) sink.push(row);
  if (i % 10 === 0) {
    const refund = reverseSale({ sale: split.transaction, previous: [], amount: money(5_000, 'ZAR'), cause: 'refund', reference: `r${i}`, occurredAt: paidAt });
    for (const row of toRows(refund.transaction)) sink.push(row);
  }
}

function main(): void {
  const warm: Row[] = [];
  for (let i = 0; i < 2_000; i += 1) postOne(i, warm);
  const rows: Row[] = [];
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const t = performance.now();
    postOne(i, rows);
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => ((times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] as number) * 1000).toFixed(0);
  console.log(`${count} sales split and posted in ${seconds.toFixed(2)} s: ${Math.round(count / seconds)} sales/s, ${rows.length} posting rows`);
  console.log(`per sale µs: p50 ${pct(50)}, p95 ${pct(95)}, p99 ${pct(99)}`);

  // One instructor's balance over their postings, as the service would read them.
  const ana: Posting[] = rows
    .filter((r) => r.account === 'instructor:ana')
    .map((r) => ({ account: 'instructor:ana', amount: money(r.amount, r.currency), availableAt: r.available_at }));
  const now = new Date(EPOCH + 40 * 86_400_000);
  const balanceTimes: number[] = [];
  for (let k = 0; k < 50; k += 1) {
    const t = performance.now();
    deriveBalances(ana, now);
    balanceTimes.push(performance.now() - t);
  }
  balanceTimes.sort((a, b) => a - b);
  console.log(`deriveBalances over ${ana.length} postings: p50 ${(balanceTimes[25] as number).toFixed(1)} ms, p95 ${(balanceTimes[47] as number).toFixed(1)} ms`);
}

main();
