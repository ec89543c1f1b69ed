import type { Knex } from 'knex';
import type { DomainEvent, EventType } from '../domain/events';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Where jobs run: BullMQ on Redis, or in this process with the same retry rules. */
export type QueueMode = 'redis' | 'inline';

/** Runs `work` in one database transaction (Strapi's, in the cms, so the Document Service joins it). */
export type TransactionRunner = <T>(work: (trx: Knex.Transaction) => Promise<T>) => Promise<T>;

export interface ConsumerContext {
  /**
   * The transaction the "consumed" marker is written in. Do every write of the handler through
   * it (or through Strapi's query APIs, which join it), so the effect and the marker commit
   * together and a duplicate delivery is a no-op.
   */
  trx: Knex.Transaction;
  consumer: string;
  /** 1 on the first attempt. */
  attempt: number;
}

export type EventHandler<T extends EventType = EventType> = (event: DomainEvent<T>, ctx: ConsumerContext) => Promise<void>;

/**
 * A consumer's handler for many events at once, in ONE transaction with all their "consumed"
 * marks. It receives only events this consumer has not consumed before, oldest first, and must
 * have the same effect as the single-event handler applied to each in turn.
 */
export type BatchEventHandler<T extends EventType = EventType> = (events: Array<DomainEvent<T>>, ctx: ConsumerContext) => Promise<void>;

export interface SubscribeOptions<T extends EventType = EventType> {
  /**
   * Optional fast path for bursts: the relay hands up to `maxBatch` events waiting for this
   * consumer to `batch` in one transaction. Events of several types share a batch when their
   * subscriptions pass the same function. If it throws, each event of the batch is delivered
   * alone through the single-event handler (its own retries and failed-set entry), so one bad
   * event never holds the others back.
   */
  batch?: BatchEventHandler<T>;
  /** Largest batch; default 100. */
  maxBatch?: number;
}

export interface JobContext {
  /** The job's key (its id in the queue and in the failed set). */
  key: string;
  attempt: number;
}

/** A plain named job. Not wrapped in a transaction nor deduplicated: make it idempotent yourself. */
export type JobHandler<D extends Record<string, unknown> = Record<string, unknown>> = (data: D, ctx: JobContext) => Promise<void>;
