import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { backoffDelay, describeError, splitBatch, type JobPayload, type RetryPolicy } from '../domain/jobs';
import { describeJob, type JobExecutor } from './executor';
import type { Logger } from './types';

/** Name of the custom backoff strategy; the worker computes it with the shared backoffDelay(). */
const BACKOFF_TYPE = 'lms-exponential';

export interface RedisQueueOptions {
  url: string;
  /** Deployment key prefix (REDIS_PREFIX); BullMQ keys live under "<prefix>:bull:<queue>:". */
  prefix: string;
  queueName: string;
  policy: RetryPolicy;
  executor: JobExecutor;
  logger: Logger;
  /** Completed jobs are kept this long so a re-sent delivery with the same job id is dropped. */
  keepCompletedSeconds?: number;
}

function jobName(payload: JobPayload): string {
  if (payload.kind === 'event') return `${payload.event.type}>${payload.consumer}`;
  if (payload.kind === 'batch') return `batch>${payload.consumer}`;
  return payload.name;
}

/**
 * BullMQ on Redis. The cms process only produces (the relay adds jobs); the worker process also
 * consumes. Jobs carry a deterministic id, so adding the same delivery twice is a no-op.
 */
export class RedisQueue {
  private producer: Queue<JobPayload> | null = null;
  private worker: Worker<JobPayload> | null = null;
  private readonly jobOptions: JobsOptions;

  constructor(private readonly options: RedisQueueOptions) {
    const keepCompleted = options.keepCompletedSeconds ?? 7 * 24 * 3600;
    this.jobOptions = {
      attempts: options.policy.attempts,
      backoff: { type: BACKOFF_TYPE },
      removeOnComplete: { age: keepCompleted, count: 100_000 },
      // The failed set is also kept in the database; BullMQ's copy is for operators' tools.
      removeOnFail: { age: 30 * 24 * 3600, count: 100_000 },
    };
  }

  /** The producer, connected on first use (a process that never sends opens no connection). */
  private get queue(): Queue<JobPayload> {
    if (!this.producer) {
      // BullMQ owns its connections. When Redis is down the relay's send times out and the
      // event stays in the outbox to be tried again later.
      this.producer = new Queue<JobPayload>(this.options.queueName, {
        connection: { url: this.options.url, maxRetriesPerRequest: 1 },
        prefix: this.bullPrefix,
        defaultJobOptions: this.jobOptions,
      });
      this.producer.on('error', (error) => this.options.logger.debug(`bullmq queue: ${error.message}`));
    }
    return this.producer;
  }

  get bullPrefix(): string {
    return `${this.options.prefix}:bull`;
  }

  /** Adds jobs (one per delivery); ids that already exist are ignored by BullMQ. */
  async add(payloads: readonly JobPayload[], opts: { delayMs?: number } = {}): Promise<void> {
    if (payloads.length === 0) return;
    await this.queue.addBulk(
      payloads.map((payload) => ({
        name: jobName(payload),
        data: payload,
        opts: { ...this.jobOptions, jobId: payload.key, ...(opts.delayMs ? { delay: opts.delayMs } : {}) },
      })),
    );
  }

  /**
   * Runs a job from the failed set again, with a fresh set of attempts. The BullMQ job is retried
   * in place when it is still in BullMQ's failed set; otherwise (expired, or Redis was flushed) a
   * new job is added from the copy kept in the database.
   */
  async retry(payload: JobPayload, retryCount: number): Promise<void> {
    const job = (await this.queue.getJob(payload.key)) as Job<JobPayload> | undefined;
    const state = job ? await job.getState() : 'unknown';
    if (job && state === 'failed') {
      await job.updateData({ ...payload, retried: true } as JobPayload);
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return;
    }
    if (job && ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'].includes(state)) return; // already on its way
    await this.queue.add(jobName(payload), { ...payload, retried: true }, { ...this.jobOptions, jobId: `${payload.key}.retry-${retryCount}` });
  }

  /** Starts consuming (worker process only). */
  startWorker(concurrency: number): void {
    if (this.worker) return;
    const { executor, logger, policy } = this.options;
    this.worker = new Worker<JobPayload>(
      this.options.queueName,
      async (job: Job<JobPayload>) => {
        // attemptsMade counts the attempts that already failed.
        const attempt = job.attemptsMade + 1;
        const maxAttempts = job.opts.attempts ?? policy.attempts;
        try {
          const outcome = await executor.execute(job.data, attempt, maxAttempts);
          if (outcome === 'split' && job.data.kind === 'batch') {
            // The batch rolled back: each event goes on alone, with its own attempts.
            try {
              await this.add(splitBatch(job.data));
            } catch (error) {
              if (attempt >= maxAttempts) await executor.recordFinalFailure(job.data, error, attempt);
              throw error;
            }
          }
          return outcome;
        } catch (error) {
          if (attempt < maxAttempts) {
            logger.warn(
              `${describeJob(job.data)} attempt ${attempt} of ${maxAttempts} failed (${describeError(error)}); retrying in ${backoffDelay(attempt, policy)} ms`,
            );
          }
          throw error;
        }
      },
      {
        // Workers block on Redis; BullMQ requires maxRetriesPerRequest: null for them.
        connection: { url: this.options.url, maxRetriesPerRequest: null },
        prefix: this.bullPrefix,
        concurrency,
        settings: {
          backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, policy),
        },
      },
    );
    this.worker.on('error', (error) => logger.error(`bullmq worker: ${error.message}`));
    // A job that stalled too often fails without reaching the processor's catch; record it too.
    this.worker.on('failed', (job, error) => {
      if (job && /stalled/i.test(error.message)) void executor.recordFinalFailure(job.data, error, job.attemptsMade);
    });
  }

  /** Job counts by state (for tests and health output). */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  }

  /** Stops consuming (waiting for jobs in progress) and closes the Redis connections. */
  async close(): Promise<void> {
    // Closing a BullMQ client while it is still connecting leaves a rejected promise inside
    // BullMQ; let it finish connecting first (briefly: if Redis is down, close anyway).
    const settle = (client: { waitUntilReady(): Promise<unknown> }) =>
      Promise.race([client.waitUntilReady().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000).unref?.())]);
    if (this.worker) {
      await settle(this.worker);
      await this.worker.close();
      this.worker = null;
    }
    if (this.producer) {
      await settle(this.producer);
      await this.producer.close();
      this.producer = null;
    }
  }
}
