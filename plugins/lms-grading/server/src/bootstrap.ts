import type { Core } from '@strapi/strapi';
import { getLmsCoreService, grantAuthenticatedActions } from '@lms/plugin-lms-core/server';
import { concerns } from './concerns';
import { migrations } from './migrations';
import { PLUGIN_ID } from './utils';

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
  await grantAuthenticatedActions(strapi, PLUGIN_ID, concerns.flatMap((c) => c.learnerActions));
  for (const concern of concerns) await concern.bootstrap?.(strapi);
};
