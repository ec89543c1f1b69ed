import type { Core } from '@strapi/strapi';
import { concerns } from './concerns';
import { actionDefinitions } from './permissions';
import { registerGradingPrivacy } from './privacy';

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  for (const concern of concerns) await concern.register(strapi);
  registerGradingPrivacy(strapi);
};
