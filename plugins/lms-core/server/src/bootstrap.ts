import type { Core } from '@strapi/strapi';
import { coreMigrations } from './migrations/core';
import { getService, PLUGIN_ID } from './utils';

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'migrations').run(PLUGIN_ID, coreMigrations);
  // Every process relays; which one consumes follows from REDIS_URL and LMS_PROCESS_ROLE.
  await getService(strapi, 'events').start();
};
