/**
 * Request and response shapes of lms-enrollment's admin routes (`/lms-enrollment/admin/...`),
 * shared by the server controller and the admin page (type-only import).
 */
import type { CourseRef, EnrollmentSource, EnrollmentStatus } from './index';

export interface AdminLearnerRef {
  id: number;
  email: string | null;
  username: string | null;
}

export interface AdminEnrollment {
  id: number;
  learner: AdminLearnerRef;
  course: CourseRef;
  status: EnrollmentStatus;
  source: EnrollmentSource;
  sourceRef: string | null;
  reason: string | null;
  /** Who ended it: "admin:<id>", "webhook", "system", ... */
  endedBy: string | null;
  progress: number;
  enrolledAt: string;
  completedAt: string | null;
  endedAt: string | null;
  lastActivityAt: string | null;
}

/**
 * GET /lms-enrollment/admin/enrollments?learner=&course=&status=&page=&pageSize=
 * GET /lms-enrollment/admin/enrollments.csv?learner=&course=&status=   (text/csv, same filters)
 */
export interface AdminEnrollmentQuery {
  /** Part of the learner's email or username. */
  learner?: string;
  /** Part of the course title, or its documentId. */
  course?: string;
  status?: EnrollmentStatus;
  page?: string;
  pageSize?: string;
}

export interface AdminEnrollmentListResponse {
  data: AdminEnrollment[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/** POST /lms-enrollment/admin/enrollments */
export interface AdminGrantRequest {
  /** The learner's email, or their users-permissions id. */
  learner: string | number;
  /** documentId of the course. */
  course: string;
  reason: string;
}

export interface AdminEnrollmentResponse {
  data: AdminEnrollment;
  meta: { created: boolean; reactivated: boolean; changed: boolean };
}

/** POST /lms-enrollment/admin/enrollments/:id/revoke */
export interface AdminRevokeRequest {
  reason: string;
}

/** GET /lms-enrollment/admin/learners?q=  and  GET /lms-enrollment/admin/courses?q=  (pickers) */
export interface AdminLearnerSearchResponse {
  data: AdminLearnerRef[];
}
export interface AdminCourseSearchResponse {
  data: Array<CourseRef & { published: boolean }>;
}
