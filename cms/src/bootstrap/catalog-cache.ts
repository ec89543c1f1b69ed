import type { Core } from '@strapi/strapi';
import { catalogCache } from '../api/catalog/response-cache';

/** Content the public catalog shows: a write to any of these changes some catalog response. */
const CATALOG_CONTENT = new Set([
  'api::course.course',
  'api::category.category',
  'api::instructor.instructor',
  'api::section.section',
  'api::lesson.lesson',
  'api::quiz.quiz',
  'api::assignment.assignment',
]);
const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);

/**
 * Clears the catalog response cache on every write that could change what it serves, whichever
 * way it is made (admin panel, content API, seed): a Document Service middleware for the authored
 * content, and database lifecycles for media, which the upload plugin writes without documents.
 */
export function registerCatalogCacheInvalidation(strapi: Core.Strapi): void {
  const cache = catalogCache(strapi);
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (CATALOG_CONTENT.has(context.uid) && WRITES.has(context.action)) cache.invalidate();
    return result;
  });
  const invalidate = () => cache.invalidate();
  strapi.db.lifecycles.subscribe({
    models: ['plugin::upload.file'],
    afterUpdate: invalidate,
    afterUpdateMany: invalidate,
    afterDelete: invalidate,
    afterDeleteMany: invalidate,
  });
}
