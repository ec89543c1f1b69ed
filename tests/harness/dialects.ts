import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabase } from './db';

/** The two databases plugin migrations must run on. */
export type Dialect = 'postgres' | 'sqlite';
export const DIALECTS: readonly Dialect[] = ['postgres', 'sqlite'];

/**
 * A fresh, empty database of one kind for a plugin's migration/store tests: PostgreSQL from the
 * test harness (its own database, dropped on close), or SQLite in a temporary file as in the quick
 * start, with foreign keys on as Strapi sets them.
 */
export async function openDialect(dialect: Dialect, label: string): Promise<{ knex: Knex; close(): Promise<void> }> {
  if (dialect === 'postgres') {
    const db = await createTestDatabase(label.replace(/[^a-z0-9_]/gi, '_'));
    const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 5 } });
    return {
      knex,
      async close() {
        await knex.destroy();
        await db.drop();
      },
    };
  }
  const filename = path.join(os.tmpdir(), `${label}-${crypto.randomBytes(6).toString('hex')}.sqlite`);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: { afterCreate: (conn: { pragma(s: string): void }, done: (e: Error | null, c: unknown) => void) => (conn.pragma('foreign_keys = ON'), done(null, conn)) },
  });
  return {
    knex,
    async close() {
      await knex.destroy();
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(filename + suffix, { force: true });
    },
  };
}
