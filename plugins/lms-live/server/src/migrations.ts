import type { PluginMigration } from '@lms/plugin-lms-core/server';

export const SESSIONS_TABLE = 'lms_live_sessions';
export const SEATS_TABLE = 'lms_live_seats';
export const ATTENDANCE_TABLE = 'lms_live_attendance';
export const REMINDERS_TABLE = 'lms_live_reminders';
export const PREFERENCES_TABLE = 'lms_live_learner_preferences';

/**
 * lms-live's tables (knex schema builder, PostgreSQL and SQLite). Capacity is a fact of the
 * sessions row: `seats_taken` moves only by a conditional UPDATE (`seats_taken < capacity`) in the
 * same transaction as the seat row, and a CHECK keeps it within 0..capacity. Seats, attendance and
 * sent reminders are unique per (session, learner). Learners are users-permissions user ids and
 * courses authored documentIds, without FKs (Strapi owns those tables).
 */
export const migrations: PluginMigration[] = [
  {
    name: '001-sessions-seats-attendance-reminders',
    async up(knex) {
      await knex.schema.createTable(SESSIONS_TABLE, (t) => {
        t.increments('id');
        t.string('course_document_id', 64).notNullable();
        t.string('title', 200).notNullable();
        t.timestamp('starts_at', { useTz: true }).notNullable();
        t.integer('duration_minutes').notNullable();
        t.integer('capacity').notNullable();
        t.integer('seats_taken').notNullable().defaultTo(0);
        t.string('join_url', 2000).notNullable();
        t.string('time_zone', 64).notNullable();
        // Bumped on every edit: the .ics SEQUENCE, so calendars take the change.
        t.integer('revision').notNullable().defaultTo(0);
        t.integer('created_by').nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.index(['course_document_id', 'starts_at'], 'lms_live_sessions_course_idx');
        t.index(['starts_at'], 'lms_live_sessions_starts_idx');
        t.check('?? >= 0 AND ?? <= ??', ['seats_taken', 'seats_taken', 'capacity'], 'lms_live_sessions_seats_ck');
      });

      await knex.schema.createTable(SEATS_TABLE, (t) => {
        t.increments('id');
        t.integer('session_id').notNullable().references('id').inTable(SESSIONS_TABLE).onDelete('CASCADE');
        t.integer('learner_id').notNullable();
        t.timestamp('reserved_at', { useTz: true }).notNullable();
        t.unique(['session_id', 'learner_id'], { indexName: 'lms_live_seats_uq' });
        t.index(['learner_id'], 'lms_live_seats_learner_idx');
      });

      await knex.schema.createTable(ATTENDANCE_TABLE, (t) => {
        t.increments('id');
        t.integer('session_id').notNullable().references('id').inTable(SESSIONS_TABLE).onDelete('CASCADE');
        t.integer('learner_id').notNullable();
        t.string('course_document_id', 64).notNullable();
        t.boolean('present').notNullable();
        // 'join' (opened the link in the window) | 'instructor' (marked in the admin)
        t.string('source', 16).notNullable();
        t.integer('marked_by').nullable();
        t.timestamp('recorded_at', { useTz: true }).notNullable();
        t.unique(['session_id', 'learner_id'], { indexName: 'lms_live_attendance_uq' });
        t.index(['learner_id', 'course_document_id'], 'lms_live_attendance_learner_idx');
      });

      await knex.schema.createTable(REMINDERS_TABLE, (t) => {
        t.integer('session_id').notNullable().references('id').inTable(SESSIONS_TABLE).onDelete('CASCADE');
        t.integer('learner_id').notNullable();
        t.string('event_id', 64).notNullable();
        t.timestamp('sent_at', { useTz: true }).notNullable();
        t.unique(['session_id', 'learner_id'], { indexName: 'lms_live_reminders_uq' });
      });

      await knex.schema.createTable(PREFERENCES_TABLE, (t) => {
        t.integer('learner_id').primary();
        t.string('time_zone', 64).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
      });
    },
  },
];
