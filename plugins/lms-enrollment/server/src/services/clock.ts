import type { Core } from '@strapi/strapi';

/** Header that sets "now" for one request in integration tests (see {@link testClockEnabled}). */
export const TEST_NOW_HEADER = 'x-lms-test-now';

/**
 * The test clock is on only when NODE_ENV is "test" AND LMS_TEST_CLOCK is "true". Both are read
 * from the process environment on each call, not through the settings schema: this is not a
 * setting anyone deploys, and production (NODE_ENV=production) can never turn it on.
 */
export function testClockEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'test' && env.LMS_TEST_CLOCK === 'true';
}

/**
 * "Now" for every rule that depends on time (drip, subscriptions, timestamps written by this
 * plugin). In integration tests a request may carry `x-lms-test-now: <ISO instant>` to move the
 * clock for that request only; anywhere else the header is ignored.
 */
export const createClockService = ({ strapi }: { strapi: Core.Strapi }) => ({
  now(): Date {
    if (testClockEnabled()) {
      const ctx = strapi.requestContext.get() as { request?: { headers?: Record<string, string | string[] | undefined> } } | undefined;
      const raw = ctx?.request?.headers?.[TEST_NOW_HEADER];
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (value) {
        const at = new Date(value);
        if (!Number.isNaN(at.getTime())) return at;
      }
    }
    return new Date();
  },
});

export type ClockService = ReturnType<typeof createClockService>;
