import type { Core } from '@strapi/strapi';
import { enrollmentsOf } from '../adapters/enrollment';
import type { GradingConcern } from '../concern';
import { createQuizAttemptsService } from './attempts';
import { quizzesPassedRequirement } from './completion';
import { createQuizGradingController, createQuizzesController } from './controllers';
import { createQuizGradingService } from './grading';
import { quizMigrations } from './migrations';
import { QUIZ_LEARNER_ACTIONS, quizAdminRoutes, quizContentApiRoutes } from './routes';
import { scheduleExpiredAttemptSweep } from './sweep';

export { courseGradedItems, type CourseGradedItems, type GradedItem } from './course-items';
export { quizGradesOf } from './attempt-flow';
export { ATTEMPTS_TABLE, ANSWERS_TABLE, ATTEMPT_STATUSES } from './migrations';

/**
 * Quizzes: attempts (draw, autosave, submit, deadlines), automatic grading, the essay queue and
 * manual grades, `quiz.graded`, and the "quizzes-passed" completion requirement.
 * Tables: lms_quiz_attempts, lms_quiz_answers (migration 101). Contracts: contracts.ts.
 */
export const quizzesServices = {
  quizAttempts: createQuizAttemptsService,
  quizGrading: createQuizGradingService,
};

export const quizzesControllers = {
  quizzes: createQuizzesController,
  quizGrading: createQuizGradingController,
};

export const quizzes: GradingConcern = {
  migrations: quizMigrations,
  contentApiRoutes: quizContentApiRoutes,
  adminRoutes: quizAdminRoutes,
  learnerActions: QUIZ_LEARNER_ACTIONS,
  register(strapi: Core.Strapi) {
    enrollmentsOf(strapi).addCompletionRequirement(quizzesPassedRequirement(strapi));
  },
  bootstrap(strapi: Core.Strapi) {
    // Expired open attempts are submitted by this sweep; reads and submits past the deadline
    // submit them too, so a learner never waits for it.
    scheduleExpiredAttemptSweep(strapi, () => createQuizAttemptsService({ strapi }).submitExpiredAttempts());
  },
};
