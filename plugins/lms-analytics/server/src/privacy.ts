import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, rowsForExport, type PersonalDataProvider } from '@lms/plugin-lms-core/server';
import { TABLES } from './migrations';
import { forgetLearner } from './services/summaries';

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
 * other plugins hold, and go with them; the counts per course, day and lesson lose what those rows
 * added (forgetLearner), so the dashboards keep agreeing with the source tables.
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
    await forgetLearner(trx, userId);
  },
};

export function registerAnalyticsPrivacy(strapi: Core.Strapi): void {
  getLmsCoreService(strapi, 'privacy').registerProvider(analyticsPrivacyProvider);
}
