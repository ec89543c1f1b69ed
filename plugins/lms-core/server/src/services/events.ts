import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { loadConfig } from '@lms/config';
import type { DomainEvent, EventInput, EventType } from '../domain/events';
import type { LmsCoreConfig } from '../config';
import { EventBus, storeEvent } from '../queue/event-bus';
import { HandlerRegistry } from '../queue/registry';
import type { EventHandler, JobHandler, SubscribeOptions, TransactionRunner } from '../queue/types';
import { PLUGIN_ID } from '../utils';

/**
 * Domain events and jobs for every LMS plugin:
 *
 * ```ts
 * // in a service, in the transaction of the change
 * await strapi.db.transaction(async ({ trx }) => {
 *   await trx('lms_enrollments').insert(row);
 *   await getLmsCoreService(strapi, 'events').emit(trx, { type: 'course.completed', payload });
 * });
 * // in a plugin's register()
 * getLmsCoreService(strapi, 'events').subscribe('certificates', 'course.completed', async (event, { trx }) => { ... });
 * ```
 */
export const createEventsService = ({ strapi }: { strapi: Core.Strapi }) => {
  // Subscriptions arrive in other plugins' register(), before the database is up; the bus that
  // needs the database and Redis is built in lms-core's bootstrap.
  const registry = new HandlerRegistry();
  let bus: EventBus | null = null;

  const runInTransaction: TransactionRunner = (work) =>
    strapi.db.transaction(({ trx }: { trx: Knex.Transaction }) => work(trx)) as ReturnType<typeof work>;

  function runtime(): EventBus {
    if (!bus) throw new Error('the lms-core event bus is not running yet; it starts in lms-core bootstrap()');
    return bus;
  }

  return {
    /**
     * Stores `event` in the outbox within `trx`, the transaction of the change that caused it,
     * and returns the full envelope. The event is relayed once `trx` commits; on rollback it
     * never existed.
     */
    async emit<T extends EventType>(trx: Knex.Transaction, event: EventInput<T>): Promise<DomainEvent<T>> {
      // Before lms-core's bootstrap (another plugin bootstrapping first) it is only stored; the
      // bus's first relay pass sends it.
      return bus ? bus.emit(trx, event) : storeEvent(trx, event);
    },

    /**
     * Makes `consumer` receive every `type` event, once per event in effect: `handler` gets the
     * event and a transaction; writes made through it commit together with the "consumed" mark.
     * Call from your plugin's register(). `options.batch` adds a handler for many events in one
     * transaction (bursts), with the same effect as `handler` on each; see SubscribeOptions.
     */
    subscribe<T extends EventType>(consumer: string, type: T, handler: EventHandler<T>, options?: SubscribeOptions<T>): void {
      registry.subscribe(consumer, type, handler, options);
    },

    /** Defines a plain named job (no transaction, no dedupe: make it idempotent). Call from register(). */
    defineJob<D extends Record<string, unknown>>(name: string, handler: JobHandler<D>): void {
      registry.defineJob(name, handler);
    },

    /** Queues a named job; returns its key. With `id`, re-enqueuing the same id is dropped. */
    enqueueJob(name: string, data: Record<string, unknown> = {}, opts: { id?: string; delayMs?: number } = {}): Promise<string> {
      return runtime().enqueueJob(name, data, opts);
    },

    /**
     * Lists a named job under Failed jobs without running it, with `reason` for the admin, whose
     * Retry runs it (e.g. re-sending a mail that may or may not have been delivered).
     */
    parkJob(name: string, data: Record<string, unknown>, opts: { id: string; reason: string }): Promise<string> {
      return runtime().parkJob(name, data, opts);
    },

    /** "redis" or "inline"; null before bootstrap. */
    mode(): 'redis' | 'inline' | null {
      return bus?.mode ?? null;
    },

    /** What this process consumes (the worker logs it at start-up). */
    subscriptions(): { events: Array<{ type: string; consumer: string }>; jobs: string[] } {
      return { events: registry.subscriptions(), jobs: registry.jobNames() };
    },

    /** @internal Started by lms-core's bootstrap with the deployment's settings. */
    async start(): Promise<EventBus> {
      if (bus) return bus;
      const settings = loadConfig();
      const pluginConfig = strapi.config.get(`plugin::${PLUGIN_ID}`) as LmsCoreConfig;
      bus = new EventBus({
        knex: strapi.db.connection,
        runInTransaction,
        registry,
        redis: settings.redis,
        role: settings.processRole,
        logger: strapi.log,
        retry: pluginConfig.retry,
        relay: pluginConfig.relay,
        concurrency: pluginConfig.concurrency,
      });
      await bus.start();
      return bus;
    },

    /** @internal Stopped by lms-core's destroy(): finishes running handlers, closes Redis. */
    async stop(): Promise<void> {
      const running = bus;
      bus = null;
      await running?.stop();
    },

    /** @internal The running bus (failed-set operations, tests). */
    runtime,
  };
};

export type EventsService = ReturnType<typeof createEventsService>;
