import { describe, expect, it } from 'vitest';
import { RevenueError } from './errors';
import { parsePaymentRefunded, parsePaymentSucceeded } from './payment-events';

const succeeded = {
  paymentId: 12,
  learnerId: 3,
  courseId: 'abc123',
  kind: 'purchase',
  gross: { amount: 49900, currency: 'ZAR' },
  tax: { amount: 0, currency: 'ZAR' },
  fee: { amount: 1477, currency: 'ZAR' },
  provider: 'stripe',
  providerReference: 'pi_1',
  paidAt: '2026-03-01T10:00:00.000Z',
};
const refunded = {
  paymentId: 12,
  amount: { amount: 1000, currency: 'ZAR' },
  totalReturned: { amount: 1000, currency: 'ZAR' },
  gross: { amount: 49900, currency: 'ZAR' },
  full: false,
  cause: 'refund',
  refundedAt: '2026-03-02T10:00:00.000Z',
};

const codeAndField = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof RevenueError) return [e.code, e.field];
    throw e;
  }
  throw new Error('expected a RevenueError');
};

describe('parsePaymentSucceeded', () => {
  it('keeps the fields a split reads', () => {
    expect(parsePaymentSucceeded(succeeded)).toEqual({ paymentId: 12, courseId: 'abc123', gross: succeeded.gross, tax: succeeded.tax, fee: succeeded.fee, paidAt: succeeded.paidAt });
    expect(parsePaymentSucceeded({ ...succeeded, fee: null }).fee).toBeNull();
  });

  it('names the field of a payload it cannot trust', () => {
    expect(codeAndField(() => parsePaymentSucceeded({ ...succeeded, paymentId: '12' }))).toEqual(['invalid-sale', 'paymentId']);
    expect(codeAndField(() => parsePaymentSucceeded({ ...succeeded, gross: { amount: 1.5, currency: 'ZAR' } }))).toEqual(['invalid-amount', 'gross']);
    expect(codeAndField(() => parsePaymentSucceeded({ ...succeeded, paidAt: 'yesterday' }))).toEqual(['invalid-date', 'paidAt']);
    expect(codeAndField(() => parsePaymentSucceeded(null))).toEqual(['invalid-sale', 'payload']);
  });
});

describe('parsePaymentRefunded', () => {
  it('keeps the fields a reversal reads', () => {
    expect(parsePaymentRefunded(refunded)).toEqual({ paymentId: 12, amount: refunded.amount, totalReturned: refunded.totalReturned, full: false, cause: 'refund', refundedAt: refunded.refundedAt });
  });

  it('names the field of a payload it cannot trust', () => {
    expect(codeAndField(() => parsePaymentRefunded({ ...refunded, cause: 'gift' }))).toEqual(['invalid-refund', 'cause']);
    expect(codeAndField(() => parsePaymentRefunded({ ...refunded, full: 'yes' }))).toEqual(['invalid-refund', 'full']);
    expect(codeAndField(() => parsePaymentRefunded({ ...refunded, totalReturned: { amount: 5, currency: 'zzz' } }))).toEqual(['invalid-amount', 'totalReturned']);
  });
});
