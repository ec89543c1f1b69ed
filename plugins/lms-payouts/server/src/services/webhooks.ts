import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { loadConfig } from '@lms/config';
import { invalidInput } from '@lms/plugin-lms-core/server';
import type { StripeWebhookAck } from '../contracts';
import { ACCOUNTS_TABLE, PAYOUTS_TABLE, STRIPE_EVENTS_TABLE } from '../migrations';
import { verifyStripeEvent, type Stripe } from '../adapters/stripe';
import { clockOf } from '../adapters/strapi';
import { getService } from '../utils';
import { notConfigured } from './accounts';

type Row = Record<string, unknown>;
type ConnectEvent = Stripe.Event & { account?: string };

const HANDLED = new Set(['account.updated', 'transfer.created', 'transfer.updated', 'transfer.reversed', 'payout.paid', 'payout.failed', 'payout.canceled']);

/**
 * lms-payouts' Stripe endpoint: transfers (platform events), connected accounts' `account.updated`
 * and `payout.*`. Verified with STRIPE_CONNECT_WEBHOOK_SECRET over the exact bytes; the event id
 * is recorded and the event applied in ONE transaction, so a redelivery (same id) changes nothing.
 * Applying is a few row updates (no outgoing calls), so it is done before answering.
 */
export const createWebhooksService = ({ strapi }: { strapi: Core.Strapi }) => {
  async function apply(trx: Knex.Transaction, event: ConnectEvent, now: Date): Promise<string> {
    const object = event.data.object as unknown as Row;
    switch (event.type) {
      case 'account.updated': {
        const updated = await trx(ACCOUNTS_TABLE)
          .where({ stripe_account_id: String(object.id) })
          .where('stripe_event_created', '<=', event.created)
          .update({
            stripe_payouts_enabled: Boolean(object.payouts_enabled),
            stripe_details_submitted: Boolean(object.details_submitted),
            stripe_event_created: event.created,
            updated_at: now,
          });
        return updated ? `account ${String(object.id)}: payouts ${object.payouts_enabled ? 'enabled' : 'not enabled'}` : `account ${String(object.id)}: unknown or newer state kept`;
      }
      case 'transfer.created':
      case 'transfer.updated':
      case 'transfer.reversed': {
        const payoutId = (object.metadata as Record<string, string> | undefined)?.lms_payout;
        if (!payoutId) return `transfer ${String(object.id)} is not an lms payout`;
        if (!(await trx(PAYOUTS_TABLE).where({ id: payoutId }).first('id'))) return `transfer ${String(object.id)} names unknown payout ${payoutId}; ignored`;
        const payouts = getService(strapi, 'payouts');
        const fullyReversed = Boolean(object.reversed) || (Number(object.amount_reversed) > 0 && Number(object.amount_reversed) >= Number(object.amount));
        if (event.type === 'transfer.reversed' || fullyReversed) {
          return payouts.recordTransferFailure(trx, payoutId, `transfer ${String(object.id)} was reversed at Stripe`, now);
        }
        return payouts.recordTransfer(trx, payoutId, String(object.id), now);
      }
      default: {
        // payout.*: the connected account's own payout from its Stripe balance to its bank.
        if (!event.account) return `${event.type} without a connected account ignored`;
        const status = event.type.slice('payout.'.length);
        const failure = (object.failure_message as string | null | undefined) ?? null;
        const updated = await trx(ACCOUNTS_TABLE)
          .where({ stripe_account_id: event.account })
          .update({ stripe_bank_payout_status: status, stripe_bank_payout_failure: failure, stripe_bank_payout_at: new Date(event.created * 1000), updated_at: now });
        return updated ? `account ${event.account}: bank payout ${status}` : `account ${event.account} unknown`;
      }
    }
  }

  return {
    async receive(rawBody: string | Buffer | undefined, signature: string | undefined): Promise<StripeWebhookAck> {
      const secrets = loadConfig().payouts.stripeWebhookSecrets;
      if (secrets.length === 0) throw notConfigured('STRIPE_CONNECT_WEBHOOK_SECRET', 'The payouts Stripe webhook');
      if (!signature) throw invalidInput('Stripe-Signature', 'header is missing; Stripe signs every webhook delivery');
      if (rawBody === undefined || rawBody.length === 0) throw invalidInput('body', 'expected the JSON body exactly as Stripe sent it (Content-Type: application/json)');
      let event: ConnectEvent;
      try {
        event = verifyStripeEvent(rawBody, signature, secrets) as ConnectEvent;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw invalidInput(
          'Stripe-Signature',
          /tolerance/i.test(message)
            ? 'the signature timestamp is more than 300 s old (a replayed delivery); nothing was stored'
            : 'does not match the body under STRIPE_CONNECT_WEBHOOK_SECRET (altered body, or another endpoint\'s secret); nothing was stored',
        );
      }
      if (typeof event?.id !== 'string' || typeof event.type !== 'string' || !Number.isSafeInteger(event.created)) {
        throw invalidInput('body', 'is not a Stripe event (expected id, type and created)');
      }
      if (!HANDLED.has(event.type)) return { received: true, handled: false, duplicate: false };

      const now = clockOf(strapi).now();
      const applied = await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const inserted = (await trx(STRIPE_EVENTS_TABLE)
          .insert({ event_id: event.id, type: event.type, account: event.account ?? null, event_created: event.created, received_at: now, outcome: 'applying' })
          .onConflict('event_id')
          .ignore()
          .returning('event_id')) as unknown[];
        if (inserted.length === 0) return false;
        const outcome = await apply(trx, event, now);
        await trx(STRIPE_EVENTS_TABLE).where({ event_id: event.id }).update({ outcome });
        strapi.log.debug(`[lms-payouts] ${event.type} ${event.id}: ${outcome}`);
        return true;
      });
      return { received: true, handled: true, duplicate: !applied };
    },
  };
};

export type WebhooksService = ReturnType<typeof createWebhooksService>;
