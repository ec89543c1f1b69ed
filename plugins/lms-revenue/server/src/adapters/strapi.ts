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
 * warning). `coursesInstructorIds` of one.
 */
export async function courseInstructorIds(strapi: Core.Strapi, courseDocumentId: string, trx?: Knex.Transaction): Promise<string[]> {
  return (await coursesInstructorIds(strapi, [courseDocumentId], trx)).get(courseDocumentId) ?? [];
}

/**
 * The instructors of each of several courses (as `courseInstructorIds`), keyed by course
 * documentId (every course asked for is a key). One SQL statement over Strapi's link tables
 * (names from its metadata, not hard-coded), whatever the number of courses: this runs for every
 * batch of sales, and the query engine's populate cost three statements per course and most of a
 * sale's CPU time (bench:ledger).
 */
export async function coursesInstructorIds(strapi: Core.Strapi, courseDocumentIds: readonly string[], trx?: Knex.Transaction): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(courseDocumentIds.map((id) => [id, []]));
  if (result.size === 0) return result;
  links ??= courseLinks(strapi);
  const l = links;
  const db = trx ?? strapi.db.connection;
  const ids = [...result.keys()];
  const order = (jt: JoinTable) => (jt.orderColumnName ? `l.${jt.orderColumnName}` : 'l.id');
  const rows = (await db.raw(
    `with c as (
       select id, document_id from (
         select id, document_id, row_number() over (partition by document_id order by case when published_at is null then 1 else 0 end, id) as pick
         from ?? where document_id in (${ids.map(() => '?').join(', ')})
       ) v where pick = 1
     )
     select c.document_id as course, i.document_id, 0 as grp, 0 as ord from c join ?? l on l.?? = c.id join ?? i on i.id = l.??
     union all
     select c.document_id as course, i.document_id, 1 as grp, ${order(l.coInstructors)} as ord from c join ?? l on l.?? = c.id join ?? i on i.id = l.??
     order by course, grp, ord`,
    [
      l.courses,
      ...ids,
      l.instructor.name,
      l.instructor.joinColumn.name,
      l.instructors,
      l.instructor.inverseJoinColumn.name,
      l.coInstructors.name,
      l.coInstructors.joinColumn.name,
      l.instructors,
      l.coInstructors.inverseJoinColumn.name,
    ],
  )) as { rows?: Array<{ course: string; document_id: string }> } | Array<{ course: string; document_id: string }>;
  for (const r of Array.isArray(rows) ? rows : (rows.rows ?? [])) {
    const list = result.get(r.course);
    if (list && typeof r.document_id === 'string' && !list.includes(r.document_id)) list.push(r.document_id);
  }
  return result;
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
