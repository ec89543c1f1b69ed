import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Dialect, type OpenDatabase } from '../testing/databases';
import { coreMigrations, CONSUMED_TABLE, FAILED_JOBS_TABLE, OUTBOX_TABLE } from './core';
import { runMigrations, type PluginMigration } from './runner';

const widgets: PluginMigration[] = [
  {
    name: '001-widgets',
    async up(knex) {
      await knex.schema.createTable('test_widgets', (t) => {
        t.increments('id');
        t.string('name', 50).notNullable().unique();
      });
    },
    async down(knex) {
      await knex.schema.dropTable('test_widgets');
    },
  },
];

describe.each<Dialect>(['postgres', 'sqlite'])('plugin migrations on %s', (dialect) => {
  let db: OpenDatabase;
  beforeAll(async () => {
    db = await openDatabase(dialect);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("applies lms-core's migrations once, in their own bookkeeping table", async () => {
    const first = await runMigrations(db.knex, 'lms-core', coreMigrations);
    expect(first).toEqual({ tableName: 'lms_core_migrations', applied: ['001-outbox', '002-consumed-events', '003-failed-jobs'] });
    const again = await runMigrations(db.knex, 'lms-core', coreMigrations);
    expect(again.applied).toEqual([]);
    for (const table of [OUTBOX_TABLE, CONSUMED_TABLE, FAILED_JOBS_TABLE, 'lms_core_migrations', 'lms_core_migrations_lock']) {
      expect(await db.knex.schema.hasTable(table), table).toBe(true);
    }
    const names = (await db.knex('lms_core_migrations').orderBy('id').pluck('name')) as string[];
    expect(names).toEqual(['001-outbox', '002-consumed-events', '003-failed-jobs']);
  });

  it('keeps each plugin apart and enforces constraints the plugin owns', async () => {
    expect((await runMigrations(db.knex, 'test-widgets', widgets)).applied).toEqual(['001-widgets']);
    expect(await db.knex('lms_core_migrations').count({ n: '*' }).first()).toEqual({ n: dialect === 'postgres' ? '3' : 3 });
    await db.knex('test_widgets').insert({ name: 'a' });
    await expect(db.knex('test_widgets').insert({ name: 'a' })).rejects.toThrow();
    // A later release adds a migration; only that one runs.
    const more: PluginMigration[] = [
      ...widgets,
      {
        name: '002-widget-colour',
        async up(knex) {
          await knex.schema.alterTable('test_widgets', (t) => t.string('colour', 20).nullable());
        },
      },
    ];
    expect((await runMigrations(db.knex, 'test-widgets', more)).applied).toEqual(['002-widget-colour']);
    expect(await db.knex.schema.hasColumn('test_widgets', 'colour')).toBe(true);
  });

  it('rolls back a failing migration and says which plugin failed', async () => {
    const broken: PluginMigration[] = [
      {
        name: '001-half-done',
        async up(knex) {
          await knex.schema.createTable('test_half_done', (t) => t.increments('id'));
          await knex.raw('select * from no_such_table');
        },
      },
    ];
    await expect(runMigrations(db.knex, 'test-broken', broken)).rejects.toThrow(/^test-broken: database migration failed: /);
    expect(await db.knex.schema.hasTable('test_half_done')).toBe(false);
  });

  it('refuses lists it cannot run safely', async () => {
    await expect(runMigrations(db.knex, 'Bad Name', widgets)).rejects.toThrow(/not valid for a migrations table/);
    await expect(runMigrations(db.knex, 'x', [widgets[0]!, widgets[0]!])).rejects.toThrow(/listed twice/);
    const unordered = [{ ...widgets[0]!, name: '002-b' }, { ...widgets[0]!, name: '001-a' }];
    await expect(runMigrations(db.knex, 'x', unordered)).rejects.toThrow(/list migrations in name order/);
  });

  it('lets two processes start at once: both succeed, each migration runs once', async () => {
    const runs: string[] = [];
    const counted: PluginMigration[] = [
      {
        name: '001-race',
        async up(knex) {
          runs.push('001');
          await knex.schema.createTable('test_race', (t) => t.increments('id'));
        },
      },
    ];
    const other = db.connectAgain();
    const results = await Promise.all([runMigrations(db.knex, 'test-race', counted), runMigrations(other, 'test-race', counted)]);
    expect(runs).toEqual(['001']);
    expect(results.flatMap((r) => r.applied)).toEqual(['001-race']);
  });
});
