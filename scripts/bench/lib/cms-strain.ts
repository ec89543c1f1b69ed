import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Core } from '@strapi/strapi';
import { fmt } from './stats';

/** The knex (tarn) connection pool of the cms, to see whether requests queue for a connection. */
interface ConnectionPool {
  max: number;
  numUsed(): number;
  numPendingAcquires(): number;
}

function poolOf(strapi: Core.Strapi): ConnectionPool | undefined {
  const pool = (strapi.db.connection.client as { pool?: Partial<ConnectionPool> }).pool;
  return pool && typeof pool.numUsed === 'function' && typeof pool.numPendingAcquires === 'function' ? (pool as ConnectionPool) : undefined;
}

/** What the cms (this process) went through while a load ran: where a request's time went when it was slow. */
export interface CmsStrain {
  seconds: number;
  /** Event-loop delay: how long a ready callback waited for this process's thread. */
  loopDelayMs: { p99: number; max: number };
  /** CPU time of this process (user + system) over the watch, and its share of one core. */
  cpuMs: number;
  cpuShareOfOneCore: number;
  /** Most connections in use at once, of `poolSize`, and most queries waiting for one (sampled every 20 ms). */
  poolSize: number;
  poolMaxUsed: number;
  poolMaxWaiting: number;
}

/**
 * Starts watching this process (the cms under test) until the returned function is called:
 * event-loop delay, CPU time and connection-pool use. The load runs in a child process, so the
 * CPU counted here is the cms's own.
 */
export function watchCmsStrain(strapi: Core.Strapi): () => CmsStrain {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const pool = poolOf(strapi);
  let poolMaxUsed = 0;
  let poolMaxWaiting = 0;
  const sampler = setInterval(() => {
    if (!pool) return;
    poolMaxUsed = Math.max(poolMaxUsed, pool.numUsed());
    poolMaxWaiting = Math.max(poolMaxWaiting, pool.numPendingAcquires());
  }, 20);
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  loop.enable();
  return () => {
    loop.disable();
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (Date.now() - started) / 1000;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return {
      seconds,
      loopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      cpuMs,
      cpuShareOfOneCore: seconds > 0 ? cpuMs / 1000 / seconds : Number.NaN,
      poolSize: pool?.max ?? Number.NaN,
      poolMaxUsed,
      poolMaxWaiting,
    };
  };
}

export function describeStrain(s: CmsStrain, requests: number): string {
  return (
    `cms ${fmt(s.cpuMs / Math.max(1, requests), 1)} ms CPU/request (${fmt(s.cpuShareOfOneCore * 100, 0)}% of a core), ` +
    `event-loop delay p99 ${fmt(s.loopDelayMs.p99, 0)} ms max ${fmt(s.loopDelayMs.max, 0)} ms, ` +
    `connections in use max ${s.poolMaxUsed}/${s.poolSize}, queries waiting for one max ${s.poolMaxWaiting}`
  );
}
