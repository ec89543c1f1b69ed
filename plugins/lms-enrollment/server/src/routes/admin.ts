import { ACTIONS } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Admin API (prefixed /lms-enrollment): admins holding the plugin's permissions. The super admin
 * has them; the Instructor role does not (enrollments span every instructor's learners).
 */
export const adminRoutes = {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/admin/enrollments', handler: 'admin.list', config: guard(ACTIONS.read) },
    { method: 'GET', path: '/admin/enrollments.csv', handler: 'admin.exportCsv', config: guard(ACTIONS.read) },
    { method: 'POST', path: '/admin/enrollments', handler: 'admin.grant', config: guard(ACTIONS.manage) },
    { method: 'POST', path: '/admin/enrollments/:id/revoke', handler: 'admin.revoke', config: guard(ACTIONS.manage) },
    // Pickers of the grant form.
    { method: 'GET', path: '/admin/learners', handler: 'admin.learners', config: guard(ACTIONS.manage) },
    { method: 'GET', path: '/admin/courses', handler: 'admin.courses', config: guard(ACTIONS.manage) },
  ],
};
