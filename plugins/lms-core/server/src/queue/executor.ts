import type { Knex } from 'knex';
import type { DomainEvent } from '../domain/events';
import { describeError, type JobPayload } from '../domain/jobs';
import { markConsumed } from './consumed';
import { markResolved, recordFailure } from './failed-jobs';
import type { HandlerRegistry } from './registry';
import type { Logger, QueueMode, TransactionRunner } from './types';

/**
 * `split`: a batch whose batch handler failed (rolled back, marks included); the queue now
 * delivers each of its events alone (`splitBatch`).
 */
export type Outcome = 'done' | 'duplicate' | 'split';


/**
 * Runs one attempt of one job, the same way in both queue modes: an event delivery runs its
 * handler in a transaction that also writes the (event, consumer) marker, so a second delivery
 * finds the marker and does nothing; the last failed attempt is written to the failed set before
 * the error goes back to the queue.
 */
export class JobExecutor {
  constructor(
    private readonly deps: {
      knex: Knex;
      runInTransaction: TransactionRunner;
      registry: HandlerRegistry;
      logger: Logger;
      mode: QueueMode;
      now: () => Date;
    },
  ) {}

  async execute(payload: JobPayload, attempt: number, maxAttempts: number): Promise<Outcome> {
    try {
      const outcome =
        payload.kind === 'event'
          ? await this.deliver(payload.event, payload.consumer, attempt)
          : payload.kind === 'batch'
            ? await this.deliverBatch(payload, attempt)
            : await this.runJob(payload, attempt);
      if (payload.retried) await markResolved(this.deps.knex, payload.key, this.deps.now());
      return outcome;
    } catch (error) {
      if (attempt >= maxAttempts) await this.recordFinalFailure(payload, error, attempt);
      throw error;
    }
  }

  /** Writes the failed-set row; never throws (the queue still has the job if the database is down). */
  async recordFinalFailure(payload: JobPayload, error: unknown, attempts: number): Promise<void> {
    const what = describeJob(payload);
    this.deps.logger.error(`${what} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${describeError(error)}`);
    try {
      await recordFailure(this.deps.knex, {
        payload,
        mode: this.deps.mode,
        error: describeError(error),
        stack: error instanceof Error ? (error.stack ?? null) : null,
        attempts,
        now: this.deps.now(),
      });
    } catch (dbError) {
      this.deps.logger.error(`could not record the failure of ${what} in the failed set: ${describeError(dbError)}`);
    }
  }

  private async deliver(event: DomainEvent, consumer: string, attempt: number): Promise<Outcome> {
    const handler = this.deps.registry.handler(event.type, consumer);
    if (!handler) {
      throw new Error(
        `no handler for consumer "${consumer}" of "${event.type}" in this process; it is registered with subscribe('${consumer}', '${event.type}', handler) in a plugin's register()`,
      );
    }
    const consumed = await this.deps.runInTransaction(async (trx) => {
      // The mark first: a second delivery of the event finds it and runs nothing.
      if ((await markConsumed(trx, consumer, [event], this.deps.now())).length === 0) return false;
      await handler(event, { trx, consumer, attempt });
      return true;
    });
    if (consumed) return 'done';
    this.deps.logger.debug(`${describeJob({ kind: 'event', key: '', consumer, event })}: already consumed, skipped`);
    return 'duplicate';
  }

  /**
   * Delivers a batch in one transaction: the marks of all its events are inserted first (those
   * already there are skipped), and the batch handler gets the events that were new. Any failure
   * rolls the whole batch back and answers `split`, so the queue delivers the events one by one.
   */
  private async deliverBatch(payload: Extract<JobPayload, { kind: 'batch' }>, attempt: number): Promise<Outcome> {
    const { consumer, events } = payload;
    try {
      const first = events[0];
      const subscription = first ? this.deps.registry.batchOf(first.type, consumer) : undefined;
      if (!subscription) throw new Error(`no batch handler for consumer "${consumer}" of "${first?.type ?? '(empty batch)'}" in this process`);
      const stray = events.find((e) => this.deps.registry.batchOf(e.type, consumer) !== subscription);
      if (stray) throw new Error(`event ${stray.id} ("${stray.type}") is not handled by the same batch handler of "${consumer}"`);
      const fresh = await this.deps.runInTransaction(async (trx) => {
        const todo = await markConsumed(trx, consumer, events, this.deps.now());
        if (todo.length > 0) await subscription.handler(todo, { trx, consumer, attempt });
        return todo.length;
      });
      if (fresh === 0) return 'duplicate';
      return 'done';
    } catch (error) {
      this.deps.logger.warn(`${describeJob(payload)}: batch failed (${describeError(error)}); delivering its ${events.length} event(s) one by one`);
      return 'split';
    }
  }

  private async runJob(payload: Extract<JobPayload, { kind: 'job' }>, attempt: number): Promise<Outcome> {
    const handler = this.deps.registry.job(payload.name);
    if (!handler) throw new Error(`no handler for job "${payload.name}" in this process; define it with defineJob('${payload.name}', handler) in a plugin's register()`);
    await handler(payload.data, { key: payload.key, attempt });
    return 'done';
  }
}

export function describeJob(payload: JobPayload): string {
  if (payload.kind === 'event') return `"${payload.event.type}" ${payload.event.id} → ${payload.consumer}`;
  if (payload.kind === 'batch') return `batch of ${payload.events.length} event(s) from ${payload.events[0]?.id ?? '?'} → ${payload.consumer}`;
  return `job "${payload.name}" (${payload.key})`;
}
