import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, grantAuthenticatedActions, inTransaction } from '@lms/plugin-lms-core/server';
import { configureAccountEmails } from './account-emails';
import { migrations } from './migrations';
import { LEARNER_ACTIONS } from './routes';
import { getService, PLUGIN_ID } from './utils';

/** How often lost enqueues and expired claims of outgoing mail are looked for. */
const SWEEP_MS = 30_000;
let sweepTimer: NodeJS.Timeout | null = null;

export const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getLmsCoreService(strapi, 'migrations').run(PLUGIN_ID, migrations);
  await grantAuthenticatedActions(strapi, PLUGIN_ID, LEARNER_ACTIONS);
  await configureAccountEmails(strapi, getService(strapi, 'notifier').platform());

  // A new account gets a welcome: the event is written in the transaction that created the user
  // when there is one (Strapi's nested transactions join it), else right after the insert.
  strapi.db.lifecycles.subscribe({
    models: ['plugin::users-permissions.user'],
    async afterCreate(event: { result?: { id?: number } }) {
      const userId = event.result?.id;
      if (typeof userId !== 'number') return;
      await inTransaction(strapi, undefined, (trx: Knex.Transaction) =>
        getLmsCoreService(strapi, 'events').emit(trx, { type: 'user.registered', payload: { userId, registeredAt: new Date().toISOString() } }),
      );
    },
  });

  sweepTimer = setInterval(() => {
    getService(strapi, 'mailer')
      .sweep(new Date())
      .catch((error: unknown) => strapi.log.warn(`[lms-notifications] mail sweep: ${String(error)}`));
  }, SWEEP_MS);
  sweepTimer.unref?.();
};

export const destroy = () => {
  if (sweepTimer) clearInterval(sweepTimer);
  sweepTimer = null;
};
