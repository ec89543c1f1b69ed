import type { Knex } from 'knex';
import type { PluginMigration } from '@lms/plugin-lms-core/server';

export const TABLES = {
  registrations: 'lms_lti_registrations',
  registrationCourses: 'lms_lti_registration_courses',
  toolKeys: 'lms_lti_tool_keys',
  users: 'lms_lti_users',
  resourceLinks: 'lms_lti_resource_links',
  linkMembers: 'lms_lti_link_members',
  lineItems: 'lms_lti_line_items',
  passbacks: 'lms_lti_passbacks',
  consumers: 'lms_lti11_consumers',
  consumerCourses: 'lms_lti11_consumer_courses',
  outcomes: 'lms_lti11_outcomes',
  kv: 'lms_lti_kv',
} as const;

export const PASSBACK_STATUSES = ['pending', 'sent', 'retrying', 'failed', 'skipped'] as const;
export type PassbackStatus = (typeof PASSBACK_STATUSES)[number];
export const LMS_ROLES = ['learner', 'instructor', 'administrator'] as const;

const stamps = (t: Knex.CreateTableBuilder) => {
  t.timestamp('created_at', { useTz: true }).notNullable();
  t.timestamp('updated_at', { useTz: true }).notNullable();
};

/**
 * lms-lti's tables, written once with the knex schema builder for PostgreSQL and SQLite. As in the
 * other plugins, timestamps are written by the application and users are referred to by their
 * users-permissions id without a foreign key. Secrets (tool private keys, LTI 1.1 consumer
 * secrets) are stored encrypted with LTI_KEY_ENCRYPTION_KEY, never in clear.
 */
export const migrations: PluginMigration[] = [
  {
    name: '001-registrations-keys-users-links',
    async up(knex) {
      await knex.schema.createTable(TABLES.registrations, (t) => {
        t.increments('id');
        t.string('name', 200).notNullable();
        t.string('issuer', 500).notNullable();
        t.string('client_id', 255).notNullable();
        // JSON array of deployment_id strings.
        t.text('deployment_ids').notNullable();
        t.string('auth_endpoint', 1000).notNullable();
        t.enu('auth_request_method', ['GET', 'POST']).notNullable();
        t.string('token_endpoint', 1000).notNullable();
        t.string('token_audience', 1000).nullable();
        t.string('jwks_url', 1000).notNullable();
        stamps(t);
        t.unique(['issuer', 'client_id'], { indexName: 'lms_lti_registrations_issuer_client_uq' });
      });
      await knex.schema.createTable(TABLES.registrationCourses, (t) => {
        t.integer('registration_id').unsigned().notNullable().references('id').inTable(TABLES.registrations).onDelete('CASCADE');
        t.string('course_document_id', 64).notNullable();
        t.primary(['registration_id', 'course_document_id'], 'lms_lti_registration_courses_pk');
      });

      await knex.schema.createTable(TABLES.toolKeys, (t) => {
        t.string('kid', 128).primary();
        t.text('public_jwk').notNullable();
        // v1.<iv>.<ciphertext>.<tag>: AES-256-GCM with the kid as associated data.
        t.text('encrypted_private_key').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('retired_at', { useTz: true }).nullable();
        t.timestamp('published_until', { useTz: true }).nullable();
      });

      // One row per person a platform launched: (issuer, sub) → users-permissions user. LTI 1.1
      // users have issuer "lti11:<consumer key>" and their user_id as subject.
      await knex.schema.createTable(TABLES.users, (t) => {
        t.increments('id');
        t.string('issuer', 500).notNullable();
        t.string('subject', 255).notNullable();
        t.integer('user_id').notNullable();
        t.string('name', 300).nullable();
        t.string('email', 320).nullable();
        t.timestamp('last_launch_at', { useTz: true }).nullable();
        stamps(t);
        t.unique(['issuer', 'subject'], { indexName: 'lms_lti_users_issuer_subject_uq' });
        t.index(['user_id'], 'lms_lti_users_user_idx');
      });

      // A platform's placement of our content, with the grade service endpoints its launches carry.
      await knex.schema.createTable(TABLES.resourceLinks, (t) => {
        t.increments('id');
        t.integer('registration_id').unsigned().notNullable().references('id').inTable(TABLES.registrations).onDelete('CASCADE');
        t.string('deployment_id', 255).notNullable();
        t.string('resource_link_id', 255).notNullable();
        t.string('context_id', 255).nullable();
        t.string('context_title', 500).nullable();
        t.string('title', 500).nullable();
        t.string('course_document_id', 64).notNullable();
        t.string('lesson_document_id', 64).nullable();
        t.string('quiz_document_id', 64).nullable();
        // AGS claim of the latest launch: scopes (JSON array), container and coupled line item.
        t.text('ags_scopes').nullable();
        t.string('ags_line_items_url', 1000).nullable();
        t.string('ags_line_item_url', 1000).nullable();
        t.string('nrps_memberships_url', 1000).nullable();
        stamps(t);
        t.unique(['registration_id', 'deployment_id', 'resource_link_id'], { indexName: 'lms_lti_resource_links_uq' });
        t.index(['course_document_id'], 'lms_lti_resource_links_course_idx');
      });
      // Who launched from a link, so a grade can be sent back to the platform they came from.
      await knex.schema.createTable(TABLES.linkMembers, (t) => {
        t.integer('resource_link_id').unsigned().notNullable().references('id').inTable(TABLES.resourceLinks).onDelete('CASCADE');
        t.integer('user_id').notNullable();
        t.integer('lti_user_id').unsigned().notNullable().references('id').inTable(TABLES.users).onDelete('CASCADE');
        t.enu('role', [...LMS_ROLES]).notNullable();
        t.timestamp('last_launch_at', { useTz: true }).notNullable();
        t.primary(['resource_link_id', 'user_id'], 'lms_lti_link_members_pk');
        t.index(['user_id'], 'lms_lti_link_members_user_idx');
      });
      // Line items found or created on the platform, per link and graded thing (quiz:<id>, course:<id>).
      await knex.schema.createTable(TABLES.lineItems, (t) => {
        t.increments('id');
        t.integer('resource_link_id').unsigned().notNullable().references('id').inTable(TABLES.resourceLinks).onDelete('CASCADE');
        t.string('resource_id', 200).notNullable();
        t.string('line_item_url', 1000).notNullable();
        t.decimal('score_maximum', 14, 4).notNullable();
        stamps(t);
        t.unique(['resource_link_id', 'resource_id'], { indexName: 'lms_lti_line_items_uq' });
      });
    },
  },
  {
    name: '002-lti11-passbacks-kv',
    async up(knex) {
      await knex.schema.createTable(TABLES.consumers, (t) => {
        t.increments('id');
        t.string('name', 200).notNullable();
        t.string('consumer_key', 255).notNullable();
        // v1.<iv>.<ciphertext>.<tag> with the consumer key as associated data.
        t.text('encrypted_secret').notNullable();
        stamps(t);
        t.unique(['consumer_key'], { indexName: 'lms_lti11_consumers_key_uq' });
      });
      await knex.schema.createTable(TABLES.consumerCourses, (t) => {
        t.integer('consumer_id').unsigned().notNullable().references('id').inTable(TABLES.consumers).onDelete('CASCADE');
        t.string('course_document_id', 64).notNullable();
        t.primary(['consumer_id', 'course_document_id'], 'lms_lti11_consumer_courses_pk');
      });
      // lis_result_sourcedid per learner and link: where Basic Outcomes replaceResult goes.
      await knex.schema.createTable(TABLES.outcomes, (t) => {
        t.increments('id');
        t.integer('consumer_id').unsigned().notNullable().references('id').inTable(TABLES.consumers).onDelete('CASCADE');
        t.integer('user_id').notNullable();
        t.string('resource_link_id', 255).notNullable();
        t.string('course_document_id', 64).notNullable();
        t.string('quiz_document_id', 64).nullable();
        t.string('service_url', 1000).notNullable();
        t.string('sourced_id', 1000).notNullable();
        stamps(t);
        t.unique(['consumer_id', 'resource_link_id', 'user_id'], { indexName: 'lms_lti11_outcomes_uq' });
        t.index(['user_id', 'course_document_id'], 'lms_lti11_outcomes_user_course_idx');
      });

      // Every grade sent (or to be sent) to a platform: the admin's view of grade passback.
      await knex.schema.createTable(TABLES.passbacks, (t) => {
        t.increments('id');
        t.enu('kind', ['ags', 'lti11']).notNullable();
        t.integer('resource_link_id').unsigned().nullable().references('id').inTable(TABLES.resourceLinks).onDelete('CASCADE');
        t.integer('outcome_id').unsigned().nullable().references('id').inTable(TABLES.outcomes).onDelete('CASCADE');
        t.integer('user_id').notNullable();
        t.string('course_document_id', 64).notNullable();
        // quiz:<documentId> or course:<documentId>
        t.string('resource_id', 200).notNullable();
        t.string('label', 500).notNullable();
        t.decimal('score_given', 14, 4).notNullable();
        t.decimal('score_maximum', 14, 4).notNullable();
        // The domain event that caused it (one passback per event and target).
        t.string('event_id', 64).notNullable();
        t.timestamp('graded_at', { useTz: true }).notNullable();
        t.enu('status', [...PASSBACK_STATUSES]).notNullable();
        t.integer('attempts').notNullable().defaultTo(0);
        t.text('last_error').nullable();
        t.timestamp('sent_at', { useTz: true }).nullable();
        stamps(t);
        // "ags:<resource link row>" or "lti11:<outcome row>": unique with the event (NULLs would not be).
        t.string('target', 64).notNullable();
        t.unique(['event_id', 'target'], { indexName: 'lms_lti_passbacks_event_target_uq' });
        t.index(['status'], 'lms_lti_passbacks_status_idx');
      });

      // Login state, used nonces and hand-off tokens when there is no Redis (inline mode).
      await knex.schema.createTable(TABLES.kv, (t) => {
        t.string('key', 300).primary();
        t.text('value').notNullable();
        t.timestamp('expires_at', { useTz: true }).notNullable();
        t.index(['expires_at'], 'lms_lti_kv_expires_idx');
      });
    },
  },
];
