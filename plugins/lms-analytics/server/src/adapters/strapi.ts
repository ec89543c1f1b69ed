import type { Core } from '@strapi/strapi';

/**
 * lms-analytics' typed view of what it reads outside itself: lms-enrollment's clock and course
 * structures, authored content (courses, instructors, quizzes) and the admin user's scope. The one
 * place with untyped Strapi calls; the other plugins' services are described structurally (plugins
 * never import each other's internals).
 */

interface ClockPort {
  /** "Now" for every time rule (honours `x-lms-test-now` in integration tests only). */
  now(): Date;
}

/** lms-enrollment's clock: one "now" across the LMS plugins. */
export function clockOf(strapi: Core.Strapi): ClockPort {
  return strapi.plugin('lms-enrollment').service('clock') as ClockPort;
}

export interface CourseStructureView {
  documentId: string;
  slug: string;
  title: string;
  sections: Array<{ documentId: string; title: string; lessons: Array<{ documentId: string; slug: string; title: string }> }>;
}

interface ContentPort {
  /** Published course structures (cached by lms-enrollment), in the order asked; unknown ones left out. */
  getCourseStructures(courseDocumentIds: readonly string[]): Promise<CourseStructureView[]>;
  /** Titles and slugs of courses by documentId, drafts included (published title preferred). */
  courseRefs(courseDocumentIds: readonly string[]): Promise<Map<string, { documentId: string; slug: string; title: string }>>;
}

export function courseContentOf(strapi: Core.Strapi): ContentPort {
  return strapi.plugin('lms-enrollment').service('content') as ContentPort;
}

export const lessonsOf = (course: CourseStructureView) => course.sections.flatMap((s) => s.lessons);

/** The admin user of an admin route (`ctx.state.user`). */
export interface AdminUserLike {
  id: number;
  roles?: Array<{ code?: string }>;
}

/** Courses (documentIds) an instructor profile teaches: main or co-instructor, drafts included. */
export async function coursesOfInstructor(strapi: Core.Strapi, instructorDocumentId: string): Promise<Set<string>> {
  const rows = (await strapi.db.query('api::course.course').findMany({
    where: { $or: [{ instructor: { documentId: instructorDocumentId } }, { coInstructors: { documentId: instructorDocumentId } }] },
    select: ['documentId'],
  })) as Array<{ documentId: string }>;
  return new Set(rows.map((r) => r.documentId));
}

/**
 * The courses an admin user teaches (main or co-instructor through the instructor profile linked
 * to the admin user) or created: the same rule lms-grading uses for its gradebook.
 */
export async function coursesTaughtBy(strapi: Core.Strapi, adminUserId: number): Promise<Set<string>> {
  const rows = (await strapi.db.query('api::course.course').findMany({
    where: {
      $or: [{ instructor: { adminUser: { id: adminUserId } } }, { coInstructors: { adminUser: { id: adminUserId } } }, { createdBy: { id: adminUserId } }],
    },
    select: ['documentId'],
  })) as Array<{ documentId: string }>;
  return new Set(rows.map((r) => r.documentId));
}

/** The instructor profile (documentId, name) linked to an admin user, or null. */
export async function instructorOfAdminUser(strapi: Core.Strapi, adminUserId: number): Promise<{ documentId: string; name: string } | null> {
  const row = (await strapi.db.query('api::instructor.instructor').findOne({ where: { adminUser: { id: adminUserId } }, select: ['documentId', 'name'] })) as {
    documentId: string;
    name: string;
  } | null;
  return row ? { documentId: row.documentId, name: row.name } : null;
}

/** Every instructor profile (documentId, name), for the admin's picker and performance table. */
export async function allInstructors(strapi: Core.Strapi): Promise<Array<{ documentId: string; name: string }>> {
  const rows = (await strapi.db.query('api::instructor.instructor').findMany({ select: ['documentId', 'name', 'publishedAt'], orderBy: { name: 'asc' } })) as Array<{
    documentId: string;
    name: string;
    publishedAt: string | null;
  }>;
  const byId = new Map<string, { documentId: string; name: string }>();
  for (const r of rows) if (!byId.has(r.documentId) || r.publishedAt !== null) byId.set(r.documentId, { documentId: r.documentId, name: r.name });
  return [...byId.values()];
}

/** The main instructor (documentId) of every course that has one: course documentId → instructor documentId. */
export async function mainInstructors(strapi: Core.Strapi): Promise<Map<string, string>> {
  const rows = (await strapi.db.query('api::course.course').findMany({
    select: ['documentId', 'publishedAt'],
    populate: { instructor: { select: ['documentId'] } },
  })) as Array<{ documentId: string; publishedAt: string | null; instructor: { documentId: string } | null }>;
  const map = new Map<string, string>();
  for (const r of rows) if (r.instructor && (!map.has(r.documentId) || r.publishedAt !== null)) map.set(r.documentId, r.instructor.documentId);
  return map;
}

/** Titles of courses (all of them, drafts included, published title preferred): documentId → title. */
export async function allCourses(strapi: Core.Strapi): Promise<Map<string, string>> {
  const rows = (await strapi.db.query('api::course.course').findMany({ select: ['documentId', 'title', 'publishedAt'] })) as Array<{ documentId: string; title: string; publishedAt: string | null }>;
  const titles = new Map<string, string>();
  for (const r of rows) if (!titles.has(r.documentId) || r.publishedAt !== null) titles.set(r.documentId, r.title);
  return titles;
}

/** Titles of authored documents (quizzes, assignments) by documentId, published title preferred. */
export async function documentTitles(strapi: Core.Strapi, uid: 'api::quiz.quiz' | 'api::assignment.assignment', documentIds: readonly string[]): Promise<Map<string, string>> {
  if (documentIds.length === 0) return new Map();
  const rows = (await strapi.db.query(uid).findMany({ where: { documentId: { $in: [...documentIds] } }, select: ['documentId', 'title', 'publishedAt'] })) as Array<{
    documentId: string;
    title: string;
    publishedAt: string | null;
  }>;
  const titles = new Map<string, string>();
  for (const r of rows) if (!titles.has(r.documentId) || r.publishedAt !== null) titles.set(r.documentId, r.title);
  return titles;
}

/** Counts of learner accounts and published courses. */
export async function platformCounts(strapi: Core.Strapi): Promise<{ users: number; courses: number }> {
  const [users, courses] = await Promise.all([
    strapi.db.query('plugin::users-permissions.user').count({}),
    strapi.db.query('api::course.course').count({ where: { publishedAt: { $notNull: true } } }),
  ]);
  return { users: Number(users), courses: Number(courses) };
}
