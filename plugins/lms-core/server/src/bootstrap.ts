import type { Core } from '@strapi/strapi';
import { coreMigrations } from './migrations/core';
import { privacyMigrations } from './privacy/migrations';
import { grantAuthenticatedActions } from './learner-role';
import { PRIVACY_LEARNER_ACTIONS } from './routes/privacy';
import { getService, PLUGIN_ID } from './utils';

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'migrations').run(PLUGIN_ID, [...coreMigrations, ...privacyMigrations]);
  await grantAuthenticatedActions(strapi, PLUGIN_ID, PRIVACY_LEARNER_ACTIONS);
  // Every process relays; which one consumes follows from REDIS_URL and LMS_PROCESS_ROLE.
  await getService(strapi, 'events').start();
};
