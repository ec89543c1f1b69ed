import { ACTIONS } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/** Admin API (prefixed /lms-core): the failed set. Admins with the plugin's job permissions only. */
export const adminRoutes = {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/jobs/failed', handler: 'failed-jobs.list', config: guard(ACTIONS.readJobs) },
    { method: 'POST', path: '/jobs/:id/retry', handler: 'failed-jobs.retry', config: guard(ACTIONS.retryJobs) },
    { method: 'GET', path: '/privacy/erasures', handler: 'privacy-admin.list', config: guard(ACTIONS.readErasures) },
    { method: 'POST', path: '/privacy/erasures/:id/complete', handler: 'privacy-admin.complete', config: guard(ACTIONS.completeErasures) },
  ],
};
