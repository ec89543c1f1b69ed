import type { Core } from '@strapi/strapi';
import type { CompletionRequirementPort } from '../adapters/enrollment';
import { getService } from '../utils';
import { minimumGradeShortfall } from './cells';
import { minimumCourseGradeOf } from './service';

export const MINIMUM_COURSE_GRADE = 'minimum-course-grade';

/**
 * lms-enrollment's completion requirement "minimum-course-grade": when the published course sets
 * `minimumCourseGrade`, completion waits until the learner's course grade (gradebook rule: plain
 * mean of the graded items, an item without a grade counting 0) reaches it. Checked inside the
 * completing transaction with its `trx`, so a quiz or assignment grade written in that same
 * transaction (they call recheckCompletion after grading) is counted.
 */
export function minimumCourseGradeRequirement(strapi: Core.Strapi): CompletionRequirementPort {
  return {
    name: MINIMUM_COURSE_GRADE,
    async check({ trx, enrollment, course }) {
      const minimum = await minimumCourseGradeOf(strapi, course.documentId);
      if (minimum === null) return { name: MINIMUM_COURSE_GRADE, met: true };
      const view = await getService(strapi, 'gradebook').courseGradeOf(trx, enrollment.userId, course, minimum);
      const shortfall = minimumGradeShortfall(view);
      return shortfall ? { name: MINIMUM_COURSE_GRADE, met: false, missing: shortfall } : { name: MINIMUM_COURSE_GRADE, met: true };
    },
  };
}
