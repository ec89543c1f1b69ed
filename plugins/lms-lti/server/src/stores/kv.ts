import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import Redis from 'ioredis';
import { isUniqueViolation, readDate } from '@lms/plugin-lms-core/server';
import { TABLES } from '../migrations';

/**
 * Short-lived values of the LTI flows: login state (state → pending login), used nonces (LTI 1.3
 * and 1.1) and one-time hand-off tokens. Redis with a TTL when the deployment has Redis; the
 * database (lms_lti_kv, expired rows swept) in inline mode. Nothing here is the only copy of a
 * fact that matters after its TTL.
 */
/**
 * A store key from untrusted or secret parts (a nonce, a one-time token): hashed, so keys have a
 * bounded length and a leaked key list reveals no usable token.
 */
export const storeKey = (kind: string, ...parts: string[]): string => `${kind}:${createHash('sha256').update(parts.join('\n')).digest('base64url')}`;

export interface ExpiringStore {
  /** Stores `value` under `key` for `ttlSeconds` (replacing any value). */
  put(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Reads and deletes `key` in one step: a second take of the same key gets null. */
  take(key: string): Promise<string | null>;
  /** Stores `key` unless it exists (and has not expired): false = it did (a replay). */
  putIfAbsent(key: string, value: string, expiresAt: Date): Promise<boolean>;
  close(): Promise<void>;
}

export function createRedisStore(url: string, prefix: string): ExpiringStore {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableReadyCheck: true });
  redis.on('error', () => undefined); // reported by the failing command instead
  const k = (key: string) => `${prefix}:lti:${key}`;
  return {
    async put(key, value, ttlSeconds) {
      await redis.set(k(key), value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async take(key) {
      // GETDEL (Redis ≥ 6.2) is atomic: two concurrent launches with one state cannot both win.
      return redis.getdel(k(key));
    },
    async putIfAbsent(key, value, expiresAt) {
      const ms = Math.max(1000, expiresAt.getTime() - Date.now());
      return (await redis.set(k(key), value, 'PX', ms, 'NX')) === 'OK';
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export function createDatabaseStore(knex: Knex, clock: () => Date = () => new Date()): ExpiringStore {
  let lastSweep = 0;
  const sweep = async (now: Date) => {
    // At most once a minute: expired rows are already invisible to take/putIfAbsent.
    if (now.getTime() - lastSweep < 60_000) return;
    lastSweep = now.getTime();
    await knex(TABLES.kv).where('expires_at', '<', now).delete();
  };
  return {
    async put(key, value, ttlSeconds) {
      const now = clock();
      const expires = new Date(now.getTime() + ttlSeconds * 1000);
      await knex(TABLES.kv).insert({ key, value, expires_at: expires }).onConflict('key').merge({ value, expires_at: expires });
      await sweep(now);
    },
    async take(key) {
      const now = clock();
      return knex.transaction(async (trx) => {
        const row = (await trx(TABLES.kv).where({ key }).first('value', 'expires_at')) as { value: string; expires_at: unknown } | undefined;
        if (!row) return null;
        // Deleted with its value as the condition: of two concurrent takes only one deletes it.
        const deleted = await trx(TABLES.kv).where({ key, value: row.value }).delete();
        if (deleted !== 1) return null;
        const expires = readDate(row.expires_at);
        return expires && expires.getTime() > now.getTime() ? row.value : null;
      });
    },
    async putIfAbsent(key, value, expiresAt) {
      const now = clock();
      await knex(TABLES.kv).where({ key }).andWhere('expires_at', '<=', now).delete();
      try {
        await knex(TABLES.kv).insert({ key, value, expires_at: expiresAt });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async close() {},
  };
}
