import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';

/**
 * Stripe objects and events for the tests and the Stripe double, built from real shapes
 * (tests/fixtures/stripe/object-shapes.json, from Stripe's OpenAPI fixtures) with ids, amounts
 * and metadata overridden. Subscriptions and invoices are not in that subset; they are built with
 * the fields of the SDK's Stripe.Subscription / Stripe.Invoice types that this project reads.
 */

type Resources = Record<'checkout.session' | 'charge' | 'payment_intent' | 'refund' | 'dispute' | 'event' | 'balance_transaction', Record<string, unknown>>;

const resources = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'stripe', 'object-shapes.json'), 'utf8')) as { resources: Resources }).resources;

/** A deep copy of a fixture shape. */
export function stripeShape<T = Record<string, unknown>>(name: keyof Resources): T {
  return structuredClone(resources[name]) as T;
}

/** `cs_test_…`, `pi_…`: random ids with Stripe's prefixes. */
export function stripeId(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface LmsRef {
  userId: number;
  courseDocumentId: string;
}

export const lmsMetadata = (ref: LmsRef): Record<string, string> => ({ lms_user: String(ref.userId), lms_course: ref.courseDocumentId });

/** A completed, paid one-time Checkout Session. */
export function checkoutSessionObject(o: {
  id?: string;
  ref?: LmsRef;
  paymentIntent?: string | null;
  amount: number;
  currency: string;
  tax?: number;
  mode?: 'payment' | 'subscription';
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required';
  status?: 'open' | 'complete' | 'expired';
  subscription?: string | null;
  customer?: string | null;
  metadata?: Record<string, string>;
}): Stripe.Checkout.Session {
  const s = stripeShape<Record<string, unknown>>('checkout.session');
  const created = nowSeconds();
  return {
    ...s,
    id: o.id ?? stripeId('cs_test'),
    amount_subtotal: o.amount - (o.tax ?? 0),
    amount_total: o.amount,
    currency: o.currency.toLowerCase(),
    client_reference_id: o.ref ? String(o.ref.userId) : null,
    metadata: o.metadata ?? (o.ref ? lmsMetadata(o.ref) : {}),
    mode: o.mode ?? 'payment',
    payment_intent: o.mode === 'subscription' ? null : o.paymentIntent === undefined ? stripeId('pi') : o.paymentIntent,
    payment_status: o.paymentStatus ?? 'paid',
    status: o.status ?? 'complete',
    subscription: o.subscription ?? null,
    customer: o.customer ?? null,
    created,
    expires_at: created + 86_400,
    shipping_cost: null,
    shipping_address_collection: null,
    shipping_options: [],
    currency_conversion: null,
    collected_information: null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: o.tax ?? 0 },
  } as unknown as Stripe.Checkout.Session;
}

/** A succeeded charge of a PaymentIntent, with `amountRefunded` refunded so far. */
export function chargeObject(o: {
  id?: string;
  paymentIntent: string | null;
  amount: number;
  currency: string;
  amountRefunded?: number;
  balanceTransaction?: string | null;
  metadata?: Record<string, string>;
}): Stripe.Charge {
  const c = stripeShape<Record<string, unknown>>('charge');
  const refunded = o.amountRefunded ?? 0;
  const id = o.id ?? stripeId('ch');
  return {
    ...c,
    id,
    amount: o.amount,
    amount_captured: o.amount,
    amount_refunded: refunded,
    refunded: refunded >= o.amount,
    captured: true,
    paid: true,
    status: 'succeeded',
    currency: o.currency.toLowerCase(),
    payment_intent: o.paymentIntent,
    balance_transaction: o.balanceTransaction === undefined ? stripeId('txn') : o.balanceTransaction,
    metadata: o.metadata ?? {},
    created: nowSeconds(),
    transfer_data: null,
    source: null,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
  } as unknown as Stripe.Charge;
}

export function paymentIntentObject(o: { id: string; amount: number; currency: string; latestCharge: string | null; metadata?: Record<string, string> }): Stripe.PaymentIntent {
  const p = stripeShape<Record<string, unknown>>('payment_intent');
  return {
    ...p,
    id: o.id,
    amount: o.amount,
    amount_received: o.amount,
    currency: o.currency.toLowerCase(),
    latest_charge: o.latestCharge,
    status: 'succeeded',
    metadata: o.metadata ?? {},
    canceled_at: null,
    last_payment_error: null,
    next_action: null,
    created: nowSeconds(),
    transfer_data: null,
  } as unknown as Stripe.PaymentIntent;
}

/** A charge's balance transaction: what Stripe kept as its fee. */
export function balanceTransactionObject(o: { id: string; chargeId: string; amount: number; currency: string; fee: number }): Stripe.BalanceTransaction {
  const b = stripeShape<Record<string, unknown>>('balance_transaction');
  return {
    ...b,
    id: o.id,
    amount: o.amount,
    currency: o.currency.toLowerCase(),
    fee: o.fee,
    fee_details: [{ amount: o.fee, application: null, currency: o.currency.toLowerCase(), description: 'Stripe processing fees', type: 'stripe_fee' }],
    net: o.amount - o.fee,
    source: o.chargeId,
    created: nowSeconds(),
    available_on: nowSeconds() + 2 * 86_400,
    status: 'pending',
  } as unknown as Stripe.BalanceTransaction;
}

export function refundObject(o: { chargeId: string; paymentIntent: string | null; amount: number; currency: string; reason?: string | null }): Stripe.Refund {
  const r = stripeShape<Record<string, unknown>>('refund');
  return {
    ...r,
    id: stripeId('re'),
    amount: o.amount,
    charge: o.chargeId,
    payment_intent: o.paymentIntent,
    currency: o.currency.toLowerCase(),
    reason: o.reason ?? null,
    created: nowSeconds(),
    status: 'succeeded',
  } as unknown as Stripe.Refund;
}

export function disputeObject(o: { id?: string; chargeId: string; paymentIntent: string | null; amount: number; currency: string; status: Stripe.Dispute.Status }): Stripe.Dispute {
  const d = stripeShape<Record<string, unknown>>('dispute');
  return {
    ...d,
    id: o.id ?? stripeId('dp'),
    charge: o.chargeId,
    payment_intent: o.paymentIntent,
    amount: o.amount,
    currency: o.currency.toLowerCase(),
    status: o.status,
    created: nowSeconds(),
  } as unknown as Stripe.Dispute;
}

/** A subscription with one monthly item; `periodEnd` in epoch seconds. */
export function subscriptionObject(o: {
  id?: string;
  customer: string;
  status: Stripe.Subscription.Status;
  periodEnd: number;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  latestInvoice?: string | null;
}): Stripe.Subscription {
  const id = o.id ?? stripeId('sub');
  const periodStart = o.periodEnd - 30 * 86_400;
  const currency = o.currency.toLowerCase();
  return {
    id,
    object: 'subscription',
    customer: o.customer,
    status: o.status,
    metadata: o.metadata,
    currency,
    created: periodStart,
    start_date: periodStart,
    billing_cycle_anchor: periodStart,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: o.status === 'canceled' ? nowSeconds() : null,
    ended_at: o.status === 'canceled' ? nowSeconds() : null,
    collection_method: 'charge_automatically',
    latest_invoice: o.latestInvoice ?? null,
    livemode: false,
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
      data: [
        {
          id: stripeId('si'),
          object: 'subscription_item',
          subscription: id,
          quantity: 1,
          current_period_start: periodStart,
          current_period_end: o.periodEnd,
          metadata: {},
          price: { id: stripeId('price'), object: 'price', currency, unit_amount: o.amount, recurring: { interval: 'month', interval_count: 1 }, type: 'recurring' },
        },
      ],
    },
  } as unknown as Stripe.Subscription;
}

/** A paid subscription invoice for the period ending `periodEnd` (epoch seconds). */
export function invoiceObject(o: {
  id?: string;
  customer: string;
  subscription: string;
  subscriptionMetadata: Record<string, string>;
  amountPaid: number;
  currency: string;
  periodEnd: number;
  tax?: number;
}): Stripe.Invoice {
  const id = o.id ?? stripeId('in');
  const periodStart = o.periodEnd - 30 * 86_400;
  const currency = o.currency.toLowerCase();
  return {
    id,
    object: 'invoice',
    customer: o.customer,
    currency,
    status: 'paid',
    amount_due: o.amountPaid,
    amount_paid: o.amountPaid,
    amount_remaining: 0,
    total: o.amountPaid,
    subtotal: o.amountPaid - (o.tax ?? 0),
    total_taxes: o.tax ? [{ amount: o.tax, tax_behavior: 'inclusive', tax_rate_details: null, taxability_reason: 'standard_rated', taxable_amount: o.amountPaid - o.tax, type: 'tax_rate_details' }] : [],
    billing_reason: 'subscription_cycle',
    created: periodStart,
    period_start: periodStart,
    period_end: o.periodEnd,
    livemode: false,
    parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: o.subscription, metadata: o.subscriptionMetadata } },
    status_transitions: { finalized_at: periodStart, marked_uncollectible_at: null, paid_at: nowSeconds(), voided_at: null },
    lines: {
      object: 'list',
      has_more: false,
      url: `/v1/invoices/${id}/lines`,
      data: [{ id: stripeId('il'), object: 'line_item', amount: o.amountPaid, currency, period: { start: periodStart, end: o.periodEnd }, quantity: 1 }],
    },
  } as unknown as Stripe.Invoice;
}

/** A webhook event around `object`, in the fixture's event shape. */
export function stripeEvent<T extends { object?: string }>(type: string, object: T, o: { id?: string; created?: number } = {}): Stripe.Event {
  const e = stripeShape<Record<string, unknown>>('event');
  return {
    ...e,
    id: o.id ?? stripeId('evt'),
    api_version: Stripe.API_VERSION,
    created: o.created ?? nowSeconds(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as unknown as Stripe.Event;
}

/** The Stripe-Signature header for `payload`, made by the SDK's own test helper. */
export function stripeSignature(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp !== undefined ? { timestamp } : {}) });
}
