import type { IncomingMessage } from 'node:http';
import type { Core } from '@strapi/strapi';

export interface RequestCost {
  requests: number;
  /** Mean CPU time of this process from the request's arrival to its response's end. */
  cpuMs: number;
  /** Mean wall time over the same span. */
  wallMs: number;
}

/**
 * What one request costs the cms on its own: CPU time of this process (the cms runs here) and
 * wall time, from the request's arrival to the end of its response, per class of request. Only
 * meaningful while requests are sent one after the other (nothing else overlaps the span; a
 * background timer such as the outbox relay still may, which is why these are means).
 */
export function createRequestCostMeter(strapi: Core.Strapi, classify: (method: string, url: string) => string | undefined) {
  const totals: Record<string, { requests: number; cpuMicros: number; wallMs: number }> = {};
  let active = false;
  strapi.server.httpServer.on('request', (req: IncomingMessage, res: NodeJS.WritableStream) => {
    if (!active) return;
    const key = classify(req.method ?? 'GET', req.url ?? '/');
    if (key === undefined) return;
    const cpu = process.cpuUsage();
    const started = performance.now();
    res.once('finish', () => {
      const used = process.cpuUsage(cpu);
      const total = (totals[key] ??= { requests: 0, cpuMicros: 0, wallMs: 0 });
      total.requests += 1;
      total.cpuMicros += used.user + used.system;
      total.wallMs += performance.now() - started;
    });
  });
  return {
    /** Runs `work` (which must send its requests one at a time) with the meter on. */
    async measure<T>(work: () => Promise<T>): Promise<T> {
      active = true;
      try {
        return await work();
      } finally {
        active = false;
      }
    },
    costs(): Record<string, RequestCost> {
      return Object.fromEntries(
        Object.entries(totals).map(([key, t]) => [key, { requests: t.requests, cpuMs: t.cpuMicros / 1000 / t.requests, wallMs: t.wallMs / t.requests }]),
      );
    },
  };
}
