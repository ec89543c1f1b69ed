import { money } from '@lms/plugin-lms-core/server';
import { describe, expect, it } from 'vitest';
import { type LedgerTransaction, postingAmount } from './ledger';
import { type ReversalInput, reverseSale, reversalFromRefund } from './reverse';
import { DEFAULT_RULES } from './rules';
import { splitSale } from './split';

const zar = (amount: number) => money(amount, 'ZAR');
const paidAt = new Date('2026-05-01T10:00:00Z');
const later = new Date('2026-05-10T10:00:00Z');

// The sale of split.test.ts: 1150.00 with 15 % VAT inside, Stripe fee 32.35, 60/40 co-instructors.
const sale = splitSale(
  { reference: 'payment:1', courseId: 'c1', courseInstructorIds: [], gross: zar(115000), tax: zar(0), fee: zar(3235), occurredAt: paidAt },
  {
    ...DEFAULT_RULES,
    instructorShares: { ben: 8000 },
    courseWeights: { c1: [{ instructorId: 'ana', weight: 6000 }, { instructorId: 'ben', weight: 4000 }] },
    vat: { ZAR: { rate: 1500, prices: 'inclusive' } },
  },
).transaction;

function reverse(amount: ReversalInput['amount'], previous: LedgerTransaction[] = [], cause: ReversalInput['cause'] = 'refund') {
  return reverseSale({ sale, previous, amount, cause, reference: `r${previous.length + 1}`, occurredAt: later });
}

const byAccount = (tx: LedgerTransaction) => Object.fromEntries(tx.postings.map((p) => [p.account, p.amount.amount]));

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    return error as { code: string; field: string; message: string };
  }
  throw new Error('expected an error');
}

describe('reverseSale', () => {
  it('reverses a full refund line by line; Stripe keeps its fee, so the platform gives back the fee part', () => {
    const r = reverse('full');
    expect(byAccount(r.transaction)).toEqual({
      customer_payments: 115000,
      platform_revenue: -(25158 + 3235),
      platform_rounding: -2,
      vat_payable: -15000,
      'instructor:ana': -40641,
      'instructor:ben': -30964,
    });
    expect(r).toMatchObject({ amount: zar(115000), reversedBefore: zar(0), remaining: zar(0), full: true });
    expect(r.transaction).toMatchObject({ kind: 'refund', reverses: 'payment:1', reference: 'r1', occurredAt: later });
    // After the sale and its full refund, the platform has paid the fee and nobody else is touched.
    const both = [...sale.postings, ...r.transaction.postings];
    expect(postingAmount(both, 'processing_fees')).toBe(3235n);
    expect(postingAmount(both, 'platform_revenue')).toBe(-3235n);
    expect(postingAmount(both, 'instructor:ana')).toBe(0n);
    expect(postingAmount(both, 'vat_payable')).toBe(0n);
  });

  it('reverses a partial refund proportionally, each line within one unit of exact', () => {
    const r = reverse(zar(11500)); // 10 %
    expect(byAccount(r.transaction)).toEqual({
      customer_payments: 11500,
      platform_revenue: -2839, // 10 % of 28393 = 2839.3
      vat_payable: -1500,
      'instructor:ana': -4064, // 4064.1
      'instructor:ben': -3097, // 3096.4: the largest remainder gets the odd unit
    });
    expect(r.remaining).toEqual(zar(103500));
  });

  it('keeps the sale’s availableAt on instructor lines so a refund hits pending or available as the sale would', () => {
    for (const p of reverse('full').transaction.postings) {
      const original = sale.postings.find((s) => s.account === p.account);
      expect(p.availableAt).toEqual(p.account.startsWith('instructor:') ? original?.availableAt : null);
    }
  });

  it('adds several partial refunds up to the sale exactly, never beyond it', () => {
    const first = reverse(zar(333));
    const second = reverse(zar(50001), [first.transaction]);
    const third = reverse(zar(1), [first.transaction, second.transaction]);
    const last = reverse('full', [first.transaction, second.transaction, third.transaction]);
    expect(last.amount).toEqual(zar(115000 - 333 - 50001 - 1));
    const all = [sale, first.transaction, second.transaction, third.transaction, last.transaction].flatMap((t) => t.postings);
    for (const account of ['customer_payments', 'vat_payable', 'platform_rounding', 'instructor:ana', 'instructor:ben'] as const) {
      expect(postingAmount(all, account)).toBe(0n);
    }
    expect(postingAmount(all, 'platform_revenue') + postingAmount(all, 'processing_fees')).toBe(0n);
    expect(errorOf(() => reverse(zar(1), [first.transaction, second.transaction, third.transaction, last.transaction]))).toMatchObject({
      code: 'already-fully-reversed',
      field: 'amount',
    });
  });

  it('refuses to reverse more than is left, naming the amounts', () => {
    const first = reverse(zar(100000));
    expect(errorOf(() => reverse(zar(15001), [first.transaction]))).toMatchObject({
      code: 'refund-exceeds-remaining',
      field: 'amount',
      message: 'amount: ZAR 150.01 is more than the ZAR 150.00 not yet reversed of this ZAR 1150.00 sale',
    });
  });

  it('posts a lost dispute as a chargeback', () => {
    expect(reverse('full', [], 'chargeback').transaction.kind).toBe('chargeback');
  });

  it.each([
    [() => reverse(zar(0)), 'invalid-refund', 'amount'],
    [() => reverse(money(100, 'USD')), 'currency-mismatch', 'amount'],
    [() => reverse({ amount: 1.5, currency: 'ZAR' }), 'invalid-amount', 'amount'],
  ])('refuses a bad amount (%#)', (fn, code, field) => {
    expect(errorOf(fn)).toMatchObject({ code, field });
  });

  it('refuses to reverse something that is not a sale, or reversals of another sale', () => {
    const refund = reverse(zar(100)).transaction;
    expect(errorOf(() => reverseSale({ sale: refund, previous: [], amount: 'full', cause: 'refund', reference: 'x', occurredAt: later }))).toMatchObject({
      code: 'not-a-sale',
    });
    expect(errorOf(() => reverse('full', [{ ...refund, reverses: 'payment:2' }]))).toMatchObject({ code: 'inconsistent-reversals', field: 'previous[0]' });
    const tampered: LedgerTransaction = {
      ...refund,
      postings: [
        { account: 'customer_payments', amount: zar(100), availableAt: null },
        { account: 'instructor:zed', amount: zar(-100), availableAt: null },
      ],
    };
    expect(errorOf(() => reverse('full', [tampered]))).toMatchObject({ code: 'inconsistent-reversals' });
  });
});

describe('reversalFromRefund', () => {
  const facts = { paymentId: 1, amount: zar(11500), totalReturned: zar(11500), full: false, cause: 'refund' as const, refundedAt: later.toISOString() };

  it('reverses what Stripe’s cumulative total says is new, keyed by that total', () => {
    const input = reversalFromRefund(facts, sale, []);
    expect(input).toMatchObject({ amount: zar(11500), cause: 'refund', reference: 'payment:1:returned:11500', occurredAt: later });
    const posted = reverseSale(input as ReversalInput).transaction;
    // The same fact again: nothing left to post.
    expect(reversalFromRefund(facts, sale, [posted])).toBeNull();
    // A second refund of 50.00 brings the total to 165.00.
    expect(reversalFromRefund({ ...facts, amount: zar(5000), totalReturned: zar(16500) }, sale, [posted])).toMatchObject({ amount: zar(5000) });
  });

  it('reverses the rest when Stripe says nothing is left', () => {
    expect(reversalFromRefund({ ...facts, totalReturned: zar(115000), full: true, cause: 'chargeback' }, sale, [])).toMatchObject({
      amount: 'full',
      cause: 'chargeback',
    });
  });

  it('refuses a refund in another currency or without a date', () => {
    expect(errorOf(() => reversalFromRefund({ ...facts, totalReturned: money(1, 'USD') }, sale, []))).toMatchObject({ code: 'currency-mismatch' });
    expect(errorOf(() => reversalFromRefund({ ...facts, refundedAt: '' }, sale, []))).toMatchObject({ code: 'invalid-date' });
  });
});
