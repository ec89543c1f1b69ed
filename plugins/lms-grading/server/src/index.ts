/**
 * lms-grading's Strapi entry. This first slice holds only the pure core (server/src/domain) and
 * the certificate renderer (server/src/certificates): register and bootstrap do nothing yet, and
 * the plugin is not enabled in cms/config/plugins.ts until tables, routes and services land.
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
