import type { Knex } from 'knex';
import { isPostgres } from '../db';

/**
 * One migration of a plugin's own tables. Written once with the knex schema builder so it runs
 * on PostgreSQL and SQLite alike. Names sort in the order they must run ("001-outbox", ...);
 * a released migration is never edited, only followed by a new one.
 */
export interface PluginMigration {
  name: string;
  up(knex: Knex): Promise<void>;
  down?(knex: Knex): Promise<void>;
}

export interface MigrationResult {
  tableName: string;
  /** Names of the migrations this call applied (empty when already up to date). */
  applied: string[];
}

/** `lms-core` → `lms_core_migrations` (and knex adds `lms_core_migrations_lock`). */
export function migrationsTableName(pluginName: string): string {
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(pluginName)) {
    throw new Error(`plugin name ${JSON.stringify(pluginName)} is not valid for a migrations table; use the plugin's id, e.g. "lms-grading"`);
  }
  return `${pluginName.replace(/-/g, '_')}_migrations`;
}

function assertMigrationList(pluginName: string, migrations: readonly PluginMigration[]): void {
  const seen = new Set<string>();
  let previous = '';
  for (const m of migrations) {
    if (!m || typeof m.name !== 'string' || !m.name || typeof m.up !== 'function') {
      throw new Error(`${pluginName}: every migration needs a name and an up(knex) function`);
    }
    if (seen.has(m.name)) throw new Error(`${pluginName}: migration "${m.name}" is listed twice`);
    if (m.name <= previous) {
      throw new Error(`${pluginName}: migration "${m.name}" is listed after "${previous}"; list migrations in name order`);
    }
    seen.add(m.name);
    previous = m.name;
  }
}

/** Errors two processes starting at once can hit while creating knex's bookkeeping tables. */
function isStartupRace(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    /already locked/i.test(e.message ?? '') ||
    e.code === '23505' || // unique_violation (pg_type row of a table created concurrently)
    e.code === '42P07' || // duplicate_table
    e.code === 'SQLITE_BUSY' ||
    /already exists/i.test(e.message ?? '')
  );
}

/**
 * Brings a plugin's tables up to date with knex's own migrator, keeping its bookkeeping in a
 * table of its own (`<plugin>_migrations`), so plugins never see each other's history and
 * Strapi's `strapi_migrations` is left alone. Each migration runs in a transaction. When two
 * processes (cms and worker) start together, the loser of the race waits and tries again.
 */
export async function runMigrations(
  knex: Knex,
  pluginName: string,
  migrations: readonly PluginMigration[],
  options: { schemaName?: string; retries?: number } = {},
): Promise<MigrationResult> {
  assertMigrationList(pluginName, migrations);
  const tableName = migrationsTableName(pluginName);
  const migrationSource: Knex.MigrationSource<PluginMigration> = {
    getMigrations: async () => [...migrations],
    getMigrationName: (m) => m.name,
    getMigration: async (m) => ({
      up: (k: Knex) => m.up(k),
      down: (k: Knex) => (m.down ? m.down(k) : Promise.reject(new Error(`${pluginName}: migration "${m.name}" cannot be reverted`))),
    }),
  };
  const config: Knex.MigratorConfig = {
    migrationSource,
    tableName,
    ...(options.schemaName ? { schemaName: options.schemaName } : {}),
  };
  const retries = options.retries ?? 20;
  const migrate = async (): Promise<MigrationResult> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const [, log] = (await knex.migrate.latest(config)) as [number, string[]];
        return { tableName, applied: log };
      } catch (error) {
        if (attempt >= retries || !isStartupRace(error)) {
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(`${pluginName}: database migration failed: ${message}`, { cause: error });
        }
        await repairLockTable(knex, tableName, options.schemaName);
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 400)));
      }
    }
  };
  // On PostgreSQL, processes starting together queue on an advisory lock held by a transaction
  // on its own connection, so knex's bookkeeping tables are never created twice at once. (That
  // takes a second pooled connection; with a pool of one, rely on the retries alone.)
  const poolMax = (knex.client as { config?: { pool?: { max?: number } } }).config?.pool?.max ?? 10;
  if (!isPostgres(knex) || poolMax < 2) return migrate();
  return knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?, ?)', [ADVISORY_LOCK_CLASS, hash31(tableName)]);
    return migrate();
  });
}

/** Arbitrary constant naming "LMS plugin migrations" in pg_locks. */
const ADVISORY_LOCK_CLASS = 0x4c4d53; // "LMS"

function hash31(text: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x7fffffff;
}

/**
 * knex creates its lock row with check-then-insert; two processes racing on a fresh database can
 * leave two rows, after which knex reports "already locked" forever. One row is the only valid
 * state, so collapse extra rows (nobody can hold a lock in that state).
 */
async function repairLockTable(knex: Knex, tableName: string, schemaName?: string): Promise<void> {
  const lockTable = `${tableName}_lock`;
  const table = (k: Knex) => (schemaName ? k(lockTable).withSchema(schemaName) : k(lockTable));
  try {
    const rows = (await table(knex).select('is_locked')) as Array<{ is_locked: number }>;
    if (rows.length > 1) {
      await knex.transaction(async (trx) => {
        await table(trx).del();
        await table(trx).insert({ is_locked: 0 });
      });
    }
  } catch {
    // The lock table may not exist yet; the next attempt creates it.
  }
}
