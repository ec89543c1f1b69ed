import type { Core } from '@strapi/strapi';
import type { CompletionRequirementPort } from '../adapters/enrollment';
import { evaluateCompletion } from '../domain';
import { quizGradesOf } from './attempt-flow';
import { courseGradedItems } from './course-items';

export const QUIZZES_PASSED = 'quizzes-passed';

/**
 * lms-enrollment's completion requirement "quizzes-passed": every quiz of the course's lessons
 * whose block counts toward completion has a passing quiz grade (the quiz's attempt policy and pass
 * mark). Checked inside the completing transaction with its `trx`, so a grade written in the same
 * transaction (submit → recheckCompletion) is seen.
 */
export function quizzesPassedRequirement(strapi: Core.Strapi): CompletionRequirementPort {
  return {
    name: QUIZZES_PASSED,
    async check({ trx, enrollment, course }) {
      const { quizzes } = await courseGradedItems(strapi, course.documentId, course);
      if (quizzes.length === 0) return { name: QUIZZES_PASSED, met: true };
      const quizIds = quizzes.map((q) => q.documentId);
      const grades = await quizGradesOf(strapi, trx, enrollment.userId, quizIds);
      const { complete, missing } = evaluateCompletion(
        { requiredLessonIds: [], gradedQuizIds: quizIds, gradedAssignmentIds: [], minimumCourseGrade: null },
        { completedLessonIds: [], quizGrades: grades, assignments: {} },
      );
      if (complete) return { name: QUIZZES_PASSED, met: true };
      const titles = new Map(quizzes.map((q) => [q.documentId, q.title]));
      return {
        name: QUIZZES_PASSED,
        met: false,
        missing: missing.map((m) => (m.kind === 'quiz' ? `"${titles.get(m.quizId) ?? m.quizId}": ${m.message}` : m.message)).join('; '),
      };
    },
  };
}
