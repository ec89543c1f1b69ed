import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { invalidState, notFound, toCsv } from '@lms/plugin-lms-core/server';
import type { AdminCourseSearchResponse, AdminEnrollment, AdminLearnerRef } from '../contracts/admin';
import type { CourseRef, EnrollmentStatus } from '../contracts';
import { courseProgress } from '../domain/progress';
import { lessonsInOrder, type EnrollmentRecord } from '../domain/types';
import { ENROLLMENTS_TABLE } from '../migrations';
import { selectEnrollmentById, selectProgress, toEnrollmentRecord } from '../store';
import type { Row } from '../store';
import { getService } from '../utils';
import { completedLessonIds } from './enrollments';

const USER = 'plugin::users-permissions.user';
const COURSE = 'api::course.course';

export interface EnrollmentSearch {
  learner?: string;
  course?: string;
  status?: EnrollmentStatus;
}

/** The most rows one CSV export holds; narrow the search for more. */
export const CSV_EXPORT_LIMIT = 50_000;

/** `%text%` for LIKE with the caller's % and _ taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The admin side: search and export enrollments, grant and revoke by hand. Each grant and
 * revocation keeps the admin's reason and id (source_ref "admin:<id>" on a grant, ended_by on a
 * revocation) and emits its event with the admin as actor.
 */
export const createAdminService = ({ strapi }: { strapi: Core.Strapi }) => {
  const content = () => getService(strapi, 'content');
  const enrollments = () => getService(strapi, 'enrollments');
  const usersTable = () => strapi.db.metadata.get(USER).tableName;

  /**
   * The filtered query (no select, order or paging yet), wrapped: a knex builder is thenable, so
   * returning it bare from an async function would run it.
   */
  async function filtered(search: EnrollmentSearch): Promise<{ query: Knex.QueryBuilder }> {
    const users = usersTable();
    const query = strapi.db.connection(ENROLLMENTS_TABLE).leftJoin(users, `${users}.id`, `${ENROLLMENTS_TABLE}.user_id`);
    if (search.learner) {
      const pattern = containsPattern(search.learner);
      query.where((w) => {
        w.whereRaw(`LOWER(??) LIKE ? ESCAPE '\\'`, [`${users}.email`, pattern]).orWhereRaw(`LOWER(??) LIKE ? ESCAPE '\\'`, [`${users}.username`, pattern]);
      });
    }
    if (search.course) {
      const ids = new Set(await content().courseIdsByTitle(search.course));
      ids.add(search.course); // a documentId pasted in the box
      query.whereIn(`${ENROLLMENTS_TABLE}.course_document_id`, [...ids]);
    }
    if (search.status) query.where(`${ENROLLMENTS_TABLE}.status`, search.status);
    return { query };
  }

  /** Rows of lms_enrollments joined with the learner, made into the admin view (course titles and progress batched). */
  async function present(rows: Row[]): Promise<AdminEnrollment[]> {
    const records = rows.map((r) => ({ record: toEnrollmentRecord(r), learner: { id: Number(r.user_id), email: (r.email as string | null) ?? null, username: (r.username as string | null) ?? null } }));
    const courseIds = [...new Set(records.map((r) => r.record.courseDocumentId))];
    const [refs, structures, progressRows] = await Promise.all([
      content().courseRefs(courseIds),
      content().getCourseStructures(courseIds),
      selectProgress(strapi.db.connection, records.map((r) => r.record.id)),
    ]);
    const lessonIds = new Map(structures.map((c) => [c.documentId, lessonsInOrder(c).map((l) => l.documentId)]));
    return records.map(({ record, learner }) => {
      const course: CourseRef = refs.get(record.courseDocumentId) ?? { documentId: record.courseDocumentId, slug: '', title: `(course ${record.courseDocumentId})` };
      const completed = completedLessonIds(progressRows.filter((p) => p.enrollmentId === record.id));
      return toAdminEnrollment(record, learner, course, courseProgress(lessonIds.get(record.courseDocumentId) ?? [], completed).percent);
    });
  }

  async function presentOne(record: EnrollmentRecord): Promise<AdminEnrollment> {
    const users = usersTable();
    const row = (await strapi.db
      .connection(ENROLLMENTS_TABLE)
      .leftJoin(users, `${users}.id`, `${ENROLLMENTS_TABLE}.user_id`)
      .where(`${ENROLLMENTS_TABLE}.id`, record.id)
      .first(`${ENROLLMENTS_TABLE}.*`, `${users}.email as email`, `${users}.username as username`)) as Row;
    const [one] = await present([row]);
    return one as AdminEnrollment;
  }

  return {
    async search(search: EnrollmentSearch, page: number, pageSize: number): Promise<{ data: AdminEnrollment[]; total: number }> {
      const users = usersTable();
      const { query: base } = await filtered(search);
      const countRow = (await base.clone().count({ n: '*' }).first()) as { n: number | string } | undefined;
      const rows = (await base
        .clone()
        .select(`${ENROLLMENTS_TABLE}.*`, `${users}.email as email`, `${users}.username as username`)
        .orderBy(`${ENROLLMENTS_TABLE}.id`, 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)) as Row[];
      return { data: await present(rows), total: Number(countRow?.n ?? 0) };
    },

    /** The whole search as CSV (up to {@link CSV_EXPORT_LIMIT} rows), newest first. */
    async exportCsv(search: EnrollmentSearch): Promise<string> {
      const users = usersTable();
      const { query } = await filtered(search);
      const rows = (await query
        .select(`${ENROLLMENTS_TABLE}.*`, `${users}.email as email`, `${users}.username as username`)
        .orderBy(`${ENROLLMENTS_TABLE}.id`, 'desc')
        .limit(CSV_EXPORT_LIMIT)) as Row[];
      const data = await present(rows);
      return toCsv(
        ['enrollment_id', 'learner_id', 'learner_email', 'learner_username', 'course_document_id', 'course_title', 'status', 'source', 'source_ref', 'reason', 'ended_by', 'progress_percent', 'enrolled_at', 'completed_at', 'ended_at', 'last_activity_at'],
        data.map((e) => [
          e.id,
          e.learner.id,
          e.learner.email,
          e.learner.username,
          e.course.documentId,
          e.course.title,
          e.status,
          e.source,
          e.sourceRef,
          e.reason,
          e.endedBy,
          e.progress,
          e.enrolledAt,
          e.completedAt,
          e.endedAt,
          e.lastActivityAt,
        ]),
      );
    },

    /** Grants the course to a learner (by email or id) on an admin's word, with the reason kept. */
    async grant(input: { learner: string | number; course: string; reason: string; adminId: number }) {
      const learner = await this.findLearner(input.learner);
      const result = await enrollments().grantEnrollment({
        userId: learner.id,
        courseDocumentId: input.course,
        source: 'admin',
        sourceRef: `admin:${input.adminId}`,
        reason: input.reason,
        actor: { type: 'admin', id: input.adminId },
      });
      return { enrollment: await presentOne(result.enrollment), created: result.created, reactivated: result.reactivated };
    },

    /** Revokes an enrollment on an admin's word, with the reason kept. */
    async revoke(input: { enrollmentId: number; reason: string; adminId: number }) {
      const record = await selectEnrollmentById(strapi.db.connection, input.enrollmentId);
      if (!record) throw notFound('enrollment', input.enrollmentId);
      if (record.status === 'revoked') throw invalidState(`enrollment ${record.id} is already revoked; nothing to do`, { enrollment: record.id });
      const ended = await enrollments().endEnrollment({
        userId: record.userId,
        courseDocumentId: record.courseDocumentId,
        status: 'revoked',
        reason: input.reason,
        actor: { type: 'admin', id: input.adminId },
      });
      return presentOne(ended ?? record);
    },

    async findLearner(learner: string | number): Promise<AdminLearnerRef> {
      const where = typeof learner === 'number' || /^\d+$/.test(learner) ? { id: Number(learner) } : { email: learner.trim().toLowerCase() };
      const user = (await strapi.db.query(USER).findOne({ where, select: ['id', 'email', 'username'] })) as AdminLearnerRef | null;
      if (!user) throw notFound('learner', String(learner), 'give the email or id of a registered learner');
      return { id: user.id, email: user.email ?? null, username: user.username ?? null };
    },

    async searchLearners(q: string): Promise<AdminLearnerRef[]> {
      const users = (await strapi.db.query(USER).findMany({
        where: { $or: [{ email: { $containsi: q } }, { username: { $containsi: q } }] },
        select: ['id', 'email', 'username'],
        orderBy: [{ email: 'asc' }],
        limit: 10,
      })) as AdminLearnerRef[];
      return users.map((u) => ({ id: u.id, email: u.email ?? null, username: u.username ?? null }));
    },

    async searchCourses(q: string): Promise<AdminCourseSearchResponse['data']> {
      const rows = (await strapi.db.query(COURSE).findMany({
        where: { title: { $containsi: q } },
        select: ['documentId', 'slug', 'title', 'publishedAt'],
        orderBy: [{ title: 'asc' }],
        limit: 40,
      })) as Array<{ documentId: string; slug: string; title: string; publishedAt: unknown }>;
      const byId = new Map<string, AdminCourseSearchResponse['data'][number]>();
      for (const r of rows) {
        const seen = byId.get(r.documentId);
        if (!seen || r.publishedAt) byId.set(r.documentId, { documentId: r.documentId, slug: r.slug, title: r.title, published: Boolean(r.publishedAt) || Boolean(seen?.published) });
      }
      return [...byId.values()].slice(0, 10);
    },
  };
};

function toAdminEnrollment(record: EnrollmentRecord, learner: AdminLearnerRef, course: CourseRef, progress: number): AdminEnrollment {
  return {
    id: record.id,
    learner,
    course,
    status: record.status,
    source: record.source,
    sourceRef: record.sourceRef,
    reason: record.reason,
    endedBy: record.endedBy,
    progress,
    enrolledAt: record.enrolledAt.toISOString(),
    completedAt: record.completedAt?.toISOString() ?? null,
    endedAt: record.endedAt?.toISOString() ?? null,
    lastActivityAt: record.lastActivityAt?.toISOString() ?? null,
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
