import type { Core } from '@strapi/strapi';
import type { LmsAnalyticsServices } from './services';

export const PLUGIN_ID = 'lms-analytics';

/** The one typed way to reach lms-analytics' services. */
export function getService<N extends keyof LmsAnalyticsServices>(strapi: Core.Strapi, name: N): LmsAnalyticsServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsAnalyticsServices[N];
}
