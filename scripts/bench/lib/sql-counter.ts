import type { IncomingMessage } from 'node:http';
import type { Core } from '@strapi/strapi';

interface KnexQueryEvent {
  sql: string;
}

/** Requests answered and the SQL they ran, in total or for one class of request. */
export interface SqlTally {
  finishedRequests: number;
  queriesOfFinishedRequests: number;
}

export interface SqlSnapshot extends SqlTally {
  /** Per class named by the counter's `classify` (requests it names no class for are left out). */
  byClass: Record<string, SqlTally>;
}

/**
 * Counts the SQL the cms runs per HTTP request, from knex `query` events.
 * A query belongs to the request whose Strapi request context (an AsyncLocalStorage around every
 * Koa request) is active when it runs; boot-time or background queries (the outbox relay, queue
 * consumers) belong to none. Queries are credited when the response finishes, so requests cut off
 * when a load run stops are not charged half-counted to the run. `classify` (method and URL) puts
 * each request in a class, e.g. its route, to count a mixed load per route.
 */
export function createSqlCounter(strapi: Core.Strapi, classify?: (method: string, url: string) => string | undefined) {
  const queriesOf = new WeakMap<IncomingMessage, number>();
  const total: SqlTally = { finishedRequests: 0, queriesOfFinishedRequests: 0 };
  const byClass: Record<string, SqlTally> = {};
  let captured: string[] | undefined;

  strapi.db.connection.on('query', (event: KnexQueryEvent) => {
    const ctx = strapi.requestContext.get() as { req?: IncomingMessage } | undefined;
    if (!ctx?.req) return;
    queriesOf.set(ctx.req, (queriesOf.get(ctx.req) ?? 0) + 1);
    captured?.push(event.sql);
  });

  strapi.server.httpServer.on('request', (req: IncomingMessage, res: NodeJS.WritableStream) => {
    const key = classify?.(req.method ?? 'GET', req.url ?? '/');
    res.once('finish', () => {
      const queries = queriesOf.get(req) ?? 0;
      for (const tally of key === undefined ? [total] : [total, (byClass[key] ??= { finishedRequests: 0, queriesOfFinishedRequests: 0 })]) {
        tally.finishedRequests += 1;
        tally.queriesOfFinishedRequests += queries;
      }
    });
  });

  return {
    snapshot: (): SqlSnapshot => ({
      ...total,
      byClass: Object.fromEntries(Object.entries(byClass).map(([key, tally]) => [key, { ...tally }])),
    }),
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

/** SQL per request of a class between two snapshots (NaN when none of its requests finished). */
export function queriesPerRequest(before: SqlSnapshot, after: SqlSnapshot, key: string): { requests: number; queries: number; perRequest: number } {
  const b = before.byClass[key] ?? { finishedRequests: 0, queriesOfFinishedRequests: 0 };
  const a = after.byClass[key] ?? { finishedRequests: 0, queriesOfFinishedRequests: 0 };
  const requests = a.finishedRequests - b.finishedRequests;
  const queries = a.queriesOfFinishedRequests - b.queriesOfFinishedRequests;
  return { requests, queries, perRequest: requests > 0 ? queries / requests : Number.NaN };
}

export type SqlCounter = ReturnType<typeof createSqlCounter>;

/**
 * Counts every SQL statement the process runs (knex `query` events), request or not: for work
 * done outside HTTP (a service called directly, as the worker does). Not reentrant: one
 * `capture` at a time.
 */
export function createQueryCounter(strapi: Core.Strapi) {
  let total = 0;
  let captured: string[] | undefined;
  strapi.db.connection.on('query', (event: KnexQueryEvent) => {
    total += 1;
    captured?.push(event.sql);
  });
  return {
    total: () => total,
    /** Runs `work` and returns the SQL text of every statement run meanwhile (by anyone in this process). */
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
