import type { Knex } from 'knex';
import { isPostgres, readDate } from '@lms/plugin-lms-core/server';
import { SUBSCRIPTIONS_TABLE } from '../migrations';
import type { Row } from '../store';
import type { Announced, PaymentFacts, PaymentStatus } from './domain/payment';
import type { SubscriptionState } from './domain/subscription';
import { PAYMENTS_TABLE, STRIPE_EVENTS_TABLE } from './migrations';

type Db = Knex | Knex.Transaction;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** One row of lms_payments: the merged facts, what was announced, and bookkeeping. */
export interface PaymentRecord {
  id: number;
  kind: 'purchase' | 'subscription';
  facts: PaymentFacts;
  announced: Announced;
  invoiceId: string | null;
  subscriptionId: string | null;
  fee: number | null;
  feeCurrency: string | null;
  paidAt: Date | null;
}

export function toPaymentRecord(row: Row): PaymentRecord {
  return {
    id: Number(row.id),
    kind: row.kind as PaymentRecord['kind'],
    facts: {
      userId: num(row.user_id),
      courseDocumentId: (row.course_document_id as string | null) ?? null,
      checkoutSessionId: (row.checkout_session_id as string | null) ?? null,
      paymentIntentId: (row.payment_intent_id as string | null) ?? null,
      chargeId: (row.charge_id as string | null) ?? null,
      currency: (row.currency as string | null) ?? null,
      amountGross: num(row.amount_gross),
      amountTax: num(row.amount_tax),
      amountRefunded: Number(row.amount_refunded ?? 0),
      status: row.status as PaymentStatus,
      dispute: row.dispute_id
        ? { id: String(row.dispute_id), status: String(row.dispute_status), amount: Number(row.dispute_amount ?? 0), eventCreated: Number(row.dispute_event_created ?? 0) }
        : null,
    },
    announced: {
      succeeded: row.succeeded_announced_at !== null && row.succeeded_announced_at !== undefined,
      refunded: Number(row.refund_announced ?? 0),
      chargeback: row.chargeback_announced_at !== null && row.chargeback_announced_at !== undefined,
    },
    invoiceId: (row.invoice_id as string | null) ?? null,
    subscriptionId: (row.subscription_id as string | null) ?? null,
    fee: num(row.fee),
    feeCurrency: (row.fee_currency as string | null) ?? null,
    paidAt: readDate(row.paid_at),
  };
}

/** The columns that hold the merged facts. */
export function factColumns(f: PaymentFacts): Record<string, unknown> {
  return {
    user_id: f.userId,
    course_document_id: f.courseDocumentId,
    checkout_session_id: f.checkoutSessionId,
    payment_intent_id: f.paymentIntentId,
    charge_id: f.chargeId,
    currency: f.currency,
    amount_gross: f.amountGross,
    amount_tax: f.amountTax,
    amount_refunded: f.amountRefunded,
    status: f.status,
    dispute_id: f.dispute?.id ?? null,
    dispute_status: f.dispute?.status ?? null,
    dispute_amount: f.dispute?.amount ?? null,
    dispute_event_created: f.dispute?.eventCreated ?? 0,
  };
}

/**
 * The purchase row a fact belongs to, locked for this transaction, created when it is the first
 * fact about the payment. Found by PaymentIntent (every purchase event carries it) or, for a
 * dispute or refund without one, by charge. Concurrent first facts meet at the unique key: the
 * insert of the later one does nothing and it then waits for the row lock.
 */
export async function lockPurchaseRow(
  trx: Knex.Transaction,
  keys: { paymentIntentId: string | null; chargeId: string | null; checkoutSessionId: string | null },
  now: Date,
): Promise<PaymentRecord | null> {
  const key: [string, string] | null = keys.paymentIntentId
    ? ['payment_intent_id', keys.paymentIntentId]
    : keys.checkoutSessionId
      ? ['checkout_session_id', keys.checkoutSessionId]
      : keys.chargeId
        ? ['charge_id', keys.chargeId]
        : null;
  if (!key) return null;
  await trx(PAYMENTS_TABLE)
    .insert({ kind: 'purchase', [key[0]]: key[1], status: 'pending', created_at: now, updated_at: now })
    .onConflict(key[0])
    .ignore();
  const query = trx(PAYMENTS_TABLE).where(key[0], key[1]).first();
  if (isPostgres(trx)) query.forUpdate();
  const row = (await query) as Row | undefined;
  return row ? toPaymentRecord(row) : null;
}

export async function findPaymentByCharge(db: Db, chargeId: string): Promise<PaymentRecord | null> {
  const row = (await db(PAYMENTS_TABLE).where({ charge_id: chargeId }).first()) as Row | undefined;
  return row ? toPaymentRecord(row) : null;
}

// ------------------------------------------------------------------------------- subscriptions

export function toSubscriptionState(row: Row): SubscriptionState {
  return {
    userId: Number(row.user_id),
    customerId: String(row.stripe_customer_id),
    status: String(row.status),
    currentPeriodEnd: readDate(row.current_period_end),
    lastEventCreated: Number(row.last_event_created ?? 0),
  };
}

export async function lockSubscription(trx: Knex.Transaction, subscriptionId: string): Promise<SubscriptionState | null> {
  const query = trx(SUBSCRIPTIONS_TABLE).where({ stripe_subscription_id: subscriptionId }).first();
  if (isPostgres(trx)) query.forUpdate();
  const row = (await query) as Row | undefined;
  return row ? toSubscriptionState(row) : null;
}

export function subscriptionColumns(s: SubscriptionState): Record<string, unknown> {
  return {
    user_id: s.userId,
    stripe_customer_id: s.customerId,
    status: s.status,
    current_period_end: s.currentPeriodEnd,
    last_event_created: s.lastEventCreated,
  };
}

// ------------------------------------------------------------------------------- events

export interface StoredStripeEvent {
  eventId: string;
  type: string;
  created: number;
  payload: unknown;
  processedAt: Date | null;
}

export { STRIPE_EVENTS_TABLE, PAYMENTS_TABLE };
