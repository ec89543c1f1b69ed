import type { PluginMigration } from '@lms/plugin-lms-core/server';

/** Summary tables owned by lms-analytics: only its consumers, its ledger refresh and its rebuild write them. */
export const TABLES = {
  learners: 'lms_analytics_learners',
  learnerCourses: 'lms_analytics_learner_courses',
  learnerLessons: 'lms_analytics_learner_lessons',
  courses: 'lms_analytics_courses',
  courseDays: 'lms_analytics_course_days',
  lessons: 'lms_analytics_lessons',
  quizAttempts: 'lms_analytics_quiz_attempts',
  quizzes: 'lms_analytics_quizzes',
  submissions: 'lms_analytics_submissions',
  revenueMonths: 'lms_analytics_revenue_months',
  instructorMonths: 'lms_analytics_instructor_months',
  liabilities: 'lms_analytics_liabilities',
  state: 'lms_analytics_state',
} as const;

/**
 * Knex schema builder, PostgreSQL and SQLite. Ids as everywhere: learners by users-permissions id,
 * authored content by documentId, money in integer minor units (`bigInteger`). Instants are
 * written by the application. Every dashboard query is served by one of these indexes.
 */
export const migrations: PluginMigration[] = [
  {
    name: '001-summaries',
    async up(knex) {
      await knex.schema.createTable(TABLES.learners, (t) => {
        t.integer('learner_id').primary('lms_analytics_learners_pk');
        t.timestamp('first_enrolled_at', { useTz: true }).nullable();
        t.timestamp('last_active_at', { useTz: true }).nullable();
        t.index(['last_active_at'], 'lms_analytics_learners_active_idx');
      });
      await knex.schema.createTable(TABLES.learnerCourses, (t) => {
        t.integer('learner_id').notNullable();
        t.string('course_id', 64).notNullable();
        t.timestamp('enrolled_at', { useTz: true }).notNullable();
        // active | completed | ended
        t.string('status', 16).notNullable();
        t.integer('lessons_completed').notNullable().defaultTo(0);
        t.timestamp('completed_at', { useTz: true }).nullable();
        t.timestamp('last_active_at', { useTz: true }).nullable();
        t.primary(['learner_id', 'course_id'], 'lms_analytics_learner_courses_pk');
        t.index(['course_id', 'last_active_at'], 'lms_analytics_learner_courses_active_idx');
      });
      await knex.schema.createTable(TABLES.learnerLessons, (t) => {
        t.integer('learner_id').notNullable();
        t.string('lesson_id', 64).notNullable();
        t.string('course_id', 64).notNullable();
        t.timestamp('completed_at', { useTz: true }).notNullable();
        t.primary(['learner_id', 'lesson_id'], 'lms_analytics_learner_lessons_pk');
        t.index(['learner_id', 'completed_at'], 'lms_analytics_learner_lessons_time_idx');
      });
      await knex.schema.createTable(TABLES.courses, (t) => {
        t.string('course_id', 64).primary('lms_analytics_courses_pk');
        // Enrollments ever granted (a re-opened enrollment is not a new one), active now, completed.
        t.integer('enrollments').notNullable().defaultTo(0);
        t.integer('active').notNullable().defaultTo(0);
        t.integer('completions').notNullable().defaultTo(0);
        t.integer('lessons_completed').notNullable().defaultTo(0);
        t.timestamp('last_active_at', { useTz: true }).nullable();
        t.index(['enrollments'], 'lms_analytics_courses_enrollments_idx');
      });
      await knex.schema.createTable(TABLES.courseDays, (t) => {
        t.string('course_id', 64).notNullable();
        t.string('day', 10).notNullable();
        t.integer('enrollments').notNullable().defaultTo(0);
        t.integer('completions').notNullable().defaultTo(0);
        t.integer('lessons_completed').notNullable().defaultTo(0);
        t.primary(['course_id', 'day'], 'lms_analytics_course_days_pk');
        t.index(['day'], 'lms_analytics_course_days_day_idx');
      });
      await knex.schema.createTable(TABLES.lessons, (t) => {
        t.string('course_id', 64).notNullable();
        t.string('lesson_id', 64).notNullable();
        t.integer('completions').notNullable().defaultTo(0);
        t.primary(['course_id', 'lesson_id'], 'lms_analytics_lessons_pk');
      });
      await knex.schema.createTable(TABLES.quizAttempts, (t) => {
        // One row per graded attempt; a re-grade replaces its figures.
        t.integer('attempt_id').primary('lms_analytics_quiz_attempts_pk');
        t.integer('learner_id').notNullable();
        t.string('course_id', 64).notNullable();
        t.string('quiz_id', 64).notNullable();
        t.double('score').notNullable();
        t.double('max_score').notNullable();
        t.boolean('passed').notNullable();
        t.timestamp('graded_at', { useTz: true }).notNullable();
        t.index(['quiz_id', 'learner_id'], 'lms_analytics_quiz_attempts_quiz_idx');
        t.index(['learner_id'], 'lms_analytics_quiz_attempts_learner_idx');
      });
      await knex.schema.createTable(TABLES.quizzes, (t) => {
        // Sums over quiz_attempts, kept by the consumer (a re-grade moves them by the difference).
        t.string('quiz_id', 64).primary('lms_analytics_quizzes_pk');
        t.string('course_id', 64).notNullable();
        t.integer('attempts').notNullable().defaultTo(0);
        t.integer('learners').notNullable().defaultTo(0);
        t.integer('passed').notNullable().defaultTo(0);
        t.double('score_sum').notNullable().defaultTo(0);
        t.double('max_sum').notNullable().defaultTo(0);
        t.index(['course_id'], 'lms_analytics_quizzes_course_idx');
      });
      await knex.schema.createTable(TABLES.submissions, (t) => {
        t.integer('submission_id').primary('lms_analytics_submissions_pk');
        t.integer('learner_id').notNullable();
        t.string('course_id', 64).notNullable();
        t.string('assignment_id', 64).notNullable();
        // submitted (waiting for a grader) | graded | returned
        t.string('state', 16).notNullable();
        t.timestamp('submitted_at', { useTz: true }).nullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.index(['course_id', 'state'], 'lms_analytics_submissions_backlog_idx');
        t.index(['state', 'course_id'], 'lms_analytics_submissions_state_idx');
      });
      await knex.schema.createTable(TABLES.revenueMonths, (t) => {
        // '' for ledger transactions without a course.
        t.string('course_id', 64).notNullable();
        t.string('currency', 3).notNullable();
        t.string('month', 7).notNullable();
        t.integer('sales').notNullable().defaultTo(0);
        t.bigInteger('gross').notNullable().defaultTo(0);
        t.bigInteger('returned').notNullable().defaultTo(0);
        t.bigInteger('vat').notNullable().defaultTo(0);
        t.bigInteger('fees').notNullable().defaultTo(0);
        t.bigInteger('platform').notNullable().defaultTo(0);
        t.bigInteger('instructors').notNullable().defaultTo(0);
        t.primary(['course_id', 'currency', 'month'], 'lms_analytics_revenue_months_pk');
      });
      await knex.schema.createTable(TABLES.instructorMonths, (t) => {
        t.string('instructor_id', 64).notNullable();
        t.string('currency', 3).notNullable();
        t.string('month', 7).notNullable();
        t.bigInteger('earned').notNullable().defaultTo(0);
        t.primary(['instructor_id', 'currency', 'month'], 'lms_analytics_instructor_months_pk');
      });
      await knex.schema.createTable(TABLES.liabilities, (t) => {
        t.string('instructor_id', 64).notNullable();
        t.string('currency', 3).notNullable();
        t.bigInteger('owed').notNullable().defaultTo(0);
        t.primary(['instructor_id', 'currency'], 'lms_analytics_liabilities_pk');
      });
      await knex.schema.createTable(TABLES.state, (t) => {
        t.string('key', 64).primary('lms_analytics_state_pk');
        t.text('value').notNullable();
      });
    },
  },
];
