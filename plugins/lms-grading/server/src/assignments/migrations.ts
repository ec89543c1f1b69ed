import { isPostgres, type PluginMigration } from '@lms/plugin-lms-core/server';
import { SUBMISSION_STATUSES } from './domain/submission-rules';

export const SUBMISSIONS_TABLE = 'lms_assignment_submissions';
export const FILES_TABLE = 'lms_assignment_files';

/**
 * Assignment submissions and their files (knex schema builder; PostgreSQL and SQLite). Every
 * attempt is kept: a resubmission inserts a new row with the next attempt number and clears
 * `is_current` on the previous one. The partial unique index makes "one current submission per
 * learner and assignment" a database rule, and (user, assignment, attempt) is unique so two
 * racing submissions cannot both become attempt N. Points are millipoints (integers).
 * Timestamps are written by the application; learners and graders are referred to by id
 * without a foreign key (Strapi owns those tables).
 */
export const assignmentMigrations: PluginMigration[] = [
  {
    name: '201-assignment-submissions',
    async up(knex) {
      await knex.schema.createTable(SUBMISSIONS_TABLE, (t) => {
        t.increments('id');
        t.integer('user_id').notNullable();
        t.string('assignment_document_id', 64).notNullable();
        t.string('course_document_id', 64).notNullable();
        t.integer('attempt').notNullable();
        t.check('?? >= 1', ['attempt'], 'lms_assignment_submissions_attempt_ck');
        t.boolean('is_current').notNullable();
        t.text('text').nullable();
        t.enu('status', [...SUBMISSION_STATUSES]).notNullable();
        t.timestamp('submitted_at', { useTz: true }).notNullable();
        t.boolean('late').notNullable();
        // The grade (null until graded). max/pass are the assignment's at grading time.
        t.integer('score').nullable();
        t.integer('max_score').nullable();
        t.integer('pass_score').nullable();
        t.boolean('passed').nullable();
        t.check('?? IS NULL OR (?? >= 0 AND ?? <= ??)', ['score', 'score', 'score', 'max_score'], 'lms_assignment_submissions_score_ck');
        // Rubric breakdown with criterion titles, level labels and points (not only component
        // ids, which change when the assignment is re-published) and the one-line explanation.
        t.text('rubric_breakdown').nullable();
        t.text('score_summary').nullable();
        t.text('feedback').nullable();
        t.integer('grader_admin_id').nullable();
        t.string('grader_name', 255).nullable();
        t.timestamp('graded_at', { useTz: true }).nullable();
        // Return for resubmission: its own message and author, so a return after grading keeps the grade's feedback.
        t.text('return_feedback').nullable();
        t.integer('returned_by_admin_id').nullable();
        t.string('returned_by_name', 255).nullable();
        t.timestamp('returned_at', { useTz: true }).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.unique(['user_id', 'assignment_document_id', 'attempt'], { indexName: 'lms_assignment_submissions_attempt_uq' });
        t.index(['course_document_id', 'status'], 'lms_assignment_submissions_course_status_idx');
        t.index(['assignment_document_id'], 'lms_assignment_submissions_assignment_idx');
        t.index(['status', 'submitted_at'], 'lms_assignment_submissions_queue_idx');
      });
      // Partial unique index (PostgreSQL and SQLite both support WHERE on an index).
      await knex.schema.raw(
        `CREATE UNIQUE INDEX lms_assignment_submissions_current_uq ON ${SUBMISSIONS_TABLE} (user_id, assignment_document_id) WHERE is_current = ${isPostgres(knex) ? 'true' : '1'}`,
      );

      await knex.schema.createTable(FILES_TABLE, (t) => {
        t.increments('id');
        t.integer('submission_id').unsigned().notNullable().references('id').inTable(SUBMISSIONS_TABLE).onDelete('CASCADE');
        t.integer('position').notNullable();
        // Key in private storage: random, never derived from the learner's file name.
        t.string('file_key', 255).notNullable().unique('lms_assignment_files_key_uq');
        t.string('original_filename', 255).notNullable();
        t.string('content_type', 127).notNullable();
        t.bigInteger('size_bytes').notNullable();
        t.string('sha256', 64).notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.unique(['submission_id', 'position'], { indexName: 'lms_assignment_files_position_uq' });
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(FILES_TABLE);
      await knex.schema.dropTableIfExists(SUBMISSIONS_TABLE);
    },
  },
];
