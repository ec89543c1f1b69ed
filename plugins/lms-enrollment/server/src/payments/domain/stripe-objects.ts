import type Stripe from 'stripe';
import type { CheckoutFact, DisputeFact, RefundFact } from './payment';
import type { SubscriptionFact } from './subscription';

/**
 * Reads the facts this platform cares about out of Stripe event objects. Pure: no API calls.
 * Field locations follow the API version the `stripe` SDK pins (e.g. a subscription's period end
 * on its items, an invoice's subscription under `parent.subscription_details`).
 */

/** Metadata keys put on every Checkout Session, PaymentIntent and Subscription we create. */
export const METADATA_USER = 'lms_user';
export const METADATA_COURSE = 'lms_course';

/** The event types the webhook accepts; anything else is acknowledged and logged. */
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.closed',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
] as const;

export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];

export const isHandledEventType = (type: string): type is HandledEventType => (HANDLED_EVENT_TYPES as readonly string[]).includes(type);

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.id);

/** The learner and course an object was made for, from its metadata; null when not ours. */
export function lmsReference(metadata: Stripe.Metadata | null | undefined): { userId: number; courseDocumentId: string } | null {
  const user = metadata?.[METADATA_USER];
  const course = metadata?.[METADATA_COURSE];
  if (typeof user !== 'string' || !/^[1-9]\d{0,15}$/.test(user) || typeof course !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(course)) return null;
  const userId = Number(user);
  return Number.isSafeInteger(userId) ? { userId, courseDocumentId: course } : null;
}

export type CheckoutEventType = Extract<HandledEventType, `checkout.session.${string}`>;

const OUTCOME: Record<CheckoutEventType, CheckoutFact['outcome']> = {
  'checkout.session.completed': 'completed',
  'checkout.session.async_payment_succeeded': 'async_payment_succeeded',
  'checkout.session.async_payment_failed': 'async_payment_failed',
};

export interface SessionSummary {
  mode: Stripe.Checkout.Session.Mode;
  sessionId: string;
  subscriptionId: string | null;
  customerId: string | null;
  reference: { userId: number; courseDocumentId: string } | null;
}

export function sessionSummary(session: Stripe.Checkout.Session): SessionSummary {
  return {
    mode: session.mode,
    sessionId: session.id,
    subscriptionId: idOf(session.subscription),
    customerId: idOf(session.customer),
    reference: lmsReference(session.metadata),
  };
}

/** A purchase fact from a checkout.session.* event; null when the session is not one of ours. */
export function checkoutFact(type: CheckoutEventType, session: Stripe.Checkout.Session): CheckoutFact | null {
  const reference = lmsReference(session.metadata);
  if (!reference || session.mode !== 'payment' || session.currency === null || session.amount_total === null) return null;
  return {
    kind: 'checkout',
    outcome: OUTCOME[type],
    sessionId: session.id,
    paymentIntentId: idOf(session.payment_intent),
    userId: reference.userId,
    courseDocumentId: reference.courseDocumentId,
    currency: session.currency,
    amountTotal: session.amount_total,
    amountTax: session.total_details?.amount_tax ?? 0,
    paymentStatus: session.payment_status,
  };
}

export function refundFact(charge: Stripe.Charge): RefundFact {
  return {
    kind: 'refund',
    chargeId: charge.id,
    paymentIntentId: idOf(charge.payment_intent),
    currency: charge.currency,
    chargeAmount: charge.amount,
    amountRefunded: charge.amount_refunded,
  };
}

export function disputeFact(dispute: Stripe.Dispute, eventCreated: number): DisputeFact {
  return {
    kind: 'dispute',
    disputeId: dispute.id,
    chargeId: idOf(dispute.charge) as string,
    paymentIntentId: idOf(dispute.payment_intent),
    status: dispute.status,
    amount: dispute.amount,
    eventCreated,
  };
}

const latest = (values: ReadonlyArray<number | null | undefined>): Date | null => {
  const present = values.filter((v): v is number => typeof v === 'number');
  return present.length ? new Date(Math.max(...present) * 1000) : null;
};

export function subscriptionFact(subscription: Stripe.Subscription, eventCreated: number): SubscriptionFact {
  return {
    subscriptionId: subscription.id,
    customerId: idOf(subscription.customer) as string,
    userId: lmsReference(subscription.metadata)?.userId ?? null,
    status: subscription.status,
    currentPeriodEnd: latest((subscription.items?.data ?? []).map((item) => item.current_period_end)),
    eventCreated,
    periodAuthoritative: true,
  };
}

/** The subscription an invoice belongs to, with the subscription's metadata as of the invoice. */
export function invoiceSubscription(invoice: Stripe.Invoice): { subscriptionId: string; metadata: Stripe.Metadata | null } | null {
  const details = invoice.parent?.subscription_details;
  const subscriptionId = idOf(details?.subscription);
  return subscriptionId ? { subscriptionId, metadata: details?.metadata ?? null } : null;
}

/** invoice.paid as a subscription fact: paid up to the end of the invoiced period. */
export function invoiceSubscriptionFact(invoice: Stripe.Invoice, eventCreated: number): SubscriptionFact | null {
  const owner = invoiceSubscription(invoice);
  const customerId = idOf(invoice.customer);
  if (!owner || !customerId) return null;
  return {
    subscriptionId: owner.subscriptionId,
    customerId,
    userId: lmsReference(owner.metadata)?.userId ?? null,
    status: 'active',
    currentPeriodEnd: latest((invoice.lines?.data ?? []).map((line) => line.period?.end)),
    eventCreated,
    periodAuthoritative: false,
  };
}

/** Tax inside an invoice's total (Stripe Tax or manual tax rates). */
export function invoiceTax(invoice: Stripe.Invoice): number {
  return (invoice.total_taxes ?? []).reduce((sum, tax) => sum + tax.amount, 0);
}
