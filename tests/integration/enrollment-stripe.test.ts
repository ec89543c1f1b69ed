import Stripe from 'stripe';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiErrorBody } from '../../plugins/lms-enrollment/server/src/contracts';
import type { CheckoutResponse, StripeWebhookResponse } from '../../plugins/lms-enrollment/server/src/payments/contracts';
import { cmsUrl, getJson, sendJson } from '../harness/api';
import { registerLearner, type Learner } from '../harness/learners';
import { sql } from '../harness/pg';
import { doubleFee, type RecordedRequest, type WebhookDelivery } from '../harness/stripe-double';
import {
  balanceTransactionObject,
  chargeObject,
  checkoutSessionObject,
  disputeObject,
  invoiceObject,
  lmsMetadata,
  nowSeconds,
  paymentIntentObject,
  stripeEvent,
  stripeId,
  stripeSignature,
  subscriptionObject,
} from '../harness/stripe-objects';

/**
 * Payments against the real stack: the cms's Stripe SDK talks to the local Stripe double, the
 * webhook receives events signed with the SDK's test helper (built from Stripe's own object
 * shapes), the queue applies them, and rows and outbox events are read back from PostgreSQL.
 */

const API = '/api/lms-enrollment';
const WEBHOOK = `${API}/stripe/webhook`;
const run = Date.now().toString(36);

interface Course {
  documentId: string;
  slug: string;
  title: string;
  priceAmount: number;
  currency: string;
}

let seq = 0;
/** A new learner per call, also for a label used twice. */
const learner = (label: string): Promise<Learner> => registerLearner(`pay-${label}-${(seq += 1)}`, run);

/** Published seeded courses with this pricing (the demo seed prices them), dearest first. */
async function seededCourses(pricingModel: 'one_time' | 'subscription'): Promise<Course[]> {
  const rows = await sql<{ document_id: string; slug: string; title: string; price_amount: number; currency: string }>(
    'SELECT document_id, slug, title, price_amount, currency FROM courses WHERE pricing_model = $1 AND published_at IS NOT NULL AND price_amount > 0 ORDER BY price_amount DESC, slug',
    [pricingModel],
  );
  if (rows.length === 0) throw new Error(`the demo seed has no published ${pricingModel} course`);
  return rows.map((row) => ({ documentId: row.document_id, slug: row.slug, title: row.title, priceAmount: Number(row.price_amount), currency: row.currency }));
}

const stripe = () => new Stripe(inject('stripeSecretKey'), { host: '127.0.0.1', port: new URL(inject('stripeUrl')).port, protocol: 'http' });
const double = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await fetch(`${inject('stripeUrl')}${path}`, init)).json()) as T;
const seedDouble = (object: { id: string }) =>
  double('/__double/objects', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object }) });

/** Delivers an event to the webhook the way Stripe does (or tampered with, or stale). */
async function deliver(
  event: Stripe.Event,
  o: { timestamp?: number; tamper?: (body: string) => string; secret?: string; signature?: string | null } = {},
): Promise<{ status: number; body: StripeWebhookResponse & ApiErrorBody }> {
  const payload = JSON.stringify(event, null, 2);
  const signature = o.signature === undefined ? stripeSignature(payload, o.secret ?? inject('stripeWebhookSecret'), o.timestamp) : o.signature;
  const res = await fetch(cmsUrl(WEBHOOK), {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(signature ? { 'stripe-signature': signature } : {}) },
    body: o.tamper ? o.tamper(payload) : payload,
  });
  return { status: res.status, body: (await res.json()) as StripeWebhookResponse & ApiErrorBody };
}

/** Waits until the queue consumer applied the stored event; returns what it did. */
async function processed(eventId: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql<{ processed_at: Date | null; outcome: string | null }>('SELECT processed_at, outcome FROM lms_stripe_events WHERE event_id = $1', [eventId]);
    if (row?.processed_at) return row.outcome ?? '';
    if (Date.now() > deadline) throw new Error(`Stripe event ${eventId} was not applied within ${timeoutMs} ms (stored: ${Boolean(row)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function deliverAndApply(event: Stripe.Event): Promise<string> {
  const res = await deliver(event);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return processed(event.id);
}

const enrollmentOf = async (userId: number, courseId: string) =>
  (await sql<{ id: number; status: string; source: string; source_ref: string | null; ended_by: string | null; reason: string | null }>(
    'SELECT id, status, source, source_ref, ended_by, reason FROM lms_enrollments WHERE user_id = $1 AND course_document_id = $2',
    [userId, courseId],
  ))[0] ?? null;

const outbox = (type: string, learnerId: number) =>
  sql<{ payload: Record<string, unknown> }>("SELECT payload FROM lms_outbox WHERE type = $1 AND (payload->>'learnerId')::int = $2 ORDER BY id", [type, learnerId]);

const storedEvents = (eventId: string) => sql('SELECT id FROM lms_stripe_events WHERE event_id = $1', [eventId]);

/** A paid one-time purchase as Stripe would report it, with its PaymentIntent, charge and fee known to the double. */
async function purchase(l: Learner, c: Course, o: { tax?: number } = {}) {
  const intentId = stripeId('pi');
  const charge = chargeObject({ paymentIntent: intentId, amount: c.priceAmount, currency: c.currency });
  const fee = doubleFee(c.priceAmount);
  await seedDouble(balanceTransactionObject({ id: String(charge.balance_transaction), chargeId: charge.id, amount: c.priceAmount, currency: c.currency, fee }));
  await seedDouble(charge);
  await seedDouble(paymentIntentObject({ id: intentId, amount: c.priceAmount, currency: c.currency, latestCharge: charge.id }));
  const session = checkoutSessionObject({ ref: { userId: l.id, courseDocumentId: c.documentId }, paymentIntent: intentId, amount: c.priceAmount, currency: c.currency, tax: o.tax });
  return {
    session,
    charge,
    fee,
    completed: stripeEvent('checkout.session.completed', session),
    refunded: (amountRefunded: number) => stripeEvent('charge.refunded', { ...charge, amount_refunded: amountRefunded, refunded: amountRefunded >= charge.amount }),
    dispute: (status: Stripe.Dispute.Status, created: number) =>
      stripeEvent(status === 'won' || status === 'lost' ? 'charge.dispute.closed' : 'charge.dispute.created', disputeObject({ id: `dp_${session.id.slice(-12)}`, chargeId: charge.id, paymentIntent: intentId, amount: c.priceAmount, currency: c.currency, status }), { created }),
  };
}

let paid: Course;
let cheap: Course;
let subscriptionCourse: Course;
let freeCourse: { documentId: string };

beforeAll(async () => {
  [paid, cheap] = (await seededCourses('one_time')) as [Course, Course];
  [subscriptionCourse] = (await seededCourses('subscription')) as [Course];
  const [free] = await sql<{ document_id: string }>("SELECT document_id FROM courses WHERE pricing_model = 'free' AND published_at IS NOT NULL LIMIT 1");
  freeCourse = { documentId: String(free?.document_id) };
});

describe('POST /api/lms-enrollment/checkout', () => {
  it('creates a payment-mode Checkout Session at Stripe for a one-time course, priced from the course', async () => {
    const l = await learner('checkout');
    const res = await sendJson<CheckoutResponse>('POST', `${API}/checkout`, { course: paid.documentId }, l.auth);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ mode: 'payment', url: `${inject('stripeUrl')}/c/pay/${res.body.sessionId}` });

    const [sent] = (await double<RecordedRequest[]>('/__double/requests?path=/v1/checkout/sessions')).filter((r) => (r.body.metadata as Record<string, string>)?.lms_user === String(l.id));
    expect(sent?.method).toBe('POST');
    expect(sent?.headers.authorization).toMatch(/^Bearer sk_test_/);
    expect(sent?.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(sent?.body).toMatchObject({
      mode: 'payment',
      client_reference_id: String(l.id),
      customer_email: l.email,
      metadata: { lms_user: String(l.id), lms_course: paid.documentId },
      payment_intent_data: { metadata: { lms_user: String(l.id), lms_course: paid.documentId } },
      line_items: [{ quantity: '1', price_data: { unit_amount: String(paid.priceAmount), currency: paid.currency.toLowerCase(), product_data: { name: paid.title } } }],
      cancel_url: `${new URL(String(sent?.body.cancel_url)).origin}/courses/${paid.slug}`,
    });
    expect(String(sent?.body.success_url)).toMatch(new RegExp(`/checkout/return\\?course=${paid.slug}&session_id=\\{CHECKOUT_SESSION_ID\\}$`));
    // The hosted page exists and offers to pay.
    const page = await fetch(res.body.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('>Pay</button>');
  });

  it('creates a subscription-mode session for a subscription course, billed monthly at its price', async () => {
    const l = await learner('subcheckout');
    const res = await sendJson<CheckoutResponse>('POST', `${API}/checkout`, { course: subscriptionCourse.documentId }, l.auth);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mode).toBe('subscription');
    const [sent] = (await double<RecordedRequest[]>('/__double/requests?path=/v1/checkout/sessions')).filter((r) => (r.body.metadata as Record<string, string>)?.lms_user === String(l.id));
    expect(sent?.body).toMatchObject({
      mode: 'subscription',
      client_reference_id: String(l.id),
      metadata: { lms_user: String(l.id), lms_course: subscriptionCourse.documentId },
      subscription_data: { metadata: { lms_user: String(l.id), lms_course: subscriptionCourse.documentId } },
      line_items: [{ price_data: { unit_amount: String(subscriptionCourse.priceAmount), currency: subscriptionCourse.currency.toLowerCase(), recurring: { interval: 'month' } } }],
    });
  });

  it('answers 403 naming the prerequisite course a learner has not completed (no one pays for a course they may not take)', async () => {
    const [withPrerequisite] = await sql<{ document_id: string; title: string; prerequisite: string }>(
      `SELECT c.document_id, c.title, p.title AS prerequisite FROM courses c
         JOIN courses_prerequisites_lnk l ON l.course_id = c.id
         JOIN courses p ON p.id = l.inv_course_id
        WHERE c.pricing_model = 'one_time' AND c.published_at IS NOT NULL LIMIT 1`,
    );
    expect(withPrerequisite, 'the demo seed has a one-time course with a prerequisite').toBeDefined();
    const l = await learner('prereq');
    const res = await sendJson<ApiErrorBody>('POST', `${API}/checkout`, { course: withPrerequisite?.document_id }, l.auth);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(`complete course "${withPrerequisite?.prerequisite}" before buying "${withPrerequisite?.title}"`);
  });

  it('answers 409 for a free course, 404 for an unknown one, 400 naming a bad field, 401/403 without a learner', async () => {
    const l = await learner('refusals');
    const free = await sendJson<ApiErrorBody>('POST', `${API}/checkout`, { course: freeCourse.documentId }, l.auth);
    expect(free.status).toBe(409);
    expect(free.body.error.message).toMatch(/is free; enroll directly with POST \/api\/lms-enrollment\/enrollments/);
    const unknown = await sendJson<ApiErrorBody>('POST', `${API}/checkout`, { course: 'nosuchcourse123' }, l.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/course "nosuchcourse123" was not found/);
    const bad = await sendJson<ApiErrorBody>('POST', `${API}/checkout`, { course: '../x' }, l.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.course: /);
    const extra = await sendJson<ApiErrorBody>('POST', `${API}/checkout`, { course: paid.documentId, price: 1 }, l.auth);
    expect(extra.status).toBe(400);
    const anonymous = await sendJson<ApiErrorBody>('POST', `${API}/checkout`, { course: paid.documentId });
    expect([401, 403]).toContain(anonymous.status);
  });
});

describe('the paid journey through the Stripe double', () => {
  it('pay → signed webhook → enrollment; fee from the balance transaction; then refunds through Stripe', async () => {
    const l = await learner('journey');
    const started = await sendJson<CheckoutResponse>('POST', `${API}/checkout`, { course: cheap.documentId }, l.auth);
    expect(started.status).toBe(200);
    const pay = await fetch(started.body.url, { method: 'POST', redirect: 'manual' });
    expect(pay.status).toBe(303);
    expect(pay.headers.get('location')).toMatch(new RegExp(`/checkout/return\\?course=${cheap.slug}&session_id=${started.body.sessionId}$`));
    const delivery = (await double<WebhookDelivery[]>('/__double/deliveries')).find((d) => d.type === 'checkout.session.completed' && d.response.includes('"handled":true') && d.status === 200);
    expect(delivery).toBeDefined();
    const session = await stripe().checkout.sessions.retrieve(started.body.sessionId);
    const completion = (await double<WebhookDelivery[]>('/__double/deliveries')).filter((d) => d.type === 'checkout.session.completed').at(-1) as WebhookDelivery;
    expect(await processed(completion.eventId)).toMatch(/granted enrollment/);

    expect(await enrollmentOf(l.id, cheap.documentId)).toMatchObject({ status: 'active', source: 'purchase', source_ref: session.id });
    const [succeeded, ...more] = await outbox('payment.succeeded', l.id);
    expect(more).toHaveLength(0);
    expect(succeeded?.payload).toMatchObject({
      courseId: cheap.documentId,
      kind: 'purchase',
      gross: { amount: cheap.priceAmount, currency: cheap.currency },
      tax: { amount: 0, currency: cheap.currency },
      fee: { amount: doubleFee(cheap.priceAmount), currency: cheap.currency },
      provider: 'stripe',
      providerReference: session.payment_intent,
    });

    // Paying twice is refused.
    const again = await sendJson<ApiErrorBody>('POST', `${API}/checkout`, { course: cheap.documentId }, l.auth);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already enrolled/);

    // A partial refund through Stripe keeps access; the rest ends it.
    await stripe().refunds.create({ payment_intent: String(session.payment_intent), amount: 4900 });
    const partial = (await double<WebhookDelivery[]>('/__double/deliveries')).filter((d) => d.type === 'charge.refunded').at(-1) as WebhookDelivery;
    await processed(partial.eventId);
    expect((await enrollmentOf(l.id, cheap.documentId))?.status).toBe('active');
    await stripe().refunds.create({ payment_intent: String(session.payment_intent) });
    const rest = (await double<WebhookDelivery[]>('/__double/deliveries')).filter((d) => d.type === 'charge.refunded').at(-1) as WebhookDelivery;
    await processed(rest.eventId);
    expect(await enrollmentOf(l.id, cheap.documentId)).toMatchObject({ status: 'refunded', ended_by: 'webhook:stripe' });
    const refunds = (await outbox('payment.refunded', l.id)).map((r) => r.payload);
    expect(refunds).toEqual([
      expect.objectContaining({ amount: { amount: 4900, currency: cheap.currency }, totalReturned: { amount: 4900, currency: cheap.currency }, full: false, cause: 'refund' }),
      expect.objectContaining({ amount: { amount: cheap.priceAmount - 4900, currency: cheap.currency }, totalReturned: { amount: cheap.priceAmount, currency: cheap.currency }, full: true, cause: 'refund' }),
    ]);
  });
});

describe('POST /api/lms-enrollment/stripe/webhook', () => {
  it('a purchase grants the enrollment and announces payment.succeeded with gross, VAT and fee', async () => {
    const l = await learner('grant');
    const p = await purchase(l, paid, { tax: 6509 });
    const res = await deliver(p.completed);
    expect(res).toEqual({ status: 200, body: { received: true, handled: true, duplicate: false } });
    expect(await processed(p.completed.id)).toMatch(/announced payment.succeeded; granted enrollment \d+/);
    expect(await enrollmentOf(l.id, paid.documentId)).toMatchObject({ status: 'active', source: 'purchase', source_ref: p.session.id });
    const events = await outbox('payment.succeeded', l.id);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        learnerId: l.id,
        courseId: paid.documentId,
        gross: { amount: paid.priceAmount, currency: paid.currency },
        tax: { amount: 6509, currency: paid.currency },
        fee: { amount: p.fee, currency: paid.currency },
        providerReference: p.session.payment_intent,
      }),
    ]);
    const [payment] = await sql('SELECT * FROM lms_payments WHERE checkout_session_id = $1', [p.session.id]);
    expect(payment).toMatchObject({ status: 'paid', user_id: l.id, charge_id: p.charge.id, fee: String(p.fee), currency: paid.currency.toLowerCase() });
  });

  it('the same event three times: one stored event, one enrollment, one payment.succeeded', async () => {
    const l = await learner('thrice');
    const p = await purchase(l, paid);
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await deliver(p.completed));
    expect(answers.map((a) => [a.status, a.body.duplicate])).toEqual([
      [200, false],
      [200, true],
      [200, true],
    ]);
    await processed(p.completed.id);
    expect(await storedEvents(p.completed.id)).toHaveLength(1);
    expect(await sql("SELECT id FROM lms_outbox WHERE type = 'stripe.event.received' AND payload->>'stripeEventId' = $1", [p.completed.id])).toHaveLength(1);
    expect(await outbox('payment.succeeded', l.id)).toHaveLength(1);
    expect(await outbox('enrollment.granted', l.id)).toHaveLength(1);
    expect(await sql('SELECT id FROM lms_enrollments WHERE user_id = $1', [l.id])).toHaveLength(1);
  });

  it('20 concurrent deliveries of one event have one effect', async () => {
    const l = await learner('concurrent');
    const p = await purchase(l, paid);
    const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(p.completed)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(1);
    await processed(p.completed.id);
    expect(await storedEvents(p.completed.id)).toHaveLength(1);
    expect(await sql("SELECT id FROM lms_outbox WHERE type = 'stripe.event.received' AND payload->>'stripeEventId' = $1", [p.completed.id])).toHaveLength(1);
    expect(await outbox('payment.succeeded', l.id)).toHaveLength(1);
    expect(await outbox('enrollment.granted', l.id)).toHaveLength(1);
  });

  it('a full refund that arrives before the completed checkout: the learner ends refunded', async () => {
    const l = await learner('reordered');
    const p = await purchase(l, paid);
    expect(await deliverAndApply(p.refunded(paid.priceAmount))).toMatch(/payment not completed yet/);
    expect(await enrollmentOf(l.id, paid.documentId)).toBeNull();
    expect(await outbox('payment.refunded', l.id)).toHaveLength(0);
    await deliverAndApply(p.completed);
    expect(await enrollmentOf(l.id, paid.documentId)).toMatchObject({ status: 'refunded', source: 'purchase' });
    expect((await outbox('payment.succeeded', l.id)).length).toBe(1);
    expect((await outbox('payment.refunded', l.id)).map((e) => e.payload)).toEqual([expect.objectContaining({ amount: { amount: paid.priceAmount, currency: paid.currency }, full: true })]);
  });

  it('a partial refund keeps access', async () => {
    const l = await learner('partial');
    const p = await purchase(l, paid);
    await deliverAndApply(p.completed);
    await deliverAndApply(p.refunded(10000));
    expect((await enrollmentOf(l.id, paid.documentId))?.status).toBe('active');
    expect((await outbox('payment.refunded', l.id)).map((e) => e.payload)).toEqual([expect.objectContaining({ amount: { amount: 10000, currency: paid.currency }, full: false })]);
  });

  it('a dispute revokes access; closed as won restores it, also when the closing arrives first', async () => {
    const l = await learner('dispute');
    const p = await purchase(l, paid);
    const t = nowSeconds();
    await deliverAndApply(p.completed);
    await deliverAndApply(p.dispute('needs_response', t));
    expect(await enrollmentOf(l.id, paid.documentId)).toMatchObject({ status: 'revoked', ended_by: 'webhook:stripe' });
    await deliverAndApply(p.dispute('won', t + 60));
    expect((await enrollmentOf(l.id, paid.documentId))?.status).toBe('active');

    const m = await learner('dispute-reordered');
    const q = await purchase(m, paid);
    await deliverAndApply(q.completed);
    await deliverAndApply(q.dispute('won', t + 60));
    await deliverAndApply(q.dispute('needs_response', t));
    expect((await enrollmentOf(m.id, paid.documentId))?.status).toBe('active');
    expect(await outbox('payment.refunded', m.id)).toHaveLength(0);
  });

  it('a lost dispute keeps access revoked and announces the chargeback once', async () => {
    const l = await learner('lost');
    const p = await purchase(l, paid);
    const t = nowSeconds();
    await deliverAndApply(p.completed);
    await deliverAndApply(p.dispute('lost', t + 60));
    await deliverAndApply(p.dispute('needs_response', t));
    expect((await enrollmentOf(l.id, paid.documentId))?.status).toBe('revoked');
    expect((await outbox('payment.refunded', l.id)).map((e) => e.payload)).toEqual([expect.objectContaining({ cause: 'chargeback', full: true })]);
  });

  it('rejects a tampered body, a stale timestamp, another secret or no signature with 400, storing nothing', async () => {
    const l = await learner('forged');
    const p = await purchase(l, paid);
    const tampered = await deliver(p.completed, { tamper: (body) => body.replace(`"amount_total": ${paid.priceAmount}`, '"amount_total": 1') });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.message).toMatch(/^Stripe-Signature: does not match the body/);
    const stale = await deliver(p.completed, { timestamp: nowSeconds() - 301 });
    expect(stale.status).toBe(400);
    expect(stale.body.error.message).toMatch(/^Stripe-Signature: the signature timestamp is more than 300 s old/);
    expect((await deliver(p.completed, { secret: 'whsec_someoneelsessecret1234' })).status).toBe(400);
    const unsigned = await deliver(p.completed, { signature: null });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.message).toMatch(/^Stripe-Signature: header is missing/);
    expect(await storedEvents(p.completed.id)).toHaveLength(0);
    expect(await enrollmentOf(l.id, paid.documentId)).toBeNull();
  });

  it('acknowledges unknown event types with 200 and stores nothing', async () => {
    const event = stripeEvent('customer.created', { id: stripeId('cus'), object: 'customer' });
    const res = await deliver(event);
    expect(res).toEqual({ status: 200, body: { received: true, handled: false, duplicate: false } });
    expect(await storedEvents(event.id)).toHaveLength(0);
  });

  it('ignores a checkout that this platform did not start (no lms metadata)', async () => {
    const session = checkoutSessionObject({ amount: 1000, currency: 'usd', metadata: {} });
    expect(await deliverAndApply(stripeEvent('checkout.session.completed', session))).toMatch(/^ignored: .*no lms_user\/lms_course metadata/);
  });
});

describe('subscriptions', () => {
  async function subscribe(l: Learner, created: number) {
    const customer = stripeId('cus');
    const subscriptionId = stripeId('sub');
    const metadata = lmsMetadata({ userId: l.id, courseDocumentId: subscriptionCourse.documentId });
    const periodEnd = created + 30 * 86_400;
    const session = checkoutSessionObject({
      ref: { userId: l.id, courseDocumentId: subscriptionCourse.documentId },
      mode: 'subscription',
      amount: subscriptionCourse.priceAmount,
      currency: subscriptionCourse.currency,
      subscription: subscriptionId,
      customer,
    });
    const sub = (status: Stripe.Subscription.Status) =>
      subscriptionObject({ id: subscriptionId, customer, status, periodEnd, amount: subscriptionCourse.priceAmount, currency: subscriptionCourse.currency, metadata });
    return {
      subscriptionId,
      completed: stripeEvent('checkout.session.completed', session, { created }),
      invoicePaid: stripeEvent('invoice.paid', invoiceObject({ customer, subscription: subscriptionId, subscriptionMetadata: metadata, amountPaid: subscriptionCourse.priceAmount, currency: subscriptionCourse.currency, periodEnd }), { created }),
      updated: (status: Stripe.Subscription.Status, at: number) => stripeEvent('customer.subscription.updated', sub(status), { created: at }),
      deleted: (at: number) => stripeEvent('customer.subscription.deleted', sub('canceled'), { created: at }),
    };
  }
  const subscriptionRow = async (id: string) =>
    (await sql<{ status: string; user_id: number; last_event_created: string }>('SELECT status, user_id, last_event_created FROM lms_subscriptions WHERE stripe_subscription_id = $1', [id]))[0];

  it('a completed subscription checkout opens the course; invoice.paid is announced once', async () => {
    const l = await learner('subscriber');
    const s = await subscribe(l, nowSeconds());
    await deliverAndApply(s.completed);
    expect(await subscriptionRow(s.subscriptionId)).toMatchObject({ status: 'active', user_id: l.id });
    expect(await enrollmentOf(l.id, subscriptionCourse.documentId)).toMatchObject({ status: 'active', source: 'subscription' });
    await deliverAndApply(s.invoicePaid);
    await deliver(s.invoicePaid);
    const announced = await outbox('payment.succeeded', l.id);
    expect(announced.map((e) => e.payload)).toEqual([
      expect.objectContaining({ kind: 'subscription', gross: { amount: subscriptionCourse.priceAmount, currency: subscriptionCourse.currency }, fee: null }),
    ]);
    // Already covered: checkout says enroll directly.
    const again = await sendJson<ApiErrorBody>('POST', `${API}/checkout`, { course: subscriptionCourse.documentId }, l.auth);
    expect(again.status).toBe(409);
  });

  it('updated and deleted out of order: event.created decides, and the course closes with the subscription', async () => {
    const l = await learner('unordered');
    const t = nowSeconds();
    const s = await subscribe(l, t);
    await deliverAndApply(s.completed);
    // Deleted (newer) arrives before an older "past_due → active" update.
    await deliverAndApply(s.deleted(t + 20));
    expect(await deliverAndApply(s.updated('active', t + 10))).toMatch(/unchanged/);
    expect(await subscriptionRow(s.subscriptionId)).toMatchObject({ status: 'canceled', last_event_created: String(t + 20) });
    expect(await enrollmentOf(l.id, subscriptionCourse.documentId)).toMatchObject({ status: 'expired', ended_by: 'webhook:stripe' });
    const enroll = await sendJson<ApiErrorBody>('POST', `${API}/enrollments`, { course: subscriptionCourse.documentId }, l.auth);
    expect(enroll.status).toBe(402);

    // The other order for another learner: older update first, then deletion.
    const m = await learner('ordered');
    const u = await subscribe(m, t);
    await deliverAndApply(u.completed);
    await deliverAndApply(u.updated('past_due', t + 10));
    expect((await enrollmentOf(m.id, subscriptionCourse.documentId))?.status).toBe('expired');
    await deliverAndApply(u.updated('active', t + 15));
    expect((await enrollmentOf(m.id, subscriptionCourse.documentId))?.status).toBe('active');
    await deliverAndApply(u.deleted(t + 20));
    expect((await subscriptionRow(u.subscriptionId))?.status).toBe('canceled');
    expect((await enrollmentOf(m.id, subscriptionCourse.documentId))?.status).toBe('expired');
  });
});

describe('webhook guard', () => {
  it('the webhook route is public but needs a signature (no JWT involved)', async () => {
    const res = await getJson<ApiErrorBody>(WEBHOOK, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Stripe-Signature/);
  });
});
