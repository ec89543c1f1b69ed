import type { EndedEnrollmentStatus, EnrollmentSource } from './domain/types';

/**
 * Events lms-enrollment emits, added to lms-core's payload map. `lesson.completed` and
 * `course.completed` are declared by lms-core itself (other plugins consume them); as there,
 * `courseId`/`lessonId` are Strapi documentIds and `learnerId` the users-permissions user id.
 */
declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /** A learner gained access to a course: a new enrollment, or an ended one re-opened. */
    'enrollment.granted': {
      learnerId: number;
      courseId: string;
      enrollmentId: number;
      source: EnrollmentSource;
      sourceRef: string | null;
      /** True when an ended (refunded/revoked/expired) enrollment was re-opened. */
      reactivated: boolean;
      grantedAt: string;
    };
    /** A learner lost access to a course. */
    'enrollment.ended': {
      learnerId: number;
      courseId: string;
      enrollmentId: number;
      status: EndedEnrollmentStatus;
      reason: string | null;
      endedAt: string;
    };
  }
}

export {};
