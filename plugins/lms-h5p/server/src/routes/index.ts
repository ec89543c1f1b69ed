import { ACTIONS } from '../permissions';

const RATE_LIMIT = 'plugin::lms-enrollment.rate-limit';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Admin API (prefixed /lms-h5p): admin JWT and "Upload H5P packages into lesson blocks" (super
 * admins and the Instructor role); the service narrows lessons to the caller's own courses.
 */
const adminRoutes = {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/lessons', handler: 'admin.lessons', config: guard(ACTIONS.manage) },
    { method: 'POST', path: '/packages', handler: 'admin.upload', config: guard(ACTIONS.manage) },
    { method: 'POST', path: '/attachments', handler: 'admin.attach', config: guard(ACTIONS.manage) },
  ],
};

/**
 * Content API (prefixed /api/lms-h5p).
 * - player: public (`auth: false`): it answers only for published lessons and tells where the
 *   block's extracted package is, files the upload provider serves publicly like every lesson
 *   media file; the site asks for it while rendering a lesson (free previews included).
 * - xapi, me/results: users-permissions JWT, actions granted to the Authenticated role in
 *   bootstrap; the learner is taken from the token and must be enrolled. xapi is rate-limited
 *   per learner (lms-enrollment's token bucket).
 */
const contentApiRoutes = {
  type: 'content-api' as const,
  routes: [
    { method: 'GET', path: '/lessons/:lesson/blocks/:block/player', handler: 'learner.player', config: { auth: false as const } },
    { method: 'POST', path: '/xapi', handler: 'learner.recordStatement', config: { middlewares: [RATE_LIMIT] } },
    { method: 'GET', path: '/me/results', handler: 'learner.myResults', config: {} },
  ],
};

export const routes = { admin: adminRoutes, 'content-api': contentApiRoutes };
