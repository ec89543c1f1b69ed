import { concerns } from '../concerns';

/**
 * Learner routes (prefixed /api/lms-grading): users-permissions JWT with the route's action
 * granted to Authenticated (bootstrap), unless a route says `auth: false` and why. Admin routes
 * (prefixed /lms-grading): admin JWT and the plugin's admin permissions (permissions.ts); an
 * instructor sees only their own courses (services/course-scope.ts).
 */
export const routes = {
  'content-api': { type: 'content-api' as const, routes: concerns.flatMap((c) => c.contentApiRoutes) },
  admin: { type: 'admin' as const, routes: concerns.flatMap((c) => c.adminRoutes) },
};
