const RATE_LIMIT = 'plugin::lms-enrollment.rate-limit';

/**
 * Learner routes (prefixed /api/lms-notifications). Guard: users-permissions JWT with the route's
 * action granted to the Authenticated role only (bootstrap; Public gets none). Every handler acts
 * on the signed-in learner's own records; writes are rate-limited per learner.
 */
export const routes = {
  'content-api': {
    type: 'content-api' as const,
    routes: [
      { method: 'GET', path: '/me', handler: 'learner.mine', config: {} },
      { method: 'POST', path: '/me/read', handler: 'learner.markRead', config: { middlewares: [RATE_LIMIT] } },
      { method: 'GET', path: '/me/preferences', handler: 'learner.preferences', config: {} },
      { method: 'PUT', path: '/me/preferences', handler: 'learner.updatePreferences', config: { middlewares: [RATE_LIMIT] } },
    ],
  },
};

/** users-permissions actions of the learner routes, granted to Authenticated in bootstrap. */
export const LEARNER_ACTIONS = ['learner.mine', 'learner.markRead', 'learner.preferences', 'learner.updatePreferences'].map((a) => `plugin::lms-notifications.${a}`);
