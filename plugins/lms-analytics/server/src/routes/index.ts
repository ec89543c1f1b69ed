import { ACTIONS } from '../permissions';

const readAll = {
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [ACTIONS.readAll] } }],
};
/** `analytics.read-own` or `analytics.read-all` (admin::hasPermissions needs all of its actions, so the plugin's own policy checks "either"). */
const readOwnOrAll = { policies: ['admin::isAuthenticatedAdmin', 'plugin::lms-analytics.can-read-analytics'] };

/**
 * Admin API (prefixed /lms-analytics). The instructor dashboard answers for the caller's own
 * courses with `read-own`; `read-all` may pick any instructor or course. The platform dashboard,
 * the ledger refresh and the rebuild need `read-all`.
 */
const adminRoutes = {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/instructor', handler: 'admin.instructor', config: readOwnOrAll },
    { method: 'GET', path: '/instructor/csv/:report', handler: 'admin.instructorCsv', config: readOwnOrAll },
    { method: 'GET', path: '/options', handler: 'admin.options', config: readAll },
    { method: 'GET', path: '/platform', handler: 'admin.platform', config: readAll },
    { method: 'GET', path: '/platform/csv/:report', handler: 'admin.platformCsv', config: readAll },
    { method: 'POST', path: '/refresh', handler: 'admin.refresh', config: readAll },
    { method: 'POST', path: '/rebuild', handler: 'admin.rebuild', config: readAll },
  ],
};

/**
 * Content API (prefixed /api/lms-analytics): the learner's own figures. Authenticated role
 * (granted in bootstrap); the controller reads only the caller's rows.
 */
const contentApiRoutes = {
  type: 'content-api' as const,
  routes: [{ method: 'GET', path: '/me', handler: 'learner.me', config: {} }],
};

export const routes = { admin: adminRoutes, 'content-api': contentApiRoutes };
