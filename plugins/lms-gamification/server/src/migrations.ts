import type { PluginMigration } from '@lms/plugin-lms-core/server';

export const POINT_EVENTS_TABLE = 'lms_gamification_point_events';
export const FACTS_TABLE = 'lms_gamification_facts';
export const BADGES_EARNED_TABLE = 'lms_gamification_badges_earned';
export const PROFILES_TABLE = 'lms_gamification_profiles';
export const SETTINGS_TABLE = 'lms_gamification_settings';

/**
 * lms-gamification's tables (knex schema builder, PostgreSQL and SQLite). The points ledger and
 * the facts are append-only and carry the idempotency key of decision 023 as a UNIQUE constraint:
 * (learner, rule, subject) and (learner, kind, subject). Learners are users-permissions user ids
 * and courses authored documentIds, both without FKs (Strapi owns those tables).
 */
export const migrations: PluginMigration[] = [
  {
    name: '001-ledger-facts-badges-profiles-settings',
    async up(knex) {
      await knex.schema.createTable(POINT_EVENTS_TABLE, (t) => {
        t.increments('id');
        t.integer('learner_id').notNullable();
        t.string('rule', 32).notNullable();
        // lesson:<id>, quiz:<id>, assignment:<id>, course:<id>, day:<YYYY-MM-DD>, streak:<start>/<days>
        t.string('subject', 100).notNullable();
        t.integer('points').notNullable();
        t.string('course_id', 64).nullable();
        // When the fact happened (decides the week and month), not when it was consumed.
        t.timestamp('occurred_at', { useTz: true }).notNullable();
        t.string('source_event_id', 64).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.unique(['learner_id', 'rule', 'subject'], { indexName: 'lms_gam_point_events_award_uq' });
        t.index(['learner_id', 'occurred_at'], 'lms_gam_point_events_learner_idx');
        t.index(['course_id', 'occurred_at'], 'lms_gam_point_events_course_idx');
        t.index(['occurred_at'], 'lms_gam_point_events_occurred_idx');
      });

      await knex.schema.createTable(FACTS_TABLE, (t) => {
        t.increments('id');
        t.integer('learner_id').notNullable();
        t.string('kind', 32).notNullable();
        t.string('subject', 100).notNullable();
        t.string('course_id', 64).notNullable();
        t.timestamp('occurred_at', { useTz: true }).notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.unique(['learner_id', 'kind', 'subject'], { indexName: 'lms_gam_facts_uq' });
      });

      await knex.schema.createTable(BADGES_EARNED_TABLE, (t) => {
        t.increments('id');
        t.integer('learner_id').notNullable();
        t.string('badge_id', 64).notNullable();
        t.timestamp('earned_at', { useTz: true }).notNullable();
        // When the learner was shown it (the site's toast); null = not yet.
        t.timestamp('seen_at', { useTz: true }).nullable();
        t.unique(['learner_id', 'badge_id'], { indexName: 'lms_gam_badges_earned_uq' });
      });

      await knex.schema.createTable(PROFILES_TABLE, (t) => {
        t.integer('learner_id').primary();
        // Canonical IANA zone; null = the platform zone until the learner (or the site) sets it.
        t.string('time_zone', 64).nullable();
        t.boolean('hidden').notNullable().defaultTo(false);
        t.string('display_name', 60).nullable();
        // StreakState (domain/streaks.ts), null before the first counted visit.
        t.integer('streak_length').nullable();
        t.integer('streak_longest').nullable();
        t.string('streak_start_day', 10).nullable();
        t.string('streak_last_day', 10).nullable();
        t.string('streak_last_visit_at', 30).nullable();
        t.string('streak_last_time_zone', 64).nullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.index(['hidden'], 'lms_gam_profiles_hidden_idx');
      });

      await knex.schema.createTable(SETTINGS_TABLE, (t) => {
        // 'rules' | 'badges' | 'levels'
        t.string('key', 32).primary();
        t.text('value').notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.integer('updated_by').nullable();
      });
    },
  },
];
