import crypto from 'node:crypto';
import { Client } from 'pg';

/** Where the tests find PostgreSQL and Redis (the machine's local servers by default). */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function urlFor(name: string): string {
  const u = new URL(TEST_PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates a fresh, empty PostgreSQL database; `drop()` removes it (and ends its connections). */
export async function createTestDatabase(label = 'lms'): Promise<TestDatabase> {
  const name = `${label}_test_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`.toLowerCase();
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: urlFor(name),
    async drop() {
      const c = new Client({ connectionString: TEST_PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A Redis key prefix no other run shares. */
export function uniqueRedisPrefix(label = 'lms'): string {
  return `${label}-test-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
}
