import type { PluginMigration } from './runner';

export const OUTBOX_TABLE = 'lms_outbox';
export const CONSUMED_TABLE = 'lms_consumed_events';
export const FAILED_JOBS_TABLE = 'lms_failed_jobs';

/**
 * lms-core's tables. Timestamps that the code compares (available_at, relayed_at, ...) are always
 * written by the application, never defaulted by the database: SQLite would store its default as
 * text and the application's as numbers, and the comparisons would silently go wrong.
 */
export const coreMigrations: PluginMigration[] = [
  {
    name: '001-outbox',
    async up(knex) {
      await knex.schema.createTable(OUTBOX_TABLE, (t) => {
        t.bigIncrements('id');
        t.string('event_id', 36).notNullable().unique();
        t.string('type', 120).notNullable();
        t.integer('version').notNullable().defaultTo(1);
        t.jsonb('payload').notNullable();
        t.jsonb('actor').nullable();
        t.timestamp('occurred_at', { useTz: true }).notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        // Not before this instant: the next relay attempt, or the end of a relay's claim.
        t.timestamp('available_at', { useTz: true }).notNullable();
        t.timestamp('relayed_at', { useTz: true }).nullable();
        t.integer('attempts').notNullable().defaultTo(0);
        t.text('last_error').nullable();
        t.index(['relayed_at', 'available_at'], 'lms_outbox_due_idx');
        t.index(['type'], 'lms_outbox_type_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTable(OUTBOX_TABLE);
    },
  },
  {
    name: '002-consumed-events',
    async up(knex) {
      await knex.schema.createTable(CONSUMED_TABLE, (t) => {
        t.string('event_id', 36).notNullable();
        t.string('consumer', 63).notNullable();
        t.timestamp('consumed_at', { useTz: true }).notNullable();
        t.primary(['event_id', 'consumer'], 'lms_consumed_events_pkey');
      });
    },
    async down(knex) {
      await knex.schema.dropTable(CONSUMED_TABLE);
    },
  },
  {
    name: '003-failed-jobs',
    async up(knex) {
      await knex.schema.createTable(FAILED_JOBS_TABLE, (t) => {
        t.increments('id');
        // The logical job: "evt.<event id>.<consumer>" or "job.<name>.<id>"; one row per job.
        t.string('job_key', 200).notNullable().unique();
        t.string('kind', 10).notNullable(); // event | job
        t.string('name', 63).notNullable(); // consumer or job name
        t.string('event_id', 36).nullable();
        t.string('event_type', 120).nullable();
        // What is needed to run it again: the event envelope or the job data.
        t.jsonb('data').notNullable();
        t.string('mode', 10).notNullable(); // redis | inline
        t.string('status', 10).notNullable(); // failed | retrying | resolved
        t.text('error').notNullable();
        t.text('stack').nullable();
        t.integer('attempts').notNullable();
        t.integer('retry_count').notNullable().defaultTo(0);
        t.timestamp('failed_at', { useTz: true }).notNullable();
        t.timestamp('retried_at', { useTz: true }).nullable();
        t.timestamp('resolved_at', { useTz: true }).nullable();
        t.index(['status', 'failed_at'], 'lms_failed_jobs_status_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTable(FAILED_JOBS_TABLE);
    },
  },
];
