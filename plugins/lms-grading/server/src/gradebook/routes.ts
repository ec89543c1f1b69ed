import type { RouteDefinition } from '../concern';
import { ACTIONS } from '../permissions';

const adminGuard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Learner route (prefixed /api/lms-grading). Guard: users-permissions JWT with the action granted
 * to the Authenticated role only (bootstrap grants {@link GRADEBOOK_LEARNER_ACTIONS}); the handler
 * takes the learner from the token, so a learner only ever reads their own grades. Read-only.
 */
export const gradebookContentApiRoutes: RouteDefinition[] = [{ method: 'GET', path: '/me/grades', handler: 'gradebookLearner.myGrades', config: {} }];

export const GRADEBOOK_LEARNER_ACTIONS = ['plugin::lms-grading.gradebookLearner.myGrades'] as const;

/**
 * Admin routes (prefixed /lms-grading): admin JWT and "See submissions, gradebook and item
 * analysis" (super admins and the Instructor role); every handler narrows to the courses the user
 * may grade (admin-scope.ts) and answers 403 `not-your-course` for another instructor's course.
 * Recomputing item analysis changes no grade, so it needs the same read permission.
 * Order matters: the literal paths come before `/:courseDocumentId`.
 */
export const gradebookAdminRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/admin/gradebook/courses', handler: 'gradebookAdmin.courses', config: adminGuard(ACTIONS.read) },
  { method: 'GET', path: '/admin/gradebook/quizzes/:quizDocumentId/item-analysis', handler: 'gradebookAdmin.itemAnalysis', config: adminGuard(ACTIONS.read) },
  { method: 'POST', path: '/admin/gradebook/quizzes/:quizDocumentId/item-analysis', handler: 'gradebookAdmin.recomputeItemAnalysis', config: adminGuard(ACTIONS.read) },
  { method: 'GET', path: '/admin/gradebook/:courseDocumentId.csv', handler: 'gradebookAdmin.courseCsv', config: adminGuard(ACTIONS.read) },
  { method: 'GET', path: '/admin/gradebook/:courseDocumentId', handler: 'gradebookAdmin.course', config: adminGuard(ACTIONS.read) },
];
