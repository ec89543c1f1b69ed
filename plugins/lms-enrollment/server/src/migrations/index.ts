import type { PluginMigration } from '@lms/plugin-lms-core/server';
import { paymentMigrations } from '../payments/migrations';

export const ENROLLMENTS_TABLE = 'lms_enrollments';
export const LESSON_PROGRESS_TABLE = 'lms_lesson_progress';
export const SUBSCRIPTIONS_TABLE = 'lms_subscriptions';

export const ENROLLMENT_STATUSES = ['active', 'completed', 'refunded', 'revoked', 'expired'] as const;
export const ENROLLMENT_SOURCES = ['free', 'purchase', 'subscription', 'lti', 'admin'] as const;
export const LESSON_PROGRESS_STATUSES = ['in_progress', 'completed'] as const;

/**
 * lms-enrollment's tables, written once with the knex schema builder for PostgreSQL and SQLite.
 * As in lms-core, every timestamp is written by the application (never a database default): SQLite
 * would store a default as text and the application's values as numbers, and comparisons would
 * silently go wrong. Users are referred to by the users-permissions user id without a foreign key:
 * Strapi owns up_users and may rebuild it; a dangling id is harmless, a blocked schema sync is not.
 * Migration 002 and later belong to payments (Stripe events, payments).
 */
export const migrations: PluginMigration[] = [
  {
    name: '001-enrollments-progress-subscriptions',
    async up(knex) {
      await knex.schema.createTable(ENROLLMENTS_TABLE, (t) => {
        t.increments('id');
        t.integer('user_id').notNullable();
        t.string('course_document_id', 64).notNullable();
        t.enu('status', [...ENROLLMENT_STATUSES]).notNullable();
        t.enu('source', [...ENROLLMENT_SOURCES]).notNullable();
        // Stripe checkout session id, "admin:<id>", LTI context, ...: what granted it.
        t.string('source_ref', 255).nullable();
        // Why it was granted or ended (admin grants and revocations always carry one).
        t.text('reason').nullable();
        // Who ended it ("admin:<id>", "webhook", "system"), kept apart from source_ref so a
        // revocation does not overwrite the purchase it revokes.
        t.string('ended_by', 64).nullable();
        t.timestamp('enrolled_at', { useTz: true }).notNullable();
        t.timestamp('completed_at', { useTz: true }).nullable();
        t.timestamp('ended_at', { useTz: true }).nullable();
        t.timestamp('last_activity_at', { useTz: true }).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.unique(['user_id', 'course_document_id'], { indexName: 'lms_enrollments_user_course_uq' });
        t.index(['course_document_id'], 'lms_enrollments_course_idx');
        t.index(['status'], 'lms_enrollments_status_idx');
      });

      await knex.schema.createTable(LESSON_PROGRESS_TABLE, (t) => {
        t.increments('id');
        t.integer('enrollment_id').unsigned().notNullable().references('id').inTable(ENROLLMENTS_TABLE).onDelete('CASCADE');
        t.string('lesson_document_id', 64).notNullable();
        t.enu('status', [...LESSON_PROGRESS_STATUSES]).notNullable();
        t.integer('percent').notNullable().defaultTo(0).checkBetween([0, 100], 'lms_lesson_progress_percent_ck');
        t.integer('time_spent_seconds').notNullable().defaultTo(0);
        t.check('?? >= 0', ['time_spent_seconds'], 'lms_lesson_progress_time_ck');
        t.timestamp('last_accessed_at', { useTz: true }).nullable();
        t.timestamp('completed_at', { useTz: true }).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.unique(['enrollment_id', 'lesson_document_id'], { indexName: 'lms_lesson_progress_enrollment_lesson_uq' });
        t.index(['lesson_document_id'], 'lms_lesson_progress_lesson_idx');
      });

      // Written by the payments side from Stripe events; read here for subscription courses.
      await knex.schema.createTable(SUBSCRIPTIONS_TABLE, (t) => {
        t.increments('id');
        t.integer('user_id').notNullable();
        t.string('stripe_customer_id', 255).notNullable();
        t.string('stripe_subscription_id', 255).notNullable().unique('lms_subscriptions_stripe_id_uq');
        t.string('status', 32).notNullable();
        t.timestamp('current_period_end', { useTz: true }).nullable();
        // Stripe's event `created` (epoch seconds) of the last applied event: older ones are ignored.
        t.bigInteger('last_event_created').notNullable().defaultTo(0);
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.index(['user_id'], 'lms_subscriptions_user_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(LESSON_PROGRESS_TABLE);
      await knex.schema.dropTableIfExists(ENROLLMENTS_TABLE);
      await knex.schema.dropTableIfExists(SUBSCRIPTIONS_TABLE);
    },
  },
  // 002: lms_stripe_events and lms_payments (payments/migrations.ts).
  ...paymentMigrations,
];
