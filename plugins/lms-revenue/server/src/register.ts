import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import { actionDefinitions } from './permissions';
import { getService } from './utils';

export const SALES_CONSUMER = 'lms-revenue-sales';
export const REFUNDS_CONSUMER = 'lms-revenue-refunds';

/**
 * lms-enrollment's money events, subscribed to without importing its type declarations: the
 * payload is checked at the boundary (domain/payment-events.ts), so the handler takes `unknown`.
 */
type MoneyEventType = 'payment.succeeded' | 'payment.refunded';
type Subscribe = (
  consumer: string,
  type: MoneyEventType,
  handler: (event: { payload: unknown }, ctx: { trx: Knex.Transaction }) => Promise<void>,
  options?: { batch?: (events: Array<{ payload: unknown }>, ctx: { trx: Knex.Transaction }) => Promise<void> },
) => void;

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  const events = getLmsCoreService(strapi, 'events');
  const subscribe = events.subscribe.bind(events) as unknown as Subscribe;
  // A burst of sales (decision 038) posts in one transaction with a fixed number of statements
  // (decision 037); a batch that fails is delivered again one sale at a time by lms-core.
  subscribe(
    SALES_CONSUMER,
    'payment.succeeded',
    async (event, { trx }) => {
      const outcome = await getService(strapi, 'sales').postSale(trx, event.payload);
      strapi.log.debug(`[lms-revenue] ${outcome}`);
    },
    {
      batch: async (events, { trx }) => {
        const outcomes = await getService(strapi, 'sales').postSales(
          trx,
          events.map((e) => e.payload),
        );
        strapi.log.debug(`[lms-revenue] batch of ${events.length}: ${outcomes.join('; ')}`);
      },
    },
  );
  subscribe(REFUNDS_CONSUMER, 'payment.refunded', async (event, { trx }) => {
    const outcome = await getService(strapi, 'sales').postReversal(trx, event.payload);
    strapi.log.debug(`[lms-revenue] ${outcome}`);
  });
};
