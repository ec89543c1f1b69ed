import type { Core } from '@strapi/strapi';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import { migrations } from './migrations';
import { PLUGIN_ID } from './utils';

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
};
