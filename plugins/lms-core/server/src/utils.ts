import type { Core } from '@strapi/strapi';
import type { LmsCoreServices } from './services';

export const PLUGIN_ID = 'lms-core';

/** The one typed way to reach lms-core's services, inside this plugin and from other plugins. */
export function getService<N extends keyof LmsCoreServices>(strapi: Core.Strapi, name: N): LmsCoreServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsCoreServices[N];
}
