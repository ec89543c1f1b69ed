import type { Knex } from 'knex';
import { readDate, readJson } from '@lms/plugin-lms-core/server';
import type { AssignmentStatus, Millipoints } from '../domain';
import type { SubmissionStatus } from './domain/submission-rules';
import { FILES_TABLE, SUBMISSIONS_TABLE } from './migrations';

type Row = Record<string, unknown>;

/** A rubric line as stored with a grade (millipoints). */
export interface StoredRubricLine {
  criterionId: string;
  title: string;
  levelId: string;
  label: string;
  points: Millipoints;
  maxPoints: Millipoints;
}

export interface SubmissionRecord {
  id: number;
  userId: number;
  assignmentDocumentId: string;
  courseDocumentId: string;
  attempt: number;
  isCurrent: boolean;
  text: string | null;
  status: SubmissionStatus;
  submittedAt: Date;
  late: boolean;
  score: Millipoints | null;
  maxScore: Millipoints | null;
  passScore: Millipoints | null;
  passed: boolean | null;
  rubricBreakdown: StoredRubricLine[] | null;
  scoreSummary: string | null;
  feedback: string | null;
  graderAdminId: number | null;
  graderName: string | null;
  gradedAt: Date | null;
  returnFeedback: string | null;
  returnedByAdminId: number | null;
  returnedByName: string | null;
  returnedAt: Date | null;
}

export interface FileRecord {
  id: number;
  submissionId: number;
  position: number;
  fileKey: string;
  originalFilename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

// SQLite hands back 0/1 for booleans and may return integers as text in aggregates.
const bool = (v: unknown): boolean => v === true || v === 1 || v === '1';
const int = (v: unknown): number => Number(v);
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function toSubmissionRecord(row: Row): SubmissionRecord {
  return {
    id: int(row.id),
    userId: int(row.user_id),
    assignmentDocumentId: String(row.assignment_document_id),
    courseDocumentId: String(row.course_document_id),
    attempt: int(row.attempt),
    isCurrent: bool(row.is_current),
    text: textOrNull(row.text),
    status: row.status as SubmissionStatus,
    submittedAt: readDate(row.submitted_at) as Date,
    late: bool(row.late),
    score: intOrNull(row.score),
    maxScore: intOrNull(row.max_score),
    passScore: intOrNull(row.pass_score),
    passed: row.passed === null || row.passed === undefined ? null : bool(row.passed),
    rubricBreakdown: row.rubric_breakdown ? readJson<StoredRubricLine[]>(row.rubric_breakdown) : null,
    scoreSummary: textOrNull(row.score_summary),
    feedback: textOrNull(row.feedback),
    graderAdminId: intOrNull(row.grader_admin_id),
    graderName: textOrNull(row.grader_name),
    gradedAt: readDate(row.graded_at),
    returnFeedback: textOrNull(row.return_feedback),
    returnedByAdminId: intOrNull(row.returned_by_admin_id),
    returnedByName: textOrNull(row.returned_by_name),
    returnedAt: readDate(row.returned_at),
  };
}

export function toFileRecord(row: Row): FileRecord {
  return {
    id: int(row.id),
    submissionId: int(row.submission_id),
    position: int(row.position),
    fileKey: String(row.file_key),
    originalFilename: String(row.original_filename),
    contentType: String(row.content_type),
    sizeBytes: int(row.size_bytes),
    sha256: String(row.sha256),
  };
}

/** Files of several submissions in one query, by submission id, in upload order. */
export async function filesOf(db: Knex | Knex.Transaction, submissionIds: readonly number[]): Promise<Map<number, FileRecord[]>> {
  const out = new Map<number, FileRecord[]>();
  if (submissionIds.length === 0) return out;
  const rows = (await db(FILES_TABLE).whereIn('submission_id', [...submissionIds]).orderBy(['submission_id', 'position'])) as Row[];
  for (const r of rows.map(toFileRecord)) out.set(r.submissionId, [...(out.get(r.submissionId) ?? []), r]);
  return out;
}

/** Every attempt of one learner at one assignment, newest first. */
export async function attemptsOf(db: Knex | Knex.Transaction, userId: number, assignmentDocumentId: string): Promise<SubmissionRecord[]> {
  const rows = (await db(SUBMISSIONS_TABLE).where({ user_id: userId, assignment_document_id: assignmentDocumentId }).orderBy('attempt', 'desc')) as Row[];
  return rows.map(toSubmissionRecord);
}

/** The completion view of a current submission (the domain's AssignmentStatus). */
export function toAssignmentStatus(s: SubmissionRecord | undefined): AssignmentStatus {
  if (!s) return { status: 'not-submitted' };
  if (s.status === 'graded' && s.score !== null && s.maxScore !== null) {
    return { status: 'graded', score: s.score, maxScore: s.maxScore, passScore: s.passScore ?? 0 };
  }
  return { status: s.status === 'returned' ? 'returned' : 'submitted' };
}

/**
 * Current-attempt statuses of learners at assignments, in one query: by learner id, then by
 * assignment documentId (absent = not submitted). For completion and the gradebook.
 */
export async function assignmentStatuses(
  db: Knex | Knex.Transaction,
  userIds: readonly number[],
  assignmentDocumentIds: readonly string[],
): Promise<Map<number, Record<string, AssignmentStatus>>> {
  const out = new Map<number, Record<string, AssignmentStatus>>();
  if (userIds.length === 0 || assignmentDocumentIds.length === 0) return out;
  const rows = (await db(SUBMISSIONS_TABLE)
    .whereIn('user_id', [...userIds])
    .whereIn('assignment_document_id', [...assignmentDocumentIds])
    .where({ is_current: true })) as Row[];
  for (const s of rows.map(toSubmissionRecord)) {
    const mine = out.get(s.userId) ?? {};
    mine[s.assignmentDocumentId] = toAssignmentStatus(s);
    out.set(s.userId, mine);
  }
  return out;
}
