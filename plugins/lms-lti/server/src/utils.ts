import type { Core } from '@strapi/strapi';
import type { LmsLtiServices } from './services';

export const PLUGIN_ID = 'lms-lti';

/** The one typed way to reach lms-lti's services. */
export function getService<N extends keyof LmsLtiServices>(strapi: Core.Strapi, name: N): LmsLtiServices[N] {
  return strapi.plugin(PLUGIN_ID).service(name) as LmsLtiServices[N];
}

export { inTransaction } from '@lms/plugin-lms-core/server';
