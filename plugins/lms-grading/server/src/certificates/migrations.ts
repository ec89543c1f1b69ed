import type { PluginMigration } from '@lms/plugin-lms-core/server';
import { CERTIFICATE_STATUSES } from '../domain';

export const CERTIFICATES_TABLE = 'lms_certificates';

/**
 * One row per issued certificate. `enrollment_id` is unique: issuing twice for one enrollment is
 * impossible whatever delivers the event how often. The learner's name and the course title are
 * copied as printed, so verification shows what the PDF says even after a rename (regeneration
 * refreshes them). Users by users-permissions id and enrollments by id, without foreign keys, as
 * everywhere in the LMS (lms-enrollment owns its table and may archive rows).
 */
export const certificateMigrations: PluginMigration[] = [
  {
    name: '401-certificates',
    async up(knex) {
      await knex.schema.createTable(CERTIFICATES_TABLE, (t) => {
        t.increments('id');
        t.integer('user_id').notNullable();
        t.integer('enrollment_id').notNullable().unique('lms_certificates_enrollment_uq');
        t.string('course_document_id', 64).notNullable();
        // null: rendered with the built-in default template (the course had none).
        t.string('template_document_id', 64).nullable();
        // Canonical XXXX-XXXX-XXXX-XXXX.
        t.string('code', 32).notNullable().unique('lms_certificates_code_uq');
        t.string('learner_name', 200).notNullable();
        t.string('course_title', 300).notNullable();
        t.timestamp('issued_at', { useTz: true }).notNullable();
        // Key in the private file store (storage/private-files.ts).
        t.string('file_key', 512).notNullable();
        t.string('sha256', 64).notNullable();
        t.enu('status', [...CERTIFICATE_STATUSES]).notNullable();
        t.timestamp('revoked_at', { useTz: true }).nullable();
        t.text('revoked_reason').nullable();
        t.string('revoked_by', 64).nullable();
        t.timestamp('regenerated_at', { useTz: true }).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.index(['user_id'], 'lms_certificates_user_idx');
        t.index(['course_document_id'], 'lms_certificates_course_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(CERTIFICATES_TABLE);
    },
  },
];
