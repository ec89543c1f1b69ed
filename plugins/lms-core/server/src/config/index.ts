import { assertRetryPolicy, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../domain/jobs';
import { DEFAULT_RELAY, type RelaySettings } from '../queue/event-bus';

/**
 * Tuning of the queue, overridable in cms/config/plugins.ts under 'lms-core': { config: {...} }.
 * Deployment settings (REDIS_URL, REDIS_PREFIX, LMS_PROCESS_ROLE) come from the env schema in
 * config/ instead, read through loadConfig().
 */
export interface LmsCoreConfig {
  retry: RetryPolicy;
  relay: RelaySettings;
  /** Jobs one process runs at the same time (BullMQ worker concurrency; inline likewise). */
  concurrency: number;
}

export const config = {
  default: (): LmsCoreConfig => ({ retry: { ...DEFAULT_RETRY_POLICY }, relay: { ...DEFAULT_RELAY }, concurrency: 5 }),
  validator(value: LmsCoreConfig) {
    assertRetryPolicy(value.retry);
    for (const key of ['sweepMs', 'batchSize', 'claimMs', 'sendTimeoutMs'] as const) {
      const n = value.relay[key];
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`lms-core config relay.${key} must be a positive integer; got ${String(n)}`);
    }
    if (!Number.isSafeInteger(value.concurrency) || value.concurrency < 1) {
      throw new Error(`lms-core config concurrency must be a positive integer; got ${String(value.concurrency)}`);
    }
  },
};
