import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, rowsForExport, type PersonalDataProvider } from '@lms/plugin-lms-core/server';
import { TABLES } from './migrations';

type Row = Record<string, unknown>;

/** The summary rows that name a learner (the others are counts per course, day or month). */
const PER_LEARNER = [
  ['learner', TABLES.learners],
  ['courses', TABLES.learnerCourses],
  ['lessons_completed', TABLES.learnerLessons],
  ['quiz_attempts', TABLES.quizAttempts],
  ['submissions', TABLES.submissions],
] as const;

/**
 * lms-analytics' personal data (decision 036): its per-learner summary rows are copies of what the
 * other plugins hold, and go with them. Counts per course, day and quiz stay as they are: they name
 * nobody (a learner erased yesterday is still one of yesterday's active learners), and a rebuild
 * recomputes them from what is left.
 */
export const analyticsPrivacyProvider: PersonalDataProvider = {
  name: 'lms-analytics',
  async exportUserData(strapi, userId) {
    const knex = strapi.db.connection;
    const tables: Record<string, Array<Record<string, unknown>>> = {};
    for (const [name, table] of PER_LEARNER) tables[name] = rowsForExport((await knex(table).where({ learner_id: userId })) as Row[]);
    return { tables };
  },
  async eraseUserData(_strapi, trx: Knex.Transaction, userId) {
    for (const [, table] of PER_LEARNER) await trx(table).where({ learner_id: userId }).delete();
  },
};

export function registerAnalyticsPrivacy(strapi: Core.Strapi): void {
  getLmsCoreService(strapi, 'privacy').registerProvider(analyticsPrivacyProvider);
}
