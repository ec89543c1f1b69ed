import type { Core } from '@strapi/strapi';
import './events';
import { gradebookOf } from './adapters/strapi';
import { actionDefinitions } from './permissions';
import { registerH5pPrivacy } from './privacy';
import { h5pActivitySource } from './services/gradebook-source';

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  registerH5pPrivacy(strapi);
  // H5P results as columns of lms-grading's gradebook (when lms-grading is enabled).
  gradebookOf(strapi)?.addActivitySource(h5pActivitySource(strapi));
};
