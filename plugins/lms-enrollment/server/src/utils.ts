import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { LmsEnrollmentServices } from './services';

export const PLUGIN_ID = 'lms-enrollment';

/** The one typed way to reach lms-enrollment's services. */
export function getService<N extends keyof LmsEnrollmentServices>(strapi: Core.Strapi, name: N): LmsEnrollmentServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsEnrollmentServices[N];
}

/**
 * Runs `work` in the caller's transaction when one is given (a webhook handler's), else in a new
 * one through Strapi, so the query engine and the Document Service join it.
 */
export function inTransaction<T>(strapi: Core.Strapi, trx: Knex.Transaction | undefined, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (trx) return work(trx);
  return strapi.db.transaction(({ trx: own }: { trx: Knex.Transaction }) => work(own)) as Promise<T>;
}
