import type { DomainEvent } from './events';

/**
 * Rules of the job queue that both modes (BullMQ on Redis, inline in-process) share, so the two
 * behave the same: how many attempts, how long to wait between them, how jobs are named.
 */

export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  attempts: number;
  /** Delay after the first failure; doubles after each further failure. */
  backoffMs: number;
  /** Upper bound of a single delay. */
  maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ attempts: 5, backoffMs: 2_000, maxBackoffMs: 5 * 60_000 });

export function assertRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { attempts, backoffMs, maxBackoffMs } = policy;
  if (!Number.isSafeInteger(attempts) || attempts < 1 || attempts > 100) {
    throw new Error(`retry.attempts must be an integer from 1 to 100; got ${String(attempts)}`);
  }
  if (!Number.isSafeInteger(backoffMs) || backoffMs < 0) throw new Error(`retry.backoffMs must be a non-negative integer; got ${String(backoffMs)}`);
  if (!Number.isSafeInteger(maxBackoffMs) || maxBackoffMs < backoffMs) {
    throw new Error(`retry.maxBackoffMs must be an integer ≥ retry.backoffMs; got ${String(maxBackoffMs)}`);
  }
  return policy;
}

/**
 * Milliseconds to wait after the `failedAttempts`-th failure before the next attempt:
 * backoffMs × 2^(failedAttempts − 1), capped at maxBackoffMs. (BullMQ calls this with
 * attemptsMade, the number of failures so far, so the worker uses this very function.)
 */
export function backoffDelay(failedAttempts: number, policy: RetryPolicy): number {
  if (failedAttempts < 1) return 0;
  // 2^52 already exceeds any sane cap; clamping the exponent keeps the arithmetic exact.
  const factor = 2 ** Math.min(failedAttempts - 1, 52);
  return Math.min(policy.maxBackoffMs, policy.backoffMs * factor);
}

/** True when the attempt numbered `attempt` (1-based) is the last one the policy allows. */
export function isFinalAttempt(attempt: number, policy: RetryPolicy): boolean {
  return attempt >= policy.attempts;
}

/** Worst-case time from the first attempt to the last one starting (handler time not included). */
export function totalBackoff(policy: RetryPolicy): number {
  let total = 0;
  for (let failed = 1; failed < policy.attempts; failed += 1) total += backoffDelay(failed, policy);
  return total;
}

/** Consumer and job names: short, lower case, usable inside Redis keys and job ids. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

export function assertName(kind: 'consumer' | 'job', name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new Error(
      `${kind} name ${JSON.stringify(name)} is not valid; use lower-case letters, digits and "-" (start with a letter, at most 63), e.g. "certificates"`,
    );
  }
}

/**
 * The id of the job that delivers one event to one consumer. Deterministic, so the queue drops a
 * second copy of the same delivery (relay retried after a crash, two relays racing). BullMQ
 * forbids ":" in custom ids, hence the dots.
 */
export function deliveryJobId(eventId: string, consumer: string): string {
  return `evt.${eventId}.${consumer}`;
}

/**
 * The id of a job that delivers several events to one consumer's batch handler: deterministic for
 * the same events (a re-sent relay pass is dropped by the queue), and short whatever the count.
 */
export function batchJobId(events: readonly DomainEvent[], consumer: string): string {
  if (events.length === 0) throw new Error('a batch needs at least one event');
  return `batch.${events[0]!.id}.${events[events.length - 1]!.id}.${events.length}.${consumer}`;
}

/** The single deliveries a batch falls back to when its batch handler fails. */
export function splitBatch(payload: Extract<JobPayload, { kind: 'batch' }>): JobPayload[] {
  return payload.events.map((event) => ({ kind: 'event' as const, key: deliveryJobId(event.id, payload.consumer), consumer: payload.consumer, event }));
}

/** Jobs a queue carries: an event for one consumer, several events for one consumer's batch handler, or a plain named job. */
export type JobPayload = (
  | { kind: 'event'; key: string; consumer: string; event: DomainEvent }
  | { kind: 'batch'; key: string; consumer: string; events: DomainEvent[] }
  | { kind: 'job'; key: string; name: string; data: Record<string, unknown> }
) & {
  /** Set when an admin retried it from the failed set; success then marks the failed row resolved. */
  retried?: boolean;
};

/** Key of a plain named job: given by the caller to deduplicate, or random. */
export function namedJobKey(name: string, id: string): string {
  if (!/^[A-Za-z0-9_.-]{1,120}$/.test(id)) {
    throw new Error(`job id ${JSON.stringify(id)} for "${name}" may only hold letters, digits, "_", "." and "-" (at most 120)`);
  }
  return `job.${name}.${id}`;
}

/** Short, single-line text of an error for the failed set (full stack kept separately). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}
