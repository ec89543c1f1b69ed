import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, type DomainEvent } from '@lms/plugin-lms-core/server';
import { WATCHED_EVENT_TYPES, type WatchedEventType } from './domain';
import { RESEND_MAIL_JOB, SEND_MAIL_JOB } from './services/mailer';
import { getService } from './utils';
import { registerNotificationsPrivacy } from './privacy';
import './events';

/** Consumer name of an event type (it keys the "consumed" marks: never rename). */
export const consumerOf = (type: WatchedEventType) => `lms-notifications-${type.replace(/\./g, '-')}`;

/**
 * Other plugins' events (and some not emitted yet: payouts, live-session reminders) are subscribed
 * to by name with a `payload: unknown` handler; the notifier parses each payload at the boundary.
 */
type Subscribe = (consumer: string, type: string, handler: (event: DomainEvent, ctx: { trx: Knex.Transaction }) => Promise<void>) => void;

export const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerNotificationsPrivacy(strapi);
  const events = getLmsCoreService(strapi, 'events');
  const subscribe = events.subscribe.bind(events) as unknown as Subscribe;
  for (const type of WATCHED_EVENT_TYPES) {
    subscribe(consumerOf(type), type, async (event, { trx }) => {
      const outcome = await getService(strapi, 'notifier').notify(trx, type, event);
      strapi.log.debug(`[lms-notifications] ${type} ${event.id}: ${outcome}`);
    });
  }
  events.defineJob<{ mailId: number }>(SEND_MAIL_JOB, async ({ mailId }) => {
    const outcome = await getService(strapi, 'mailer').send(mailId);
    strapi.log.debug(`[lms-notifications] mail ${mailId}: ${outcome}`);
  });
  events.defineJob<{ mailId: number }>(RESEND_MAIL_JOB, async ({ mailId }) => {
    const outcome = await getService(strapi, 'mailer').resend(mailId);
    strapi.log.info(`[lms-notifications] mail ${mailId} re-sent by an admin: ${outcome}`);
  });
};
