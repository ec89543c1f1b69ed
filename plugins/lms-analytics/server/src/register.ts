import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import { ANALYTICS_EVENT_TYPES, type AnalyticsEventType } from './domain';
import { actionDefinitions } from './permissions';
import { registerAnalyticsPrivacy } from './privacy';
import { getService } from './utils';

export const SUMMARIES_CONSUMER = 'lms-analytics-summaries';
export const LEDGER_REFRESH_JOB = 'lms-analytics-refresh-ledger';

/**
 * The events the summaries are built from. Several are declared by plugins whose type
 * declarations we do not import: the handler takes the envelope as it arrives and the domain
 * checks the payload (domain/events.ts), failing with the field named.
 */
type Subscribe = (consumer: string, type: AnalyticsEventType, handler: (event: { id: string; type: string; payload: unknown }, ctx: { trx: Knex.Transaction }) => Promise<void>) => void;

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  const events = getLmsCoreService(strapi, 'events');
  const subscribe = events.subscribe.bind(events) as unknown as Subscribe;
  for (const type of ANALYTICS_EVENT_TYPES) {
    subscribe(SUMMARIES_CONSUMER, type, async (event, { trx }) => {
      const outcome = await getService(strapi, 'summaries').apply(trx, event);
      strapi.log.debug(`[lms-analytics] ${event.type} ${event.id}: ${outcome}`);
    });
  }
  events.defineJob(LEDGER_REFRESH_JOB, async () => {
    const result = await getService(strapi, 'summaries').refreshLedger(new Date());
    if (result.ledgerEntries > 0) strapi.log.debug(`[lms-analytics] ledger refresh: ${result.ledgerEntries} entries folded`);
  });
  registerAnalyticsPrivacy(strapi);
};
