import type { PluginMigration } from '@lms/plugin-lms-core/server';

export const ATTEMPTS_TABLE = 'lms_quiz_attempts';
export const ANSWERS_TABLE = 'lms_quiz_answers';

/**
 * open: the learner is answering; pending_review: submitted, an essay waits for an instructor;
 * graded: every question has its points. Submission grades in the same transaction, so there is
 * no "submitted but not yet graded" state to store.
 */
export const ATTEMPT_STATUSES = ['open', 'pending_review', 'graded'] as const;
export const ANSWER_GRADE_STATUSES = ['pending_review', 'graded'] as const;
export const GRADER_KINDS = ['auto', 'instructor'] as const;

/**
 * Quiz attempts and their answers. Points are integer millipoints (bigInteger for totals), the
 * percentage integer basis points (docs/decisions/012-grading-arithmetic.md). `paper` is the
 * attempt as drawn (questions, keys and the seed's shuffles): server-only, it holds the answer
 * keys. Users are referred to by their users-permissions id without a foreign key, authored content
 * by documentId; timestamps are written by the application.
 */
export const quizMigrations: PluginMigration[] = [
  {
    name: '101-quiz-attempts-answers',
    async up(knex) {
      await knex.schema.createTable(ATTEMPTS_TABLE, (t) => {
        t.increments('id');
        t.integer('user_id').notNullable();
        t.string('quiz_document_id', 64).notNullable();
        t.string('course_document_id', 64).notNullable();
        t.integer('number').notNullable();
        t.check('?? >= 1', ['number'], 'lms_quiz_attempts_number_ck');
        t.string('seed', 64).notNullable();
        t.jsonb('paper').notNullable();
        // The pass mark the attempt is graded against, as it was when the attempt started.
        t.integer('passing_score').notNullable().checkBetween([0, 100], 'lms_quiz_attempts_passing_ck');
        t.timestamp('started_at', { useTz: true }).notNullable();
        // min(start + time limit, quiz due date); null: no limit.
        t.timestamp('deadline', { useTz: true }).nullable();
        t.timestamp('submitted_at', { useTz: true }).nullable();
        // true when the deadline submitted it (the scheduled sweep, or a late read), not the learner.
        t.boolean('auto_submitted').notNullable().defaultTo(false);
        t.enu('status', [...ATTEMPT_STATUSES]).notNullable();
        t.bigInteger('score').nullable();
        t.bigInteger('max_score').notNullable();
        t.bigInteger('pending_points').notNullable().defaultTo(0);
        t.check('?? >= 0 AND ?? <= ??', ['score', 'score', 'max_score'], 'lms_quiz_attempts_score_ck');
        t.integer('percent').nullable().checkBetween([0, 10_000], 'lms_quiz_attempts_percent_ck');
        t.boolean('passed').nullable();
        t.timestamp('graded_at', { useTz: true }).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.unique(['user_id', 'quiz_document_id', 'number'], { indexName: 'lms_quiz_attempts_user_quiz_number_uq' });
        t.index(['quiz_document_id'], 'lms_quiz_attempts_quiz_idx');
        t.index(['course_document_id'], 'lms_quiz_attempts_course_idx');
        // The sweep of expired open attempts.
        t.index(['status', 'deadline'], 'lms_quiz_attempts_status_deadline_idx');
      });

      await knex.schema.createTable(ANSWERS_TABLE, (t) => {
        t.increments('id');
        t.integer('attempt_id').unsigned().notNullable().references('id').inTable(ATTEMPTS_TABLE).onDelete('CASCADE');
        // The attempt's opaque question id (see domain/attempt.ts).
        t.string('question_id', 64).notNullable();
        t.string('question_type', 32).notNullable();
        // The parsed answer (domain Answer); null for a question never answered (a row made at grading).
        t.jsonb('answer').nullable();
        t.timestamp('saved_at', { useTz: true }).nullable();
        t.enu('grade_status', [...ANSWER_GRADE_STATUSES]).nullable();
        t.bigInteger('points_awarded').nullable();
        // The domain QuestionGrade: parts, rule and summary, i.e. the explanation of the points.
        t.jsonb('grade').nullable();
        t.enu('grader_kind', [...GRADER_KINDS]).nullable();
        t.string('grader_id', 64).nullable();
        t.string('grader_name', 255).nullable();
        t.timestamp('graded_at', { useTz: true }).nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable();
        t.unique(['attempt_id', 'question_id'], { indexName: 'lms_quiz_answers_attempt_question_uq' });
        // The manual grading queue.
        t.index(['grade_status', 'question_type'], 'lms_quiz_answers_queue_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(ANSWERS_TABLE);
      await knex.schema.dropTableIfExists(ATTEMPTS_TABLE);
    },
  },
  {
    // Immediate feedback: when the learner checked the question during the attempt (its answer is
    // final from then on). Null: never checked.
    name: '102-quiz-answer-checked-at',
    async up(knex) {
      await knex.schema.alterTable(ANSWERS_TABLE, (t) => {
        t.timestamp('checked_at', { useTz: true }).nullable();
      });
    },
    async down(knex) {
      await knex.schema.alterTable(ANSWERS_TABLE, (t) => {
        t.dropColumn('checked_at');
      });
    },
  },
];
