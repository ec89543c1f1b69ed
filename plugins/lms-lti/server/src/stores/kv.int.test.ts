import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../../../../tests/harness/db';
import { migrations, TABLES } from '../migrations';
import { createDatabaseStore, createRedisStore, type ExpiringStore } from './kv';

/**
 * The state / nonce / hand-off store on each backend: lms-lti's migrations on PostgreSQL and
 * SQLite (the database store of inline mode), and Redis.
 */
function behavesAsAStore(name: string, open: () => Promise<{ store: ExpiringStore; setNow?: (d: Date) => void; close(): Promise<void> }>) {
  describe(name, () => {
    let ctx: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      ctx = await open();
    });
    afterAll(async () => {
      await ctx?.close();
    });

    it('takes a value once', async () => {
      await ctx.store.put('state:a', '{"x":1}', 60);
      const [first, second] = await Promise.all([ctx.store.take('state:a'), ctx.store.take('state:a')]);
      expect([first, second].filter((v) => v !== null)).toEqual(['{"x":1}']);
      expect(await ctx.store.take('state:missing')).toBeNull();
    });

    it('records a nonce once (a replay gets false)', async () => {
      const until = new Date(Date.now() + 60_000);
      expect(await ctx.store.putIfAbsent('nonce:n1', '1', until)).toBe(true);
      expect(await ctx.store.putIfAbsent('nonce:n1', '1', until)).toBe(false);
      expect(await ctx.store.putIfAbsent('nonce:n2', '1', until)).toBe(true);
    });

    it('forgets values after their time', async () => {
      if (!ctx.setNow) return; // Redis expires keys itself (EX/PX), checked by Redis
      await ctx.store.put('state:old', 'v', 1);
      await ctx.store.putIfAbsent('nonce:old', '1', new Date(Date.now() + 1000));
      ctx.setNow(new Date(Date.now() + 5000));
      expect(await ctx.store.take('state:old')).toBeNull();
      expect(await ctx.store.putIfAbsent('nonce:old', '1', new Date(Date.now() + 60_000))).toBe(true);
    });
  });
}

for (const dialect of DIALECTS) {
  behavesAsAStore(`database store on ${dialect}`, async () => {
    const db = await openDialect(dialect, 'lms_lti_kv');
    await runMigrations(db.knex, 'lms-lti', migrations);
    let now: Date | null = null;
    const store = createDatabaseStore(db.knex, () => now ?? new Date());
    return {
      store,
      setNow: (d) => void (now = d),
      async close() {
        expect(await db.knex.schema.hasTable(TABLES.passbacks)).toBe(true);
        await db.close();
      },
    };
  });
}

behavesAsAStore('Redis store', async () => {
  const store = createRedisStore(TEST_REDIS_URL, uniqueRedisPrefix('lms_lti'));
  return { store, close: () => store.close() };
});
