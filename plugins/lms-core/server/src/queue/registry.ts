import { assertEventType, type EventType } from '../domain/events';
import { assertName } from '../domain/jobs';
import type { BatchEventHandler, EventHandler, JobHandler, SubscribeOptions } from './types';

export const DEFAULT_MAX_BATCH = 100;

/** One consumer's batch handler, shared by every event type it was passed for. */
export interface BatchSubscription {
  /** Same group: events may travel in one batch. Unique per (consumer, batch function). */
  group: string;
  handler: BatchEventHandler;
  maxBatch: number;
}

/**
 * Who consumes what. Every process registers the same subscriptions (plugins do it in their
 * register()), because the relay fans an event out to one job per consumer using this map,
 * in whichever process the relay runs.
 */
export class HandlerRegistry {
  private readonly byType = new Map<string, Map<string, EventHandler>>();
  private readonly batches = new Map<string, BatchSubscription>();
  private readonly batchGroups = new Map<string, Map<BatchEventHandler, BatchSubscription>>();
  private readonly jobs = new Map<string, JobHandler>();
  private sealedBy: string | null = null;

  subscribe<T extends EventType>(consumer: string, type: T, handler: EventHandler<T>, options: SubscribeOptions<T> = {}): void {
    assertName('consumer', consumer);
    assertEventType(type);
    if (typeof handler !== 'function') throw new Error(`subscribe('${consumer}', '${type}', handler): handler must be a function`);
    if (options.batch !== undefined && typeof options.batch !== 'function') throw new Error(`subscribe('${consumer}', '${type}', handler, { batch }): batch must be a function`);
    const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1 || maxBatch > 1000) {
      throw new Error(`subscribe('${consumer}', '${type}', handler, { maxBatch }): maxBatch must be an integer from 1 to 1000; got ${String(options.maxBatch)}`);
    }
    this.assertOpen(`subscribe('${consumer}', '${type}')`);
    const consumers = this.byType.get(type) ?? new Map<string, EventHandler>();
    if (consumers.has(consumer)) {
      throw new Error(`consumer "${consumer}" already subscribes to "${type}"; one handler per consumer and event type`);
    }
    consumers.set(consumer, handler as EventHandler);
    this.byType.set(type, consumers);
    if (options.batch) {
      const batch = options.batch as BatchEventHandler;
      const groups = this.batchGroups.get(consumer) ?? new Map<BatchEventHandler, BatchSubscription>();
      let subscription = groups.get(batch);
      if (!subscription) {
        subscription = { group: `${consumer}#${groups.size + 1}`, handler: batch, maxBatch };
        groups.set(batch, subscription);
        this.batchGroups.set(consumer, groups);
      }
      this.batches.set(`${type}>${consumer}`, subscription);
    }
  }

  /** The batch handler `consumer` gave for `type`, if any. */
  batchOf(type: string, consumer: string): BatchSubscription | undefined {
    return this.batches.get(`${type}>${consumer}`);
  }

  defineJob<D extends Record<string, unknown>>(name: string, handler: JobHandler<D>): void {
    assertName('job', name);
    if (typeof handler !== 'function') throw new Error(`defineJob('${name}', handler): handler must be a function`);
    this.assertOpen(`defineJob('${name}')`);
    if (this.jobs.has(name)) throw new Error(`job "${name}" is already defined`);
    this.jobs.set(name, handler as unknown as JobHandler);
  }

  consumersOf(type: string): string[] {
    return [...(this.byType.get(type)?.keys() ?? [])];
  }

  handler(type: string, consumer: string): EventHandler | undefined {
    return this.byType.get(type)?.get(consumer);
  }

  job(name: string): JobHandler | undefined {
    return this.jobs.get(name);
  }

  /** All (event type, consumer) pairs, for the worker's start-up log. */
  subscriptions(): Array<{ type: string; consumer: string }> {
    return [...this.byType.entries()].flatMap(([type, consumers]) => [...consumers.keys()].map((consumer) => ({ type, consumer })));
  }

  jobNames(): string[] {
    return [...this.jobs.keys()];
  }

  /**
   * After the relay starts, a late subscription would silently miss every event relayed before it,
   * so it is refused with a message saying where the call belongs.
   */
  seal(reason: string): void {
    this.sealedBy = reason;
  }

  private assertOpen(call: string): void {
    if (this.sealedBy) {
      throw new Error(
        `${call} came after ${this.sealedBy}; subscribe and define jobs in your plugin's register() so no event is relayed before its consumers are known`,
      );
    }
  }
}
