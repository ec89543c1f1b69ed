import type { Core } from '@strapi/strapi';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import { enrollmentsOf } from '../adapters/enrollment';
import type { GradingConcern } from '../concern';
import { getService } from '../utils';
import { minimumCourseGradeRequirement } from './completion';
import { createGradebookAdminController, createGradebookLearnerController } from './controllers';
import { createItemAnalysisService, ITEM_ANALYSIS_CONSUMER, ITEM_ANALYSIS_JOB } from './item-analysis';
import { gradebookMigrations } from './migrations';
import { GRADEBOOK_LEARNER_ACTIONS, gradebookAdminRoutes, gradebookContentApiRoutes } from './routes';
import { createGradebookService } from './service';

/**
 * Gradebook and completion: learners × graded items per course with the course grade (admin
 * JSON and CSV), the learner's own grades, the "minimum-course-grade" completion requirement, and
 * item analysis per quiz question computed in the background off `quiz.graded`.
 * Tables: lms_item_analysis, lms_item_analysis_runs (migrations "3xx-"). Contracts: contracts.ts.
 */
export const gradebookServices = {
  gradebook: createGradebookService,
  itemAnalysis: createItemAnalysisService,
};

export const gradebookControllers = {
  gradebookAdmin: createGradebookAdminController,
  gradebookLearner: createGradebookLearnerController,
};

export const gradebook: GradingConcern = {
  migrations: gradebookMigrations,
  contentApiRoutes: gradebookContentApiRoutes,
  adminRoutes: gradebookAdminRoutes,
  learnerActions: GRADEBOOK_LEARNER_ACTIONS,
  register(strapi: Core.Strapi) {
    enrollmentsOf(strapi).addCompletionRequirement(minimumCourseGradeRequirement(strapi));
    const events = getLmsCoreService(strapi, 'events');
    events.subscribe(ITEM_ANALYSIS_CONSUMER, 'quiz.graded', (event, { trx }) => getService(strapi, 'itemAnalysis').onQuizGraded(event, trx));
    events.defineJob(ITEM_ANALYSIS_JOB, (data) => getService(strapi, 'itemAnalysis').runJob(data));
  },
  async bootstrap(strapi: Core.Strapi) {
    // Delayed jobs of the inline queue live in memory: pick up quizzes a restart left stale.
    // Before lms-core's bus runs (plugin order) there is nothing to enqueue with; the next
    // grading of those quizzes, or the admin's "Recompute", catches up then.
    if (getLmsCoreService(strapi, 'events').mode() === null) return;
    const stale = await getService(strapi, 'itemAnalysis').catchUp();
    if (stale > 0) strapi.log.info(`lms-grading: item analysis queued for ${stale} quiz(zes) with gradings not analysed yet`);
  },
};
