import type { PluginMigration } from '@lms/plugin-lms-core/server';

export const NOTIFICATIONS_TABLE = 'lms_notifications';
export const MAILS_TABLE = 'lms_notification_mails';
export const PREFERENCES_TABLE = 'lms_notification_preferences';

/**
 * lms-notifications' tables (knex schema builder, PostgreSQL and SQLite). Users are referred to by
 * id without a FK (users-permissions owns its table). Timestamps are written by the application.
 */
export const migrations: PluginMigration[] = [
  {
    name: '001-notifications-mails-preferences',
    async up(knex) {
      // In-app notifications of a site user (users-permissions id).
      await knex.schema.createTable(NOTIFICATIONS_TABLE, (t) => {
        t.increments('id');
        t.integer('user_id').notNullable();
        t.string('kind', 40).notNullable();
        t.string('title', 200).notNullable();
        t.string('body', 500).notNullable();
        // Site-relative path ("/verify/ABCD-…"); null: nothing to open.
        t.string('link', 500).nullable();
        t.string('event_id', 64).notNullable();
        t.timestamp('read_at', { useTz: true }).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        // One notification per event, kind and person, whatever happens to the consumer.
        t.unique(['event_id', 'kind', 'user_id'], { indexName: 'lms_notifications_event_uq' });
        t.index(['user_id', 'id'], 'lms_notifications_user_idx');
        t.index(['user_id', 'read_at'], 'lms_notifications_unread_idx');
      });

      // Outgoing mail, rendered when the event is consumed, sent by a job (domain/mail-state.ts).
      await knex.schema.createTable(MAILS_TABLE, (t) => {
        t.increments('id');
        t.string('event_id', 64).notNullable();
        t.string('kind', 40).notNullable();
        // Lower-case address; the unique key below is "never twice for one event".
        t.string('recipient', 320).notNullable();
        // users-permissions id of a learner, admin id of an instructor (see recipient_type).
        t.integer('recipient_id').nullable();
        t.string('recipient_type', 16).notNullable();
        t.string('subject', 300).notNullable();
        t.text('text_body').notNullable();
        t.text('html_body').notNullable();
        t.string('status', 16).notNullable();
        t.integer('attempts').notNullable().defaultTo(0);
        t.text('last_error').nullable();
        t.string('message_id', 300).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('claimed_at', { useTz: true }).nullable();
        t.timestamp('sent_at', { useTz: true }).nullable();
        t.unique(['event_id', 'kind', 'recipient'], { indexName: 'lms_notification_mails_once_uq' });
        t.index(['status', 'created_at'], 'lms_notification_mails_status_idx');
      });

      // Absent row: the defaults (every email on).
      await knex.schema.createTable(PREFERENCES_TABLE, (t) => {
        t.integer('user_id').primary();
        t.boolean('email_non_essential').notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
      });
    },
  },
];
