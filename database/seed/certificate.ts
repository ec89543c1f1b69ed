/**
 * The demo certificate: one demo learner has finished a free course and holds its certificate,
 * so a newcomer can verify one at once. Made the way a learner gets one: enrolled and every lesson
 * completed through lms-enrollment's services (which emit course.completed), then issued by
 * lms-grading's certificates service, which is also what the worker's consumer calls; whichever
 * runs first issues it and the other finds it (one certificate per enrollment). Idempotent.
 */
import type { Core } from '@strapi/strapi';

/** Who holds it, and for which course (a free course without quizzes or assignments). */
export const DEMO_CERTIFICATE = { learnerEmail: 'emma.vandermerwe@example.com', courseSlug: 'git-for-everyday-work' } as const;

export interface DemoCertificateSummary {
  learnerEmail: string;
  courseSlug: string;
  code: string;
  /** The public verification page on the site. */
  verifyUrl: string;
}

// The services this step calls, typed once (each plugin keeps its own types internal).
interface EnrollmentsLike {
  enroll(userId: number, courseDocumentId: string): Promise<{ enrollment: { id: number; status: string }; created: boolean }>;
}
interface ContentLike {
  getCourseStructure(courseDocumentId: string): Promise<{ sections: Array<{ lessons: Array<{ documentId: string }> }> } | null>;
}
interface LearningLike {
  completeLesson(userId: number, lessonDocumentId: string): Promise<unknown>;
}
interface CertificatesLike {
  issueForEnrollment(input: { enrollmentId: number; learnerId: number; courseDocumentId: string }): Promise<{ certificate: { code: string }; created: boolean }>;
}

export async function seedDemoCertificate(
  strapi: Core.Strapi,
  input: { learnerId: number; courseDocumentId: string; siteUrl: string },
): Promise<{ summary: DemoCertificateSummary; created: boolean }> {
  const enrollments = strapi.plugin('lms-enrollment').service('enrollments') as unknown as EnrollmentsLike;
  const content = strapi.plugin('lms-enrollment').service('content') as unknown as ContentLike;
  const learning = strapi.plugin('lms-enrollment').service('learning') as unknown as LearningLike;
  const certificates = strapi.plugin('lms-grading').service('certificates') as unknown as CertificatesLike;

  const { enrollment } = await enrollments.enroll(input.learnerId, input.courseDocumentId);
  if (enrollment.status === 'active') {
    const course = await content.getCourseStructure(input.courseDocumentId);
    if (!course) throw new Error(`the demo certificate's course ${DEMO_CERTIFICATE.courseSlug} is not published`);
    // In course order: a lesson may require the one before it. Completed ones are left as they are.
    for (const lesson of course.sections.flatMap((s) => s.lessons)) await learning.completeLesson(input.learnerId, lesson.documentId);
  }
  const { certificate, created } = await certificates.issueForEnrollment({
    enrollmentId: enrollment.id,
    learnerId: input.learnerId,
    courseDocumentId: input.courseDocumentId,
  });
  return {
    created,
    summary: { ...DEMO_CERTIFICATE, code: certificate.code, verifyUrl: `${input.siteUrl}/verify/${certificate.code}` },
  };
}
