import type { RouteDefinition } from '../concern';
import { ACTIONS } from '../permissions';

const RATE_LIMIT = 'plugin::lms-enrollment.rate-limit';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Learner routes (/api/lms-grading): users-permissions JWT with the action granted to the
 * Authenticated role; the learner must be enrolled (active or completed) in the assignment's
 * course, and only ever sees their own submissions. Submitting is rate-limited per learner.
 */
export const assignmentContentApiRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/assignments/:documentId', handler: 'assignmentLearner.overview', config: {} },
  { method: 'POST', path: '/assignments/:documentId/submissions', handler: 'assignmentLearner.submit', config: { middlewares: [RATE_LIMIT] } },
];

export const ASSIGNMENT_LEARNER_ACTIONS = ['plugin::lms-grading.assignmentLearner.overview', 'plugin::lms-grading.assignmentLearner.submit'] as const;

/**
 * Admin routes (/lms-grading/admin): the plugin's admin permissions; every handler narrows to
 * the admin's gradable courses (admin-scope.ts): a super admin sees all, an instructor their own.
 */
export const assignmentAdminRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/admin/submissions', handler: 'assignmentAdmin.list', config: guard(ACTIONS.read) },
  { method: 'GET', path: '/admin/grading-courses', handler: 'assignmentAdmin.courses', config: guard(ACTIONS.read) },
  { method: 'GET', path: '/admin/submissions/:id', handler: 'assignmentAdmin.detail', config: guard(ACTIONS.read) },
  { method: 'POST', path: '/admin/submissions/:id/grade', handler: 'assignmentAdmin.grade', config: guard(ACTIONS.grade) },
  { method: 'POST', path: '/admin/submissions/:id/return', handler: 'assignmentAdmin.returnForResubmission', config: guard(ACTIONS.grade) },
];
