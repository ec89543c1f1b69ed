import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

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

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
}

interface CourseLinks {
  courses: string;
  instructors: string;
  instructor: JoinTable;
  coInstructors: JoinTable;
}

/** Table and link-table names of course → instructor relations, from Strapi's own metadata (read once). */
function courseLinks(strapi: Core.Strapi): CourseLinks {
  const metadata = strapi.db.metadata as unknown as { get(uid: string): { tableName: string; attributes: Record<string, { joinTable?: JoinTable }> } };
  const course = metadata.get('api::course.course');
  const instructor = course.attributes.instructor?.joinTable;
  const coInstructors = course.attributes.coInstructors?.joinTable;
  if (!instructor || !coInstructors) throw new Error('lms-revenue: api::course.course has no instructor / coInstructors link tables');
  return { courses: course.tableName, instructors: metadata.get('api::instructor.instructor').tableName, instructor, coInstructors };
}

let links: CourseLinks | undefined;

/**
 * The instructors of a course (documentIds): the main instructor first, then co-instructors in
 * their order, from the published version when there is one (what was sold), else the draft. Empty
 * when the course is unknown or has none (the split then gives everything to the platform, with a
 * warning). One SQL statement over Strapi's link tables (names from its metadata, not hard-coded):
 * this runs for every sale, and the query engine's populate cost three statements and most of the
 * sale's CPU time (bench:ledger).
 */
export async function courseInstructorIds(strapi: Core.Strapi, courseDocumentId: string, trx?: Knex.Transaction): Promise<string[]> {
  links ??= courseLinks(strapi);
  const l = links;
  const db = trx ?? strapi.db.connection;
  const order = (jt: JoinTable) => (jt.orderColumnName ? `l.${jt.orderColumnName}` : 'l.id');
  const rows = (await db.raw(
    `with c as (select id from ?? where document_id = ? order by case when published_at is null then 1 else 0 end, id limit 1)
     select i.document_id, 0 as grp, 0 as ord from ?? l join ?? i on i.id = l.?? where l.?? = (select id from c)
     union all
     select i.document_id, 1 as grp, ${order(l.coInstructors)} as ord from ?? l join ?? i on i.id = l.?? where l.?? = (select id from c)
     order by grp, ord`,
    [
      l.courses,
      courseDocumentId,
      l.instructor.name,
      l.instructors,
      l.instructor.inverseJoinColumn.name,
      l.instructor.joinColumn.name,
      l.coInstructors.name,
      l.instructors,
      l.coInstructors.inverseJoinColumn.name,
      l.coInstructors.joinColumn.name,
    ],
  )) as { rows?: Array<{ document_id: string }> } | Array<{ document_id: string }>;
  const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
  return [...new Set(list.map((r) => r.document_id).filter((id): id is string => typeof id === 'string'))];
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
