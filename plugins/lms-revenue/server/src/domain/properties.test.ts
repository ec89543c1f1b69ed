/**
 * Property-based tests (fast-check) over random prices, currencies, shares, co-instructor
 * weights, VAT modes, fees, fee treatments, sequences of partial refunds and payouts. Each
 * property states an invariant of the ledger that must hold for every input, not an example.
 * A failure prints the shrunk counterexample and the seed to replay it (`fc.assert` options).
 */
import { type CurrencyCode, allocate, money } from '@lms/plugin-lms-core/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORM_ACCOUNTS, parseAccount } from './accounts';
import { deriveBalances } from './balances';
import { RevenueError } from './errors';
import { type LedgerTransaction, type Posting, assertBalanced, postingAmount } from './ledger';
import { decidePayoutRequest, payoutPaidTransaction, payoutReleasedTransaction, payoutRequestTransaction } from './payouts';
import { reverseSale } from './reverse';
import { type CoInstructorWeight, DEFAULT_RULES, type RevenueRules, type RuleChange, type RuleRecord, rulesInForceAt } from './rules';
import { type SaleInput, splitSale } from './split';

const DAY = 86_400_000;
const EPOCH = Date.UTC(2026, 0, 1);
const IDS = ['ana', 'ben', 'cy', 'dee', 'eve'] as const;

const currencyArb = fc.constantFrom<CurrencyCode>('USD', 'ZAR', 'EUR', 'JPY', 'KWD');
const bpArb = fc.integer({ min: 0, max: 10_000 });
const idArb = fc.constantFrom(...IDS);

/** 1–4 distinct co-instructors with positive weights adding up to exactly 10,000. */
const weightsArb: fc.Arbitrary<CoInstructorWeight[]> = fc.uniqueArray(idArb, { minLength: 1, maxLength: 4 }).chain((ids) =>
  fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: ids.length, maxLength: ids.length }).map((ratios) =>
    allocate(money(10_000, 'USD'), ratios).map((w, i) => ({ instructorId: ids[i] as string, weight: w.amount })),
  ),
);

const rulesArb: fc.Arbitrary<RevenueRules> = fc
  .record({
    defaultInstructorShare: bpArb,
    overrides: fc.array(fc.tuple(idArb, bpArb), { maxLength: 3 }),
    courseShare: fc.option(bpArb),
    weights: fc.option(weightsArb),
    vatRate: fc.option(fc.integer({ min: 0, max: 3000 })),
    prices: fc.constantFrom('inclusive' as const, 'exclusive' as const),
    feeTreatment: fc.constantFrom('deducted-before-split' as const, 'absorbed-by-platform' as const),
    formula: fc.option(fc.record({ rate: fc.integer({ min: 0, max: 1000 }), fixed: fc.integer({ min: 0, max: 500 }) })),
    holdingDays: fc.integer({ min: 0, max: 60 }),
  })
  .map((r) => ({
    ...DEFAULT_RULES,
    defaultInstructorShare: r.defaultInstructorShare,
    instructorShares: Object.fromEntries(r.overrides),
    courseShares: Object.fromEntries(r.courseShare === null ? [] : [['c1', r.courseShare]]),
    courseWeights: Object.fromEntries(r.weights === null ? [] : [['c1', r.weights]]),
    feeTreatment: r.feeTreatment,
    holdingDays: r.holdingDays,
    // The rules are per currency; give every test currency the same ones.
    vat: r.vatRate === null ? {} : Object.fromEntries(['USD', 'ZAR', 'EUR', 'JPY', 'KWD'].map((c) => [c, { rate: r.vatRate as number, prices: r.prices }])),
    feeFormulas: r.formula === null ? {} : Object.fromEntries(['USD', 'ZAR', 'EUR', 'JPY', 'KWD'].map((c) => [c, r.formula as { rate: number; fixed: number }])),
  }));

/** Mostly everyday prices, sometimes enormous ones (exactness near the safe-integer limit). */
const grossArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 5_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 50 }) },
);

const saleArb = (reference: string, dayArb = fc.integer({ min: 0, max: 120 })): fc.Arbitrary<SaleInput> =>
  fc
    .record({
      currency: currencyArb,
      gross: grossArb,
      taxPermille: fc.option(fc.integer({ min: 0, max: 400 }), { freq: 3 }),
      fee: fc.option(fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.nat({ max: 5_000_000 })), { freq: 3 }),
      instructors: fc.uniqueArray(idArb, { maxLength: 3 }),
      day: dayArb,
    })
    .map((s) => ({
      reference,
      courseId: 'c1',
      courseInstructorIds: s.instructors,
      gross: money(s.gross, s.currency),
      tax: money(s.taxPermille === null ? 0 : Math.floor((s.gross * s.taxPermille) / 1000), s.currency),
      fee: s.fee === null ? null : money(s.fee, s.currency),
      occurredAt: new Date(EPOCH + s.day * DAY),
    }));

const sum = (postings: readonly Posting[]) => postings.reduce((t, p) => t + BigInt(p.amount.amount), 0n);
const isInstructor = (p: Posting) => parseAccount(p.account).kind !== 'platform';
/** Reversals give the fee's part back through the platform, so the two are one line for limits. */
const line = (account: string) => (account === PLATFORM_ACCOUNTS.processingFees ? PLATFORM_ACCOUNTS.platformRevenue : account);

describe('properties of splitSale', () => {
  it('balances to zero; parts add up to the gross; no share is negative except the platform’s stated losses', () => {
    fc.assert(
      fc.property(saleArb('payment:1'), rulesArb, (sale, rules) => {
        const split = splitSale(sale, rules);
        const tx = split.transaction;
        expect(sum(tx.postings)).toBe(0n);
        expect(() => assertBalanced(tx)).not.toThrow();
        const G = BigInt(sale.gross.amount);
        const V = BigInt(split.vat.amount.amount);
        const F = BigInt(split.fee.amount.amount);
        const P = BigInt(split.platform.amount);
        const R = BigInt(split.rounding.amount);
        const I = split.instructors.reduce((t, i) => t + BigInt(i.amount.amount), 0n);
        expect(V + F + P + R + I).toBe(G);
        expect(postingAmount(tx.postings, 'customer_payments')).toBe(-G);

        expect(V >= 0n && V <= G).toBe(true);
        expect(F >= 0n).toBe(true);
        expect(R >= 0n && R < BigInt(split.instructors.length + 1)).toBe(true);
        for (const i of split.instructors) {
          expect(i.amount.amount).toBeGreaterThanOrEqual(0);
          // Rounded down, by less than one minor unit.
          const num = BigInt(i.exact.num);
          const den = BigInt(i.exact.den);
          expect(BigInt(i.amount.amount) * den <= num && num < (BigInt(i.amount.amount) + 1n) * den).toBe(true);
        }
        for (const p of tx.postings) {
          if (p.account === 'customer_payments') continue;
          if (p.amount.amount < 0) {
            // Only the platform can lose on a sale, and only where a warning says so.
            expect(p.account).toBe('platform_revenue');
            expect(split.warnings.some((w) => w.code === 'platform-loss' || w.code === 'fee-exceeds-net')).toBe(true);
          }
        }
        // Instructors' weights × shares never exceed the base.
        expect(I <= BigInt(split.base.amount)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('uses the rules as given: the same sale under the same rules gives the same postings', () => {
    fc.assert(
      fc.property(saleArb('payment:1'), rulesArb, (sale, rules) => {
        expect(splitSale(sale, rules)).toEqual(splitSale(structuredClone(sale), structuredClone(rules)));
      }),
      { numRuns: 50 },
    );
  });
});

/** A refund step: a permille of what is left (at least one unit), the rest, or more than is left. */
const refundStepArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 1000 }).map((permille) => ({ permille })) },
  { weight: 1, arbitrary: fc.constant('full' as const) },
  { weight: 1, arbitrary: fc.constant('too-much' as const) },
);

describe('properties of reverseSale', () => {
  it('partial refunds balance, only take back, stay proportional, and never exceed what was posted', () => {
    fc.assert(
      fc.property(saleArb('payment:1'), rulesArb, fc.array(refundStepArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (input, rules, steps, chargeback) => {
        const sale = splitSale(input, rules).transaction;
        const G = BigInt(input.gross.amount);
        const posted = new Map<string, bigint>();
        for (const p of sale.postings) if (p.account !== 'customer_payments') posted.set(line(p.account), (posted.get(line(p.account)) ?? 0n) + BigInt(p.amount.amount));
        const previous: LedgerTransaction[] = [];
        let reversed = 0n;
        for (const [n, step] of steps.entries()) {
          const left = G - reversed;
          const reverse = (amount: Parameters<typeof reverseSale>[0]['amount']) =>
            reverseSale({ sale, previous, amount, cause: chargeback ? 'chargeback' : 'refund', reference: `r${n}`, occurredAt: new Date(EPOCH + 200 * DAY) });
          if (left === 0n || step === 'too-much') {
            // Asking for more than is left is refused, and nothing is posted.
            const error = (() => {
              try {
                reverse(left === 0n ? 'full' : money(Number(left + 1n), input.gross.currency));
              } catch (e) {
                return e;
              }
              return null;
            })();
            expect(error).toBeInstanceOf(RevenueError);
            expect((error as RevenueError).code).toBe(left === 0n ? 'already-fully-reversed' : 'refund-exceeds-remaining');
            continue;
          }
          const amount = step === 'full' ? left : BigInt(Math.max(1, Math.floor((Number(left) * step.permille) / 1000)));
          const capacity = new Map<string, bigint>();
          for (const [account, value] of posted) capacity.set(account, value - reversedOn(previous, account));
          const r = reverse(step === 'full' ? 'full' : money(Number(amount > left ? left : amount), input.gross.currency));
          const R = BigInt(r.amount.amount);
          expect(sum(r.transaction.postings)).toBe(0n);
          expect(postingAmount(r.transaction.postings, 'customer_payments')).toBe(R);
          for (const p of r.transaction.postings) {
            if (p.account === 'customer_payments') continue;
            // A reversal only takes back (negative) and never touches the kept processing fee.
            expect(p.amount.amount).toBeLessThan(0);
            expect(p.account).not.toBe('processing_fees');
            // Within one unit of its proportional part of what the line still held.
            const c = capacity.get(p.account) as bigint;
            const exactTimesLeft = c * R; // exact part = c × R / left
            const part = BigInt(-p.amount.amount);
            expect(part * left - exactTimesLeft < left && exactTimesLeft - part * left < left).toBe(true);
          }
          previous.push(r.transaction);
          reversed += R;
          // Cumulatively, no line gives back more than it received, and the total never exceeds the gross.
          for (const [account, value] of posted) expect(reversedOn(previous, account) <= value).toBe(true);
          expect(reversed <= G).toBe(true);
          expect(r.full).toBe(reversed === G);
        }
        if (reversed === G) {
          // Fully reversed: every line is back to zero; the platform has paid the processor's fee.
          const all = [sale, ...previous].flatMap((t) => t.postings);
          for (const account of new Set(all.map((p) => p.account))) {
            if (account === 'platform_revenue' || account === 'processing_fees') continue;
            expect(postingAmount(all, account)).toBe(0n);
          }
          expect(postingAmount(all, 'platform_revenue') + postingAmount(all, 'processing_fees')).toBe(0n);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function reversedOn(reversals: readonly LedgerTransaction[], account: string): bigint {
  let total = 0n;
  for (const tx of reversals) for (const p of tx.postings) if (line(p.account) === account) total -= BigInt(p.amount.amount);
  return total;
}

/** One thing happening to the ledger, on a day. */
type Event =
  | { type: 'sale'; sale: SaleInput }
  | { type: 'refund'; saleIndex: number; permille: number | 'full'; chargeback: boolean; day: number }
  | { type: 'payout'; instructor: string; minimum: number; outcome: 'paid' | 'rejected' | 'failed' | 'open'; day: number };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 4, arbitrary: saleArb('', fc.integer({ min: 0, max: 200 })).map((sale) => ({ type: 'sale' as const, sale })) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('refund' as const),
      saleIndex: fc.nat(),
      permille: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant('full' as const)),
      chargeback: fc.boolean(),
      day: fc.integer({ min: 0, max: 260 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('payout' as const),
      instructor: idArb,
      minimum: fc.integer({ min: 0, max: 5000 }),
      outcome: fc.constantFrom('paid' as const, 'rejected' as const, 'failed' as const, 'open' as const),
      day: fc.integer({ min: 0, max: 260 }),
    }),
  },
);

describe('properties of the whole ledger', () => {
  it('instructors’ balances plus the platform’s equal net revenue, whatever sales, refunds and payouts happened', () => {
    fc.assert(
      fc.property(rulesArb, fc.array(eventArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 300 }), (rules, events, nowDay) => {
        const ledger: LedgerTransaction[] = [];
        const sales: LedgerTransaction[] = [];
        const openPayouts = new Map<string, { payoutId: string; status: 'requested'; amount: ReturnType<typeof money> }>();
        let sequence = 0;
        for (const event of events) {
          sequence += 1;
          if (event.type === 'sale') {
            const tx = splitSale({ ...event.sale, reference: `payment:${sequence}` }, rules).transaction;
            for (const p of tx.postings) if (isInstructor(p)) expect(p.amount.amount).toBeGreaterThanOrEqual(0);
            ledger.push(tx);
            sales.push(tx);
          } else if (event.type === 'refund') {
            const sale = sales[event.saleIndex % Math.max(1, sales.length)];
            if (!sale) continue;
            const previous = ledger.filter((t) => t.reverses === sale.reference);
            const left = -postingAmount(sale.postings, 'customer_payments') - previous.reduce((t, r) => t + postingAmount(r.postings, 'customer_payments'), 0n);
            if (left === 0n) continue;
            const amount = event.permille === 'full' ? 'full' : money(Math.max(1, Math.floor((Number(left) * event.permille) / 1000)), sale.currency);
            const tx = reverseSale({ sale, previous, amount, cause: event.chargeback ? 'chargeback' : 'refund', reference: `r${sequence}`, occurredAt: new Date(EPOCH + event.day * DAY) }).transaction;
            for (const p of tx.postings) if (isInstructor(p)) expect(p.amount.amount).toBeLessThan(0);
            ledger.push(tx);
          } else {
            const at = new Date(EPOCH + event.day * DAY);
            const currency = sales[0]?.currency ?? 'USD';
            const key = `${event.instructor}/${currency}`;
            const balance = deriveBalances(ledger.flatMap((t) => t.postings), at).find((b) => b.instructorId === event.instructor && b.currency === currency);
            if (!balance) continue;
            const open = openPayouts.get(key);
            const decision = decidePayoutRequest(balance, money(event.minimum, currency), open ? [open] : []);
            if (open) expect(decision).toMatchObject({ ok: false, code: 'open-request-exists' });
            if (!decision.ok) continue;
            expect(decision.amount.amount).toBeGreaterThanOrEqual(event.minimum);
            expect(decision.amount.amount).toBeLessThanOrEqual(balance.available.amount);
            const step = { payoutId: String(sequence), instructorId: event.instructor, amount: decision.amount, occurredAt: at };
            ledger.push(payoutRequestTransaction(step));
            const after = deriveBalances(ledger.flatMap((t) => t.postings), at).find((b) => b.instructorId === event.instructor && b.currency === currency);
            // The reservation comes out of available, never below zero.
            expect(after?.available.amount).toBe(balance.available.amount - decision.amount.amount);
            if (event.outcome === 'open') openPayouts.set(key, { payoutId: step.payoutId, status: 'requested', amount: decision.amount });
            else ledger.push(event.outcome === 'paid' ? payoutPaidTransaction(step) : payoutReleasedTransaction(step));
          }
        }

        for (const tx of ledger) expect(sum(tx.postings)).toBe(0n);
        const all = ledger.flatMap((t) => t.postings);
        const now = new Date(EPOCH + nowDay * DAY);
        const balances = deriveBalances(all, now);
        const currencies = new Set(all.map((p) => p.amount.currency));
        for (const currency of currencies) {
          const inCurrency = all.filter((p) => p.amount.currency === currency);
          // Net revenue: what learners paid and kept paid, less VAT and processing fees.
          const netRevenue = -(
            postingAmount(inCurrency, 'customer_payments') +
            postingAmount(inCurrency, 'vat_payable') +
            postingAmount(inCurrency, 'processing_fees')
          );
          const platform = postingAmount(inCurrency, 'platform_revenue') + postingAmount(inCurrency, 'platform_rounding');
          let instructors = 0n;
          for (const b of balances.filter((x) => x.currency === currency)) {
            expect(b.pending.amount).toBeGreaterThanOrEqual(0);
            expect(b.requested.amount).toBeGreaterThanOrEqual(0);
            expect(b.paid.amount).toBeGreaterThanOrEqual(0);
            expect(b.available.amount === 0 || b.carriedForward.amount === 0).toBe(true);
            instructors += BigInt(b.pending.amount + b.available.amount - b.carriedForward.amount + b.requested.amount + b.paid.amount);
          }
          expect(instructors + platform).toBe(netRevenue);
          // And the ledger as a whole sums to zero.
          expect(sum(inCurrency)).toBe(0n);
        }
      }),
      { numRuns: 150 },
    );
  });
});

const changeArb: fc.Arbitrary<RuleChange> = fc.oneof(
  bpArb.map((instructorShare) => ({ kind: 'default-share' as const, instructorShare })),
  fc.record({ kind: fc.constant('instructor-share' as const), instructorId: idArb, instructorShare: fc.option(bpArb) }),
  fc.record({ kind: fc.constant('course-share' as const), courseId: fc.constant('c1'), instructorShare: fc.option(bpArb) }),
  fc.record({ kind: fc.constant('course-weights' as const), courseId: fc.constant('c1'), weights: fc.option(weightsArb) }),
  fc.record({
    kind: fc.constant('vat' as const),
    currency: currencyArb,
    vat: fc.option(fc.record({ rate: fc.integer({ min: 0, max: 3000 }), prices: fc.constantFrom('inclusive' as const, 'exclusive' as const) })),
  }),
  fc.record({ kind: fc.constant('fee-treatment' as const), treatment: fc.constantFrom('deducted-before-split' as const, 'absorbed-by-platform' as const) }),
  fc.record({ kind: fc.constant('holding-days' as const), days: fc.integer({ min: 0, max: 90 }) }),
);

const historyArb = (minDay: number, maxDay: number) =>
  fc.array(
    fc.record({ change: changeArb, recordedDay: fc.integer({ min: minDay, max: maxDay }), delayDays: fc.integer({ min: 0, max: 30 }) }),
    { maxLength: 15 },
  );

describe('properties of rulesInForceAt', () => {
  it('a change recorded after a sale never alters the rules the sale was split with, nor its postings', () => {
    fc.assert(
      fc.property(historyArb(0, 100), historyArb(101, 200), fc.integer({ min: 0, max: 100 }), saleArb('payment:1', fc.constant(0)), (before, after, saleDay, sale) => {
        let id = 0;
        const toRecords = (h: typeof before): RuleRecord[] =>
          h.map(({ change, recordedDay, delayDays }) => ({
            ...change,
            id: ++id,
            recordedAt: new Date(EPOCH + recordedDay * DAY),
            effectiveFrom: new Date(EPOCH + (recordedDay + delayDays) * DAY),
          }));
        const past = toRecords(before);
        // Later changes, some even claiming to be effective earlier (back-dated).
        const later = toRecords(after).map((r, i) => (i % 2 ? { ...r, effectiveFrom: new Date(EPOCH) } : r));
        const at = new Date(EPOCH + saleDay * DAY + 12 * 3_600_000);
        const rulesThen = rulesInForceAt(past, at);
        expect(rulesInForceAt([...later, ...past], at)).toEqual(rulesThen);
        const soldAt = { ...sale, occurredAt: at };
        expect(splitSale(soldAt, rulesInForceAt([...past, ...later], at))).toEqual(splitSale(soldAt, rulesThen));
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order the history is read in', () => {
    fc.assert(
      fc.property(historyArb(0, 50), fc.integer({ min: 0, max: 90 }), fc.func(fc.integer()), (history, day, order) => {
        const records: RuleRecord[] = history.map(({ change, recordedDay, delayDays }, i) => ({
          ...change,
          id: i + 1,
          recordedAt: new Date(EPOCH + recordedDay * DAY),
          effectiveFrom: new Date(EPOCH + (recordedDay + delayDays) * DAY),
        }));
        const shuffled = [...records].sort((a, b) => order(a.id) - order(b.id));
        const at = new Date(EPOCH + day * DAY);
        const a = rulesInForceAt(records, at);
        const b = rulesInForceAt(shuffled, at);
        expect(JSON.stringify(normalise(b))).toBe(JSON.stringify(normalise(a)));
      }),
      { numRuns: 200 },
    );
  });
});

/** Records compare equal whatever order their keys were inserted in. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}
