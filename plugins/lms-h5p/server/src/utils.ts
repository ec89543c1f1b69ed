import type { Core } from '@strapi/strapi';
import type { LmsH5pServices } from './services';

export const PLUGIN_ID = 'lms-h5p';

/** The one typed way to reach lms-h5p's services. */
export function getService<N extends keyof LmsH5pServices>(strapi: Core.Strapi, name: N): LmsH5pServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsH5pServices[N];
}
