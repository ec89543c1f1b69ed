import type { Core } from '@strapi/strapi';
import { getLmsCoreService, grantAuthenticatedActions } from '@lms/plugin-lms-core/server';
import { migrations } from './migrations';
import { LEARNER_ACTIONS } from './permissions';
import { getService, PLUGIN_ID } from './utils';

/** Authored content a course structure is made of (content service's cache). */
const STRUCTURE_CONTENT = new Set(['api::course.course', 'api::section.section', 'api::lesson.lesson', 'api::quiz.quiz', 'api::assignment.assignment']);
const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
  await grantAuthenticatedActions(strapi, PLUGIN_ID, LEARNER_ACTIONS);
  // Every authored-content write in this process clears the cached course structures at once.
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (STRUCTURE_CONTENT.has(context.uid) && WRITES.has(context.action)) getService(strapi, 'content').invalidateStructures();
    return result;
  });
};
