import { type Money, money } from '@lms/plugin-lms-core/server';
import { describe, expect, it } from 'vitest';
import { type InstructorBalance, deriveBalances, instructorBalance } from './balances';
import { type LedgerTransaction } from './ledger';
import { decidePayoutRequest, payoutPaidTransaction, payoutReleasedTransaction, payoutRequestTransaction, payoutReturnedTransaction } from './payouts';
import { reverseSale } from './reverse';
import { DEFAULT_RULES, type RevenueRules } from './rules';
import { splitSale } from './split';

const usd = (amount: number) => money(amount, 'USD');
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 12));
const rules: RevenueRules = { ...DEFAULT_RULES, defaultInstructorShare: 7000, holdingDays: 30 };

let n = 0;
function sell(gross: number, at: Date, instructorIds = ['ana'], currency = 'USD'): LedgerTransaction {
  n += 1;
  return splitSale(
    { reference: `payment:${n}`, courseId: 'c1', courseInstructorIds: instructorIds, gross: money(gross, currency), tax: money(0, currency), fee: money(0, currency), occurredAt: at },
    rules,
  ).transaction;
}

const postings = (txs: LedgerTransaction[]) => txs.flatMap((t) => t.postings);
const ana = (txs: LedgerTransaction[], now: Date) => instructorBalance(postings(txs), 'ana', 'USD', now);
const amounts = (b: InstructorBalance) => ({
  pending: b.pending.amount,
  available: b.available.amount,
  carriedForward: b.carriedForward.amount,
  requested: b.requested.amount,
  paid: b.paid.amount,
});

describe('deriveBalances', () => {
  it('holds a sale’s earnings pending for the holding period, then makes them available', () => {
    const ledger = [sell(10000, day(0))];
    expect(amounts(ana(ledger, day(29)))).toEqual({ pending: 7000, available: 0, carriedForward: 0, requested: 0, paid: 0 });
    expect(amounts(ana(ledger, day(30)))).toEqual({ pending: 0, available: 7000, carriedForward: 0, requested: 0, paid: 0 });
  });

  it('follows a payout: request reserves, paid pays, rejection or failure releases', () => {
    const ledger = [sell(10000, day(0)), sell(10000, day(20))];
    expect(amounts(ana(ledger, day(31)))).toEqual({ pending: 7000, available: 7000, carriedForward: 0, requested: 0, paid: 0 });
    const step = { payoutId: 'p1', instructorId: 'ana', amount: usd(5000), occurredAt: day(31) };
    ledger.push(payoutRequestTransaction(step));
    expect(amounts(ana(ledger, day(31)))).toEqual({ pending: 7000, available: 2000, carriedForward: 0, requested: 5000, paid: 0 });
    ledger.push(payoutReleasedTransaction(step));
    expect(amounts(ana(ledger, day(31)))).toEqual({ pending: 7000, available: 7000, carriedForward: 0, requested: 0, paid: 0 });
    const step2 = { ...step, payoutId: 'p2', amount: usd(7000) };
    ledger.push(payoutRequestTransaction(step2), payoutPaidTransaction(step2));
    expect(amounts(ana(ledger, day(50)))).toEqual({ pending: 0, available: 7000, carriedForward: 0, requested: 0, paid: 7000 });
    // Stripe reverses the paid transfer: paid goes down, the amount is available again.
    ledger.push(payoutReturnedTransaction(step2));
    expect(amounts(ana(ledger, day(51)))).toEqual({ pending: 0, available: 14000, carriedForward: 0, requested: 0, paid: 0 });
  });

  it('reduces pending when a refund lands inside the holding period', () => {
    const sale = sell(10000, day(0));
    const refund = reverseSale({ sale, previous: [], amount: usd(5000), cause: 'refund', reference: 'r', occurredAt: day(3) }).transaction;
    expect(amounts(ana([sale, refund], day(4)))).toEqual({ pending: 3500, available: 0, carriedForward: 0, requested: 0, paid: 0 });
  });

  it('carries a refund after a payout forward as a negative balance, netted against later earnings', () => {
    const sale = sell(10000, day(0));
    const step = { payoutId: 'p1', instructorId: 'ana', amount: usd(7000), occurredAt: day(31) };
    const ledger = [sale, payoutRequestTransaction(step), payoutPaidTransaction(step)];
    ledger.push(reverseSale({ sale, previous: [], amount: 'full', cause: 'chargeback', reference: 'cb', occurredAt: day(40) }).transaction);
    expect(amounts(ana(ledger, day(41)))).toEqual({ pending: 0, available: 0, carriedForward: 7000, requested: 0, paid: 7000 });
    expect(decidePayoutRequest(ana(ledger, day(41)), usd(1000), [])).toMatchObject({ ok: false, code: 'nothing-available' });

    ledger.push(sell(20000, day(45)));
    expect(amounts(ana(ledger, day(46)))).toEqual({ pending: 14000, available: 0, carriedForward: 7000, requested: 0, paid: 7000 });
    expect(amounts(ana(ledger, day(75)))).toEqual({ pending: 0, available: 7000, carriedForward: 0, requested: 0, paid: 7000 });
  });

  it('keeps instructors and currencies apart and ignores platform accounts', () => {
    const ledger = [sell(10000, day(0), ['ana', 'ben']), sell(1000, day(0), ['ben'], 'EUR')];
    const balances = deriveBalances(postings(ledger), day(1));
    expect(balances.map((b) => [b.instructorId, b.currency, b.pending.amount])).toEqual([
      ['ana', 'USD', 3500],
      ['ben', 'EUR', 700],
      ['ben', 'USD', 3500],
    ]);
    expect(balances.every((b) => b.pending.currency === b.currency)).toBe(true);
  });

  it('stays exact when running sums leave the safe-integer range', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const p = (amount: number) => ({ account: 'instructor:ana' as const, amount: usd(amount), availableAt: null });
    // In doubles, max + 2 rounds to max + 1 and the result would be 1.
    expect(amounts(ana([{ ...sell(0, day(0)), postings: [p(max), p(2), p(-max)] }], day(0))).available).toBe(2);
  });

  it('gives zeros for an instructor without entries', () => {
    expect(amounts(instructorBalance([], 'nobody', 'USD', day(0)))).toEqual({ pending: 0, available: 0, carriedForward: 0, requested: 0, paid: 0 });
  });
});

describe('payout transactions', () => {
  it('refuse non-positive amounts and odd instructor ids', () => {
    expect(() => payoutRequestTransaction({ payoutId: 'p', instructorId: 'ana', amount: usd(0), occurredAt: day(0) })).toThrow(/positive/);
    expect(() => payoutPaidTransaction({ payoutId: 'p', instructorId: 'a:b', amount: usd(1), occurredAt: day(0) })).toThrow(/instructor id/);
  });

  it('are keyed by payout and step', () => {
    const step = { payoutId: '42', instructorId: 'ana', amount: usd(1), occurredAt: day(0) };
    expect([payoutRequestTransaction(step), payoutPaidTransaction(step), payoutReleasedTransaction(step), payoutReturnedTransaction(step)].map((t) => t.reference)).toEqual([
      'payout:42:requested',
      'payout:42:paid',
      'payout:42:released',
      'payout:42:returned',
    ]);
  });
});

describe('decidePayoutRequest', () => {
  const balance = (available: number, extra: Partial<Record<'pending' | 'carriedForward', number>> = {}): InstructorBalance => ({
    instructorId: 'ana',
    currency: 'USD',
    pending: usd(extra.pending ?? 0),
    available: usd(available),
    carriedForward: usd(extra.carriedForward ?? 0),
    requested: usd(0),
    paid: usd(0),
  });
  const min = usd(5000);

  it('grants at least the minimum and at most what is available, all of it by default', () => {
    expect(decidePayoutRequest(balance(8000), min, [], usd(5000))).toEqual({ ok: true, amount: usd(5000) });
    expect(decidePayoutRequest(balance(8000), min, [], usd(8000))).toEqual({ ok: true, amount: usd(8000) });
    expect(decidePayoutRequest(balance(8000), min, [])).toEqual({ ok: true, amount: usd(8000) });
  });

  it.each<[string, InstructorBalance, readonly Parameters<typeof decidePayoutRequest>[2][number][], Money | undefined, string, string, RegExp]>([
    ['below the minimum', balance(8000), [], usd(4999), 'below-minimum', 'amount', /USD 49\.99 is below the minimum payout of USD 50\.00/],
    ['available below the minimum', balance(4000), [], undefined, 'below-minimum', '', /USD 40\.00 is below/],
    ['more than available', balance(8000, { pending: 100 }), [], usd(8001), 'exceeds-available', 'amount', /USD 1\.00 is still in its holding period/],
    ['nothing available', balance(0, { pending: 300 }), [], undefined, 'nothing-available', '', /USD 3\.00 is still in its holding period/],
    ['an open request', balance(8000), [{ payoutId: 'p9', status: 'approved', amount: usd(6000) }], usd(5000), 'open-request-exists', '', /payout p9 of USD 60\.00 is still approved/],
    ['zero', balance(8000), [], usd(0), 'invalid-amount', 'amount', /positive/],
    ['another currency', balance(8000), [], money(6000, 'EUR'), 'currency-mismatch', 'amount', /in USD, not EUR/],
  ])('refuses %s', (_name, b, open, amount, code, field, message) => {
    const decision = decidePayoutRequest(b, min, open, amount);
    expect(decision).toMatchObject({ ok: false, code, field });
    expect(decision.ok ? '' : decision.message).toMatch(message);
  });

  it('ignores closed requests', () => {
    expect(decidePayoutRequest(balance(8000), min, [{ payoutId: 'p1', status: 'paid', amount: usd(5000) }, { payoutId: 'p2', status: 'failed', amount: usd(5000) }])).toMatchObject({ ok: true });
  });
});
