import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, rowsForExport, type PersonalDataProvider } from '@lms/plugin-lms-core/server';
import { RESULTS_TABLE } from './migrations';

/** lms-h5p's personal data (decision 036): the learner's H5P results are deleted; packages belong to the course. */
export const h5pPrivacyProvider: PersonalDataProvider = {
  name: 'lms-h5p',
  async exportUserData(strapi, userId) {
    return { tables: { h5p_results: rowsForExport((await strapi.db.connection(RESULTS_TABLE).where({ user_id: userId }).orderBy('id')) as Array<Record<string, unknown>>) } };
  },
  async eraseUserData(_strapi, trx: Knex.Transaction, userId) {
    await trx(RESULTS_TABLE).where({ user_id: userId }).delete();
  },
};

export function registerH5pPrivacy(strapi: Core.Strapi): void {
  getLmsCoreService(strapi, 'privacy').registerProvider(h5pPrivacyProvider);
}
