import type { Core } from '@strapi/strapi';
import { runMigrations, type MigrationResult, type PluginMigration } from '../migrations/runner';

/** Plugin-owned tables: each LMS plugin runs its own migrations from its bootstrap() with this. */
export const createMigrationsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Applies `migrations` not yet applied for `pluginName` (bookkeeping in `<plugin>_migrations`)
   * on Strapi's connection, and logs what it applied.
   */
  async run(pluginName: string, migrations: readonly PluginMigration[]): Promise<MigrationResult> {
    const schemaName = strapi.db.getSchemaName();
    const result = await runMigrations(strapi.db.connection, pluginName, migrations, schemaName ? { schemaName } : {});
    if (result.applied.length) strapi.log.info(`${pluginName}: applied migrations ${result.applied.join(', ')}`);
    return result;
  },
});

export type MigrationsService = ReturnType<typeof createMigrationsService>;
