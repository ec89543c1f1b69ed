import type { Core } from '@strapi/strapi';
import { actionDefinitions } from './permissions';
import { registerPayments } from './payments';
import { registerEnrollmentPrivacy } from './privacy';

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  registerPayments(strapi);
  registerEnrollmentPrivacy(strapi);
};
