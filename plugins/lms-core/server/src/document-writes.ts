import type { Core } from '@strapi/strapi';

/** Document Service actions that change content (every other action only reads). */
export const DOCUMENT_WRITE_ACTIONS: ReadonlySet<string> = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);

/**
 * Calls `onWrite` after every Document Service write to one of `uids` in this process (once the
 * write has succeeded): how a plugin forgets what it caches of authored content.
 */
export function afterDocumentWrites(strapi: Core.Strapi, uids: readonly string[], onWrite: () => void): void {
  const watched = new Set(uids);
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (watched.has(context.uid) && DOCUMENT_WRITE_ACTIONS.has(context.action)) onWrite();
    return result;
  });
}
