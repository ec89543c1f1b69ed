import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, rowsForExport, type PersonalDataProvider } from '@lms/plugin-lms-core/server';
import { BADGES_EARNED_TABLE, FACTS_TABLE, POINT_EVENTS_TABLE, PROFILES_TABLE } from './migrations';
import { getService } from './utils';

type Row = Record<string, unknown>;

/**
 * lms-gamification's personal data (decision 036): point events, facts, badges and the profile
 * (display name, time zone, streak) are deleted; the learner leaves every leaderboard. The Redis
 * boards are left first (they are sums of the rows about to go; leaving needs them): should the
 * erasure roll back, the learner is missing from the boards until the next rebuild, which is the
 * safe direction, as Postgres stays the only source of truth.
 */
export const gamificationPrivacyProvider: PersonalDataProvider = {
  name: 'lms-gamification',
  async exportUserData(strapi, userId) {
    const knex = strapi.db.connection;
    const of = async (table: string) => rowsForExport((await knex(table).where({ learner_id: userId }).orderBy(table === PROFILES_TABLE ? 'learner_id' : 'id')) as Row[]);
    return {
      tables: {
        points: await of(POINT_EVENTS_TABLE),
        badges: await of(BADGES_EARNED_TABLE),
        activity_facts: await of(FACTS_TABLE),
        profile: await of(PROFILES_TABLE),
      },
    };
  },
  async eraseUserData(strapi, trx: Knex.Transaction, userId) {
    await getService(strapi, 'leaderboards').hide(userId);
    for (const table of [POINT_EVENTS_TABLE, FACTS_TABLE, BADGES_EARNED_TABLE, PROFILES_TABLE]) await trx(table).where({ learner_id: userId }).delete();
  },
};

export function registerGamificationPrivacy(strapi: Core.Strapi): void {
  getLmsCoreService(strapi, 'privacy').registerProvider(gamificationPrivacyProvider);
}
