import { ACTIONS } from '../permissions';

const RATE_LIMIT = 'plugin::lms-enrollment.rate-limit';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Learner routes (prefixed /api/lms-gamification): users-permissions JWT with the route's action
 * granted to Authenticated (bootstrap). Every handler takes the learner from the token; a
 * learner's history under /learners/:id is refused (403) for anyone but that learner. Write
 * routes use lms-enrollment's per-learner rate limit.
 */
const contentApiRoutes = {
  type: 'content-api' as const,
  routes: [
    { method: 'GET', path: '/me', handler: 'learner.me', config: {} },
    { method: 'GET', path: '/me/history', handler: 'learner.history', config: {} },
    { method: 'PUT', path: '/me/preferences', handler: 'learner.updatePreferences', config: { middlewares: [RATE_LIMIT] } },
    { method: 'POST', path: '/me/badges/seen', handler: 'learner.markBadgesSeen', config: { middlewares: [RATE_LIMIT] } },
    { method: 'GET', path: '/learners/:id/history', handler: 'learner.learnerHistory', config: {} },
    { method: 'GET', path: '/leaderboard', handler: 'learner.leaderboard', config: {} },
  ],
};

/** Admin API (prefixed /lms-gamification): the plugin's admin permissions (super admins). */
const adminRoutes = {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/settings', handler: 'admin.settings', config: guard(ACTIONS.read) },
    { method: 'PUT', path: '/settings', handler: 'admin.saveSettings', config: guard(ACTIONS.manage) },
    { method: 'POST', path: '/leaderboards/rebuild', handler: 'admin.rebuildLeaderboards', config: guard(ACTIONS.manage) },
    { method: 'GET', path: '/learners/:id/history', handler: 'admin.learnerHistory', config: guard(ACTIONS.read) },
  ],
};

export const routes = { 'content-api': contentApiRoutes, admin: adminRoutes };
