import type { Core } from '@strapi/strapi';
import { actionDefinitions } from './permissions';

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
};
