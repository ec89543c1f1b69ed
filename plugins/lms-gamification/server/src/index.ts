/**
 * lms-gamification's Strapi entry. This first slice holds only the pure core (server/src/domain):
 * register and bootstrap do nothing yet, and the plugin is not enabled in cms/config/plugins.ts
 * until the point-event tables, the event consumers, the Redis leaderboards, routes and panels land.
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
