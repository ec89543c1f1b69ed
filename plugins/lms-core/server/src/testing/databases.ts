/**
 * Real databases and Redis for lms-core's service tests (not part of the build). PostgreSQL and
 * Redis are the machine's local servers, reached through the repository's test harness; SQLite is
 * a temporary file, as in the quick start.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../../../tests/harness/db';
import type { Logger, TransactionRunner } from '../queue/types';

export type Dialect = 'postgres' | 'sqlite';

export interface OpenDatabase {
  dialect: Dialect;
  knex: Knex;
  /** Another connection pool on the same database: a second "process". */
  connectAgain(): Knex;
  close(): Promise<void>;
}

export async function openDatabase(dialect: Dialect): Promise<OpenDatabase> {
  const pools: Knex[] = [];
  if (dialect === 'postgres') {
    const db = await createTestDatabase('lms_core');
    const connect = () => {
      const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 10 } });
      pools.push(knex);
      return knex;
    };
    return {
      dialect,
      knex: connect(),
      connectAgain: connect,
      async close() {
        await Promise.all(pools.map((k) => k.destroy()));
        await db.drop();
      },
    };
  }
  const filename = path.join(os.tmpdir(), `lms-core-${crypto.randomBytes(6).toString('hex')}.sqlite`);
  const connect = () => {
    const knex = knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
    pools.push(knex);
    return knex;
  };
  return {
    dialect,
    knex: connect(),
    connectAgain: connect,
    async close() {
      await Promise.all(pools.map((k) => k.destroy()));
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(filename + suffix, { force: true });
    },
  };
}

export const REDIS_URL = TEST_REDIS_URL;

/** Unique Redis prefixes handed out to one test file, all deleted by cleanup(). */
export function redisPrefixes() {
  const used: string[] = [];
  return {
    next(label = 'lms-core'): string {
      const prefix = uniqueRedisPrefix(label);
      used.push(prefix);
      return prefix;
    },
    async cleanup(): Promise<number> {
      const redis = new IORedis(REDIS_URL);
      let deleted = 0;
      try {
        for (const prefix of used) {
          let cursor = '0';
          do {
            const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
            cursor = nextCursor;
            if (keys.length) deleted += await redis.del(...keys);
          } while (cursor !== '0');
        }
      } finally {
        redis.disconnect();
      }
      return deleted;
    },
  };
}

/** A logger that keeps what it was told, for assertions and for printing when a test fails. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A transaction runner with Strapi's semantics (`strapi.db.transaction`): the current transaction
 * lives in AsyncLocalStorage, and a call made while one is current joins it instead of opening a
 * new one. Used to prove that handlers woken after a producer's commit do not inherit its
 * (finished) transaction.
 */
export function strapiLikeTransactions(knex: Knex): TransactionRunner {
  const current = new AsyncLocalStorage<Knex.Transaction>();
  return async <T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> => {
    const outer = current.getStore();
    if (outer) return work(outer);
    const trx = await knex.transaction();
    return current.run(trx, async () => {
      try {
        const result = await work(trx);
        await trx.commit();
        return result;
      } catch (error) {
        await trx.rollback();
        throw error;
      }
    });
  };
}

/** Polls until `check` returns a truthy value or the time runs out. */
export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
