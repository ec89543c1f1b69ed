import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * lms-grading's typed view of lms-enrollment: the few services it calls, described structurally
 * (plugins never import each other's internals, see ARCHITECTURE.md). The one place that reaches
 * into the other plugin; tests under tests/integration exercise it against the real plugin.
 * Add a method here (additively) when a concern needs one more.
 */

export type EnrollmentStatus = 'active' | 'completed' | 'refunded' | 'revoked' | 'expired';

export interface EnrollmentView {
  id: number;
  userId: number;
  courseDocumentId: string;
  status: EnrollmentStatus;
  enrolledAt: Date;
  completedAt: Date | null;
}

export interface LessonBlockView {
  /** Component row id. */
  id: number;
  kind: string;
  countsTowardCompletion?: boolean;
}

export interface LessonView {
  documentId: string;
  title: string;
  slug: string;
  blocks: LessonBlockView[];
}

/** A published course as lms-enrollment's content service reads it (sections and lessons in order). */
export interface CourseStructureView {
  documentId: string;
  slug: string;
  title: string;
  sections: Array<{ documentId: string; title: string; lessons: LessonView[] }>;
}

export interface RequirementOutcomeView {
  name: string;
  met: boolean;
  missing?: string;
}

export interface CompletionRequirementPort {
  name: string;
  check(input: { trx: Knex.Transaction; enrollment: EnrollmentView; course: CourseStructureView }): Promise<RequirementOutcomeView>;
}

/** A learner's enrollment as lms-enrollment's `listMine` returns it (the fields lms-grading reads). */
export interface MyEnrollmentView {
  id: number;
  course: { documentId: string; slug: string; title: string };
  status: EnrollmentStatus;
  /** Completed required lessons / published lessons, 0–100. */
  progress: number;
  completedAt: string | null;
}

interface EnrollmentsPort {
  findEnrollment(userId: number, courseDocumentId: string, trx?: Knex.Transaction): Promise<EnrollmentView | null>;
  /** The learner's enrollments, most recent activity first. */
  listMine(userId: number): Promise<MyEnrollmentView[]>;
  addCompletionRequirement(requirement: CompletionRequirementPort): void;
  recheckCompletion(userId: number, courseDocumentId: string, trx?: Knex.Transaction): Promise<EnrollmentView | null>;
}

interface ContentPort {
  getCourseStructure(courseDocumentId: string): Promise<CourseStructureView | null>;
  /** Titles and slugs of courses by documentId, drafts included (published title preferred). */
  courseRefs(courseDocumentIds: readonly string[]): Promise<Map<string, { documentId: string; slug: string; title: string }>>;
}

export function enrollmentsOf(strapi: Core.Strapi): EnrollmentsPort {
  return strapi.plugin('lms-enrollment').service('enrollments') as EnrollmentsPort;
}

export function courseContentOf(strapi: Core.Strapi): ContentPort {
  return strapi.plugin('lms-enrollment').service('content') as ContentPort;
}

/** Why a lesson is closed to a learner, as lms-enrollment says it (the 403's details). */
export type LessonLockView =
  | { reason: 'not-enrolled'; message: string }
  | { reason: 'prerequisite'; message: string; lessons: Array<{ documentId: string; slug: string; title: string }> }
  | { reason: 'drip'; message: string; unlocksAt: string };

export interface LessonStateView {
  state: 'done' | 'open' | 'locked';
  locks: LessonLockView[];
}

interface LearningPort {
  /** The learner's state of these lessons of a published course (lessons not in it are left out). */
  lessonStates(userId: number, courseDocumentId: string, lessonDocumentIds: readonly string[]): Promise<Map<string, LessonStateView>>;
}

/** lms-enrollment's learning service: prerequisites and drip of the lessons that hold graded work. */
export function learningOf(strapi: Core.Strapi): LearningPort {
  return strapi.plugin('lms-enrollment').service('learning') as LearningPort;
}

interface ClockPort {
  /** "Now" for every time rule (honours `x-lms-test-now` in integration tests only). */
  now(): Date;
}

/** lms-enrollment's clock: one "now" for deadlines, drip and timestamps across the LMS plugins. */
export function enrollmentClockOf(strapi: Core.Strapi): ClockPort {
  return strapi.plugin('lms-enrollment').service('clock') as ClockPort;
}

/** Statuses that give access to a course's material (and to its quizzes and assignments). */
export function grantsAccess(status: EnrollmentStatus | undefined): boolean {
  return status === 'active' || status === 'completed';
}

/** An enrollment as lms-enrollment's admin search returns it (the fields lms-grading reads). */
export interface AdminEnrollmentView {
  id: number;
  learner: { id: number; email: string | null; username: string | null };
  course: { documentId: string; slug: string; title: string };
  status: EnrollmentStatus;
  /** Completed required lessons / published lessons, 0–100. */
  progress: number;
  enrolledAt: string;
  completedAt: string | null;
}

interface EnrollmentAdminPort {
  /**
   * Enrollments matching the search, newest first, one page. `course` is a course documentId (or
   * part of a title); `learner` part of the learner's email or username.
   */
  search(search: { learner?: string; course?: string; status?: EnrollmentStatus }, page: number, pageSize: number): Promise<{ data: AdminEnrollmentView[]; total: number }>;
}

/** lms-enrollment's admin search: the gradebook's learners of a course, paged and searchable. */
export function enrollmentAdminOf(strapi: Core.Strapi): EnrollmentAdminPort {
  return strapi.plugin('lms-enrollment').service('admin') as EnrollmentAdminPort;
}
