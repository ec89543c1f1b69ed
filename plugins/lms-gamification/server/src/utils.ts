import type { Core } from '@strapi/strapi';
import type { LmsGamificationServices } from './services';

export const PLUGIN_ID = 'lms-gamification';

/** The one typed way to reach lms-gamification's services. */
export function getService<N extends keyof LmsGamificationServices>(strapi: Core.Strapi, name: N): LmsGamificationServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsGamificationServices[N];
}
