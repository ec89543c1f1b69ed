import { RevenueError } from './errors';
import { moneyField } from './ledger';
import type { ReversalCause, PaymentRefundedFacts } from './reverse';
import type { PaymentSucceededFacts } from './split';

/**
 * Checks the `payment.succeeded` / `payment.refunded` payloads lms-enrollment emits before the
 * ledger reads them. lms-revenue does not import lms-enrollment's type declarations (plugins never
 * import each other's internals), so the shape is checked where it crosses the boundary: a payload
 * of another version fails here with the field named, instead of posting wrong money.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new RevenueError('invalid-sale', field, `must be a positive integer; got ${JSON.stringify(value)}`);
  }
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new RevenueError('invalid-sale', field, `must be a non-empty string; got ${JSON.stringify(value)}`);
  return value;
}

function instant(value: unknown, field: string): string {
  if (typeof value !== 'string' || Number.isNaN(new Date(value).getTime())) {
    throw new RevenueError('invalid-date', field, `must be an ISO 8601 date-time; got ${JSON.stringify(value)}`);
  }
  return value;
}

export function parsePaymentSucceeded(payload: unknown): PaymentSucceededFacts {
  if (!isObj(payload)) throw new RevenueError('invalid-sale', 'payload', 'expected the payment.succeeded payload object');
  return {
    paymentId: positiveInt(payload.paymentId, 'paymentId'),
    courseId: text(payload.courseId, 'courseId'),
    gross: moneyField(payload.gross, 'gross'),
    tax: moneyField(payload.tax, 'tax'),
    fee: payload.fee === null || payload.fee === undefined ? null : moneyField(payload.fee, 'fee'),
    paidAt: instant(payload.paidAt, 'paidAt'),
  };
}

export function parsePaymentRefunded(payload: unknown): PaymentRefundedFacts {
  if (!isObj(payload)) throw new RevenueError('invalid-refund', 'payload', 'expected the payment.refunded payload object');
  const cause = payload.cause;
  if (cause !== 'refund' && cause !== 'chargeback') {
    throw new RevenueError('invalid-refund', 'cause', `must be "refund" or "chargeback"; got ${JSON.stringify(cause)}`);
  }
  if (typeof payload.full !== 'boolean') throw new RevenueError('invalid-refund', 'full', `must be true or false; got ${JSON.stringify(payload.full)}`);
  return {
    paymentId: positiveInt(payload.paymentId, 'paymentId'),
    amount: moneyField(payload.amount, 'amount'),
    totalReturned: moneyField(payload.totalReturned, 'totalReturned'),
    full: payload.full,
    cause: cause satisfies ReversalCause,
    refundedAt: instant(payload.refundedAt, 'refundedAt'),
  };
}
