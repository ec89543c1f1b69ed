import { PayoutError } from './errors';

/**
 * A payout's life: requested → approved → paid, or rejected (by an admin) / failed (the transfer
 * was refused). While requested or approved the money is reserved in the ledger
 * (`instructor:<id>:requested`); paid moves it to `payouts:<id>`; rejected and failed give it back.
 */
export type PayoutStatus = 'requested' | 'approved' | 'paid' | 'rejected' | 'failed';
export type PayoutMethod = 'stripe' | 'bank';
export const PAYOUT_STATUSES: readonly PayoutStatus[] = ['requested', 'approved', 'paid', 'rejected', 'failed'];
export const OPEN_STATUSES: readonly PayoutStatus[] = ['requested', 'approved'];

export type PayoutAction = 'approve' | 'reject' | 'mark-paid' | 'transfer-succeeded' | 'transfer-failed' | 'transfer-reversed';

export interface PayoutState {
  id: string;
  status: PayoutStatus;
  method: PayoutMethod;
}

/** The status an action leads to, and which ledger step goes with it. */
export interface Transition {
  to: PayoutStatus;
  ledger: 'paid' | 'released' | 'returned' | null;
}

const TRANSITIONS: Record<PayoutAction, { from: readonly PayoutStatus[]; methods: readonly PayoutMethod[]; to: PayoutStatus; ledger: Transition['ledger'] }> = {
  approve: { from: ['requested'], methods: ['stripe', 'bank'], to: 'approved', ledger: null },
  // An approved bank payout can still be rejected (not sent yet); an approved Stripe payout is
  // in the transfer queue and ends as paid or failed.
  reject: { from: ['requested', 'approved'], methods: ['stripe', 'bank'], to: 'rejected', ledger: 'released' },
  'mark-paid': { from: ['approved'], methods: ['bank'], to: 'paid', ledger: 'paid' },
  'transfer-succeeded': { from: ['approved'], methods: ['stripe'], to: 'paid', ledger: 'paid' },
  'transfer-failed': { from: ['approved'], methods: ['stripe'], to: 'failed', ledger: 'released' },
  // Stripe reversed a transfer after it was paid: the money is back with the platform and goes
  // back to the instructor's available balance (failed, as for a transfer that never went out).
  'transfer-reversed': { from: ['paid'], methods: ['stripe'], to: 'failed', ledger: 'returned' },
};

const WHAT: Record<PayoutAction, string> = {
  approve: 'approve',
  reject: 'reject',
  'mark-paid': 'mark as paid',
  'transfer-succeeded': 'record a transfer for',
  'transfer-failed': 'record a failed transfer for',
  'transfer-reversed': 'record a reversed transfer for',
};

/** Where `action` takes the payout; a PayoutError (`invalid-transition`) says why it cannot. */
export function transition(payout: PayoutState, action: PayoutAction): Transition {
  const rule = TRANSITIONS[action];
  if (action === 'reject' && payout.status === 'approved' && payout.method === 'stripe') {
    throw new PayoutError('invalid-transition', '', `payout ${payout.id} is approved and its Stripe transfer is queued; it ends as paid or failed and can no longer be rejected`);
  }
  if (!rule.from.includes(payout.status)) {
    const hint = payout.status === 'paid' ? 'it is already paid' : payout.status === 'requested' ? 'approve it first' : `it is ${payout.status}`;
    throw new PayoutError('invalid-transition', '', `cannot ${WHAT[action]} payout ${payout.id}: ${hint}`);
  }
  if (!rule.methods.includes(payout.method)) {
    throw new PayoutError(
      'wrong-method',
      '',
      payout.method === 'stripe'
        ? `payout ${payout.id} is paid by Stripe transfer, which marks it paid by itself; only bank payouts are marked paid by hand`
        : `payout ${payout.id} is a bank payout; mark it paid with the bank's reference instead`,
    );
  }
  return { to: rule.to, ledger: rule.ledger };
}

/**
 * What a Stripe API error means for a transfer: `retry` (the network, Stripe's side, rate limits:
 * the transfer may or may not exist, so the same idempotency key is tried again and the money
 * stays reserved) or `fail` (Stripe refused the request: nothing was transferred, the money goes
 * back to available).
 */
export function classifyStripeError(error: unknown): 'retry' | 'fail' {
  const e = error as { type?: unknown; statusCode?: unknown } | null;
  const type = typeof e?.type === 'string' ? e.type : '';
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 0;
  if (type === 'StripeConnectionError' || type === 'StripeAPIError' || type === 'StripeRateLimitError' || type === 'StripeIdempotencyError') return 'retry';
  if (status === 429 || status >= 500 || status === 0) return 'retry';
  if (status === 409) return 'retry';
  return 'fail';
}

/** A new payout id, Stripe-style (`po_` + 20 random characters): known before the row is written. */
export function newPayoutId(random: (bytes: number) => Buffer): string {
  return `po_${random(15).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** The Stripe idempotency key of a payout's transfer: one transfer per payout, however often tried. */
export const transferIdempotencyKey = (payoutId: string) => `lms-payout-${payoutId}-transfer`;
