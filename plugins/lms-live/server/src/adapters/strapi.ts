import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * lms-live's typed view of what it reads outside itself: lms-enrollment's enrollments (access and
 * the completion extension point) and clock, authored courses, admin users' course scope and
 * learners' names. Described structurally (plugins never import each other's internals); the one
 * place with untyped Strapi calls. Integration tests exercise it against the real plugins.
 */

export type EnrollmentStatus = 'active' | 'completed' | 'refunded' | 'revoked' | 'expired';

export interface EnrollmentView {
  id: number;
  userId: number;
  courseDocumentId: string;
  status: EnrollmentStatus;
}

export interface CourseStructureView {
  documentId: string;
  slug: string;
  title: string;
}

export interface CompletionRequirementPort {
  name: string;
  check(input: { trx: Knex.Transaction; enrollment: EnrollmentView; course: CourseStructureView }): Promise<{ name: string; met: boolean; missing?: string }>;
}

interface EnrollmentsPort {
  findEnrollment(userId: number, courseDocumentId: string, trx?: Knex.Transaction): Promise<EnrollmentView | null>;
  addCompletionRequirement(requirement: CompletionRequirementPort): void;
  recheckCompletion(userId: number, courseDocumentId: string, trx?: Knex.Transaction): Promise<EnrollmentView | null>;
}

export function enrollmentsOf(strapi: Core.Strapi): EnrollmentsPort {
  return strapi.plugin('lms-enrollment').service('enrollments') as EnrollmentsPort;
}

/** Statuses that give access to a course (and to its live sessions). */
export function grantsAccess(status: EnrollmentStatus | undefined): boolean {
  return status === 'active' || status === 'completed';
}

interface ClockPort {
  /** "Now" for every time rule (honours `x-lms-test-now` in integration tests only). */
  now(): Date;
}

/** lms-enrollment's clock: one "now" across the LMS plugins (join window, reminders). */
export function clockOf(strapi: Core.Strapi): ClockPort {
  return strapi.plugin('lms-enrollment').service('clock') as ClockPort;
}

export interface CourseInfo {
  documentId: string;
  title: string;
  slug: string;
  /** Live sessions a learner must attend to complete the course (0/null = none). */
  liveAttendanceRequired: number | null;
}

/** Courses by documentId, published version preferred (drafts too, so an instructor can schedule before publishing). */
export async function coursesById(strapi: Core.Strapi, ids: readonly string[]): Promise<Map<string, CourseInfo>> {
  if (ids.length === 0) return new Map();
  const rows = (await strapi.db.query('api::course.course').findMany({
    where: { documentId: { $in: [...new Set(ids)] } },
    select: ['documentId', 'title', 'slug', 'liveAttendanceRequired', 'publishedAt'],
  })) as Array<{ documentId: string; title: string; slug: string; liveAttendanceRequired: number | null; publishedAt: string | null }>;
  const out = new Map<string, CourseInfo>();
  // Published rows last, so they win.
  for (const r of [...rows].sort((a, b) => Number(a.publishedAt !== null) - Number(b.publishedAt !== null))) {
    out.set(r.documentId, { documentId: r.documentId, title: r.title, slug: r.slug, liveAttendanceRequired: r.liveAttendanceRequired === null || r.liveAttendanceRequired === undefined ? null : Number(r.liveAttendanceRequired) });
  }
  return out;
}

/** The published course's attendance requirement (what completion is judged by). */
export async function liveAttendanceRequiredOf(strapi: Core.Strapi, courseDocumentId: string): Promise<number> {
  const row = (await strapi.db.query('api::course.course').findOne({
    where: { documentId: courseDocumentId, publishedAt: { $notNull: true } },
    select: ['liveAttendanceRequired'],
  })) as { liveAttendanceRequired: number | null } | null;
  return Number(row?.liveAttendanceRequired ?? 0) || 0;
}

/** The admin user of an admin route (`ctx.state.user`). */
export interface AdminUserLike {
  id: number;
  roles?: Array<{ code?: string }>;
}

const SUPER_ADMIN = 'strapi-super-admin';

/**
 * The courses an admin user may schedule sessions on: every course for a super admin; for anyone
 * else (the Instructor role) the courses they teach (main or co-instructor, through the instructor
 * profile's admin user) or created. The same rule as lms-grading's gradebook scope.
 */
export async function teachableCourses(strapi: Core.Strapi, user: AdminUserLike): Promise<'all' | Set<string>> {
  if (user.roles?.some((r) => r.code === SUPER_ADMIN)) return 'all';
  const rows = (await strapi.db.query('api::course.course').findMany({
    where: {
      $or: [{ instructor: { adminUser: { id: user.id } } }, { coInstructors: { adminUser: { id: user.id } } }, { createdBy: { id: user.id } }],
    },
    select: ['documentId'],
  })) as Array<{ documentId: string }>;
  return new Set(rows.map((r) => r.documentId));
}

export interface CourseChoice {
  documentId: string;
  title: string;
}

/** Courses (one row per document) the scope covers, by title, for the admin page's picker. */
export async function courseChoices(strapi: Core.Strapi, scope: 'all' | Set<string>): Promise<CourseChoice[]> {
  const rows = (await strapi.db.query('api::course.course').findMany({
    where: scope === 'all' ? {} : { documentId: { $in: [...scope] } },
    select: ['documentId', 'title', 'publishedAt'],
    orderBy: { title: 'asc' },
  })) as Array<{ documentId: string; title: string }>;
  const seen = new Map<string, CourseChoice>();
  for (const r of rows) if (!seen.has(r.documentId)) seen.set(r.documentId, { documentId: r.documentId, title: r.title });
  return [...seen.values()];
}

export interface LearnerName {
  id: number;
  name: string;
  email: string | null;
}

/** Learners' names for the instructor's roster (full name, else username) and email. */
export async function learnerNames(strapi: Core.Strapi, ids: readonly number[]): Promise<Map<number, LearnerName>> {
  if (ids.length === 0) return new Map();
  const rows = (await strapi.db.query('plugin::users-permissions.user').findMany({
    where: { id: { $in: [...new Set(ids)] } },
    select: ['id', 'fullName', 'username', 'email'],
  })) as Array<{ id: number; fullName: string | null; username: string | null; email: string | null }>;
  return new Map(rows.map((r) => [r.id, { id: r.id, name: (r.fullName ?? '').trim() || r.username || `Learner #${r.id}`, email: r.email }]));
}
