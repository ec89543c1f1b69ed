import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations, writeJson } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
import { buildAttempt, gradeAttempt, newSeed, parseQuizQuestions, type Answer } from '../domain';
import { assignmentMigrations, SUBMISSIONS_TABLE } from '../assignments/migrations';
import { ANSWERS_TABLE, ATTEMPTS_TABLE, quizMigrations } from '../quizzes/migrations';
import { demoQuizQuestions } from '../testing/demo-quiz';
import { gradebookMigrations } from './migrations';
import { currentSubmissionsOf, firstGradedAttempts, quizAttemptsOf } from './reads';
import { countGrading, ensureRun, lockRun, readItemAnalysis, recordRun, replaceItemStats, staleQuizIds } from './store';

/**
 * The gradebook's tables and its read-only queries of the quiz and assignment tables, on both
 * databases the project supports. Run with the integration project:
 * npx vitest run --project integration plugins/lms-grading/server/src/gradebook/store.int.test.ts
 */
const at = new Date('2026-03-01T10:00:00Z');
const later = new Date('2026-03-01T10:05:00Z');
const pool = parseQuizQuestions(demoQuizQuestions);

describe.each(DIALECTS)('gradebook store on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  beforeAll(async () => {
    db = await openDialect(dialect, 'lms_grading_gradebook');
    const result = await runMigrations(db.knex, 'lms-grading', [...quizMigrations, ...assignmentMigrations, ...gradebookMigrations]);
    expect(result.applied).toEqual(['101-quiz-attempts-answers', '102-quiz-answer-checked-at', '201-assignment-submissions', '301-item-analysis']);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A submitted attempt of the demo quiz: every question answered by the first option/true/…, graded. */
  async function attempt(userId: number, number: number, status: 'open' | 'pending_review' | 'graded') {
    const paper = buildAttempt(pool, { shuffleQuestions: true, shuffleOptions: true, questionsPerAttempt: null }, newSeed());
    const single = paper.questions.find((q) => q.question.type === 'single-choice');
    const answers: Record<string, Answer> = {};
    if (single?.question.type === 'single-choice') answers[single.id] = { type: 'single-choice', optionId: single.question.options[1]?.id ?? null };
    const result = gradeAttempt(paper, answers, 50);
    const [row] = (await db
      .knex(ATTEMPTS_TABLE)
      .insert({
        user_id: userId,
        quiz_document_id: 'quiz1',
        course_document_id: 'course1',
        number,
        seed: paper.seed,
        paper: writeJson(paper),
        passing_score: 50,
        started_at: at,
        submitted_at: status === 'open' ? null : at,
        status,
        score: status === 'graded' ? result.score : null,
        max_score: result.maxScore,
        percent: status === 'graded' ? result.percent : null,
        passed: status === 'graded' ? result.passed : null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')) as Array<{ id: number }>;
    const id = Number(row?.id);
    if (status !== 'open') {
      await db.knex(ANSWERS_TABLE).insert(
        paper.questions.map((q, i) => ({
          attempt_id: id,
          question_id: q.id,
          question_type: q.question.type,
          answer: answers[q.id] ? writeJson(answers[q.id]) : null,
          grade_status: 'graded',
          points_awarded: result.grades[i]?.points ?? 0,
          created_at: at,
          updated_at: at,
        })),
      );
    }
    return { id, score: result.score };
  }

  it('reads attempts by learner and quiz, and only each learner’s first fully graded attempt for analysis', async () => {
    const a1 = await attempt(1, 1, 'pending_review');
    const a2 = await attempt(1, 2, 'graded');
    const a3 = await attempt(1, 3, 'graded');
    const b1 = await attempt(2, 1, 'graded');
    await attempt(3, 1, 'open');

    const byLearner = await quizAttemptsOf(db.knex, [1, 2, 3], ['quiz1', 'other']);
    expect(byLearner.get(1)?.get('quiz1')?.map((a) => [a.id, a.number, a.status])).toEqual([
      [a1.id, 1, 'pending_review'],
      [a2.id, 2, 'graded'],
      [a3.id, 3, 'graded'],
    ]);
    expect(byLearner.get(2)?.get('quiz1')?.[0]).toMatchObject({ score: b1.score, passingScore: 50, submittedAt: at });
    expect(byLearner.get(3)?.get('quiz1')?.[0]).toMatchObject({ status: 'open', score: null, submittedAt: null });

    // Learner 1's attempt 1 waits for an essay grade: attempt 2 is their first fully graded one.
    const first = await firstGradedAttempts(db.knex, 'quiz1', 0, 10);
    expect(first.map((a) => a.id)).toEqual([a2.id, b1.id]);
    expect(first[0]?.paper.questions).toHaveLength(pool.length);
    expect([...(first[0]?.answers.values() ?? [])].some((a) => a.answer?.type === 'single-choice')).toBe(true);
    // Paged by attempt id.
    expect((await firstGradedAttempts(db.knex, 'quiz1', 0, 1)).map((a) => a.id)).toEqual([a2.id]);
    expect((await firstGradedAttempts(db.knex, 'quiz1', a2.id, 1)).map((a) => a.id)).toEqual([b1.id]);
  });

  it('reads the current submissions with whether feedback exists', async () => {
    const base = { assignment_document_id: 'asg1', course_document_id: 'course1', submitted_at: at, created_at: at, updated_at: at };
    await db.knex(SUBMISSIONS_TABLE).insert([
      { ...base, user_id: 1, attempt: 1, is_current: false, status: 'returned', late: false, return_feedback: 'Try again' },
      { ...base, user_id: 1, attempt: 2, is_current: true, status: 'graded', late: true, score: 7000, max_score: 10000, pass_score: 5000, passed: true, feedback: 'Good' },
      { ...base, user_id: 2, attempt: 1, is_current: true, status: 'returned', late: false, return_feedback: '' },
      { ...base, user_id: 3, attempt: 1, is_current: true, status: 'submitted', late: false },
    ]);
    const subs = await currentSubmissionsOf(db.knex, [1, 2, 3, 4], ['asg1']);
    expect(subs.get(1)?.get('asg1')).toEqual({ attempt: 2, status: 'graded', score: 7000, maxScore: 10000, passScore: 5000, late: true, hasFeedback: true });
    expect(subs.get(2)?.get('asg1')).toMatchObject({ status: 'returned', hasFeedback: false });
    expect(subs.get(3)?.get('asg1')).toMatchObject({ status: 'submitted', score: null, hasFeedback: false });
    expect(subs.has(4)).toBe(false);
  });

  it('counts gradings per quiz, locks and records runs, and replaces the figures as a whole', async () => {
    await db.knex.transaction((trx) => countGrading(trx, 'quiz1', 'course1', at));
    await db.knex.transaction((trx) => countGrading(trx, 'quiz1', 'course1', later));
    await db.knex.transaction((trx) => ensureRun(trx, 'quiz2', null, at));
    await db.knex.transaction((trx) => ensureRun(trx, 'quiz1', null, at)); // exists: unchanged
    expect(await staleQuizIds(db.knex)).toEqual(['quiz1']);

    await db.knex.transaction(async (trx) => {
      const run = await lockRun(trx, 'quiz1');
      expect(run).toMatchObject({ courseDocumentId: 'course1', gradedEvents: 2, analysedEvents: 0, requestedAt: later, computedAt: null });
      const stats = [
        { questionId: 'qa', position: 2, type: 'true-false' as const, prompt: 'B', n: 4, facility: 0.5, discrimination: -0.3015, topWrongOption: { index: 1, text: 'False', count: 2 }, flags: [] },
        { questionId: 'qb', position: 1, type: 'essay' as const, prompt: 'A', n: 4, facility: 0.75, discrimination: null, topWrongOption: null, flags: [] },
      ];
      await replaceItemStats(trx, 'quiz1', stats, later);
      await replaceItemStats(trx, 'quiz1', stats, later); // again: replaced, not duplicated
      await recordRun(trx, 'quiz1', { analysedEvents: run?.gradedEvents ?? 0, attemptsAnalysed: 4, computedAt: later, durationMs: 12 });
    });
    expect(await staleQuizIds(db.knex)).toEqual([]);
    const { run, stats } = await readItemAnalysis(db.knex, 'quiz1');
    expect(run).toMatchObject({ gradedEvents: 2, analysedEvents: 2, attemptsAnalysed: 4, computedAt: later, durationMs: 12 });
    expect(stats).toEqual([
      { questionId: 'qb', position: 1, type: 'essay', prompt: 'A', n: 4, facility: 0.75, discrimination: null, topWrongOption: null },
      { questionId: 'qa', position: 2, type: 'true-false', prompt: 'B', n: 4, facility: 0.5, discrimination: -0.3015, topWrongOption: { text: 'False', count: 2 } },
    ]);
    await db.knex.transaction((trx) => replaceItemStats(trx, 'quiz1', [], later));
    expect((await readItemAnalysis(db.knex, 'quiz1')).stats).toEqual([]);
  });
});
