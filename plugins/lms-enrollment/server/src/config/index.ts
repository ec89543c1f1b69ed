/**
 * Tuning, overridable in cms/config/plugins.ts under 'lms-enrollment': { config: {...} }.
 */
export interface LmsEnrollmentConfig {
  /**
   * Token bucket per learner for the learner write routes (enroll, complete, progress): a burst
   * of `capacity` requests, refilled at `refillPerSecond`. A video player reports every few
   * seconds; a person clicking never gets near it.
   */
  rateLimit: { capacity: number; refillPerSecond: number };
}

export const config = {
  default: (): LmsEnrollmentConfig => ({ rateLimit: { capacity: 60, refillPerSecond: 1 } }),
  validator(value: LmsEnrollmentConfig) {
    const { capacity, refillPerSecond } = value.rateLimit ?? {};
    if (!Number.isSafeInteger(capacity) || (capacity as number) < 1) {
      throw new Error(`lms-enrollment config rateLimit.capacity must be a positive integer; got ${String(capacity)}`);
    }
    if (typeof refillPerSecond !== 'number' || !(refillPerSecond > 0)) {
      throw new Error(`lms-enrollment config rateLimit.refillPerSecond must be a positive number; got ${String(refillPerSecond)}`);
    }
  },
};
