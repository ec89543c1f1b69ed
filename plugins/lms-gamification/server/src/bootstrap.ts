import type { Core } from '@strapi/strapi';
import { getLmsCoreService, grantAuthenticatedActions } from '@lms/plugin-lms-core/server';
import { migrations } from './migrations';
import { LEARNER_ACTIONS } from './permissions';
import { PLUGIN_ID } from './utils';

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
  await grantAuthenticatedActions(strapi, PLUGIN_ID, LEARNER_ACTIONS);
};
