import type { GradingConcern } from '../concern';
import './events';
import { registerAssignmentsRequirement } from './completion';
import { createAssignmentContentService } from './content';
import { createAssignmentAdminController, createAssignmentLearnerController } from './controllers';
import { assignmentMigrations } from './migrations';
import { ASSIGNMENT_LEARNER_ACTIONS, assignmentAdminRoutes, assignmentContentApiRoutes } from './routes';
import { createAssignmentsService } from './service';

/**
 * Assignments: learners hand in text and files (private storage, signed download links);
 * instructors grade their courses' submissions with the rubric or a score, give feedback, or
 * return them for another attempt; course completion waits for every counted assignment to pass.
 * Tables: lms_assignment_submissions, lms_assignment_files (migrations "2xx-").
 */
export const assignmentsServices = {
  assignments: createAssignmentsService,
  assignmentContent: createAssignmentContentService,
};

export const assignmentsControllers = {
  assignmentLearner: createAssignmentLearnerController,
  assignmentAdmin: createAssignmentAdminController,
};

export const assignments: GradingConcern = {
  migrations: assignmentMigrations,
  contentApiRoutes: assignmentContentApiRoutes,
  adminRoutes: assignmentAdminRoutes,
  learnerActions: ASSIGNMENT_LEARNER_ACTIONS,
  register(strapi) {
    registerAssignmentsRequirement(strapi);
  },
};

export { assignmentStatuses } from './store';
export type { AssignmentsService } from './service';
