/**
 * A payment's state as the sum of the facts Stripe reported about it, and what follows from it.
 *
 * Stripe delivers events at least once and in no guaranteed order. Each fact here merges into the
 * state so that the result does not depend on the order or on repeats (the merge is commutative
 * and idempotent): statuses only move up a fixed ranking, the refunded total only grows, a closed
 * dispute outranks an open one. The enrollment's state and the money events are then derived
 * from the merged state, never from "the event that just came in".
 */

export type PaymentStatus = 'pending' | 'paid' | 'failed';

/** Stripe's dispute statuses (Stripe.Dispute.Status). */
export type DisputeStatus =
  | 'warning_needs_response'
  | 'warning_under_review'
  | 'warning_closed'
  | 'needs_response'
  | 'under_review'
  | 'won'
  | 'lost'
  | 'prevented'
  | (string & {});

export interface DisputeState {
  id: string;
  status: DisputeStatus;
  amount: number;
  /** Stripe's `created` of the event that reported this status (epoch seconds). */
  eventCreated: number;
}

export interface PaymentFacts {
  userId: number | null;
  courseDocumentId: string | null;
  checkoutSessionId: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
  currency: string | null;
  amountGross: number | null;
  amountTax: number | null;
  amountRefunded: number;
  status: PaymentStatus;
  dispute: DisputeState | null;
}

export const emptyPaymentFacts = (): PaymentFacts => ({
  userId: null,
  courseDocumentId: null,
  checkoutSessionId: null,
  paymentIntentId: null,
  chargeId: null,
  currency: null,
  amountGross: null,
  amountTax: null,
  amountRefunded: 0,
  status: 'pending',
  dispute: null,
});

/** A checkout.session.* event about a one-time purchase. */
export interface CheckoutFact {
  kind: 'checkout';
  outcome: 'completed' | 'async_payment_succeeded' | 'async_payment_failed';
  sessionId: string;
  paymentIntentId: string | null;
  userId: number;
  courseDocumentId: string;
  currency: string;
  amountTotal: number;
  amountTax: number;
  /** The session's payment_status: `unpaid` on completion means a delayed method (async) is pending. */
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required' | (string & {});
}

/** charge.refunded: Stripe reports the charge with its cumulative refunded amount. */
export interface RefundFact {
  kind: 'refund';
  chargeId: string;
  paymentIntentId: string | null;
  currency: string;
  chargeAmount: number;
  amountRefunded: number;
}

/** charge.dispute.created / closed. */
export interface DisputeFact {
  kind: 'dispute';
  disputeId: string;
  chargeId: string;
  paymentIntentId: string | null;
  status: DisputeStatus;
  amount: number;
  eventCreated: number;
}

export type PaymentFact = CheckoutFact | RefundFact | DisputeFact;

const STATUS_RANK: Record<PaymentStatus, number> = { pending: 0, failed: 1, paid: 2 };

/** Money that arrived stays arrived: a late "failed" or "unpaid" never undoes "paid". */
export function mergeStatus(a: PaymentStatus, b: PaymentStatus): PaymentStatus {
  return STATUS_RANK[b] > STATUS_RANK[a] ? b : a;
}

export function checkoutStatus(fact: Pick<CheckoutFact, 'outcome' | 'paymentStatus'>): PaymentStatus {
  switch (fact.outcome) {
    case 'async_payment_succeeded':
      return 'paid';
    case 'async_payment_failed':
      return 'failed';
    case 'completed':
      return fact.paymentStatus === 'paid' || fact.paymentStatus === 'no_payment_required' ? 'paid' : 'pending';
  }
}

/** Dispute outcomes after which nothing more happens. */
const CLOSED_DISPUTE: ReadonlySet<string> = new Set(['won', 'lost', 'warning_closed', 'prevented']);
/** Closed in the merchant's favour (or an inquiry that never became a chargeback). */
const DISPUTE_RESOLVED_FOR_US: ReadonlySet<string> = new Set(['won', 'warning_closed', 'prevented']);

export const isDisputeClosed = (status: string): boolean => CLOSED_DISPUTE.has(status);

/** A closed dispute outranks an open one whatever their timestamps; otherwise the later report wins. */
export function mergeDispute(current: DisputeState | null, incoming: DisputeState): DisputeState {
  if (!current) return incoming;
  const currentClosed = isDisputeClosed(current.status);
  const incomingClosed = isDisputeClosed(incoming.status);
  if (currentClosed !== incomingClosed) return currentClosed ? current : incoming;
  return incoming.eventCreated >= current.eventCreated ? incoming : current;
}

const keep = <T>(current: T | null, incoming: T | null): T | null => current ?? incoming;

export function applyPaymentFact(state: PaymentFacts, fact: PaymentFact): PaymentFacts {
  switch (fact.kind) {
    case 'checkout':
      return {
        ...state,
        userId: keep(state.userId, fact.userId),
        courseDocumentId: keep(state.courseDocumentId, fact.courseDocumentId),
        checkoutSessionId: keep(state.checkoutSessionId, fact.sessionId),
        paymentIntentId: keep(state.paymentIntentId, fact.paymentIntentId),
        currency: keep(state.currency, fact.currency),
        // The session is the authority on what was asked (a refund only knows the charge).
        amountGross: fact.amountTotal,
        amountTax: fact.amountTax,
        status: mergeStatus(state.status, checkoutStatus(fact)),
      };
    case 'refund':
      return {
        ...state,
        chargeId: keep(state.chargeId, fact.chargeId),
        paymentIntentId: keep(state.paymentIntentId, fact.paymentIntentId),
        currency: keep(state.currency, fact.currency),
        amountGross: keep(state.amountGross, fact.chargeAmount),
        amountRefunded: Math.max(state.amountRefunded, fact.amountRefunded),
      };
    case 'dispute':
      return {
        ...state,
        chargeId: keep(state.chargeId, fact.chargeId),
        paymentIntentId: keep(state.paymentIntentId, fact.paymentIntentId),
        dispute: mergeDispute(state.dispute, { id: fact.disputeId, status: fact.status, amount: fact.amount, eventCreated: fact.eventCreated }),
      };
  }
}

export const isRefundedInFull = (f: Pick<PaymentFacts, 'amountGross' | 'amountRefunded'>): boolean =>
  f.amountGross !== null && f.amountGross > 0 && f.amountRefunded >= f.amountGross;

/**
 * What the learner's access to the course should be, from the facts alone:
 * - `none`: nothing to do yet (not paid, or not known whose payment it is);
 * - `open`: paid, not refunded in full, no dispute against it (or one closed in our favour);
 * - `refunded`: refunded in full (a partial refund keeps access);
 * - `revoked`: a dispute is open, or was lost.
 */
export type PurchaseAccess = 'none' | 'open' | 'refunded' | 'revoked';

export function purchaseAccess(f: PaymentFacts): PurchaseAccess {
  if (f.status !== 'paid' || f.userId === null || f.courseDocumentId === null) return 'none';
  if (isRefundedInFull(f)) return 'refunded';
  if (f.dispute && !DISPUTE_RESOLVED_FOR_US.has(f.dispute.status)) return 'revoked';
  return 'open';
}

/** What has already been announced as payment.* events for this payment. */
export interface Announced {
  succeeded: boolean;
  /** Refunded amount already announced (cause "refund"). */
  refunded: number;
  chargeback: boolean;
}

export interface Announcements {
  succeeded: boolean;
  /** Newly refunded amount to announce (0: none). */
  refundDelta: number;
  /** Disputed amount lost to announce (0: none). */
  chargeback: number;
}

/**
 * The money events the facts call for that were not announced yet. Nothing before the payment is
 * paid and attributed (a refund that arrived first waits for the sale it reverses); the sale
 * always comes first, then refunds, then a lost dispute.
 */
export function pendingAnnouncements(f: PaymentFacts, done: Announced): Announcements {
  const none: Announcements = { succeeded: false, refundDelta: 0, chargeback: 0 };
  // A sale already announced stays attributed when its buyer erased their account (user id
  // nulled, decision 036): its refunds and lost disputes must still reach the ledger.
  const attributed = f.userId !== null || done.succeeded;
  if (f.status !== 'paid' || !attributed || f.courseDocumentId === null || f.amountGross === null || f.currency === null) return none;
  const refundDelta = Math.max(0, Math.min(f.amountRefunded, f.amountGross) - done.refunded);
  const chargeback = f.dispute?.status === 'lost' && !done.chargeback ? f.dispute.amount : 0;
  return { succeeded: !done.succeeded, refundDelta, chargeback };
}
