import type { IncomingMessage } from 'node:http';
import type { Core } from '@strapi/strapi';

interface KnexQueryEvent {
  sql: string;
}

/**
 * Counts the SQL the cms runs per HTTP request, from knex `query` events.
 * A query belongs to the request whose Strapi request context (an AsyncLocalStorage around every
 * Koa request) is active when it runs; boot-time or background queries belong to none. Queries
 * are credited when the response finishes, so requests cut off when a load run stops are not
 * charged half-counted to the run.
 */
export function createSqlCounter(strapi: Core.Strapi) {
  const queriesOf = new WeakMap<IncomingMessage, number>();
  let finishedRequests = 0;
  let queriesOfFinishedRequests = 0;
  let captured: string[] | undefined;

  strapi.db.connection.on('query', (event: KnexQueryEvent) => {
    const ctx = strapi.requestContext.get() as { req?: IncomingMessage } | undefined;
    if (!ctx?.req) return;
    queriesOf.set(ctx.req, (queriesOf.get(ctx.req) ?? 0) + 1);
    captured?.push(event.sql);
  });

  strapi.server.httpServer.on('request', (req: IncomingMessage, res: NodeJS.WritableStream) => {
    res.once('finish', () => {
      finishedRequests += 1;
      queriesOfFinishedRequests += queriesOf.get(req) ?? 0;
    });
  });

  return {
    snapshot: () => ({ finishedRequests, queriesOfFinishedRequests }),
    /** Runs `work` and returns the SQL text of every request-bound query run meanwhile. */
    async capture<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
      const queries: string[] = [];
      captured = queries;
      try {
        return { result: await work(), queries };
      } finally {
        captured = undefined;
      }
    },
  };
}

export type SqlCounter = ReturnType<typeof createSqlCounter>;
