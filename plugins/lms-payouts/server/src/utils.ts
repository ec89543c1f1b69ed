import type { Core } from '@strapi/strapi';
import type { LmsPayoutsServices } from './services';

export const PLUGIN_ID = 'lms-payouts';

/** The one typed way to reach lms-payouts' services. */
export function getService<N extends keyof LmsPayoutsServices>(strapi: Core.Strapi, name: N): LmsPayoutsServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsPayoutsServices[N];
}
