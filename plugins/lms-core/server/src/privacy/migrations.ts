import type { PluginMigration } from '../migrations/runner';

export const EXPORTS_TABLE = 'lms_privacy_exports';
export const ERASURES_TABLE = 'lms_privacy_erasure_requests';

/** lms-core's data-rights tables: export jobs and erasure requests. */
export const privacyMigrations: PluginMigration[] = [
  {
    name: '101-privacy-requests',
    async up(knex) {
      await knex.schema.createTable(EXPORTS_TABLE, (t) => {
        t.increments('id');
        t.integer('user_id').notNullable();
        // pending → ready | failed; ready → expired once the file is removed.
        t.string('status', 16).notNullable();
        t.string('file_key', 512).nullable();
        t.bigInteger('size_bytes').nullable();
        t.text('error').nullable();
        t.timestamp('requested_at', { useTz: true }).notNullable();
        t.timestamp('ready_at', { useTz: true }).nullable();
        t.timestamp('expires_at', { useTz: true }).nullable();
        t.index(['user_id', 'requested_at'], 'lms_privacy_exports_user_idx');
      });
      await knex.schema.createTable(ERASURES_TABLE, (t) => {
        t.increments('id');
        // Nulled when the request completes: the anonymous reference is what remains.
        t.integer('user_id').nullable();
        t.string('reference', 64).notNullable();
        // requested → completed | cancelled
        t.string('status', 16).notNullable();
        t.timestamp('requested_at', { useTz: true }).notNullable();
        t.timestamp('completed_at', { useTz: true }).nullable();
        t.integer('completed_by').nullable();
        // Which providers ran (JSON text), for the admin's record.
        t.text('summary').nullable();
        t.index(['status'], 'lms_privacy_erasures_status_idx');
        t.index(['user_id'], 'lms_privacy_erasures_user_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTable(ERASURES_TABLE);
      await knex.schema.dropTable(EXPORTS_TABLE);
    },
  },
];
