import type { Core } from '@strapi/strapi';
import { loadConfig } from '@lms/config';

/** How often open attempts past their deadline are looked for (Strapi cron rule, with seconds). */
export const EXPIRED_ATTEMPT_SWEEP_RULE = '*/10 * * * * *';
export const EXPIRED_ATTEMPT_SWEEP_TASK = 'lms-grading.quizzes.submit-expired-attempts';

/**
 * Whether this process runs the sweep: the one that runs the queue consumers, i.e. the worker when
 * Redis is configured (the cms only serves HTTP and relays) and the cms itself in inline mode
 * (no Redis, no worker). The same rule lms-core's event bus uses to decide who consumes.
 */
export function runsScheduledJobs(settings: { redis: unknown; processRole: 'cms' | 'worker' }): boolean {
  return settings.redis === null || settings.processRole === 'worker';
}

/**
 * Schedules the sweep that submits expired open attempts (docs/decisions: quiz attempt deadlines).
 * Strapi's cron service owns the timer, so it stops with `strapi.destroy()`. Runs never overlap in
 * one process; several workers may sweep at once, which is safe: each attempt is submitted under
 * its row lock and a second sweeper finds it submitted.
 */
export function scheduleExpiredAttemptSweep(strapi: Core.Strapi, sweep: () => Promise<number>): boolean {
  if (!runsScheduledJobs(loadConfig())) return false;
  let running = false;
  strapi.cron.add({
    [EXPIRED_ATTEMPT_SWEEP_TASK]: {
      options: { rule: EXPIRED_ATTEMPT_SWEEP_RULE },
      async task() {
        if (running) return;
        running = true;
        try {
          const submitted = await sweep();
          if (submitted > 0) strapi.log.info(`lms-grading: submitted ${submitted} quiz attempt(s) whose time ran out`);
        } catch (error) {
          strapi.log.error(`lms-grading: the expired-attempt sweep failed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          running = false;
        }
      },
    },
  });
  return true;
}
