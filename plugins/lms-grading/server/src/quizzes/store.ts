import type { Knex } from 'knex';
import { isPostgres, readDate, readJson, writeJson } from '@lms/plugin-lms-core/server';
import type { Answer, AttemptFacts, AttemptPaper, QuestionGrade, SubmittedAttempt } from '../domain';
import { ANSWERS_TABLE, ATTEMPTS_TABLE, type ATTEMPT_STATUSES } from './migrations';

/** A row as knex returns it. */
type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** One attempt row, without its paper (the paper is read only where it is needed). */
export interface AttemptRecord {
  id: number;
  userId: number;
  quizDocumentId: string;
  courseDocumentId: string;
  number: number;
  seed: string;
  passingScore: number;
  startedAt: Date;
  deadline: Date | null;
  submittedAt: Date | null;
  autoSubmitted: boolean;
  status: AttemptStatus;
  /** Millipoints; null while open. */
  score: number | null;
  maxScore: number;
  pendingPoints: number;
  /** Basis points; null while open or pending review. */
  percent: number | null;
  passed: boolean | null;
  gradedAt: Date | null;
}

export interface AttemptWithPaper extends AttemptRecord {
  paper: AttemptPaper;
}

export interface AnswerRecord {
  id: number;
  attemptId: number;
  questionId: string;
  questionType: string;
  answer: Answer | null;
  savedAt: Date | null;
  gradeStatus: 'pending_review' | 'graded' | null;
  pointsAwarded: number | null;
  grade: QuestionGrade | null;
  graderKind: 'auto' | 'instructor' | null;
  graderId: string | null;
  graderName: string | null;
  gradedAt: Date | null;
  /** Immediate feedback: when the learner checked this question during the attempt. */
  checkedAt: Date | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
// SQLite stores booleans as 0/1.
const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 1 || v === '1' || v === 't');

/** Columns of an attempt without the paper (a few KB of JSON per attempt). */
export const ATTEMPT_COLUMNS = [
  'id',
  'user_id',
  'quiz_document_id',
  'course_document_id',
  'number',
  'seed',
  'passing_score',
  'started_at',
  'deadline',
  'submitted_at',
  'auto_submitted',
  'status',
  'score',
  'max_score',
  'pending_points',
  'percent',
  'passed',
  'graded_at',
] as const;

export function toAttemptRecord(row: Row): AttemptRecord {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    quizDocumentId: String(row.quiz_document_id),
    courseDocumentId: String(row.course_document_id),
    number: Number(row.number),
    seed: String(row.seed),
    passingScore: Number(row.passing_score),
    startedAt: readDate(row.started_at) as Date,
    deadline: readDate(row.deadline),
    submittedAt: readDate(row.submitted_at),
    autoSubmitted: bool(row.auto_submitted) ?? false,
    status: row.status as AttemptStatus,
    score: num(row.score),
    maxScore: Number(row.max_score),
    pendingPoints: Number(row.pending_points ?? 0),
    percent: num(row.percent),
    passed: bool(row.passed),
    gradedAt: readDate(row.graded_at),
  };
}

function toAttemptWithPaper(row: Row): AttemptWithPaper {
  return { ...toAttemptRecord(row), paper: readJson<AttemptPaper>(row.paper) };
}

export function toAnswerRecord(row: Row): AnswerRecord {
  return {
    id: Number(row.id),
    attemptId: Number(row.attempt_id),
    questionId: String(row.question_id),
    questionType: String(row.question_type),
    answer: row.answer === null || row.answer === undefined ? null : readJson<Answer>(row.answer),
    savedAt: readDate(row.saved_at),
    gradeStatus: (row.grade_status as AnswerRecord['gradeStatus']) ?? null,
    pointsAwarded: num(row.points_awarded),
    grade: row.grade === null || row.grade === undefined ? null : readJson<QuestionGrade>(row.grade),
    graderKind: (row.grader_kind as AnswerRecord['graderKind']) ?? null,
    graderId: (row.grader_id as string | null) ?? null,
    graderName: (row.grader_name as string | null) ?? null,
    gradedAt: readDate(row.graded_at),
    checkedAt: readDate(row.checked_at),
  };
}

/** The domain's view of an attempt for decideStart/decideSave (its "open" is the domain's in_progress). */
export function attemptFacts(a: Pick<AttemptRecord, 'number' | 'status' | 'deadline'>): AttemptFacts {
  return { number: a.number, status: a.status === 'open' ? 'in_progress' : a.status, deadline: a.deadline };
}

/** A submitted attempt for quizGrade; null for an open one. */
export function submittedAttempt(a: AttemptRecord): SubmittedAttempt | null {
  if (a.status === 'open') return null;
  return { number: a.number, status: a.status, score: a.status === 'graded' ? a.score : null, maxScore: a.maxScore };
}

/**
 * Row locks serialise the writers of one attempt (autosave, submit, the sweep, an instructor's
 * grade) on PostgreSQL. SQLite has one writer at a time, so the transaction itself is the lock.
 */
function locked<Q extends Knex.QueryBuilder>(db: Db, query: Q, forUpdate: boolean | undefined): Q {
  if (forUpdate && isPostgres(db)) query.forUpdate();
  return query;
}

export async function selectAttempt(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<AttemptWithPaper | null> {
  const row = (await locked(db, db(ATTEMPTS_TABLE).where({ id }).first(), opts.forUpdate)) as Row | undefined;
  return row ? toAttemptWithPaper(row) : null;
}

/** The attempt without its paper (status, deadline, totals): what an autosave checks under the lock. */
export async function selectAttemptState(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<AttemptRecord | null> {
  const row = (await locked(db, db(ATTEMPTS_TABLE).where({ id }).first([...ATTEMPT_COLUMNS]), opts.forUpdate)) as Row | undefined;
  return row ? toAttemptRecord(row) : null;
}

/** A learner's attempts at one quiz, oldest first (no papers). */
export async function selectAttemptsOf(db: Db, userId: number, quizDocumentId: string, opts: { forUpdate?: boolean } = {}): Promise<AttemptRecord[]> {
  const query = db(ATTEMPTS_TABLE).where({ user_id: userId, quiz_document_id: quizDocumentId }).orderBy('number', 'asc').select([...ATTEMPT_COLUMNS]);
  return ((await locked(db, query, opts.forUpdate)) as Row[]).map(toAttemptRecord);
}

/** A learner's attempts at several quizzes (no papers), for quiz grades. */
export async function selectAttemptsOfQuizzes(db: Db, userId: number, quizDocumentIds: readonly string[]): Promise<AttemptRecord[]> {
  if (quizDocumentIds.length === 0) return [];
  const rows = (await db(ATTEMPTS_TABLE)
    .where({ user_id: userId })
    .whereIn('quiz_document_id', [...quizDocumentIds])
    .orderBy('number', 'asc')
    .select([...ATTEMPT_COLUMNS])) as Row[];
  return rows.map(toAttemptRecord);
}

/** Open attempts whose deadline is before `now`, earliest first: the sweep's work list. */
export async function selectExpiredAttemptIds(db: Db, now: Date, limit: number): Promise<number[]> {
  const rows = (await db(ATTEMPTS_TABLE)
    .where({ status: 'open' })
    .whereNotNull('deadline')
    .where('deadline', '<', now)
    .orderBy([{ column: 'deadline', order: 'asc' }, { column: 'id', order: 'asc' }])
    .limit(limit)
    .select('id')) as Row[];
  return rows.map((r) => Number(r.id));
}

export async function selectAnswers(db: Db, attemptId: number): Promise<AnswerRecord[]> {
  return ((await db(ANSWERS_TABLE).where({ attempt_id: attemptId }).orderBy('id', 'asc')) as Row[]).map(toAnswerRecord);
}

export async function selectAnswer(db: Db, attemptId: number, questionId: string): Promise<AnswerRecord | null> {
  const row = (await db(ANSWERS_TABLE).where({ attempt_id: attemptId, question_id: questionId }).first()) as Row | undefined;
  return row ? toAnswerRecord(row) : null;
}

/** Immediate feedback: the question was checked (its answer is final from now on). */
export async function markChecked(db: Db, attemptId: number, questionId: string, at: Date): Promise<void> {
  await db(ANSWERS_TABLE).where({ attempt_id: attemptId, question_id: questionId }).whereNull('checked_at').update({ checked_at: at, updated_at: at });
}

/** Stores (or replaces) the learner's answer to one question. */
export async function upsertAnswer(db: Db, input: { attemptId: number; questionId: string; questionType: string; answer: Answer; savedAt: Date }): Promise<AnswerRecord> {
  const [row] = (await db(ANSWERS_TABLE)
    .insert({
      attempt_id: input.attemptId,
      question_id: input.questionId,
      question_type: input.questionType,
      answer: writeJson(input.answer),
      saved_at: input.savedAt,
      created_at: input.savedAt,
      updated_at: input.savedAt,
    })
    .onConflict(['attempt_id', 'question_id'])
    .merge(['answer', 'saved_at', 'updated_at'])
    .returning('*')) as Row[];
  return toAnswerRecord(row as Row);
}

export interface GradeWrite {
  questionId: string;
  questionType: string;
  grade: QuestionGrade;
  gradedAt: Date;
}

/**
 * Writes the grade of every question of an attempt in one statement: rows of answered questions
 * keep their answer, unanswered questions get a row with a null answer, so every question of a
 * submitted attempt has its points and explanation.
 */
export async function writeGrades(db: Db, attemptId: number, grades: readonly GradeWrite[]): Promise<void> {
  if (grades.length === 0) return;
  await db(ANSWERS_TABLE)
    .insert(grades.map((g) => ({ attempt_id: attemptId, question_id: g.questionId, question_type: g.questionType, created_at: g.gradedAt, ...gradeColumns(g.grade, g.gradedAt) })))
    .onConflict(['attempt_id', 'question_id'])
    .merge(['grade_status', 'points_awarded', 'grade', 'grader_kind', 'grader_id', 'grader_name', 'graded_at', 'updated_at']);
}

export function gradeColumns(grade: QuestionGrade, at: Date): Row {
  const pending = grade.status === 'pending-review';
  return {
    grade_status: pending ? 'pending_review' : 'graded',
    points_awarded: grade.points,
    grade: writeJson(grade),
    grader_kind: pending ? null : grade.grader.kind,
    grader_id: grade.grader.kind === 'instructor' ? grade.grader.id : null,
    grader_name: grade.grader.kind === 'instructor' ? (grade.grader.name ?? null) : null,
    graded_at: pending ? null : at,
    updated_at: at,
  };
}
