import type { Core } from '@strapi/strapi';
import { afterDocumentWrites, getLmsCoreService, grantAuthenticatedActions } from '@lms/plugin-lms-core/server';
import { migrations } from './migrations';
import { LEARNER_ACTIONS } from './permissions';
import { getService, PLUGIN_ID } from './utils';

/** Authored content a course structure is made of (content service's cache). */
const STRUCTURE_CONTENT = ['api::course.course', 'api::section.section', 'api::lesson.lesson', 'api::quiz.quiz', 'api::assignment.assignment'];

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
  await grantAuthenticatedActions(strapi, PLUGIN_ID, LEARNER_ACTIONS);
  // Every authored-content write in this process clears the cached course structures at once.
  afterDocumentWrites(strapi, STRUCTURE_CONTENT, () => getService(strapi, 'content').invalidateStructures());
};
