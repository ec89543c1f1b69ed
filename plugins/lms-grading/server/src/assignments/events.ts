/**
 * Events of the assignments concern, added to lms-core's payload map. As everywhere:
 * `learnerId` is the users-permissions user id, `courseId`/`assignmentId` Strapi documentIds,
 * `submissionId` the row id in lms_assignment_submissions; points are millipoints (2.5 points
 * = 2500), instants ISO 8601 UTC.
 */
declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /** A learner handed in an attempt (first or resubmission). */
    'assignment.submitted': {
      learnerId: number;
      courseId: string;
      assignmentId: string;
      submissionId: number;
      attempt: number;
      late: boolean;
      fileCount: number;
      submittedAt: string;
    };
    /** An instructor graded (or re-graded) a submission; the pass mark was applied by the grader. */
    'assignment.graded': {
      learnerId: number;
      courseId: string;
      assignmentId: string;
      submissionId: number;
      scoreMillipoints: number;
      maxMillipoints: number;
      passed: boolean;
      gradedAt: string;
      /** Admin user id of the grader. */
      graderId: number;
    };
    /** An instructor returned a submission for another attempt. */
    'assignment.returned': {
      learnerId: number;
      courseId: string;
      assignmentId: string;
      submissionId: number;
      returnedAt: string;
    };
  }
}

export {};
