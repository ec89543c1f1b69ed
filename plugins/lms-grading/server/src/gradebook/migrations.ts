import type { PluginMigration } from '@lms/plugin-lms-core/server';

export const ITEM_ANALYSIS_TABLE = 'lms_item_analysis';
export const ITEM_ANALYSIS_RUNS_TABLE = 'lms_item_analysis_runs';

/**
 * Item analysis per quiz question, and one bookkeeping row per quiz for the background job.
 *
 * lms_item_analysis: the latest figures, replaced as a whole on every computation (one row per
 * question fingerprint, see domain/item-analysis.ts). Statistics are floats (not money; rounded to
 * 4 decimals by the domain).
 *
 * lms_item_analysis_runs: `graded_events` counts the `quiz.graded` events consumed for the quiz,
 * `analysed_events` the count the last computation covered; the job recomputes only when they
 * differ (attempts changed) and at most once per window after `computed_at` (the debounce).
 * Timestamps are written by the application.
 */
export const gradebookMigrations: PluginMigration[] = [
  {
    name: '301-item-analysis',
    async up(knex) {
      await knex.schema.createTable(ITEM_ANALYSIS_TABLE, (t) => {
        t.increments('id');
        t.string('quiz_document_id', 64).notNullable();
        t.string('question_id', 64).notNullable();
        t.integer('position').notNullable();
        t.string('question_type', 32).notNullable();
        t.text('prompt').notNullable();
        t.integer('n').notNullable().checkPositive('lms_item_analysis_n_ck');
        t.double('facility').nullable();
        t.double('discrimination').nullable();
        t.text('top_wrong_option').nullable();
        t.integer('top_wrong_option_count').nullable();
        t.timestamp('computed_at', { useTz: true }).notNullable();
        t.unique(['quiz_document_id', 'question_id'], { indexName: 'lms_item_analysis_quiz_question_uq' });
      });

      await knex.schema.createTable(ITEM_ANALYSIS_RUNS_TABLE, (t) => {
        t.string('quiz_document_id', 64).primary('lms_item_analysis_runs_pk');
        t.string('course_document_id', 64).nullable();
        t.integer('graded_events').notNullable().defaultTo(0);
        t.integer('analysed_events').notNullable().defaultTo(0);
        t.integer('attempts_analysed').notNullable().defaultTo(0);
        t.timestamp('requested_at', { useTz: true }).nullable();
        t.timestamp('computed_at', { useTz: true }).nullable();
        // How long the last computation took: the debounce window grows with it.
        t.integer('duration_ms').nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        // The bootstrap catch-up looks for quizzes with gradings not analysed yet.
        t.index(['computed_at'], 'lms_item_analysis_runs_computed_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(ITEM_ANALYSIS_RUNS_TABLE);
      await knex.schema.dropTableIfExists(ITEM_ANALYSIS_TABLE);
    },
  },
];
