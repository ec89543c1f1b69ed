import type { Core } from '@strapi/strapi';
import { getService } from './utils';

export const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'awards').settled();
  await getService(strapi, 'leaderboards').close();
};
