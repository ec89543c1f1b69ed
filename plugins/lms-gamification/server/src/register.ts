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
type Envelope = { id: string; type: string; payload: unknown };
type Subscribe = (
  consumer: string,
  type: (typeof AWARD_EVENTS)[number],
  handler: (event: Envelope, ctx: { trx: Knex.Transaction }) => Promise<void>,
  options?: { batch?: (events: Envelope[], ctx: { trx: Knex.Transaction }) => Promise<void> },
) => void;

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  registerGamificationPrivacy(strapi);
  const events = getLmsCoreService(strapi, 'events');
  const subscribe = events.subscribe.bind(events) as unknown as Subscribe;
  // One batch function for every award event: a burst of lesson, quiz, assignment and course
  // events shares one transaction (decisions 037, 038); a failing batch is delivered one by one.
  const awardBatch = async (list: Envelope[], { trx }: { trx: Knex.Transaction }) => {
    const outcomes = await getService(strapi, 'awards').awardMany(trx, list as AwardSource[]);
    const points = outcomes.reduce((n, o) => n + o.points.length, 0);
    const badges = outcomes.flatMap((o) => o.badges);
    if (points > 0 || badges.length > 0) strapi.log.debug(`[lms-gamification] batch of ${list.length}: ${points} point events, badges ${badges.join(', ') || 'none'}`);
  };
  for (const type of AWARD_EVENTS) {
    subscribe(
      AWARDS_CONSUMER,
      type,
      async (event, { trx }) => {
        const outcome = await getService(strapi, 'awards').award(trx, event as AwardSource);
        if (outcome.points.length > 0 || outcome.badges.length > 0) {
          strapi.log.debug(`[lms-gamification] ${event.type} ${event.id}: ${outcome.points.length} point events, badges ${outcome.badges.join(', ') || 'none'}`);
        }
      },
      { batch: awardBatch },
    );
  }
  events.defineJob(REBUILD_JOB, async () => {
    const result = await getService(strapi, 'leaderboards').rebuild();
    strapi.log.info(`[lms-gamification] leaderboards rebuilt: ${result.boards} boards from ${result.pointEvents} point events (${result.store})`);
  });
};
