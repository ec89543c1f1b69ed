import { ACTIONS } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Admin API (prefixed /lms-revenue). Rules, balances and transactions need the plugin's admin
 * permissions (super admins; not the Instructor role). `me/balance` needs only an admin session:
 * it answers for the instructor profile linked to the caller, never for anyone else.
 */
const adminRoutes = {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/rules', handler: 'admin.listRules', config: guard(ACTIONS.read) },
    { method: 'POST', path: '/rules', handler: 'admin.recordRule', config: guard(ACTIONS.manage) },
    { method: 'GET', path: '/balances', handler: 'admin.balances', config: guard(ACTIONS.read) },
    { method: 'GET', path: '/transactions/:id', handler: 'admin.transaction', config: guard(ACTIONS.read) },
    { method: 'GET', path: '/me/balance', handler: 'instructor.myBalance', config: { policies: ['admin::isAuthenticatedAdmin'] } },
  ],
};

export const routes = { admin: adminRoutes };
