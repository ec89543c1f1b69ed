import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreMigrations, FAILED_JOBS_TABLE, OUTBOX_TABLE } from '../migrations/core';
import { runMigrations } from '../migrations/runner';
import { privacyMigrations, ERASURES_TABLE, EXPORTS_TABLE } from '../privacy/migrations';
import { corePrivacyProvider, usersPermissionsProvider } from '../privacy/core-provider';
import { memoryLogger, openDatabase, strapiLikeTransactions, type Dialect, type OpenDatabase } from '../testing/databases';
import { createPrivacyService, type PrivacyService } from './privacy';

/**
 * The privacy service on PostgreSQL and SQLite (the quick start must keep working): the erasure
 * runs every provider in one transaction (a failing provider rolls everything back, files
 * untouched), anonymises the account, and the kernel's provider finds events naming the person in
 * either database's JSON text. Strapi is a stand-in: its transaction runner with Strapi's
 * semantics, its users table, a password check and a job queue that records what it was given;
 * the real users-permissions and queue are covered by tests/integration/privacy.test.ts.
 */

const PASSWORD = 'right-password';

describe.each<Dialect>(['postgres', 'sqlite'])('privacy service on %s', (dialect) => {
  let db: OpenDatabase;
  let privacy: PrivacyService;
  const enqueued: Array<{ name: string; data: Record<string, unknown> }> = [];
  const removed: string[] = [];
  let failNext = false;

  beforeAll(async () => {
    process.env.APP_KEYS ??= 'privacy-test-key-aaaa,privacy-test-key-bbbb';
    db = await openDatabase(dialect);
    await runMigrations(db.knex, 'lms-core', [...coreMigrations, ...privacyMigrations]);
    await db.knex.schema.createTable('up_users', (t) => {
      t.increments('id');
      t.string('username');
      t.string('email');
      t.string('full_name').nullable();
      t.string('provider').nullable();
      t.string('password').nullable();
      t.string('reset_password_token').nullable();
      t.string('confirmation_token').nullable();
      t.boolean('confirmed');
      t.boolean('blocked');
      t.timestamp('created_at', { useTz: true });
      t.timestamp('updated_at', { useTz: true });
    });
    await db.knex.schema.createTable('test_diary', (t) => {
      t.increments('id');
      t.integer('user_id').notNullable();
      t.text('entry').notNullable();
    });
    const transaction = strapiLikeTransactions(db.knex);
    const strapi = {
      db: { connection: db.knex, transaction: <T>(work: (arg: { trx: Knex.Transaction }) => Promise<T>) => transaction((trx) => work({ trx })) },
      log: memoryLogger(),
      plugin: (name: string) => ({
        service: (service: string) => {
          if (name === 'users-permissions' && service === 'user') return { validatePassword: async (given: string, hash: string) => hash === `hash:${given}` };
          if (name === 'lms-core' && service === 'events') return { enqueueJob: async (job: string, data: Record<string, unknown>) => (enqueued.push({ name: job, data }), job) };
          throw new Error(`no stand-in for ${name}.${service}`);
        },
      }),
    } as unknown as Core.Strapi;
    privacy = createPrivacyService({ strapi });
    privacy.registerProvider(usersPermissionsProvider);
    privacy.registerProvider(corePrivacyProvider);
    privacy.registerProvider({
      name: 'test-diary',
      async exportUserData(s, userId) {
        return { tables: { diary: (await s.db.connection('test_diary').where({ user_id: userId }).select('id', 'entry')) as Array<Record<string, unknown>> } };
      },
      async eraseUserData(_s, trx, userId, ctx) {
        await trx('test_diary').where({ user_id: userId }).delete();
        ctx.afterCommit('diary file', async () => void removed.push(`diary/${userId}`));
        if (failNext) throw new Error('provider failed on purpose');
      },
    });
    privacy.registerArchiveStore({
      put: async () => undefined,
      remove: async (key) => void removed.push(key),
      link: (key, _filename, _type, seconds) => ({ url: `https://cms.test/files/${key}`, expiresAt: new Date(Date.now() + seconds * 1000) }),
    });
  });

  afterAll(async () => {
    await db?.close();
  });

  async function person(name: string): Promise<number> {
    const now = new Date();
    const [row] = (await db.knex('up_users')
      .insert({ username: name, email: `${name}_x@example.com`, full_name: `Full ${name}`, provider: 'local', password: `hash:${PASSWORD}`, confirmed: true, blocked: false, created_at: now, updated_at: now })
      .returning('id')) as Array<{ id: number } | number>;
    const id = typeof row === 'object' ? Number(row.id) : Number(row);
    await db.knex('test_diary').insert({ user_id: id, entry: `dear diary, ${name} here` });
    for (const [i, payload] of [{ learnerId: id, courseId: 'c1' }, { userId: id }, { learnerId: id + 1000 }].entries()) {
      await db.knex(OUTBOX_TABLE).insert({
        event_id: `${name}-${i}-${dialect}`,
        type: 'test.happened',
        payload: JSON.stringify(payload),
        occurred_at: now,
        created_at: now,
        available_at: now,
        relayed_at: now,
      });
    }
    await db.knex(FAILED_JOBS_TABLE).insert({
      job_key: `job.test.${name}`,
      kind: 'job',
      name: 'test',
      data: JSON.stringify({ to: `${name}_x@example.com` }),
      mode: 'inline',
      status: 'failed',
      error: 'x',
      attempts: 1,
      failed_at: now,
    });
    return id;
  }

  it('exports every provider, and queues one archive per cooldown', async () => {
    const id = await person('ann');
    const data = await privacy.collect(id);
    expect(data.get('account')?.tables.profile).toEqual([expect.objectContaining({ id, email: 'ann_x@example.com', full_name: 'Full ann' })]);
    expect(data.get('test-diary')?.tables.diary).toEqual([expect.objectContaining({ entry: 'dear diary, ann here' })]);
    const first = await privacy.requestExport(id);
    expect(first).toMatchObject({ status: 'pending', downloadUrl: null });
    expect(enqueued.at(-1)).toEqual({ name: 'lms-core-privacy-export', data: { exportId: first.id } });
    await expect(privacy.requestExport(id)).rejects.toThrow(/try again in \d+ s/);
  });

  it('builds the archive in the job, and sweeps archives past their retention', async () => {
    const id = await person('fay');
    const stale = await person('gus');
    const [old] = (await db.knex(EXPORTS_TABLE)
      .insert({ user_id: stale, status: 'ready', file_key: `privacy-exports/${stale}/old.zip`, requested_at: new Date(0), expires_at: new Date(Date.now() - 1000) })
      .returning('id')) as Array<{ id: number } | number>;
    const oldId = typeof old === 'object' ? Number(old.id) : Number(old);
    const asked = await privacy.requestExport(id);
    removed.length = 0;
    await privacy.buildExport(asked.id);
    expect(removed).toEqual([`privacy-exports/${stale}/old.zip`]);
    expect(await db.knex(EXPORTS_TABLE).where({ id: oldId }).first('status', 'file_key')).toEqual({ status: 'expired', file_key: null });
    const [mine] = await privacy.listExports(id);
    expect(mine).toMatchObject({ id: asked.id, status: 'ready', downloadUrl: expect.stringMatching(new RegExp(`^https://cms.test/files/privacy-exports/${id}/.+\\.zip$`)) });
    expect(mine?.sizeBytes).toBeGreaterThan(100);
    expect((await privacy.listExports(stale))[0]).toMatchObject({ status: 'expired', downloadUrl: null });
  });

  it('refuses a wrong password, naming the field, and keeps one open request', async () => {
    const id = await person('ben');
    await expect(privacy.requestErasure(id, 'wrong')).rejects.toThrow(/^password: /);
    const a = await privacy.requestErasure(id, PASSWORD);
    const b = await privacy.requestErasure(id, PASSWORD);
    expect(b.id).toBe(a.id);
    expect(a.reference).toMatch(/^erased:[0-9a-f]{16}$/);
  });

  it('stops answering after five wrong passwords in a row (a stolen session is no password oracle)', async () => {
    const id = await person('bob');
    for (let i = 0; i < 5; i += 1) await expect(privacy.requestErasure(id, `wrong-${i}`)).rejects.toThrow(/^password: /);
    await expect(privacy.requestErasure(id, PASSWORD)).rejects.toThrow(/too many requests; try again in \d+ s/);
    expect(await privacy.myErasure(id)).toBeNull();
  });

  it('rolls everything back when one provider fails, files untouched', async () => {
    const id = await person('cat');
    const request = await privacy.requestErasure(id, PASSWORD);
    failNext = true;
    removed.length = 0;
    await expect(privacy.completeErasure(request.id, 1)).rejects.toThrow('provider failed on purpose');
    failNext = false;
    expect(removed).toEqual([]);
    expect(await db.knex('test_diary').where({ user_id: id })).toHaveLength(1);
    expect(((await db.knex('up_users').where({ id }).first()) as { email: string }).email).toBe('cat_x@example.com');
    expect(((await db.knex(ERASURES_TABLE).where({ id: request.id }).first()) as { status: string }).status).toBe('requested');
  });

  it('erases in one go: account anonymised, data and queue rows naming the person gone, files after commit', async () => {
    const id = await person('dan');
    const other = await person('eve');
    await privacy.requestExport(id);
    await db.knex(EXPORTS_TABLE).where({ user_id: id }).update({ status: 'ready', file_key: `privacy-exports/${id}/a.zip` });
    const request = await privacy.requestErasure(id, PASSWORD);
    removed.length = 0;
    const done = await privacy.completeErasure(request.id, 7);
    expect(done).toMatchObject({ status: 'completed', userId: null, completedBy: 7, providers: ['account', 'lms-core', 'test-diary'] });
    expect(removed.sort()).toEqual([`diary/${id}`, `privacy-exports/${id}/a.zip`]);
    const tag = request.reference.slice('erased:'.length);
    expect(await db.knex('up_users').where({ id }).first('username', 'email', 'full_name', 'password', 'blocked')).toEqual({
      username: `erased-${tag}`,
      email: `erased-${tag}@erased.invalid`,
      full_name: null,
      password: null,
      blocked: dialect === 'sqlite' ? 1 : true,
    });
    expect(await db.knex('test_diary').where({ user_id: id })).toEqual([]);
    expect(await db.knex(EXPORTS_TABLE).where({ user_id: id })).toEqual([]);
    // Events naming dan (under a person key) are gone; the one naming id + 1000 and eve's stay.
    const events = (await db.knex(OUTBOX_TABLE).where('event_id', 'like', 'dan-%').pluck('event_id')) as string[];
    expect(events).toEqual([`dan-2-${dialect}`]);
    expect(await db.knex(OUTBOX_TABLE).where('event_id', 'like', 'eve-%')).toHaveLength(3);
    expect(await db.knex(FAILED_JOBS_TABLE).where({ job_key: 'job.test.dan' })).toEqual([]);
    expect(await db.knex(FAILED_JOBS_TABLE).where({ job_key: 'job.test.eve' })).toHaveLength(1);
    expect(await db.knex('test_diary').where({ user_id: other })).toHaveLength(1);
    await expect(privacy.completeErasure(request.id, 7)).rejects.toThrow(/is completed; only a requested one/);
  });
});
