import type { Core } from '@strapi/strapi';
import type { LmsLiveServices } from './services';

export const PLUGIN_ID = 'lms-live';

/** The one typed way to reach lms-live's services. */
export function getService<N extends keyof LmsLiveServices>(strapi: Core.Strapi, name: N): LmsLiveServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsLiveServices[N];
}
