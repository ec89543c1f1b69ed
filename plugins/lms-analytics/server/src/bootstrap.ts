import type { Core } from '@strapi/strapi';
import { loadConfig } from '@lms/config';
import { getLmsCoreService, grantAuthenticatedActions } from '@lms/plugin-lms-core/server';
import { migrations } from './migrations';
import { LEARNER_ACTIONS } from './permissions';
import { LEDGER_REFRESH_JOB } from './register';
import { PLUGIN_ID, getService } from './utils';

/** How often the ledger summaries are brought up to date (Strapi cron rule, with seconds). */
export const LEDGER_REFRESH_RULE = '*/15 * * * * *';

/**
 * Whether this process runs scheduled work: the one that runs the queue consumers (the worker
 * with Redis, the cms itself inline) — the rule lms-core's bus and lms-grading's sweep use.
 */
const runsScheduledJobs = (settings: { redis: unknown; processRole: 'cms' | 'worker' }) => settings.redis === null || settings.processRole === 'worker';

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
  await grantAuthenticatedActions(strapi, PLUGIN_ID, LEARNER_ACTIONS);
  const summaries = getService(strapi, 'summaries');
  // Installed on a platform that already has enrollments: build the summaries once from its tables
  // (on the first start of a fresh install the other plugins' tables may not exist yet: nothing to build).
  if (!(await summaries.rebuiltOnce()) && (await summaries.sourcesExist())) {
    const at = new Date();
    const result = await summaries.rebuild(at);
    await summaries.markRebuilt(at);
    strapi.log.info(`[lms-analytics] summaries built: ${result.learnerCourses} enrollments, ${result.lessonCompletions} lesson completions, ${result.ledgerEntries} ledger entries`);
  }
  if (!runsScheduledJobs(loadConfig())) return;
  let running = false;
  strapi.cron.add({
    [`${PLUGIN_ID}.refresh-ledger`]: {
      options: { rule: LEDGER_REFRESH_RULE },
      async task() {
        if (running) return;
        running = true;
        try {
          await getLmsCoreService(strapi, 'events').enqueueJob(LEDGER_REFRESH_JOB, {}, { id: `tick.${Math.floor(Date.now() / 15_000)}` });
        } catch (error) {
          strapi.log.error(`[lms-analytics] could not queue the ledger refresh: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          running = false;
        }
      },
    },
  });
};
