import type { Core } from '@strapi/strapi';
import type { LmsGradingServices } from './services';

export const PLUGIN_ID = 'lms-grading';

/** The one typed way to reach lms-grading's services. */
export function getService<N extends keyof LmsGradingServices>(strapi: Core.Strapi, name: N): LmsGradingServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsGradingServices[N];
}

export { inTransaction } from '@lms/plugin-lms-core/server';
