import type { Knex } from 'knex';
import { isPostgres, readDate } from '@lms/plugin-lms-core/server';

/** A row as knex returns it. */
export type Row = Record<string, unknown>;
import type { EnrollmentRecord, LessonProgressRecord } from './domain/types';
import { ENROLLMENTS_TABLE, LESSON_PROGRESS_TABLE, SUBSCRIPTIONS_TABLE } from './migrations';

/** Row mapping and the few queries every service needs on lms-enrollment's own tables. */

export function toEnrollmentRecord(row: Row): EnrollmentRecord {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    courseDocumentId: String(row.course_document_id),
    status: row.status as EnrollmentRecord['status'],
    source: row.source as EnrollmentRecord['source'],
    sourceRef: (row.source_ref as string | null) ?? null,
    reason: (row.reason as string | null) ?? null,
    endedBy: (row.ended_by as string | null) ?? null,
    enrolledAt: readDate(row.enrolled_at) as Date,
    completedAt: readDate(row.completed_at),
    endedAt: readDate(row.ended_at),
    lastActivityAt: readDate(row.last_activity_at),
    createdAt: readDate(row.created_at) as Date,
    updatedAt: readDate(row.updated_at) as Date,
  };
}

export function toProgressRecord(row: Row): LessonProgressRecord {
  return {
    id: Number(row.id),
    enrollmentId: Number(row.enrollment_id),
    lessonDocumentId: String(row.lesson_document_id),
    status: row.status as LessonProgressRecord['status'],
    percent: Number(row.percent),
    timeSpentSeconds: Number(row.time_spent_seconds),
    lastAccessedAt: readDate(row.last_accessed_at),
    completedAt: readDate(row.completed_at),
  };
}

export async function selectEnrollment(
  db: Knex | Knex.Transaction,
  userId: number,
  courseDocumentId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<EnrollmentRecord | null> {
  const query = db(ENROLLMENTS_TABLE).where({ user_id: userId, course_document_id: courseDocumentId }).first();
  // SQLite has one writer at a time, so the transaction itself is the lock there.
  if (opts.forUpdate && isPostgres(db)) query.forUpdate();
  const row = (await query) as Row | undefined;
  return row ? toEnrollmentRecord(row) : null;
}

export async function selectEnrollmentById(db: Knex | Knex.Transaction, id: number, opts: { forUpdate?: boolean } = {}): Promise<EnrollmentRecord | null> {
  const query = db(ENROLLMENTS_TABLE).where({ id }).first();
  if (opts.forUpdate && isPostgres(db)) query.forUpdate();
  const row = (await query) as Row | undefined;
  return row ? toEnrollmentRecord(row) : null;
}

export async function selectProgress(db: Knex | Knex.Transaction, enrollmentIds: readonly number[]): Promise<LessonProgressRecord[]> {
  if (enrollmentIds.length === 0) return [];
  const rows = (await db(LESSON_PROGRESS_TABLE).whereIn('enrollment_id', [...enrollmentIds])) as Row[];
  return rows.map(toProgressRecord);
}

/** documentIds of the lessons (among `lessonDocumentIds`) this user completed in any enrollment. */
export async function selectCompletedLessonsOfUser(
  db: Knex | Knex.Transaction,
  userId: number,
  lessonDocumentIds: readonly string[],
): Promise<Set<string>> {
  if (lessonDocumentIds.length === 0) return new Set();
  const rows = (await db(LESSON_PROGRESS_TABLE)
    .join(ENROLLMENTS_TABLE, `${ENROLLMENTS_TABLE}.id`, `${LESSON_PROGRESS_TABLE}.enrollment_id`)
    .where(`${ENROLLMENTS_TABLE}.user_id`, userId)
    .where(`${LESSON_PROGRESS_TABLE}.status`, 'completed')
    .whereIn(`${LESSON_PROGRESS_TABLE}.lesson_document_id`, [...lessonDocumentIds])
    .distinct(`${LESSON_PROGRESS_TABLE}.lesson_document_id as lessonId`)) as Array<{ lessonId: string }>;
  return new Set(rows.map((r) => r.lessonId));
}

export async function selectSubscriptions(db: Knex | Knex.Transaction, userId: number): Promise<Array<{ status: string; currentPeriodEnd: Date | null }>> {
  const rows = (await db(SUBSCRIPTIONS_TABLE).where({ user_id: userId }).select('status', 'current_period_end')) as Row[];
  return rows.map((r) => ({ status: String(r.status), currentPeriodEnd: readDate(r.current_period_end) }));
}
