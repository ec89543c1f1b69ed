import type { Core } from '@strapi/strapi';
import { rateLimited } from '@lms/plugin-lms-core/server';
import type { LmsEnrollmentConfig } from '../config';
import { TokenBuckets } from '../domain/rate-limit';
import { PLUGIN_ID } from '../utils';

/**
 * `plugin::lms-enrollment.rate-limit`: a token bucket per signed-in learner for the learner write
 * routes (429 with Retry-After when empty). In memory, per process: it protects the database from
 * a runaway client, it is not a quota (behind several processes the burst is per process).
 */
export const createRateLimitMiddleware = (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const settings = (strapi.config.get(`plugin::${PLUGIN_ID}`) as LmsEnrollmentConfig).rateLimit;
  const buckets = new TokenBuckets(settings);
  return async (ctx: { state: { user?: { id: number } }; ip: string; set(name: string, value: string): void }, next: () => Promise<unknown>) => {
    const key = ctx.state.user ? `user:${ctx.state.user.id}` : `ip:${ctx.ip}`;
    const result = buckets.take(key, Date.now());
    if (!result.allowed) {
      ctx.set('Retry-After', String(result.retryAfterSeconds));
      throw rateLimited(result.retryAfterSeconds);
    }
    await next();
  };
};

export const middlewares = {
  'rate-limit': createRateLimitMiddleware,
};
