import { inject } from 'vitest';
import { createInstructor } from './admin-users';
import { cmsUrl } from './api';
import { connect, publishDoc } from './content';
import { registerLearner } from './learners';
import { sql } from './pg';
import { doubleFee } from './stripe-double';
import { balanceTransactionObject, chargeObject, checkoutSessionObject, paymentIntentObject, stripeEvent, stripeId, stripeSignature } from './stripe-objects';

/**
 * A course sale as production sees it: a new learner, the charge and its balance transaction
 * (Stripe's fee) in the Stripe double, a signed `checkout.session.completed` to lms-enrollment's
 * webhook; resolves once lms-revenue has posted the sale to the ledger. `refund()` delivers a full
 * `charge.refunded` and resolves once the reversal is posted. Used by the payouts tests.
 */

const ENROLLMENT_WEBHOOK = '/api/lms-enrollment/stripe/webhook';

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** POSTs `event` to `path` signed with `secret`, as Stripe delivers it. */
export async function signedPost(path: string, event: unknown, secret: string): Promise<Response> {
  const payload = JSON.stringify(event);
  return fetch(cmsUrl(path), { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(payload, secret) }, body: payload });
}

let buyers = 0;

export async function sellCourse(course: { documentId: string; price: number; currency: string }, run: string, opts: { buyer?: { id: number } } = {}) {
  buyers += 1;
  // A given buyer (an existing learner) or a new one.
  const learner = opts.buyer ?? (await registerLearner(`sale-${buyers}`, run));
  const { price, currency } = course;
  const intentId = stripeId('pi');
  const charge = chargeObject({ paymentIntent: intentId, amount: price, currency });
  const seed = (object: { id: string }) =>
    fetch(`${inject('stripeUrl')}/__double/objects`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object }) });
  await seed(balanceTransactionObject({ id: String(charge.balance_transaction), chargeId: charge.id, amount: price, currency, fee: doubleFee(price) }));
  await seed(charge);
  await seed(paymentIntentObject({ id: intentId, amount: price, currency, latestCharge: charge.id }));
  const session = checkoutSessionObject({ ref: { userId: learner.id, courseDocumentId: course.documentId }, paymentIntent: intentId, amount: price, currency });
  const res = await signedPost(ENROLLMENT_WEBHOOK, stripeEvent('checkout.session.completed', session), inject('stripeWebhookSecret'));
  if (res.status !== 200) throw new Error(`checkout webhook: ${res.status} ${await res.text()}`);
  const paymentId = await until('the payment row', async () => (await sql<{ id: number }>('SELECT id FROM lms_payments WHERE payment_intent_id = $1', [intentId]))[0]?.id);
  await until('the sale in the ledger', async () => (await sql('SELECT id FROM lms_ledger_transactions WHERE reference = $1', [`payment:${paymentId}`]))[0]);
  return {
    paymentId,
    async refund(): Promise<void> {
      const refunded = stripeEvent('charge.refunded', { ...charge, amount_refunded: price, refunded: true });
      const r = await signedPost(ENROLLMENT_WEBHOOK, refunded, inject('stripeWebhookSecret'));
      if (r.status !== 200) throw new Error(`refund webhook: ${r.status} ${await r.text()}`);
      await until('the refund in the ledger', async () => (await sql('SELECT id FROM lms_ledger_transactions WHERE reference = $1', [`payment:${paymentId}:returned:${price}`]))[0]);
    },
  };
}

/** An instructor (admin user with the Instructor role), their published profile and a paid course. */
export async function instructorWithPaidCourse(admin: Record<string, string>, label: string, run: string, price: number, currency = 'ZAR') {
  const user = await createInstructor(admin, label, run);
  const profile = await publishDoc(admin, 'api::instructor.instructor', { name: `${label} ${run}`, slug: `${label}-${run}`, adminUser: { connect: [{ id: user.id }] } });
  const title = `Course of ${label} ${run}`;
  const documentId = await publishDoc(admin, 'api::course.course', {
    title,
    slug: `course-${label}-${run}`,
    summary: 'A paid course whose sales the tests make',
    level: 'beginner',
    language: 'en',
    pricingModel: 'one_time',
    priceAmount: price,
    currency,
    instructor: connect(profile),
  });
  return { user, profile, name: `${label} ${run}`, course: { documentId, title, price, currency } };
}
