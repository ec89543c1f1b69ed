/**
 * lms-lti's Strapi entry. This first slice holds only the pure protocol core (server/src/domain):
 * register and bootstrap do nothing yet, and the plugin is not enabled in cms/config/plugins.ts
 * until the registration tables, the login/launch/JWKS routes and the admin panel land.
 */
export default {
  register() {},
  bootstrap() {},
  config: { default: {}, validator() {} },
  contentTypes: {},
  services: {},
  controllers: {},
  routes: {},
  policies: {},
  middlewares: {},
};
