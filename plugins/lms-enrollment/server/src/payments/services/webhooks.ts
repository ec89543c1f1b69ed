import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, invalidInput } from '@lms/plugin-lms-core/server';
import type Stripe from 'stripe';
import type { StripeWebhookResponse } from '../contracts';
import { isHandledEventType } from '../domain/stripe-objects';
import { notConfigured } from '../errors';
import { STRIPE_EVENTS_TABLE } from '../migrations';
import { verifyStripeEvent } from '../stripe-client';
import { getService } from '../../utils';
import '../events';

function signatureProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/tolerance/i.test(message)) return 'the signature timestamp is more than 300 s old (a replayed delivery, or a clock off by minutes); nothing was stored';
  if (/timestamp and signatures|no signatures found with expected scheme/i.test(message)) return 'header is malformed; expected "t=<timestamp>,v1=<signature>"';
  return 'does not match the body under STRIPE_WEBHOOK_SECRET (the body was altered, or it was signed with another endpoint\'s secret); nothing was stored';
}

/**
 * The Stripe webhook's receiving end: verify, record, answer. Verification is Stripe's own
 * (the SDK's constructEvent over the exact request bytes). In ONE transaction the event is stored
 * under its unique id and an outbox event is emitted; a repeated id inserts nothing and emits
 * nothing. The work happens in the consumer (services/payments), so Stripe gets its 200 at once.
 */
export const createStripeWebhooksService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async receive(rawBody: string | Buffer | undefined, signature: string | undefined): Promise<StripeWebhookResponse> {
    const secret = getService(strapi, 'stripe').settings().webhookSecret;
    if (!secret) throw notConfigured('STRIPE_WEBHOOK_SECRET', 'The Stripe webhook');
    if (!signature) throw invalidInput('Stripe-Signature', 'header is missing; Stripe signs every webhook delivery');
    if (rawBody === undefined || rawBody.length === 0) throw invalidInput('body', 'expected the JSON body exactly as Stripe sent it (Content-Type: application/json)');

    let event: Stripe.Event;
    try {
      event = verifyStripeEvent(rawBody, signature, secret);
    } catch (error) {
      throw invalidInput('Stripe-Signature', signatureProblem(error));
    }
    if (typeof event?.id !== 'string' || typeof event.type !== 'string' || !Number.isSafeInteger(event.created)) {
      throw invalidInput('body', 'is not a Stripe event (expected id, type and created)');
    }

    if (!isHandledEventType(event.type)) {
      strapi.log.info(`lms-enrollment: Stripe event ${event.id} of type "${event.type}" acknowledged and ignored (not a type this platform acts on)`);
      return { received: true, handled: false, duplicate: false };
    }

    const now = new Date();
    const stored = await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
      const inserted = (await trx(STRIPE_EVENTS_TABLE)
        .insert({
          event_id: event.id,
          type: event.type,
          event_created: event.created,
          livemode: Boolean(event.livemode),
          payload: JSON.stringify(event),
          received_at: now,
        })
        .onConflict('event_id')
        .ignore()
        .returning('id')) as unknown[];
      if (inserted.length === 0) return false;
      await getLmsCoreService(strapi, 'events').emit(trx, {
        type: 'stripe.event.received',
        payload: { stripeEventId: event.id, stripeType: event.type, created: event.created },
        actor: { type: 'webhook', id: 'stripe' },
        occurredAt: new Date(event.created * 1000),
      });
      return true;
    });
    if (!stored) strapi.log.debug(`lms-enrollment: Stripe event ${event.id} received again; already recorded`);
    return { received: true, handled: true, duplicate: !stored };
  },
});

export type StripeWebhooksService = ReturnType<typeof createStripeWebhooksService>;
