import type { Core } from '@strapi/strapi';
import type { LmsNotificationsServices } from './services';

export const PLUGIN_ID = 'lms-notifications';

/** The one typed way to reach lms-notifications' services. */
export function getService<N extends keyof LmsNotificationsServices>(strapi: Core.Strapi, name: N): LmsNotificationsServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsNotificationsServices[N];
}
