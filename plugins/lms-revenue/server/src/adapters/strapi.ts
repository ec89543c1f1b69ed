import type { Core } from '@strapi/strapi';

/**
 * lms-revenue's typed view of what it reads outside itself: lms-enrollment's clock and the
 * authored course and instructor content. The one place with untyped Strapi calls.
 */

interface ClockPort {
  /** "Now" for every time rule (honours `x-lms-test-now` in integration tests only). */
  now(): Date;
}

/** lms-enrollment's clock: one "now" across the LMS plugins (holding periods, rule changes). */
export function clockOf(strapi: Core.Strapi): ClockPort {
  return strapi.plugin('lms-enrollment').service('clock') as ClockPort;
}

interface InstructorRef {
  documentId: string;
}

interface CourseRow {
  documentId: string;
  publishedAt: string | null;
  instructor?: InstructorRef | null;
  coInstructors?: InstructorRef[] | null;
}

/**
 * The instructors of a course (documentIds): the main instructor first, then co-instructors, from
 * the published version when there is one (what was sold), else the draft. Empty when the course
 * is unknown or has none (the split then gives everything to the platform, with a warning).
 */
export async function courseInstructorIds(strapi: Core.Strapi, courseDocumentId: string): Promise<string[]> {
  const rows = (await strapi.db.query('api::course.course').findMany({
    where: { documentId: courseDocumentId },
    select: ['documentId', 'publishedAt'],
    populate: { instructor: { select: ['documentId'] }, coInstructors: { select: ['documentId'] } },
  })) as CourseRow[];
  const row = rows.find((r) => r.publishedAt !== null) ?? rows[0];
  if (!row) return [];
  const ids = [row.instructor?.documentId, ...(row.coInstructors ?? []).map((c) => c.documentId)].filter((id): id is string => typeof id === 'string');
  return [...new Set(ids)];
}

/** The instructor profile (documentId) linked to an admin user, or null. */
export async function instructorOfAdminUser(strapi: Core.Strapi, adminUserId: number): Promise<{ documentId: string; name: string } | null> {
  const row = (await strapi.db.query('api::instructor.instructor').findOne({
    where: { adminUser: { id: adminUserId } },
    select: ['documentId', 'name'],
  })) as { documentId: string; name: string } | null;
  return row ? { documentId: row.documentId, name: row.name } : null;
}

/** Instructor names by documentId (for balance lists). */
export async function instructorNames(strapi: Core.Strapi, documentIds: readonly string[]): Promise<Map<string, string>> {
  if (documentIds.length === 0) return new Map();
  const rows = (await strapi.db.query('api::instructor.instructor').findMany({
    where: { documentId: { $in: [...documentIds] } },
    select: ['documentId', 'name'],
  })) as Array<{ documentId: string; name: string }>;
  return new Map(rows.map((r) => [r.documentId, r.name]));
}

/** Course titles by documentId (published title when there is one, else the draft's). */
export async function courseTitles(strapi: Core.Strapi, documentIds: readonly string[]): Promise<Map<string, string>> {
  if (documentIds.length === 0) return new Map();
  const rows = (await strapi.db.query('api::course.course').findMany({
    where: { documentId: { $in: [...documentIds] } },
    select: ['documentId', 'title', 'publishedAt'],
  })) as Array<{ documentId: string; title: string; publishedAt: string | null }>;
  const titles = new Map<string, string>();
  for (const r of rows) if (!titles.has(r.documentId) || r.publishedAt !== null) titles.set(r.documentId, r.title);
  return titles;
}
