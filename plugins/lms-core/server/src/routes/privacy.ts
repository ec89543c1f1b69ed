/**
 * Learner routes of data rights (prefixed /api/lms-core/privacy). Guard: users-permissions JWT
 * with the action granted to the Authenticated role only (bootstrap); every handler acts on the
 * signed-in learner's own account. Exports are limited by a cooldown per learner (the service);
 * an erasure request needs the learner's password.
 */
export const privacyContentApiRoutes = {
  type: 'content-api' as const,
  routes: [
    { method: 'POST', path: '/privacy/me/export', handler: 'privacy.requestExport', config: {} },
    { method: 'GET', path: '/privacy/me/exports', handler: 'privacy.myExports', config: {} },
    { method: 'POST', path: '/privacy/me/erasure', handler: 'privacy.requestErasure', config: {} },
    { method: 'GET', path: '/privacy/me/erasure', handler: 'privacy.myErasure', config: {} },
  ],
};

export const PRIVACY_LEARNER_ACTIONS = ['privacy.requestExport', 'privacy.myExports', 'privacy.requestErasure', 'privacy.myErasure'].map((a) => `plugin::lms-core.${a}`);
