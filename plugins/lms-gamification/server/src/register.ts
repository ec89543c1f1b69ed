import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import type { AwardSource } from './domain';
import { actionDefinitions } from './permissions';
import { registerGamificationPrivacy } from './privacy';
import { getService } from './utils';

export const AWARDS_CONSUMER = 'lms-gamification-awards';
export const REBUILD_JOB = 'lms-gamification-rebuild-leaderboards';

/**
 * The events points come from. `assignment.graded` is declared by lms-grading, whose type
 * declarations we do not import: the handler takes the envelope as it arrives and the domain
 * checks the payload (domain/events.ts), failing with the field named.
 */
const AWARD_EVENTS = ['lesson.completed', 'quiz.graded', 'assignment.graded', 'course.completed'] as const;
type Subscribe = (consumer: string, type: (typeof AWARD_EVENTS)[number], handler: (event: { id: string; type: string; payload: unknown }, ctx: { trx: Knex.Transaction }) => Promise<void>) => void;

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  registerGamificationPrivacy(strapi);
  const events = getLmsCoreService(strapi, 'events');
  const subscribe = events.subscribe.bind(events) as unknown as Subscribe;
  for (const type of AWARD_EVENTS) {
    subscribe(AWARDS_CONSUMER, type, async (event, { trx }) => {
      const outcome = await getService(strapi, 'awards').award(trx, event as AwardSource);
      if (outcome.points.length > 0 || outcome.badges.length > 0) {
        strapi.log.debug(`[lms-gamification] ${event.type} ${event.id}: ${outcome.points.length} point events, badges ${outcome.badges.join(', ') || 'none'}`);
      }
    });
  }
  events.defineJob(REBUILD_JOB, async () => {
    const result = await getService(strapi, 'leaderboards').rebuild();
    strapi.log.info(`[lms-gamification] leaderboards rebuilt: ${result.boards} boards from ${result.pointEvents} point events (${result.store})`);
  });
};
