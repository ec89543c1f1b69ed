import { ACTIONS } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Tool routes (prefixed /api/lms-lti) are public by nature: platforms and browsers in a
 * platform's iframe call them without an account here. Each says what guards it instead.
 * Admin routes (prefixed /lms-lti): admin JWT and the plugin's permissions (permissions.ts).
 */
export const routes = {
  'content-api': {
    type: 'content-api' as const,
    routes: [
      // Public: the tool's public keys, fetched by platforms.
      { method: 'GET', path: '/jwks', handler: 'tool.jwks', config: { auth: false } },
      // Public: OIDC login initiation from a platform; checked against a registration (iss, client_id, deployment, target_link_uri on our origins).
      { method: 'GET', path: '/login', handler: 'tool.login', config: { auth: false } },
      { method: 'POST', path: '/login', handler: 'tool.login', config: { auth: false } },
      // Public: the platform's form_post; the id_token is verified (signature, claims, state, nonce once) before anything is read.
      { method: 'POST', path: '/launch', handler: 'tool.launch', config: { auth: false } },
      // Public: the picker's form; guarded by the one-time picker session token created at a verified deep-linking launch.
      { method: 'POST', path: '/deep-linking', handler: 'tool.deepLinking', config: { auth: false } },
      // Public: LTI 1.1 launch; guarded by the OAuth 1.0a signature with the consumer's secret, timestamp window and nonce once.
      { method: 'POST', path: '/lti11/launch', handler: 'tool.lti11Launch', config: { auth: false } },
      // Public: called by the site server; guarded by the one-time, 2-minute hand-off token (256 random bits).
      { method: 'POST', path: '/handoff', handler: 'tool.handoff', config: { auth: false } },
    ],
  },
  admin: {
    type: 'admin' as const,
    routes: [
      { method: 'GET', path: '/tool', handler: 'admin.toolValues', config: guard(ACTIONS.read) },
      { method: 'POST', path: '/tool/rotate-keys', handler: 'admin.rotateKeys', config: guard(ACTIONS.manage) },
      { method: 'GET', path: '/courses', handler: 'admin.listCourses', config: guard(ACTIONS.read) },
      { method: 'GET', path: '/registrations', handler: 'admin.listRegistrations', config: guard(ACTIONS.read) },
      { method: 'POST', path: '/registrations', handler: 'admin.createRegistration', config: guard(ACTIONS.manage) },
      { method: 'PUT', path: '/registrations/:id', handler: 'admin.updateRegistration', config: guard(ACTIONS.manage) },
      { method: 'DELETE', path: '/registrations/:id', handler: 'admin.deleteRegistration', config: guard(ACTIONS.manage) },
      { method: 'GET', path: '/consumers', handler: 'admin.listConsumers', config: guard(ACTIONS.read) },
      { method: 'POST', path: '/consumers', handler: 'admin.createConsumer', config: guard(ACTIONS.manage) },
      { method: 'PUT', path: '/consumers/:id', handler: 'admin.updateConsumer', config: guard(ACTIONS.manage) },
      { method: 'DELETE', path: '/consumers/:id', handler: 'admin.deleteConsumer', config: guard(ACTIONS.manage) },
      { method: 'GET', path: '/passbacks', handler: 'admin.listPassbacks', config: guard(ACTIONS.read) },
      { method: 'POST', path: '/passbacks/:id/retry', handler: 'admin.retryPassback', config: guard(ACTIONS.manage) },
      { method: 'GET', path: '/links', handler: 'admin.listLinks', config: guard(ACTIONS.read) },
      { method: 'POST', path: '/links/:id/roster', handler: 'admin.syncRoster', config: guard(ACTIONS.manage) },
    ],
  },
};
