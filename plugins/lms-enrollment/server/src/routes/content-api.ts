import { paymentRoutes } from '../payments/routes';

const RATE_LIMIT = 'plugin::lms-enrollment.rate-limit';

/**
 * Learner routes (prefixed /api/lms-enrollment). Guard: users-permissions JWT with the route's
 * action granted to the Authenticated role only (bootstrap does that; Public gets none). Write
 * routes are rate-limited per learner. A learner only ever reads or changes their own records:
 * every handler takes the learner from the token, never from the request.
 */
export const contentApiRoutes = {
  type: 'content-api' as const,
  routes: [
    { method: 'POST', path: '/enrollments', handler: 'learner.enroll', config: { middlewares: [RATE_LIMIT] } },
    { method: 'GET', path: '/me/enrollments', handler: 'learner.myEnrollments', config: {} },
    { method: 'GET', path: '/enrollments/:id/progress', handler: 'learner.enrollmentProgress', config: {} },
    { method: 'GET', path: '/courses/:courseDocumentId/outline', handler: 'learner.outline', config: {} },
    {
      method: 'GET',
      path: '/lessons/:lessonDocumentId',
      handler: 'learner.lesson',
      // Public on purpose: free-preview lessons are readable without an account (the site shows
      // them to visitors). The controller checks the Bearer JWT itself when one is sent and serves
      // every other lesson only to an enrolled learner for whom it is open (401/403 otherwise).
      config: { auth: false },
    },
    { method: 'POST', path: '/lessons/:lessonDocumentId/complete', handler: 'learner.completeLesson', config: { middlewares: [RATE_LIMIT] } },
    { method: 'POST', path: '/lessons/:lessonDocumentId/progress', handler: 'learner.reportProgress', config: { middlewares: [RATE_LIMIT] } },
    // POST /checkout (learner) and POST /stripe/webhook (public, signature-guarded): see payments/routes.ts.
    ...paymentRoutes,
  ],
};
