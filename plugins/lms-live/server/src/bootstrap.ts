import type { Core } from '@strapi/strapi';
import { getLmsCoreService, grantAuthenticatedActions } from '@lms/plugin-lms-core/server';
import { migrations } from './migrations';
import { LEARNER_ACTIONS } from './permissions';
import { getService, PLUGIN_ID } from './utils';

/** How often due reminders are looked for (each is sent once; a late sweep still sends before the start). */
const REMINDER_SWEEP_MS = 60_000;
let sweepTimer: NodeJS.Timeout | null = null;

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
  await grantAuthenticatedActions(strapi, PLUGIN_ID, LEARNER_ACTIONS);
  // Every process sweeps (cms and worker alike): the reminders table's unique key keeps it to one
  // reminder per learner and session, whoever finds it due first.
  sweepTimer = setInterval(() => {
    getService(strapi, 'sessions')
      .sweepReminders(new Date())
      .then((r) => r.reminders > 0 && strapi.log.info(`[lms-live] ${r.reminders} live-session reminder(s) queued`))
      .catch((error: unknown) => strapi.log.warn(`[lms-live] reminder sweep: ${String(error)}`));
  }, REMINDER_SWEEP_MS);
  sweepTimer.unref?.();
};

export const destroy = () => {
  if (sweepTimer) clearInterval(sweepTimer);
  sweepTimer = null;
};
