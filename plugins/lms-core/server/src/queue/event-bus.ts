import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createEvent, EventError, type DomainEvent, type EventInput, type EventType } from '../domain/events';
import {
  assertName,
  assertRetryPolicy,
  backoffDelay,
  batchJobId,
  DEFAULT_RETRY_POLICY,
  deliveryJobId,
  describeError,
  namedJobKey,
  totalBackoff,
  type JobPayload,
  type RetryPolicy,
} from '../domain/jobs';
import { JobExecutor } from './executor';
import { getFailedJob, listFailedJobs, markRetrying, recordFailure, type FailedJobRecord } from './failed-jobs';
import { InlineQueue } from './inline';
import { claimDueEvents, insertOutboxEvent, markEventsRelayed, releaseEvent, type OutboxRow } from './outbox';
import { RedisQueue } from './redis';
import { HandlerRegistry } from './registry';
import type { EventHandler, JobHandler, Logger, QueueMode, SubscribeOptions, TransactionRunner } from './types';
import type { FailedJobStatus } from '../contracts/failed-jobs';

export interface RelaySettings {
  /** How often unrelayed rows are swept (a crash between commit and send is healed by this). */
  sweepMs: number;
  /** Rows claimed per pass. */
  batchSize: number;
  /** How long a relay's claim on a row lasts in Redis mode before another relay may take it. */
  claimMs: number;
  /** Longest wait for Redis to accept a batch. */
  sendTimeoutMs: number;
}

export const DEFAULT_RELAY: RelaySettings = Object.freeze({ sweepMs: 5_000, batchSize: 100, claimMs: 60_000, sendTimeoutMs: 10_000 });

/** Retry rule of the relay itself (Redis unreachable): the outbox row is tried again later. */
const RELAY_RETRY: RetryPolicy = Object.freeze({ attempts: Number.MAX_SAFE_INTEGER, backoffMs: 1_000, maxBackoffMs: 60_000 });

export interface EventBusOptions {
  knex: Knex;
  /** Subscriptions made before the bus exists (the Strapi service keeps them from register()). */
  registry?: HandlerRegistry;
  /** Default: knex.transaction. In Strapi: strapi.db.transaction, so the Document Service joins. */
  runInTransaction?: TransactionRunner;
  /** null: inline mode. */
  redis: { url: string; prefix: string } | null;
  /**
   * Whether this process runs handlers. Default: in inline mode yes, with Redis only when
   * `role` is "worker" (the cms relays, the worker consumes).
   */
  consume?: boolean;
  role?: 'cms' | 'worker';
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  relay?: Partial<RelaySettings>;
  /** Concurrent jobs of a BullMQ worker. */
  concurrency?: number;
  queueName?: string;
  now?: () => Date;
}

/**
 * Domain events end to end: emit into the outbox inside the producer's transaction, relay
 * committed rows to the queue (BullMQ, or inline in this process), and run each consumer's handler
 * exactly once in effect, with retries, backoff and a failed set an admin can retry from.
 */
export class EventBus {
  readonly mode: QueueMode;
  readonly consumes: boolean;
  readonly registry: HandlerRegistry;
  private readonly knex: Knex;
  private readonly logger: Logger;
  private readonly policy: RetryPolicy;
  private readonly relaySettings: RelaySettings;
  private readonly now: () => Date;
  private readonly executor: JobExecutor;
  private readonly inline: InlineQueue | null;
  private readonly redis: RedisQueue | null;
  private readonly concurrency: number;
  private started = false;
  private stopping = false;
  private sweepTimer: NodeJS.Timeout | null = null;
  private relayRun: Promise<void> | null = null;
  private relayAgain = false;
  /** Outbox rows this process is delivering inline right now (never re-claimed by itself). */
  private readonly inFlight = new Set<number>();
  private readonly settling = new Set<Promise<void>>();
  /**
   * The async context the bus was created in. Relay passes and inline handlers run in it, not in
   * the context of whoever woke them: Strapi keeps its current transaction in AsyncLocalStorage,
   * and a handler woken from a producer's (finished) transaction must not find it there.
   */
  private readonly rootScope = new AsyncResource('lms-core.event-bus');

  constructor(options: EventBusOptions) {
    this.knex = options.knex;
    this.registry = options.registry ?? new HandlerRegistry();
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.policy = assertRetryPolicy({ ...DEFAULT_RETRY_POLICY, ...options.retry });
    this.relaySettings = { ...DEFAULT_RELAY, ...options.relay };
    this.mode = options.redis ? 'redis' : 'inline';
    this.consumes = options.consume ?? (this.mode === 'inline' ? true : options.role === 'worker');
    this.concurrency = options.concurrency ?? 5;
    const runInTransaction: TransactionRunner = options.runInTransaction ?? (<T>(work: (trx: Knex.Transaction) => Promise<T>) => this.knex.transaction(work));
    this.executor = new JobExecutor({
      knex: this.knex,
      runInTransaction,
      registry: this.registry,
      logger: this.logger,
      mode: this.mode,
      now: this.now,
    });
    this.inline = this.mode === 'inline' ? new InlineQueue(this.executor, this.policy, this.logger, this.concurrency) : null;
    this.redis = options.redis
      ? new RedisQueue({
          url: options.redis.url,
          prefix: options.redis.prefix,
          queueName: options.queueName ?? 'lms',
          policy: this.policy,
          executor: this.executor,
          logger: this.logger,
        })
      : null;
  }

  get retryPolicy(): RetryPolicy {
    return { ...this.policy };
  }

  // ---------------------------------------------------------------- producing

  /**
   * Stores an event in the outbox inside the caller's transaction, so it exists if and only if
   * the change that caused it commits; the relay is woken right after the transaction ends.
   */
  async emit<T extends EventType>(trx: Knex.Transaction, input: EventInput<T>): Promise<DomainEvent<T>> {
    const event = await storeEvent(trx, input, this.now());
    // Resolves on commit and on rollback alike; after a rollback the relay simply finds nothing.
    // For a nested transaction (savepoint) this fires early and the sweep delivers instead.
    const done = (trx as { executionPromise?: Promise<unknown> }).executionPromise;
    if (done) void done.then(() => this.kick(), () => this.kick());
    return event;
  }

  // ---------------------------------------------------------------- consuming

  /** Registers `handler` (and optionally a batch handler) as consumer `consumer` of `type`. Call from a plugin's register(). */
  subscribe<T extends EventType>(consumer: string, type: T, handler: EventHandler<T>, options?: SubscribeOptions<T>): void {
    this.registry.subscribe(consumer, type, handler, options);
  }

  /** Registers a plain named job. Call from a plugin's register(). */
  defineJob<D extends Record<string, unknown>>(name: string, handler: JobHandler<D>): void {
    this.registry.defineJob(name, handler);
  }

  /**
   * Queues a named job. With `id`, a second enqueue with the same id is dropped while the first
   * is known to the queue. Inline mode runs it in this process and does not survive a restart:
   * work that must not be lost is started by an event (the outbox makes that durable).
   */
  async enqueueJob(name: string, data: Record<string, unknown> = {}, opts: { id?: string; delayMs?: number } = {}): Promise<string> {
    assertName('job', name);
    if (!this.registry.job(name)) throw new Error(`job "${name}" is not defined; call defineJob('${name}', handler) in a plugin's register()`);
    const key = namedJobKey(name, opts.id ?? randomUUID());
    const payload: JobPayload = { kind: 'job', key, name, data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> };
    if (this.redis) {
      await this.redis.add([payload], { delayMs: opts.delayMs });
    } else if (this.inline) {
      const inline = this.inline;
      const start = () => void this.rootScope.runInAsyncScope(() => inline.run(payload));
      if (opts.delayMs) setTimeout(start, opts.delayMs).unref?.();
      else start();
    }
    return key;
  }

  /**
   * Puts a named job straight into the failed set without running it: for work that must not be
   * done automatically but that an admin may decide to do (Retry runs it). `reason` is what the
   * admin reads. Same `id` again: one row, updated.
   */
  async parkJob(name: string, data: Record<string, unknown>, opts: { id: string; reason: string }): Promise<string> {
    assertName('job', name);
    if (!this.registry.job(name)) throw new Error(`job "${name}" is not defined; call defineJob('${name}', handler) in a plugin's register()`);
    const key = namedJobKey(name, opts.id);
    const payload: JobPayload = { kind: 'job', key, name, data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> };
    await recordFailure(this.knex, { payload, mode: this.mode, error: opts.reason, stack: null, attempts: 0, now: this.now() });
    return key;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Starts the relay (every process) and, where this process consumes, the queue worker. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.registry.seal('the lms-core event bus started');
    if (this.mode === 'inline') {
      this.logger.info('No REDIS_URL: jobs run inline in this process');
    } else if (this.consumes && this.redis) {
      this.redis.startWorker(this.concurrency);
    }
    this.sweepTimer = setInterval(() => this.kick(), this.relaySettings.sweepMs);
    this.sweepTimer.unref?.();
    this.kick();
  }

  /** Stops relaying and consuming; waits for handlers in progress; closes Redis connections. */
  async stop(): Promise<void> {
    if (!this.started) {
      await this.redis?.close();
      return;
    }
    this.stopping = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.relayRun?.catch(() => undefined);
    await this.inline?.stop();
    await Promise.allSettled([...this.settling]);
    await this.redis?.close();
    this.started = false;
  }

  // ---------------------------------------------------------------- relay

  /** Wakes the relay; runs are coalesced, so a burst of commits costs one pass. */
  kick(): void {
    if (!this.started || this.stopping) return;
    if (this.relayRun) {
      this.relayAgain = true;
      return;
    }
    this.relayRun = this.rootScope.runInAsyncScope(async () => {
      do {
        this.relayAgain = false;
        try {
          await this.relayUntilEmpty();
        } catch (error) {
          this.logger.error(`lms-core relay: ${describeError(error)}`);
        }
      } while (this.relayAgain && !this.stopping);
    }).finally(() => {
      this.relayRun = null;
    });
  }

  private async relayUntilEmpty(): Promise<void> {
    for (;;) {
      const { claimed } = await this.relayOnce();
      if (claimed < this.relaySettings.batchSize || this.stopping) return;
    }
  }

  /**
   * One relay pass: claims due outbox rows and hands each to its consumers. Returns the ids of
   * the events this pass sent (Redis mode) or dispatched (inline mode).
   */
  relayOnce(): Promise<{ claimed: number; sent: string[] }> {
    return this.rootScope.runInAsyncScope(() => this.relayPass());
  }

  private async relayPass(): Promise<{ claimed: number; sent: string[] }> {
    // Inline delivery is the consuming; a process told not to consume leaves the rows alone.
    if (this.mode === 'inline' && !this.consumes) return { claimed: 0, sent: [] };
    const now = this.now();
    // Inline delivery holds the claim for as long as all attempts may take.
    const claimMs = this.mode === 'inline' ? totalBackoff(this.policy) + 5 * 60_000 : this.relaySettings.claimMs;
    const rows = await claimDueEvents(this.knex, {
      now,
      leaseUntil: new Date(now.getTime() + claimMs),
      limit: this.relaySettings.batchSize,
      excludeIds: [...this.inFlight],
    });
    if (rows.length === 0) return { claimed: 0, sent: [] };
    if (this.redis) {
      await this.sendToRedis(rows);
    } else {
      this.dispatchInline(rows);
    }
    return { claimed: rows.length, sent: rows.map((r) => r.event.id) };
  }

  /**
   * The jobs that deliver claimed rows: one per (event, consumer), except that the events of a
   * consumer with a batch handler travel together, up to its maxBatch per job, oldest first (a
   * lone event still goes as a single delivery). `byRow`: the jobs each row's events are in.
   */
  private deliveriesOf(rows: readonly OutboxRow[]): { payloads: JobPayload[]; byRow: Map<number, JobPayload[]> } {
    const payloads: JobPayload[] = [];
    const byRow = new Map<number, JobPayload[]>(rows.map((row) => [row.id, []]));
    const groups = new Map<string, { consumer: string; maxBatch: number; rows: OutboxRow[] }>();
    const single = (row: OutboxRow, consumer: string) => {
      const payload: JobPayload = { kind: 'event', key: deliveryJobId(row.event.id, consumer), consumer, event: row.event };
      payloads.push(payload);
      byRow.get(row.id)!.push(payload);
    };
    for (const row of rows) {
      for (const consumer of this.registry.consumersOf(row.event.type)) {
        const batch = this.registry.batchOf(row.event.type, consumer);
        if (!batch) {
          single(row, consumer);
          continue;
        }
        const group = groups.get(batch.group) ?? { consumer, maxBatch: batch.maxBatch, rows: [] };
        group.rows.push(row);
        groups.set(batch.group, group);
      }
    }
    for (const { consumer, maxBatch, rows: members } of groups.values()) {
      for (let start = 0; start < members.length; start += maxBatch) {
        const chunk = members.slice(start, start + maxBatch);
        if (chunk.length === 1) {
          single(chunk[0]!, consumer);
          continue;
        }
        const events = chunk.map((r) => r.event);
        const payload: JobPayload = { kind: 'batch', key: batchJobId(events, consumer), consumer, events };
        payloads.push(payload);
        for (const r of chunk) byRow.get(r.id)!.push(payload);
      }
    }
    return { payloads, byRow };
  }

  private async sendToRedis(rows: OutboxRow[]): Promise<void> {
    const redis = this.redis as RedisQueue;
    try {
      await withTimeout(redis.add(this.deliveriesOf(rows).payloads), this.relaySettings.sendTimeoutMs, 'Redis did not accept the jobs');
      await markEventsRelayed(this.knex, rows.map((r) => r.id), this.now());
    } catch (error) {
      const message = describeError(error);
      this.logger.warn(`lms-core relay: could not queue ${rows.length} event(s), will try again: ${message}`);
      for (const row of rows) {
        const retryAt = new Date(this.now().getTime() + backoffDelay(row.attempts, RELAY_RETRY));
        await releaseEvent(this.knex, row.id, retryAt, message);
      }
    }
  }

  /**
   * Runs the rows' deliveries in this process. A row is marked relayed once every job holding
   * one of its deliveries has settled; cut short by stop(), it is handed back instead.
   */
  private dispatchInline(rows: OutboxRow[]): void {
    const inline = this.inline as InlineQueue;
    const { payloads, byRow } = this.deliveriesOf(rows);
    for (const row of rows) this.inFlight.add(row.id);
    const runs = new Map(payloads.map((payload) => [payload, inline.run(payload)]));
    for (const row of rows) {
      const settle = (async () => {
        const results = await Promise.all((byRow.get(row.id) ?? []).map((payload) => runs.get(payload)!));
        if (results.includes('stopped')) {
          // Cut short by stop(): hand the row back so the next start delivers it at once (deliveries
          // that did finish are no-ops then). Had the process died instead, the claim would run out.
          await releaseEvent(this.knex, row.id, this.now(), 'delivery interrupted by shutdown');
          return;
        }
        await markEventsRelayed(this.knex, [row.id], this.now());
      })()
        .catch((error) => this.logger.error(`lms-core relay: event ${row.event.id}: ${describeError(error)}`))
        .finally(() => {
          this.inFlight.delete(row.id);
          this.settling.delete(settle);
        });
      this.settling.add(settle);
    }
  }

  /** Waits until every inline delivery dispatched so far has settled (tests, scripts). */
  async drainInline(): Promise<void> {
    while (this.settling.size > 0) await Promise.allSettled([...this.settling]);
  }

  // ---------------------------------------------------------------- failed set

  async listFailedJobs(opts: { statuses?: FailedJobStatus[]; page?: number; pageSize?: number } = {}) {
    return listFailedJobs(this.knex, {
      statuses: opts.statuses?.length ? opts.statuses : ['failed', 'retrying'],
      page: opts.page ?? 1,
      pageSize: opts.pageSize ?? 20,
    });
  }

  getFailedJob(id: number): Promise<FailedJobRecord | null> {
    return getFailedJob(this.knex, id);
  }

  /**
   * Runs a job from the failed set again with a fresh set of attempts. Returns the updated row,
   * or null when there is no such failed job (unknown id, or it already succeeded).
   */
  async retryFailedJob(id: number): Promise<FailedJobRecord | null> {
    const row = await markRetrying(this.knex, id, this.now());
    if (!row) return null;
    const payload: JobPayload = { ...row.payload, retried: true };
    if (this.redis) {
      await this.redis.retry(payload, row.retryCount);
    } else if (this.inline) {
      const inline = this.inline;
      const run = this.rootScope.runInAsyncScope(() => inline.run(payload)).then(() => undefined);
      this.settling.add(run);
      void run.finally(() => this.settling.delete(run));
    }
    return row;
  }

  /** BullMQ job counts (Redis mode), for tests and health output. */
  async queueCounts(): Promise<Record<string, number> | null> {
    return this.redis ? this.redis.counts() : null;
  }
}

/**
 * Writes an event to the outbox in the caller's transaction; it exists if and only if that
 * transaction commits. The relay finds it on its next pass.
 */
export async function storeEvent<T extends EventType>(trx: Knex.Transaction, input: EventInput<T>, now = new Date()): Promise<DomainEvent<T>> {
  if (!trx || (trx as { isTransaction?: boolean }).isTransaction !== true) {
    throw new EventError(
      `emit("${String(input?.type)}") needs the knex transaction of the change that caused it, so the event is stored if and only if that change commits; wrap the change in strapi.db.transaction(async ({ trx }) => { ...; await emit(trx, event) })`,
    );
  }
  const event = createEvent(input, { now: () => now });
  await insertOutboxEvent(trx, event, now);
  return event;
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
