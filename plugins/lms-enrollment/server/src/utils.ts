import type { Core } from '@strapi/strapi';
import type { LmsEnrollmentServices } from './services';

export const PLUGIN_ID = 'lms-enrollment';

/** The one typed way to reach lms-enrollment's services. */
export function getService<N extends keyof LmsEnrollmentServices>(strapi: Core.Strapi, name: N): LmsEnrollmentServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsEnrollmentServices[N];
}

export { inTransaction } from '@lms/plugin-lms-core/server';
