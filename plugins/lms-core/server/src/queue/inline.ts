import { backoffDelay, describeError, splitBatch, type JobPayload, type RetryPolicy } from '../domain/jobs';
import { describeJob, type JobExecutor, type Outcome } from './executor';
import type { Logger } from './types';

export type InlineResult = Outcome | 'failed' | 'stopped';

/**
 * The queue when no Redis is configured: the same executor, the same attempts and the same
 * backoff as the BullMQ worker, run in this process with the same bounded concurrency. Waiting
 * between attempts is a timer, so stop() can cut it short; event deliveries cut short this way are
 * not lost, because the relay marks an outbox row relayed only after its deliveries settled, and
 * its claim on the row runs out.
 */
export class InlineQueue {
  private stopped = false;
  private readonly running = new Set<Promise<unknown>>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private active = 0;
  private readonly slotQueue: Array<(granted: boolean) => void> = [];

  constructor(
    private readonly executor: JobExecutor,
    private readonly policy: RetryPolicy,
    private readonly logger: Logger,
    private readonly concurrency = 5,
  ) {}

  /** Runs the job to success, to the failed set, or until stop(); never rejects. */
  run(payload: JobPayload): Promise<InlineResult> {
    const work = this.runAttempts(payload);
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return work;
  }

  private async runAttempts(payload: JobPayload): Promise<InlineResult> {
    for (let attempt = 1; attempt <= this.policy.attempts; attempt += 1) {
      if (!(await this.acquireSlot())) return 'stopped';
      let failure: unknown;
      let outcome: InlineResult | undefined;
      try {
        outcome = await this.executor.execute(payload, attempt, this.policy.attempts);
      } catch (error) {
        failure = error;
      } finally {
        this.releaseSlot();
      }
      if (outcome === 'split' && payload.kind === 'batch') {
        // The batch rolled back: each event goes on alone, with its own attempts (slot released first).
        const results = await Promise.all(splitBatch(payload).map((single) => this.run(single)));
        if (results.includes('stopped')) return 'stopped';
        return results.includes('failed') ? 'failed' : 'done';
      }
      if (outcome !== undefined) return outcome;
      if (attempt >= this.policy.attempts) return 'failed';
      const delay = backoffDelay(attempt, this.policy);
      this.logger.warn(`${describeJob(payload)} attempt ${attempt} of ${this.policy.attempts} failed (${describeError(failure)}); retrying in ${delay} ms`);
      await this.sleep(delay);
    }
    return 'failed';
  }

  /** Waits for a free slot; false once stopped. A released slot is handed straight to the next waiter. */
  private acquireSlot(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (this.active < this.concurrency) {
      this.active += 1;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => this.slotQueue.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.slotQueue.shift();
    if (next && !this.stopped) next(true);
    else this.active -= 1;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          this.waits.delete(wait);
          resolve();
        }, ms),
        resolve,
      };
      wait.timer.unref?.();
      this.waits.add(wait);
    });
  }

  /** Stops taking attempts, cancels pending backoffs and waits for handlers already running. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.resolve();
    }
    this.waits.clear();
    for (const wake of this.slotQueue.splice(0)) wake(false);
    await Promise.allSettled([...this.running]);
  }
}
