import type { Core } from '@strapi/strapi';
import { inTransaction, invalidInput, notFound, readDate, readJson } from '@lms/plugin-lms-core/server';
import { courseContentOf, enrollmentClockOf } from '../adapters/enrollment';
import { gradableCourses, mayGrade, type AdminUserLike } from '../admin-scope';
import { applyManualGrade, countWords, findAttemptQuestion, summariseAttempt, toPointsNumber, type AttemptPaper, type QuestionGrade } from '../domain';
import { recordTotals } from './attempt-flow';
import { quizContentOf } from './content';
import type { AdminAttemptTotals, EssayToGrade, GradeAnswerResponse } from './contracts';
import { conflict, fromGradingError, refused } from './http';
import { ANSWERS_TABLE, ATTEMPTS_TABLE } from './migrations';
import { gradeColumns, selectAnswers, selectAttempt, toAnswerRecord, type AttemptRecord } from './store';

export interface GraderUser extends AdminUserLike {
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email?: string | null;
}

export interface EssayQuery {
  status: 'pending' | 'graded';
  course?: string;
  quiz?: string;
  page: number;
  pageSize: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function graderName(user: GraderUser): string {
  const name = [user.firstname, user.lastname].filter((p) => p && p.trim()).join(' ').trim();
  return name || user.username || user.email || `admin ${user.id}`;
}

export function toAttemptTotals(a: AttemptRecord): AdminAttemptTotals {
  return {
    id: a.id,
    number: a.number,
    status: a.status,
    score: a.score === null ? null : toPointsNumber(a.score),
    maxScore: toPointsNumber(a.maxScore),
    pendingPoints: toPointsNumber(a.pendingPoints),
    percent: a.percent === null ? null : a.percent / 100,
    passed: a.passed,
    gradedAt: iso(a.gradedAt),
  };
}

/**
 * Manual grading for instructors and admins: the queue of essays (scoped to the courses the admin
 * user may grade) and grading one answer, which re-totals the attempt; the attempt becomes graded
 * (and `quiz.graded` is emitted, completion re-checked) when no answer is pending any more.
 */
export const createQuizGradingService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async listEssays(user: GraderUser, query: EssayQuery): Promise<{ data: EssayToGrade[]; total: number }> {
    const scope = await gradableCourses(strapi, user);
    if (scope !== 'all' && scope.size === 0) return { data: [], total: 0 };
    const db = strapi.db.connection;
    const base = db(`${ANSWERS_TABLE} as a`)
      .join(`${ATTEMPTS_TABLE} as t`, 't.id', 'a.attempt_id')
      .where('a.question_type', 'essay')
      .whereNot('t.status', 'open');
    if (query.status === 'pending') base.where('a.grade_status', 'pending_review');
    else base.where('a.grade_status', 'graded').where('a.grader_kind', 'instructor');
    if (scope !== 'all') base.whereIn('t.course_document_id', [...scope]);
    if (query.course) base.where('t.course_document_id', query.course);
    if (query.quiz) base.where('t.quiz_document_id', query.quiz);

    const counted = (await base.clone().count({ n: '*' }).first()) as { n: number | string } | undefined;
    const total = Number(counted?.n ?? 0);
    if (total === 0) return { data: [], total };
    const rows = (await base
      .clone()
      .select('a.*', 't.user_id', 't.quiz_document_id', 't.course_document_id', 't.number as attempt_number', 't.submitted_at', 't.paper')
      // Oldest submissions first: the queue is worked through in order.
      .orderBy([{ column: 't.submitted_at', order: query.status === 'pending' ? 'asc' : 'desc' }, { column: 'a.id', order: 'asc' }])
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)) as Array<Record<string, unknown>>;

    const userIds = [...new Set(rows.map((r) => Number(r.user_id)))];
    const [users, quizTitles, courses] = await Promise.all([
      strapi.db.query('plugin::users-permissions.user').findMany({ where: { id: { $in: userIds } }, select: ['id', 'username', 'email'] }) as Promise<
        Array<{ id: number; username: string | null; email: string | null }>
      >,
      quizContentOf(strapi).quizTitles(rows.map((r) => String(r.quiz_document_id))),
      courseContentOf(strapi).courseRefs(rows.map((r) => String(r.course_document_id))),
    ]);
    const userById = new Map(users.map((u) => [Number(u.id), u]));

    const data = rows.map((r): EssayToGrade => {
      const answer = toAnswerRecord(r);
      const paper = readJson<AttemptPaper>(r.paper);
      const question = paper.questions.find((q) => q.id === answer.questionId)?.question;
      const essay = question?.type === 'essay' ? question : null;
      const text = answer.answer?.type === 'essay' ? answer.answer.text : '';
      const user = userById.get(Number(r.user_id));
      const courseId = String(r.course_document_id);
      const quizId = String(r.quiz_document_id);
      const grade = answer.grade;
      return {
        attemptId: answer.attemptId,
        attemptNumber: Number(r.attempt_number),
        questionId: answer.questionId,
        status: answer.gradeStatus === 'graded' ? 'graded' : 'pending',
        learner: { id: Number(r.user_id), username: user?.username ?? null, email: user?.email ?? null },
        quiz: { documentId: quizId, title: quizTitles.get(quizId) ?? '' },
        course: { documentId: courseId, title: courses.get(courseId)?.title ?? '' },
        prompt: question?.prompt ?? '',
        guidance: essay?.guidance ?? null,
        minWords: essay?.minWords ?? null,
        maxWords: essay?.maxWords ?? null,
        answerText: text,
        wordCount: countWords(text),
        maxPoints: toPointsNumber(grade?.maxPoints ?? question?.points ?? 0),
        points: answer.gradeStatus === 'graded' && answer.pointsAwarded !== null ? toPointsNumber(answer.pointsAwarded) : null,
        comment: grade?.comment ?? null,
        grader: answer.graderKind === 'instructor' && answer.graderId ? { id: answer.graderId, name: answer.graderName } : null,
        gradedAt: iso(answer.gradedAt),
        submittedAt: (readDate(r.submitted_at) as Date).toISOString(),
      };
    });
    return { data, total };
  },

  /**
   * Grades (or re-grades) one answer of a submitted attempt and re-totals the attempt in the same
   * transaction, under the attempt's row lock.
   */
  async gradeAnswer(user: GraderUser, attemptId: number, questionId: string, input: { points: unknown; comment: string | null }): Promise<GradeAnswerResponse['data']> {
    const scope = await gradableCourses(strapi, user);
    const now = enrollmentClockOf(strapi).now();
    const grader = { kind: 'instructor' as const, id: String(user.id), name: graderName(user) };
    return inTransaction(strapi, undefined, async (trx) => {
      const attempt = await selectAttempt(trx, attemptId, { forUpdate: true });
      if (!attempt) throw notFound('attempt', attemptId);
      if (!mayGrade(scope, attempt.courseDocumentId)) {
        throw refused(`attempt ${attemptId} belongs to a course you do not teach; only its instructors and admins grade it`, { code: 'not-your-course' });
      }
      if (attempt.status === 'open') {
        throw conflict(`attempt ${attemptId} has not been submitted yet; grade it once the learner submits (or its time runs out)`, { code: 'attempt-open' });
      }
      try {
        findAttemptQuestion(attempt.paper, questionId, 'params.questionId');
      } catch (error) {
        throw fromGradingError(error);
      }
      const answers = await selectAnswers(trx, attemptId);
      const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
      const row = byQuestion.get(questionId);
      if (!row?.grade) throw invalidInput('params.questionId', `question ${questionId} of attempt ${attemptId} has no grade to change`);

      let updatedGrade: QuestionGrade;
      try {
        updatedGrade = applyManualGrade(row.grade, { points: input.points, grader, comment: input.comment }, 'points');
      } catch (error) {
        throw fromGradingError(error);
      }
      await trx(ANSWERS_TABLE).where({ id: row.id }).update(gradeColumns(updatedGrade, now));

      const grades = attempt.paper.questions.map((q) => {
        if (q.id === questionId) return updatedGrade;
        const g = byQuestion.get(q.id)?.grade;
        if (!g) throw new Error(`attempt ${attemptId} has no grade for question ${q.id}; it was not submitted properly`);
        return g;
      });
      const totals = await recordTotals(strapi, trx, attempt, summariseAttempt(grades, attempt.passingScore), now, { actor: { type: 'admin', id: user.id } });
      return {
        answer: {
          questionId,
          questionType: row.questionType,
          points: toPointsNumber(updatedGrade.points ?? 0),
          maxPoints: toPointsNumber(updatedGrade.maxPoints),
          comment: updatedGrade.comment,
          grader: { id: grader.id, name: grader.name },
          gradedAt: now.toISOString(),
          summary: updatedGrade.summary,
        },
        attempt: toAttemptTotals(totals),
      };
    });
  },
});

export type QuizGradingService = ReturnType<typeof createQuizGradingService>;
