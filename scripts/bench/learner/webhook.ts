import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { PacedRequest, PacedResult } from '../lib/paced';
import { seededRandom } from '../lib/work';
import { checkoutSessionObject, stripeEvent, stripeSignature } from '../../../tests/harness/stripe-objects';
import { API, planWebhookDeliveries, type WebhookDelivery } from './plan-load';

export const WEBHOOK_PATH = `${API}/stripe/webhook`;

/** A fresh endpoint signing secret for this run (the cms gets it as STRIPE_WEBHOOK_SECRET). */
export const newWebhookSecret = (): string => `whsec_${crypto.randomBytes(24).toString('base64url')}`;

export interface PaidCourse {
  documentId: string;
  priceAmount: number;
  currency: string;
}

export interface WebhookPlan {
  deliveries: WebhookDelivery[];
  eventIds: string[];
  /** The paced requests, signed for their send times. */
  requests(startAt: number): PacedRequest[];
}

/**
 * `checkout.session.completed` events as Stripe sends them: built from Stripe's own object shapes
 * (tests/harness/stripe-objects.ts, over tests/fixtures/stripe/object-shapes.json), one per
 * purchase by a benchmark learner, serialised as Stripe does (pretty-printed JSON), each delivery
 * signed with the `stripe` SDK's test-header helper for the second it is sent. A repeat is the
 * same bytes signed again, as Stripe's redeliveries are.
 */
export function planWebhook(
  offsetsMs: readonly number[],
  repeatShare: number,
  buyers: readonly number[],
  courses: readonly PaidCourse[],
  secret: string,
  seed: number,
): WebhookPlan {
  if (buyers.length === 0 || courses.length === 0) throw new Error('webhook events need learners and at least one paid course');
  const random = seededRandom(seed);
  const deliveries = planWebhookDeliveries(offsetsMs, repeatShare, random);
  const eventCount = deliveries.reduce((n, d) => Math.max(n, d.event + 1), 0);
  const payloads = Array.from({ length: eventCount }, () => {
    const userId = buyers[Math.floor(random() * buyers.length)] as number;
    const course = courses[Math.floor(random() * courses.length)] as PaidCourse;
    const session = checkoutSessionObject({ ref: { userId, courseDocumentId: course.documentId }, amount: course.priceAmount, currency: course.currency });
    const event = stripeEvent('checkout.session.completed', session);
    return { id: event.id, body: JSON.stringify(event, null, 2) };
  });
  return {
    deliveries,
    eventIds: payloads.map((p) => p.id),
    requests: (startAt) =>
      deliveries.map((d) => {
        const payload = payloads[d.event] as { id: string; body: string };
        return {
          atMs: d.atMs,
          method: 'POST',
          path: WEBHOOK_PATH,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'stripe-signature': stripeSignature(payload.body, secret, Math.floor((startAt + d.atMs) / 1000)),
          },
          body: payload.body,
          tag: d.copy === 1 ? 'webhook-first' : 'webhook-repeat',
          id: `${d.event}:${d.copy}`,
          captureBody: true,
        } satisfies PacedRequest;
      }),
  };
}

export interface WebhookOutcome {
  events: number;
  deliveries: number;
  /** 200 answers saying `duplicate: false` (should be one per event) and `duplicate: true`. */
  answeredNew: number;
  answeredDuplicate: number;
  /** Rows the cms stored for this run's events, and outbox events it emitted for them. */
  storedRows: number;
  outboxEvents: number;
}

/** What the cms made of the deliveries: its answers, and the rows it stored (read back from PostgreSQL). */
export async function checkWebhookOutcome(strapi: Core.Strapi, plan: WebhookPlan, results: readonly PacedResult[]): Promise<WebhookOutcome> {
  let answeredNew = 0;
  let answeredDuplicate = 0;
  for (const r of results) {
    if (r.status !== 200 || !r.body) continue;
    try {
      const body = JSON.parse(r.body) as { duplicate?: boolean };
      if (body.duplicate === false) answeredNew += 1;
      if (body.duplicate === true) answeredDuplicate += 1;
    } catch {
      // not JSON: counted as neither
    }
  }
  const knex = strapi.db.connection;
  const count = async (query: Promise<unknown>) => Number(((await query) as Array<{ n: number | string }>)[0]?.n ?? 0);
  const storedRows = await count(knex('lms_stripe_events').whereIn('event_id', plan.eventIds).count({ n: '*' }));
  const outboxEvents = await count(
    knex('lms_outbox').where({ type: 'stripe.event.received' }).whereRaw("payload->>'stripeEventId' = ANY(?)", [plan.eventIds]).count({ n: '*' }),
  );
  return { events: plan.eventIds.length, deliveries: plan.deliveries.length, answeredNew, answeredDuplicate, storedRows, outboxEvents };
}
