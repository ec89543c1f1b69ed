import type { Core } from '@strapi/strapi';
import type { LmsRevenueServices } from './services';

export const PLUGIN_ID = 'lms-revenue';

/** The one typed way to reach lms-revenue's services. */
export function getService<N extends keyof LmsRevenueServices>(strapi: Core.Strapi, name: N): LmsRevenueServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsRevenueServices[N];
}
