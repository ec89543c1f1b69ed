import { describe, expect, it } from 'vitest';
import {
  applyPaymentFact,
  emptyPaymentFacts,
  mergeDispute,
  pendingAnnouncements,
  purchaseAccess,
  type CheckoutFact,
  type DisputeFact,
  type PaymentFact,
  type PaymentFacts,
  type RefundFact,
} from './payment';

const completed: CheckoutFact = {
  kind: 'checkout',
  outcome: 'completed',
  sessionId: 'cs_1',
  paymentIntentId: 'pi_1',
  userId: 7,
  courseDocumentId: 'course1',
  currency: 'zar',
  amountTotal: 49900,
  amountTax: 6509,
  paymentStatus: 'paid',
};
const refund = (amountRefunded: number): RefundFact => ({ kind: 'refund', chargeId: 'ch_1', paymentIntentId: 'pi_1', currency: 'zar', chargeAmount: 49900, amountRefunded });
const dispute = (status: string, eventCreated: number): DisputeFact => ({ kind: 'dispute', disputeId: 'dp_1', chargeId: 'ch_1', paymentIntentId: 'pi_1', status, amount: 49900, eventCreated });
const fold = (facts: PaymentFact[]): PaymentFacts => facts.reduce(applyPaymentFact, emptyPaymentFacts());

/** Every order of a list (small lists only). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('purchase facts', () => {
  it('a paid checkout opens the course', () => {
    const f = fold([completed]);
    expect(f).toMatchObject({ status: 'paid', userId: 7, courseDocumentId: 'course1', amountGross: 49900, amountTax: 6509, currency: 'zar' });
    expect(purchaseAccess(f)).toBe('open');
  });

  it('a delayed payment opens only when it succeeds, and a late "unpaid" never undoes it', () => {
    const unpaid = { ...completed, paymentStatus: 'unpaid' };
    expect(purchaseAccess(fold([unpaid]))).toBe('none');
    expect(purchaseAccess(fold([unpaid, { ...completed, outcome: 'async_payment_failed', paymentStatus: 'unpaid' }]))).toBe('none');
    for (const order of permutations<PaymentFact>([unpaid, { ...completed, outcome: 'async_payment_succeeded' }])) {
      expect(purchaseAccess(fold(order))).toBe('open');
    }
  });

  it('a full refund ends access whatever the order; a partial one keeps it', () => {
    for (const order of permutations<PaymentFact>([completed, refund(49900)])) expect(purchaseAccess(fold(order))).toBe('refunded');
    for (const order of permutations<PaymentFact>([completed, refund(10000), refund(5000)])) {
      const f = fold(order);
      expect(f.amountRefunded).toBe(10000);
      expect(purchaseAccess(f)).toBe('open');
    }
    // Refunded in two steps reaching the total, reported out of order.
    for (const order of permutations<PaymentFact>([completed, refund(49900), refund(20000)])) expect(purchaseAccess(fold(order))).toBe('refunded');
  });

  it('a refund before the checkout is remembered (the gross comes from the charge until the session says)', () => {
    const f = fold([refund(49900)]);
    expect(f).toMatchObject({ amountGross: 49900, amountRefunded: 49900, status: 'pending', userId: null });
    expect(purchaseAccess(f)).toBe('none');
    expect(purchaseAccess(applyPaymentFact(f, completed))).toBe('refunded');
  });

  it('a dispute revokes; won restores; lost stays revoked; the closing outranks the opening in any order', () => {
    expect(purchaseAccess(fold([completed, dispute('needs_response', 100)]))).toBe('revoked');
    for (const order of permutations<PaymentFact>([completed, dispute('needs_response', 100), dispute('won', 200)])) {
      expect(purchaseAccess(fold(order))).toBe('open');
    }
    for (const order of permutations<PaymentFact>([completed, dispute('warning_needs_response', 100), dispute('lost', 200)])) {
      expect(purchaseAccess(fold(order))).toBe('revoked');
    }
    // Same second: closed still wins.
    expect(mergeDispute({ id: 'dp_1', status: 'won', amount: 1, eventCreated: 5 }, { id: 'dp_1', status: 'under_review', amount: 1, eventCreated: 5 }).status).toBe('won');
    expect(purchaseAccess(fold([completed, dispute('warning_closed', 300)]))).toBe('open');
  });

  it('repeats change nothing', () => {
    const once = fold([completed, refund(10000), dispute('needs_response', 1)]);
    const thrice = fold([completed, completed, refund(10000), refund(10000), refund(10000), dispute('needs_response', 1), dispute('needs_response', 1), completed]);
    expect(thrice).toEqual(once);
  });
});

describe('pendingAnnouncements', () => {
  const none = { succeeded: false, refunded: 0, chargeback: false };

  it('announces the sale once, then each newly refunded amount', () => {
    const paid = fold([completed]);
    expect(pendingAnnouncements(paid, none)).toEqual({ succeeded: true, refundDelta: 0, chargeback: 0 });
    expect(pendingAnnouncements(paid, { ...none, succeeded: true })).toEqual({ succeeded: false, refundDelta: 0, chargeback: 0 });
    const partly = applyPaymentFact(paid, refund(10000));
    expect(pendingAnnouncements(partly, { ...none, succeeded: true })).toMatchObject({ refundDelta: 10000 });
    expect(pendingAnnouncements(applyPaymentFact(partly, refund(49900)), { ...none, succeeded: true, refunded: 10000 })).toMatchObject({ refundDelta: 39900 });
  });

  it('waits for the sale before announcing a refund that came first, then announces both', () => {
    expect(pendingAnnouncements(fold([refund(49900)]), none)).toEqual({ succeeded: false, refundDelta: 0, chargeback: 0 });
    expect(pendingAnnouncements(fold([refund(49900), completed]), none)).toEqual({ succeeded: true, refundDelta: 49900, chargeback: 0 });
  });

  it('still announces refunds and lost disputes of an announced sale whose buyer was erased', () => {
    const erased = { ...applyPaymentFact(fold([completed]), refund(49900)), userId: null };
    expect(pendingAnnouncements(erased, { ...none, succeeded: true })).toEqual({ succeeded: false, refundDelta: 49900, chargeback: 0 });
    expect(pendingAnnouncements({ ...fold([completed, dispute('lost', 9)]), userId: null }, { ...none, succeeded: true })).toMatchObject({ chargeback: 49900 });
    // Never announced, no buyer: nothing (the sale itself needs its buyer).
    expect(pendingAnnouncements({ ...fold([completed]), userId: null }, none)).toEqual({ succeeded: false, refundDelta: 0, chargeback: 0 });
  });

  it('announces a lost dispute once', () => {
    const lost = fold([completed, dispute('lost', 9)]);
    expect(pendingAnnouncements(lost, { ...none, succeeded: true })).toMatchObject({ chargeback: 49900 });
    expect(pendingAnnouncements(lost, { ...none, succeeded: true, chargeback: true })).toMatchObject({ chargeback: 0 });
    expect(pendingAnnouncements(fold([completed, dispute('won', 9)]), { ...none, succeeded: true })).toMatchObject({ chargeback: 0 });
  });
});
