import type { Knex } from 'knex';
import { readDate, readJson } from '@lms/plugin-lms-core/server';
import type { Answer, AttemptPaper } from '../domain';
import { SUBMISSIONS_TABLE } from '../assignments/migrations';
import { ANSWERS_TABLE, ATTEMPTS_TABLE } from '../quizzes/migrations';
import type { QuizAttemptFact, SubmissionFact } from './cells';

/**
 * Read-only queries of the gradebook against the quiz and assignment tables (owned by the quizzes
 * and assignments concerns of this plugin): whole classes of learners at once, which their
 * per-learner store functions do not offer. Nothing here writes to those tables.
 */

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
// SQLite hands back 0/1 for booleans.
const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';
const hasText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

export interface QuizAttemptRow extends QuizAttemptFact {
  userId: number;
  quizDocumentId: string;
  /** The pass mark the attempt was graded against (the fallback when the quiz no longer parses). */
  passingScore: number;
}

/** Attempts (no papers) of these learners at these quizzes, by learner then quiz, oldest first. */
export async function quizAttemptsOf(db: Db, userIds: readonly number[], quizDocumentIds: readonly string[]): Promise<Map<number, Map<string, QuizAttemptRow[]>>> {
  const out = new Map<number, Map<string, QuizAttemptRow[]>>();
  if (userIds.length === 0 || quizDocumentIds.length === 0) return out;
  const rows = (await db(ATTEMPTS_TABLE)
    .whereIn('user_id', [...userIds])
    .whereIn('quiz_document_id', [...quizDocumentIds])
    .orderBy([{ column: 'user_id' }, { column: 'quiz_document_id' }, { column: 'number' }])
    .select('id', 'user_id', 'quiz_document_id', 'number', 'status', 'score', 'max_score', 'passing_score', 'submitted_at')) as Row[];
  for (const r of rows) {
    const attempt: QuizAttemptRow = {
      id: Number(r.id),
      userId: Number(r.user_id),
      quizDocumentId: String(r.quiz_document_id),
      number: Number(r.number),
      status: r.status as QuizAttemptRow['status'],
      score: num(r.score),
      maxScore: Number(r.max_score),
      passingScore: Number(r.passing_score),
      submittedAt: readDate(r.submitted_at),
    };
    const byQuiz = out.get(attempt.userId) ?? new Map<string, QuizAttemptRow[]>();
    byQuiz.set(attempt.quizDocumentId, [...(byQuiz.get(attempt.quizDocumentId) ?? []), attempt]);
    out.set(attempt.userId, byQuiz);
  }
  return out;
}

/** The current submission of these learners at these assignments, by learner then assignment. */
export async function currentSubmissionsOf(db: Db, userIds: readonly number[], assignmentDocumentIds: readonly string[]): Promise<Map<number, Map<string, SubmissionFact>>> {
  const out = new Map<number, Map<string, SubmissionFact>>();
  if (userIds.length === 0 || assignmentDocumentIds.length === 0) return out;
  const rows = (await db(SUBMISSIONS_TABLE)
    .whereIn('user_id', [...userIds])
    .whereIn('assignment_document_id', [...assignmentDocumentIds])
    .where({ is_current: true })
    .select('user_id', 'assignment_document_id', 'attempt', 'status', 'score', 'max_score', 'pass_score', 'late', 'feedback', 'rubric_breakdown', 'return_feedback')) as Row[];
  for (const r of rows) {
    const status = r.status as SubmissionFact['status'];
    const fact: SubmissionFact = {
      attempt: Number(r.attempt),
      status,
      score: num(r.score),
      maxScore: num(r.max_score),
      passScore: num(r.pass_score),
      late: bool(r.late),
      hasFeedback: status === 'graded' ? hasText(r.feedback) || hasText(r.rubric_breakdown) : status === 'returned' ? hasText(r.return_feedback) : false,
    };
    const userId = Number(r.user_id);
    const mine = out.get(userId) ?? new Map<string, SubmissionFact>();
    mine.set(String(r.assignment_document_id), fact);
    out.set(userId, mine);
  }
  return out;
}

export interface AnalysedAttemptRow {
  id: number;
  paper: AttemptPaper;
  answers: Map<string, { answer: Answer | null; points: number | null }>;
}

/**
 * One page (by ascending attempt id, after `afterId`) of each learner's FIRST fully graded
 * attempt at the quiz, with their graded answers: the item analysis's sample.
 */
export async function firstGradedAttempts(db: Db, quizDocumentId: string, afterId: number, limit: number): Promise<AnalysedAttemptRow[]> {
  const rows = (await db(`${ATTEMPTS_TABLE} as a`)
    .where('a.quiz_document_id', quizDocumentId)
    .where('a.status', 'graded')
    .where('a.id', '>', afterId)
    .whereNotExists((q) => {
      q.select(db.raw('1'))
        .from(`${ATTEMPTS_TABLE} as b`)
        .whereRaw('?? = ??', ['b.quiz_document_id', 'a.quiz_document_id'])
        .whereRaw('?? = ??', ['b.user_id', 'a.user_id'])
        .where('b.status', 'graded')
        .whereRaw('?? < ??', ['b.number', 'a.number']);
    })
    .orderBy('a.id', 'asc')
    .limit(limit)
    .select('a.id', 'a.paper')) as Row[];
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const answerRows = (await db(ANSWERS_TABLE).whereIn('attempt_id', ids).select('attempt_id', 'question_id', 'answer', 'points_awarded')) as Row[];
  const byAttempt = new Map<number, Map<string, { answer: Answer | null; points: number | null }>>();
  for (const a of answerRows) {
    const attemptId = Number(a.attempt_id);
    const map = byAttempt.get(attemptId) ?? new Map<string, { answer: Answer | null; points: number | null }>();
    map.set(String(a.question_id), { answer: a.answer === null || a.answer === undefined ? null : readJson<Answer>(a.answer), points: num(a.points_awarded) });
    byAttempt.set(attemptId, map);
  }
  return rows.map((r) => ({ id: Number(r.id), paper: readJson<AttemptPaper>(r.paper), answers: byAttempt.get(Number(r.id)) ?? new Map() }));
}
