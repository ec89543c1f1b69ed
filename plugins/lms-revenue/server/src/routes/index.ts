import { ACTIONS } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/** Any signed-in admin user; the controller answers only for the caller's own instructor profile. */
const session = { policies: ['admin::isAuthenticatedAdmin'] };

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
    { method: 'GET', path: '/transactions', handler: 'admin.listTransactions', config: guard(ACTIONS.read) },
    { method: 'GET', path: '/transactions/:id', handler: 'admin.transaction', config: guard(ACTIONS.read) },
    { method: 'GET', path: '/overview', handler: 'admin.overview', config: guard(ACTIONS.read) },
    { method: 'GET', path: '/courses/:courseId/revenue', handler: 'admin.courseRevenue', config: guard(ACTIONS.read) },
    { method: 'GET', path: '/instructors/:instructorId/earnings', handler: 'admin.instructorEarnings', config: guard(ACTIONS.read) },
    // Any admin session: revenue.read sees anyone's statement, an instructor only their own (checked in the controller).
    { method: 'GET', path: '/statements/:instructorId/:file', handler: 'admin.statement', config: session },
    { method: 'GET', path: '/me/balance', handler: 'instructor.myBalance', config: session },
    { method: 'GET', path: '/me/earnings', handler: 'earnings.myEarnings', config: session },
    { method: 'GET', path: '/me/statements/:file', handler: 'earnings.myStatement', config: session },
  ],
};

export const routes = { admin: adminRoutes };
