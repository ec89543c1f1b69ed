import type { Core } from '@strapi/strapi';
import type { PluginMigration } from '@lms/plugin-lms-core/server';

/** A Strapi route as the plugin declares it (content-api or admin). */
export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handler: string;
  config: Record<string, unknown>;
}

/** An admin permission action of the plugin (registered in register()). */
export interface ActionDefinition {
  section: 'plugins';
  displayName: string;
  uid: string;
  pluginName: 'lms-grading';
}

/**
 * One concern of lms-grading (quizzes, assignments, certificates, gradebook): its own folder owns
 * its tables, services, controllers, routes and subscriptions, and the plugin's index joins them.
 * Migration names are prefixed per concern (see migrations/index.ts) so each keeps its own order.
 */
export interface GradingConcern {
  migrations: PluginMigration[];
  contentApiRoutes: RouteDefinition[];
  adminRoutes: RouteDefinition[];
  /** users-permissions actions of its learner routes (granted to Authenticated in bootstrap). */
  learnerActions: readonly string[];
  /** Called from the plugin's register(): event subscriptions, completion requirements, jobs. */
  register(strapi: Core.Strapi): void | Promise<void>;
  /** Called from the plugin's bootstrap() after the migrations ran. */
  bootstrap?(strapi: Core.Strapi): void | Promise<void>;
}
