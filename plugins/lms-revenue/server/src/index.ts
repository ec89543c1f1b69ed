/**
 * lms-revenue's Strapi entry. This first slice holds only the pure core (server/src/domain):
 * register and bootstrap do nothing yet, and the plugin is not enabled in cms/config/plugins.ts
 * until the ledger tables, services, event consumers and admin panels land.
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
