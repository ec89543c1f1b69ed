import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations, writeJson } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
import { buildAttempt, gradeAttempt, newSeed, parseQuizQuestions } from '../domain';
import { demoQuizQuestions } from '../testing/demo-quiz';
import { ANSWERS_TABLE, ATTEMPTS_TABLE, quizMigrations } from './migrations';
import {
  selectAnswers,
  selectAttempt,
  selectAttemptsOf,
  selectAttemptState,
  selectExpiredAttemptIds,
  upsertAnswer,
  writeGrades,
} from './store';

const t0 = new Date('2026-03-01T10:00:00Z');
const pool = parseQuizQuestions(demoQuizQuestions);

function attemptRow(userId: number, number: number, extra: Record<string, unknown> = {}) {
  const paper = buildAttempt(pool, { shuffleQuestions: false, shuffleOptions: true, questionsPerAttempt: null }, newSeed()); // authored order: single choice, multiple choice, …
  return {
    row: {
      user_id: userId,
      quiz_document_id: 'quizdoc',
      course_document_id: 'coursedoc',
      number,
      seed: paper.seed,
      paper: writeJson(paper),
      passing_score: 70,
      started_at: t0,
      deadline: null,
      status: 'open',
      max_score: paper.maxPoints,
      created_at: t0,
      updated_at: t0,
      ...extra,
    },
    paper,
  };
}

describe.each(DIALECTS)('quiz tables on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  beforeAll(async () => {
    db = await openDialect(dialect, 'lms-grading-quiz');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates both tables once', async () => {
    expect((await runMigrations(db.knex, 'lms-grading', quizMigrations)).applied).toEqual(['101-quiz-attempts-answers', '102-quiz-answer-checked-at']);
    expect((await runMigrations(db.knex, 'lms-grading', quizMigrations)).applied).toEqual([]);
    expect(await db.knex.schema.hasTable(ATTEMPTS_TABLE)).toBe(true);
    expect(await db.knex.schema.hasTable(ANSWERS_TABLE)).toBe(true);
  });

  it('keeps one attempt per learner, quiz and number; the loser of an insert-or-ignore gets nothing', async () => {
    const [first] = await db.knex(ATTEMPTS_TABLE).insert(attemptRow(1, 1).row).onConflict(['user_id', 'quiz_document_id', 'number']).ignore().returning('id');
    expect(first).toBeDefined();
    const again = await db.knex(ATTEMPTS_TABLE).insert(attemptRow(1, 1).row).onConflict(['user_id', 'quiz_document_id', 'number']).ignore().returning('id');
    expect(again).toEqual([]);
    await expect(db.knex(ATTEMPTS_TABLE).insert(attemptRow(1, 1).row)).rejects.toThrow();
    expect((await selectAttemptsOf(db.knex, 1, 'quizdoc')).map((a) => a.number)).toEqual([1]);
  });

  it('refuses unknown statuses, out-of-range percentages, pass marks and scores above the maximum', async () => {
    await expect(db.knex(ATTEMPTS_TABLE).insert(attemptRow(2, 1, { status: 'submitted' }).row)).rejects.toThrow();
    await expect(db.knex(ATTEMPTS_TABLE).insert(attemptRow(2, 2, { percent: 10_001 }).row)).rejects.toThrow();
    await expect(db.knex(ATTEMPTS_TABLE).insert(attemptRow(2, 3, { passing_score: 101 }).row)).rejects.toThrow();
    await expect(db.knex(ATTEMPTS_TABLE).insert(attemptRow(2, 4, { status: 'graded', score: 999_999_999 }).row)).rejects.toThrow();
    await expect(db.knex(ATTEMPTS_TABLE).insert(attemptRow(2, 5, { number: 0 }).row)).rejects.toThrow();
    expect(await selectAttemptsOf(db.knex, 2, 'quizdoc')).toEqual([]);
  });

  it('round-trips an attempt (dates, booleans, the paper) and finds expired open attempts in deadline order', async () => {
    const late = attemptRow(3, 1, { deadline: new Date(t0.getTime() + 30 * 60_000) });
    const early = attemptRow(3, 2, { deadline: new Date(t0.getTime() + 10 * 60_000) });
    const future = attemptRow(3, 3, { deadline: new Date(t0.getTime() + 90 * 60_000) });
    const none = attemptRow(3, 4);
    const graded = attemptRow(3, 5, { deadline: t0, status: 'graded', score: 1000, passed: true, auto_submitted: true, submitted_at: t0, percent: 5000 });
    const ids: number[] = [];
    for (const a of [late, early, future, none, graded]) {
      const [row] = (await db.knex(ATTEMPTS_TABLE).insert(a.row).returning('id')) as Array<{ id: number }>;
      ids.push(Number(row?.id));
    }
    const now = new Date(t0.getTime() + 60 * 60_000);
    expect(await selectExpiredAttemptIds(db.knex, now, 10)).toEqual([ids[1], ids[0]]);
    expect(await selectExpiredAttemptIds(db.knex, now, 1)).toEqual([ids[1]]);

    const read = await selectAttempt(db.knex, ids[4] as number);
    expect(read).toMatchObject({ status: 'graded', score: 1000, passed: true, autoSubmitted: true, percent: 5000, deadline: t0, submittedAt: t0, startedAt: t0, userId: 3, number: 5 });
    expect(read?.paper).toEqual(graded.paper);
    const state = await selectAttemptState(db.knex, ids[0] as number);
    expect(state).toMatchObject({ status: 'open', autoSubmitted: false, passed: null, score: null, deadline: new Date(t0.getTime() + 30 * 60_000) });
    expect(state).not.toHaveProperty('paper');
  });

  it('stores one answer per question (the last save wins), then a grade for every question', async () => {
    const { row, paper } = attemptRow(4, 1);
    const [inserted] = (await db.knex(ATTEMPTS_TABLE).insert(row).returning('id')) as Array<{ id: number }>;
    const attemptId = Number(inserted?.id);
    const [q1, q2] = paper.questions;
    if (!q1 || !q2 || q2.question.type !== 'multiple-choice') throw new Error('the demo quiz starts with a single-choice and a multiple-choice question');
    await upsertAnswer(db.knex, { attemptId, questionId: q2.id, questionType: q2.question.type, answer: { type: 'multiple-choice', optionIds: [] }, savedAt: t0 });
    const saved = await upsertAnswer(db.knex, {
      attemptId,
      questionId: q2.id,
      questionType: q2.question.type,
      answer: { type: 'multiple-choice', optionIds: q2.question.options.filter((o) => o.correct).map((o) => o.id) },
      savedAt: new Date(t0.getTime() + 1000),
    });
    expect(saved.savedAt).toEqual(new Date(t0.getTime() + 1000));
    expect(await selectAnswers(db.knex, attemptId)).toHaveLength(1);

    const essayQuestion = paper.questions.find((q) => q.question.type === 'essay');
    if (!essayQuestion) throw new Error('the demo quiz has an essay');
    const essayAnswer = { type: 'essay' as const, text: 'Strict null checks would have caught it.' };
    await upsertAnswer(db.knex, { attemptId, questionId: essayQuestion.id, questionType: 'essay', answer: essayAnswer, savedAt: t0 });

    const result = gradeAttempt(paper, { [q2.id]: saved.answer as NonNullable<typeof saved.answer>, [essayQuestion.id]: essayAnswer }, 70);
    await writeGrades(db.knex, attemptId, paper.questions.map((q, i) => ({ questionId: q.id, questionType: q.question.type, grade: result.grades[i] as (typeof result.grades)[number], gradedAt: t0 })));
    const rows = await selectAnswers(db.knex, attemptId);
    expect(rows).toHaveLength(paper.questions.length);
    const answered = rows.find((r) => r.questionId === q2.id);
    expect(answered).toMatchObject({ pointsAwarded: q2.question.points, gradeStatus: 'graded', graderKind: 'auto', answer: saved.answer });
    expect(rows.find((r) => r.questionId === q1.id)).toMatchObject({ answer: null, savedAt: null, pointsAwarded: 0, gradeStatus: 'graded' });
    const essay = rows.find((r) => r.questionType === 'essay');
    expect(essay).toMatchObject({ gradeStatus: 'pending_review', pointsAwarded: null, graderKind: null, gradedAt: null, answer: essayAnswer });
    expect(essay?.grade?.status).toBe('pending-review');

    // Answers go with their attempt.
    await db.knex(ATTEMPTS_TABLE).where({ id: attemptId }).delete();
    expect(await selectAnswers(db.knex, attemptId)).toEqual([]);
  });
});
