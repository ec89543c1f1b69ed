import type { Knex } from 'knex';
import { isPostgres, readDate } from '@lms/plugin-lms-core/server';
import type { ItemStats, QuestionType } from '../domain';
import { ITEM_ANALYSIS_RUNS_TABLE, ITEM_ANALYSIS_TABLE } from './migrations';

/** The gradebook's own tables (item analysis and its runs): every statement, for PostgreSQL and SQLite. */

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

export interface RunRow {
  quizDocumentId: string;
  courseDocumentId: string | null;
  gradedEvents: number;
  analysedEvents: number;
  attemptsAnalysed: number;
  requestedAt: Date | null;
  computedAt: Date | null;
  durationMs: number | null;
}

function toRun(row: Row): RunRow {
  return {
    quizDocumentId: String(row.quiz_document_id),
    courseDocumentId: (row.course_document_id as string | null) ?? null,
    gradedEvents: Number(row.graded_events),
    analysedEvents: Number(row.analysed_events),
    attemptsAnalysed: Number(row.attempts_analysed),
    requestedAt: readDate(row.requested_at),
    computedAt: readDate(row.computed_at),
    durationMs: row.duration_ms === null || row.duration_ms === undefined ? null : Number(row.duration_ms),
  };
}

/** One more `quiz.graded` for the quiz (creating its run row on the first). */
export async function countGrading(trx: Knex.Transaction, quizDocumentId: string, courseDocumentId: string, at: Date): Promise<void> {
  await trx(ITEM_ANALYSIS_RUNS_TABLE)
    .insert({ quiz_document_id: quizDocumentId, course_document_id: courseDocumentId, graded_events: 1, analysed_events: 0, attempts_analysed: 0, requested_at: at, created_at: at, updated_at: at })
    .onConflict('quiz_document_id')
    .merge({ graded_events: trx.raw('??.?? + 1', [ITEM_ANALYSIS_RUNS_TABLE, 'graded_events']), requested_at: at, updated_at: at });
}

/** The quiz's run row, created empty if missing (an on-demand computation before any event). */
export async function ensureRun(trx: Knex.Transaction, quizDocumentId: string, courseDocumentId: string | null, at: Date): Promise<void> {
  await trx(ITEM_ANALYSIS_RUNS_TABLE).insert({ quiz_document_id: quizDocumentId, course_document_id: courseDocumentId, created_at: at, updated_at: at }).onConflict('quiz_document_id').ignore();
}

/** The quiz's run row under a row lock (PostgreSQL; SQLite's single writer is the lock). */
export async function lockRun(trx: Knex.Transaction, quizDocumentId: string): Promise<RunRow | null> {
  const query = trx(ITEM_ANALYSIS_RUNS_TABLE).where({ quiz_document_id: quizDocumentId }).first();
  if (isPostgres(trx)) query.forUpdate();
  const row = (await query) as Row | undefined;
  return row ? toRun(row) : null;
}

export async function recordRun(trx: Knex.Transaction, quizDocumentId: string, run: { analysedEvents: number; attemptsAnalysed: number; computedAt: Date; durationMs: number }): Promise<void> {
  await trx(ITEM_ANALYSIS_RUNS_TABLE).where({ quiz_document_id: quizDocumentId }).update({
    analysed_events: run.analysedEvents,
    attempts_analysed: run.attemptsAnalysed,
    computed_at: run.computedAt,
    duration_ms: run.durationMs,
    updated_at: run.computedAt,
  });
}

/** Quizzes with gradings the last computation did not cover. */
export async function staleQuizIds(db: Db): Promise<string[]> {
  const rows = (await db(ITEM_ANALYSIS_RUNS_TABLE).whereRaw('?? > ??', ['graded_events', 'analysed_events']).select('quiz_document_id')) as Row[];
  return rows.map((r) => String(r.quiz_document_id));
}

/** Replaces the quiz's figures as a whole (a question no longer asked disappears). */
export async function replaceItemStats(trx: Knex.Transaction, quizDocumentId: string, stats: readonly ItemStats[], at: Date): Promise<void> {
  await trx(ITEM_ANALYSIS_TABLE).where({ quiz_document_id: quizDocumentId }).delete();
  if (stats.length === 0) return;
  await trx.batchInsert(
    ITEM_ANALYSIS_TABLE,
    stats.map((s) => ({
      quiz_document_id: quizDocumentId,
      question_id: s.questionId,
      position: s.position,
      question_type: s.type,
      prompt: s.prompt,
      n: s.n,
      facility: s.facility,
      discrimination: s.discrimination,
      top_wrong_option: s.topWrongOption?.text ?? null,
      top_wrong_option_count: s.topWrongOption?.count ?? null,
      computed_at: at,
    })),
    200,
  );
}

export type StoredItemStats = Omit<ItemStats, 'flags' | 'topWrongOption'> & { topWrongOption: { text: string; count: number } | null };

/** The quiz's run row and figures, by position. */
export async function readItemAnalysis(db: Db, quizDocumentId: string): Promise<{ run: RunRow | null; stats: StoredItemStats[] }> {
  const [runRow, rows] = await Promise.all([
    db(ITEM_ANALYSIS_RUNS_TABLE).where({ quiz_document_id: quizDocumentId }).first() as Promise<Row | undefined>,
    db(ITEM_ANALYSIS_TABLE).where({ quiz_document_id: quizDocumentId }).orderBy([{ column: 'position' }, { column: 'question_id' }]) as Promise<Row[]>,
  ]);
  const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    run: runRow ? toRun(runRow) : null,
    stats: rows.map((r) => ({
      questionId: String(r.question_id),
      position: Number(r.position),
      type: String(r.question_type) as QuestionType,
      prompt: String(r.prompt),
      n: Number(r.n),
      facility: numOrNull(r.facility),
      discrimination: numOrNull(r.discrimination),
      topWrongOption: r.top_wrong_option === null || r.top_wrong_option === undefined ? null : { text: String(r.top_wrong_option), count: Number(r.top_wrong_option_count ?? 0) },
    })),
  };
}
