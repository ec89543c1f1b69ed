import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, rowsForExport, type PersonalDataProvider } from '@lms/plugin-lms-core/server';
import { TABLES } from './migrations';

type Row = Record<string, unknown>;

/**
 * lms-lti's personal data (decision 036): the learner's LTI identities (issuer, subject, name,
 * email), link memberships, LTI 1.1 outcome targets and grade passbacks are deleted: a later
 * launch from the platform creates a new, unrelated account. OIDC state and nonces (lms_lti_kv)
 * expire within minutes and are left to expire.
 */
export const ltiPrivacyProvider: PersonalDataProvider = {
  name: 'lms-lti',
  async exportUserData(strapi, userId) {
    const knex = strapi.db.connection;
    const of = async (table: string, columns: string[] = ['*']) => rowsForExport((await knex(table).where({ user_id: userId }).select(columns)) as Row[]);
    return {
      tables: {
        lti_identities: await of(TABLES.users, ['id', 'issuer', 'subject', 'name', 'email', 'last_launch_at']),
        lti_link_memberships: await of(TABLES.linkMembers),
        lti11_outcomes: await of(TABLES.outcomes, ['id', 'resource_link_id', 'course_document_id', 'quiz_document_id']),
        lti_grade_passbacks: await of(TABLES.passbacks),
      },
    };
  },
  async eraseUserData(_strapi, trx: Knex.Transaction, userId) {
    for (const table of [TABLES.passbacks, TABLES.outcomes, TABLES.linkMembers, TABLES.users]) await trx(table).where({ user_id: userId }).delete();
  },
};

export function registerLtiPrivacy(strapi: Core.Strapi): void {
  getLmsCoreService(strapi, 'privacy').registerProvider(ltiPrivacyProvider);
}
