import type { Core } from '@strapi/strapi';

/**
 * Content API reads of authored content only ever see published documents.
 * Strapi 5 accepts `?status=draft` from any caller holding `find`; drafts are the
 * instructors' work in progress, so the query parameter is pinned here.
 */
export default (_config: unknown, _ctx: { strapi: Core.Strapi }) => {
  return async (ctx: { query: Record<string, unknown> }, next: () => Promise<unknown>) => {
    ctx.query.status = 'published';
    await next();
  };
};
