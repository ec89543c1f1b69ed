import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, type EventActor } from '@lms/plugin-lms-core/server';
import { enrollmentsOf } from '../adapters/enrollment';
import {
  answersInTime,
  gradeAttempt,
  quizGrade,
  toPointsNumber,
  GradingError,
  type Answer,
  type AttemptResult,
  type QuizGrade,
} from '../domain';
import { quizContentOf } from './content';
import { ATTEMPTS_TABLE } from './migrations';
import {
  ATTEMPT_COLUMNS,
  selectAnswers,
  selectAttemptsOfQuizzes,
  submittedAttempt,
  toAttemptRecord,
  writeGrades,
  type AttemptRecord,
  type AttemptWithPaper,
} from './store';

/**
 * The steps of an attempt's life that several callers share (the learner's submit, a late read,
 * the deadline sweep, an instructor's grade). Each runs inside the caller's transaction, after the
 * caller locked the attempt row.
 */

/**
 * Grades an open attempt with the answers saved by its deadline and stores every question's
 * grade and the totals. `by: 'deadline'` when time ran out (the sweep, a read or submit after the
 * deadline): the attempt is then recorded as submitted at its deadline.
 */
export async function submitLocked(strapi: Core.Strapi, trx: Knex.Transaction, attempt: AttemptWithPaper, now: Date, by: 'learner' | 'deadline'): Promise<AttemptRecord> {
  if (attempt.status !== 'open') throw new Error(`attempt ${attempt.id} is ${attempt.status}; only an open attempt is submitted`);
  const saved = (await selectAnswers(trx, attempt.id)).flatMap((a) => (a.answer && a.savedAt ? [{ questionId: a.questionId, answer: a.answer, savedAt: a.savedAt }] : []));
  const { counted } = answersInTime(saved, attempt.deadline);
  const answers: Record<string, Answer> = Object.fromEntries(counted.map((a) => [a.questionId, a.answer]));
  const result = gradeAttempt(attempt.paper, answers, attempt.passingScore);
  await writeGrades(
    trx,
    attempt.id,
    attempt.paper.questions.map((q, i) => ({ questionId: q.id, questionType: q.question.type, grade: result.grades[i] as AttemptResult['grades'][number], gradedAt: now })),
  );
  const late = by === 'deadline' && attempt.deadline !== null && attempt.deadline.getTime() < now.getTime();
  return recordTotals(strapi, trx, attempt, result, now, {
    submittedAt: late ? (attempt.deadline as Date) : now,
    autoSubmitted: by === 'deadline',
    actor: by === 'learner' ? { type: 'user', id: attempt.userId } : { type: 'system' },
  });
}

/**
 * Stores an attempt's totals. When it is (or stays) graded with a new score, emits `quiz.graded`
 * in the same transaction and asks lms-enrollment to re-check the course's completion, which
 * may now be met (see completion.ts).
 */
export async function recordTotals(
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  attempt: AttemptRecord,
  result: Pick<AttemptResult, 'status' | 'score' | 'maxScore' | 'pendingPoints' | 'percent' | 'passed'>,
  now: Date,
  opts: { submittedAt?: Date; autoSubmitted?: boolean; actor?: EventActor },
): Promise<AttemptRecord> {
  const graded = result.status === 'graded';
  const [row] = (await trx(ATTEMPTS_TABLE)
    .where({ id: attempt.id })
    .update({
      status: graded ? 'graded' : 'pending_review',
      score: result.score,
      max_score: result.maxScore,
      pending_points: result.pendingPoints,
      percent: result.percent,
      passed: result.passed,
      graded_at: graded ? now : null,
      updated_at: now,
      ...(opts.submittedAt ? { submitted_at: opts.submittedAt, auto_submitted: opts.autoSubmitted ?? false } : {}),
    })
    .returning([...ATTEMPT_COLUMNS])) as Array<Record<string, unknown>>;
  const updated = toAttemptRecord(row as Record<string, unknown>);

  const changed = attempt.status !== 'graded' || attempt.score !== updated.score || attempt.passed !== updated.passed;
  if (updated.status === 'graded' && changed) {
    await getLmsCoreService(strapi, 'events').emit(trx, {
      type: 'quiz.graded',
      payload: {
        learnerId: updated.userId,
        courseId: updated.courseDocumentId,
        quizId: updated.quizDocumentId,
        attemptId: updated.id,
        score: toPointsNumber(updated.score ?? 0),
        maxScore: toPointsNumber(updated.maxScore),
        passed: updated.passed === true,
        gradedAt: now.toISOString(),
      },
      ...(opts.actor ? { actor: opts.actor } : {}),
    });
    await enrollmentsOf(strapi).recheckCompletion(updated.userId, updated.courseDocumentId, trx);
  }
  return updated;
}

/**
 * A learner's quiz grades (attempt policy and pass mark of the published quiz) for the given
 * quizzes; quizzes without a submitted attempt are `not-attempted`. For the learner's page, the
 * completion requirement and the gradebook.
 */
export async function quizGradesOf(
  strapi: Core.Strapi,
  db: Knex | Knex.Transaction,
  userId: number,
  quizDocumentIds: readonly string[],
): Promise<Record<string, QuizGrade>> {
  const [attempts, quizzes] = await Promise.all([selectAttemptsOfQuizzes(db, userId, quizDocumentIds), quizContentOf(strapi).findQuizzes(quizDocumentIds)]);
  const grades: Record<string, QuizGrade> = {};
  for (const quizId of quizDocumentIds) {
    const own = attempts.filter((a) => a.quizDocumentId === quizId);
    const rules = quizzes.get(quizId)?.rules;
    // A quiz whose settings no longer parse keeps grading its attempts as they were taken.
    const policy = rules && !(rules instanceof GradingError) ? rules : { attemptPolicy: 'best' as const, passingScore: own[own.length - 1]?.passingScore ?? 70 };
    grades[quizId] = quizGrade(own.map(submittedAttempt).filter((a) => a !== null), policy.attemptPolicy, policy.passingScore);
  }
  return grades;
}

export type { AttemptRecord };
