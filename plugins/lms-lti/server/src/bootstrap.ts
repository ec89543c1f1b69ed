import type { Core } from '@strapi/strapi';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import { migrations } from './migrations';
import { ltiSettings } from './settings';
import { getService, PLUGIN_ID } from './utils';

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
  if (!ltiSettings().keyEncryptionKey) {
    strapi.log.warn('lms-lti: LTI_KEY_ENCRYPTION_KEY is not set; LTI launches answer 503 until it is (`npm run up` generates one into .env)');
    return;
  }
  await getService(strapi, 'toolKeys').ensureCurrentKey();
};

export const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'runtime').close();
};
