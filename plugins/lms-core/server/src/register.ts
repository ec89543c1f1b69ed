import type { Core } from '@strapi/strapi';
import { actionDefinitions } from './permissions';
import { registerPrivacy } from './privacy/register';

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  registerPrivacy(strapi);
};
