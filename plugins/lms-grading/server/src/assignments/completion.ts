import type { Core } from '@strapi/strapi';
import { enrollmentsOf, type CompletionRequirementPort } from '../adapters/enrollment';
import { evaluateCompletion } from '../domain';
import { courseGradedItems } from '../quizzes/course-items';
import { assignmentStatuses } from './store';

export const ASSIGNMENTS_REQUIREMENT = 'assignments-passed';

/**
 * Course completion waits for assignments: every published assignment in a lesson block with
 * `countsTowardCompletion` must be graded at or above its pass score (the learner's current
 * attempt; a returned or ungraded one holds the course open). Evaluated by the domain's
 * `evaluateCompletion` inside lms-enrollment's completing transaction, so it reads the grade
 * written in that same transaction.
 */
export function assignmentsRequirement(strapi: Core.Strapi): CompletionRequirementPort {
  return {
    name: ASSIGNMENTS_REQUIREMENT,
    async check({ trx, enrollment, course }) {
      const { assignments } = await courseGradedItems(strapi, course.documentId, course);
      if (assignments.length === 0) return { name: ASSIGNMENTS_REQUIREMENT, met: true };
      const ids = assignments.map((a) => a.documentId);
      const statuses = (await assignmentStatuses(trx, [enrollment.userId], ids)).get(enrollment.userId) ?? {};
      const result = evaluateCompletion(
        { requiredLessonIds: [], gradedQuizIds: [], gradedAssignmentIds: ids, minimumCourseGrade: null },
        { completedLessonIds: [], quizGrades: {}, assignments: statuses },
      );
      if (result.complete) return { name: ASSIGNMENTS_REQUIREMENT, met: true };
      const title = new Map(assignments.map((a) => [a.documentId, a.title]));
      const missing = result.missing.map((m) => (m.kind === 'assignment' ? `"${title.get(m.assignmentId) ?? m.assignmentId}": ${m.message}` : m.message));
      return { name: ASSIGNMENTS_REQUIREMENT, met: false, missing: missing.join('; ') };
    },
  };
}

export function registerAssignmentsRequirement(strapi: Core.Strapi): void {
  enrollmentsOf(strapi).addCompletionRequirement(assignmentsRequirement(strapi));
}
