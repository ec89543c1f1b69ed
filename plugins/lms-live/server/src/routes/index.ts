import { ACTIONS } from '../permissions';

const RATE_LIMIT = 'plugin::lms-enrollment.rate-limit';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Learner routes (prefixed /api/lms-live): users-permissions JWT with the route's action granted
 * to Authenticated (bootstrap). The learner is always the token's; every session route answers
 * 403 `not-enrolled` unless lms-enrollment says the learner has access to the session's course.
 * Write routes use lms-enrollment's per-learner rate limit.
 */
const contentApiRoutes = {
  type: 'content-api' as const,
  routes: [
    { method: 'GET', path: '/courses/:courseId/sessions', handler: 'learner.courseSessions', config: {} },
    { method: 'GET', path: '/me/sessions', handler: 'learner.mySessions', config: {} },
    { method: 'GET', path: '/me/time-zone', handler: 'learner.timeZone', config: {} },
    { method: 'PUT', path: '/me/time-zone', handler: 'learner.setTimeZone', config: { middlewares: [RATE_LIMIT] } },
    { method: 'GET', path: '/sessions/:id', handler: 'learner.session', config: {} },
    { method: 'GET', path: '/sessions/:id/ics', handler: 'learner.ics', config: {} },
    { method: 'POST', path: '/sessions/:id/seat', handler: 'learner.reserve', config: { middlewares: [RATE_LIMIT] } },
    { method: 'DELETE', path: '/sessions/:id/seat', handler: 'learner.cancel', config: { middlewares: [RATE_LIMIT] } },
    { method: 'POST', path: '/sessions/:id/join', handler: 'learner.join', config: { middlewares: [RATE_LIMIT] } },
  ],
};

/**
 * Admin API (prefixed /lms-live): admin JWT and "Schedule live sessions" (super admins and the
 * Instructor role); every handler narrows to the courses the user teaches and answers 403
 * `not-your-course` for another instructor's. The reminder sweep: "Send due reminders now".
 */
const adminRoutes = {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/sessions', handler: 'admin.list', config: guard(ACTIONS.manage) },
    { method: 'POST', path: '/sessions', handler: 'admin.create', config: guard(ACTIONS.manage) },
    { method: 'GET', path: '/sessions/:id', handler: 'admin.get', config: guard(ACTIONS.manage) },
    { method: 'PUT', path: '/sessions/:id', handler: 'admin.update', config: guard(ACTIONS.manage) },
    { method: 'DELETE', path: '/sessions/:id', handler: 'admin.remove', config: guard(ACTIONS.manage) },
    { method: 'GET', path: '/sessions/:id/roster', handler: 'admin.roster', config: guard(ACTIONS.manage) },
    { method: 'PUT', path: '/sessions/:id/attendance/:learnerId', handler: 'admin.markAttendance', config: guard(ACTIONS.manage) },
    { method: 'POST', path: '/reminders/sweep', handler: 'admin.sweepReminders', config: guard(ACTIONS.reminders) },
  ],
};

export const routes = { 'content-api': contentApiRoutes, admin: adminRoutes };
