import type { RouteDefinition } from '../concern';
import { ACTIONS } from '../permissions';

const RATE_LIMIT = 'plugin::lms-enrollment.rate-limit';

const adminGuard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Learner routes (prefixed /api/lms-grading). Guard: users-permissions JWT with the route's action
 * granted to the Authenticated role only (bootstrap grants {@link QUIZ_LEARNER_ACTIONS}); the
 * handlers take the learner from the token and require an active or completed enrollment in the
 * quiz's course. Write routes are rate-limited per learner (lms-enrollment's token bucket).
 */
export const quizContentApiRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/quizzes/:quizDocumentId', handler: 'quizzes.overview', config: {} },
  { method: 'POST', path: '/quizzes/:quizDocumentId/attempts', handler: 'quizzes.startAttempt', config: { middlewares: [RATE_LIMIT] } },
  { method: 'GET', path: '/attempts/:id', handler: 'quizzes.findAttempt', config: {} },
  { method: 'PUT', path: '/attempts/:id/answers/:questionId', handler: 'quizzes.saveAnswer', config: { middlewares: [RATE_LIMIT] } },
  { method: 'POST', path: '/attempts/:id/answers/:questionId/check', handler: 'quizzes.checkAnswer', config: { middlewares: [RATE_LIMIT] } },
  { method: 'POST', path: '/attempts/:id/submit', handler: 'quizzes.submitAttempt', config: { middlewares: [RATE_LIMIT] } },
];

export const QUIZ_LEARNER_ACTIONS = [
  'plugin::lms-grading.quizzes.overview',
  'plugin::lms-grading.quizzes.startAttempt',
  'plugin::lms-grading.quizzes.findAttempt',
  'plugin::lms-grading.quizzes.saveAnswer',
  'plugin::lms-grading.quizzes.checkAnswer',
  'plugin::lms-grading.quizzes.submitAttempt',
] as const;

/**
 * Admin routes (prefixed /lms-grading): admin JWT and the plugin's permissions (super admins and the
 * Instructor role hold both); the service narrows every query to the courses the user may grade
 * (admin-scope.ts). The grading page of the admin calls exactly these two paths (contracts.ts).
 */
export const quizAdminRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/admin/essays', handler: 'quizGrading.listEssays', config: adminGuard(ACTIONS.read) },
  { method: 'POST', path: '/admin/attempts/:attemptId/answers/:questionId/grade', handler: 'quizGrading.gradeAnswer', config: adminGuard(ACTIONS.grade) },
];
