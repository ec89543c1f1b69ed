import type Stripe from 'stripe';
import { expect, inject } from 'vitest';
import { cmsUrl, sendJson } from './api';
import { sql } from './pg';
import { doubleFee } from './stripe-double';
import { balanceTransactionObject, chargeObject, checkoutSessionObject, disputeObject, paymentIntentObject, stripeEvent, stripeId, stripeSignature } from './stripe-objects';

/**
 * Course purchases as Stripe delivers them, for the revenue tests (integration and browser): a
 * learner, the charge and its balance transaction seeded in the local Stripe double, the signed
 * checkout.session.completed webhook, and the ledger rows lms-revenue posts for it.
 */

const WEBHOOK = '/api/lms-enrollment/stripe/webhook';

export interface Course {
  documentId: string;
  priceAmount: number;
  currency: string;
  instructorId: string;
  instructorEmail: string;
}

let seq = 0;
const run = Date.now().toString(36);
/** A new learner (users-permissions), registered over HTTP; returns the user id. */
export async function learner(): Promise<number> {
  seq += 1;
  const name = `rev-${seq}-${run}`;
  const res = await sendJson<{ user: { id: number } }>('POST', '/api/auth/local/register', { username: name, email: `${name}@example.com`, password: 'Learner-Pass-2026!' });
  if (res.status !== 200) throw new Error(`register ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.user.id;
}

export const seedDouble = async (object: { id: string }) =>
  fetch(`${inject('stripeUrl')}/__double/objects`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object }) });

/** Delivers a Stripe event to the webhook, signed as Stripe would sign it. */
export async function deliver(event: Stripe.Event): Promise<void> {
  const payload = JSON.stringify(event);
  const res = await fetch(cmsUrl(WEBHOOK), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(payload, inject('stripeWebhookSecret')) },
    body: payload,
  });
  expect(res.status, await res.text()).toBe(200);
}

/** Polls until `probe` returns a value. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type TxRow = {
  id: number;
  reference: string;
  kind: string;
  reverses: string | null;
  occurred_at: Date;
};
export type EntryRow = {
  account: string;
  amount: string;
  currency: string;
  available_at: Date | null;
};

export const txByReference = async (reference: string) => (await sql<TxRow>('SELECT id, reference, kind, reverses, occurred_at FROM lms_ledger_transactions WHERE reference = $1', [reference]))[0];
export const entriesOf = (transactionId: number) =>
  sql<EntryRow>('SELECT account, amount::text AS amount, currency, available_at FROM lms_ledger_entries WHERE transaction_id = $1 ORDER BY id', [transactionId]);
export const amountOf = (entries: EntryRow[], account: string) => entries.filter((e) => e.account === account).reduce((s, e) => s + Number(e.amount), 0);

/** A paid purchase of `c` by a new learner, delivered as Stripe would; resolves once its sale is in the ledger. */
export async function buy(c: Course) {
  const userId = await learner();
  const intentId = stripeId('pi');
  const charge = chargeObject({ paymentIntent: intentId, amount: c.priceAmount, currency: c.currency });
  const fee = doubleFee(c.priceAmount);
  await seedDouble(balanceTransactionObject({ id: String(charge.balance_transaction), chargeId: charge.id, amount: c.priceAmount, currency: c.currency, fee }));
  await seedDouble(charge);
  await seedDouble(paymentIntentObject({ id: intentId, amount: c.priceAmount, currency: c.currency, latestCharge: charge.id }));
  const session = checkoutSessionObject({ ref: { userId, courseDocumentId: c.documentId }, paymentIntent: intentId, amount: c.priceAmount, currency: c.currency });
  const completed = stripeEvent('checkout.session.completed', session);
  await deliver(completed);
  const paymentId = await until('the payment row', async () => (await sql<{ id: number }>('SELECT id FROM lms_payments WHERE payment_intent_id = $1', [intentId]))[0]?.id);
  const sale = await until(`sale payment:${paymentId} in the ledger`, () => txByReference(`payment:${paymentId}`));
  return {
    paymentId,
    sale,
    fee,
    completed,
    refund: (amountRefunded: number) => stripeEvent('charge.refunded', { ...charge, amount_refunded: amountRefunded, refunded: amountRefunded >= charge.amount }),
    lostDispute: () => stripeEvent('charge.dispute.closed', disputeObject({ chargeId: charge.id, paymentIntent: intentId, amount: c.priceAmount, currency: c.currency, status: 'lost' })),
  };
}
