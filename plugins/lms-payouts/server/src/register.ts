import type { Core } from '@strapi/strapi';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import { actionDefinitions } from './permissions';
import { clockOf } from './adapters/strapi';
import { getService } from './utils';
import './events';

export const TRANSFERS_CONSUMER = 'lms-payouts-transfers';

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  // Approved Stripe payouts are transferred by the queue: retried with backoff under the same
  // idempotency key, kept in lms-core's failed set when Stripe stays unreachable.
  getLmsCoreService(strapi, 'events').subscribe(TRANSFERS_CONSUMER, 'payout.approved', async (event, { trx }) => {
    // Bank payouts are paid by hand (marked paid with a reference), not transferred.
    if (event.payload.method !== 'stripe') return;
    const outcome = await getService(strapi, 'payouts').executeTransfer(trx, event.payload.payoutId, clockOf(strapi).now());
    strapi.log.info(`[lms-payouts] ${outcome}`);
  });
};
