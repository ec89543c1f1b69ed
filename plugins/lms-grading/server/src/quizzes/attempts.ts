import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { inTransaction, invalidInput, notFound, writeJson } from '@lms/plugin-lms-core/server';
import { enrollmentClockOf, enrollmentsOf, grantsAccess } from '../adapters/enrollment';
import {
  attemptDeadline,
  buildAttempt,
  decideSave,
  decideStart,
  feedbackDuringAttempt,
  feedbackRelease,
  findAttemptQuestion,
  gradeQuestion,
  GradingError,
  isExpired,
  newSeed,
  parseAnswer,
  parseQuizQuestions,
  quizGrade,
  toLearnerPaper,
  toLearnerReview,
  toPointsNumber,
  type Answer,
  type AttemptQuestion,
  type AuthoredQuestion,
  type QuizGrade,
  type QuizRules,
  type StartDecision,
} from '../domain';
import { lessonLockedMessage, lessonLockOf, requireOpenLesson } from '../lesson-access';
import { quizGradesOf, submitLocked } from './attempt-flow';
import { quizContentOf, type QuizDocument } from './content';
import type { AnswerWire, AttemptSummary, AttemptView, CheckAnswerResponse, QuizGradeView, QuizOverview, SaveAnswerResponse, StartAvailability } from './contracts';
import { conflict, ConflictError, fromGradingError, refused } from './http';
import { ATTEMPTS_TABLE } from './migrations';
import {
  ATTEMPT_COLUMNS,
  attemptFacts,
  markChecked,
  selectAnswer,
  selectAnswers,
  selectAttempt,
  selectAttemptsOf,
  selectAttemptState,
  selectExpiredAttemptIds,
  submittedAttempt,
  toAttemptRecord,
  upsertAnswer,
  type AnswerRecord,
  type AttemptRecord,
  type AttemptWithPaper,
} from './store';

/** 409: in immediate mode a checked answer is final. */
const answerLocked = (checkedAt: Date) =>
  conflict(`this question was checked at ${checkedAt.toISOString()}; its answer is final (checking shows the result, so the answer cannot change afterwards)`, {
    code: 'answer-locked',
    checkedAt: checkedAt.toISOString(),
  });

type PublishedQuiz = QuizDocument & { course: { documentId: string; title: string } };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The learner's answer as sent (the stored domain Answer without its `type` tag). */
export function toAnswerWire(answer: Answer): AnswerWire {
  const { type, ...wire } = answer;
  void type;
  return wire as AnswerWire;
}

export function toAttemptSummary(a: AttemptRecord): AttemptSummary {
  const submitted = a.status !== 'open';
  return {
    id: a.id,
    number: a.number,
    status: a.status,
    startedAt: a.startedAt.toISOString(),
    deadline: iso(a.deadline),
    submittedAt: iso(a.submittedAt),
    autoSubmitted: a.autoSubmitted,
    score: submitted && a.score !== null ? toPointsNumber(a.score) : null,
    maxScore: toPointsNumber(a.maxScore),
    pendingPoints: toPointsNumber(a.pendingPoints),
    percent: a.percent === null ? null : a.percent / 100,
    passed: a.passed,
  };
}

export function toQuizGradeView(grade: QuizGrade): QuizGradeView {
  switch (grade.status) {
    case 'not-attempted':
      return { status: 'not-attempted' };
    case 'pending-review':
      return { status: 'pending-review', policy: grade.policy, basis: grade.explanation };
    case 'graded':
      return {
        status: 'graded',
        policy: grade.policy,
        percent: grade.percent / 100,
        passed: grade.passed,
        countedAttempts: grade.countedAttempts,
        provisional: grade.provisional,
        basis: grade.explanation,
      };
  }
}

function secondsLeft(a: AttemptRecord, now: Date): number | null {
  if (a.status !== 'open' || !a.deadline) return null;
  return Math.max(0, Math.ceil((a.deadline.getTime() - now.getTime()) / 1000));
}

/**
 * A learner taking quizzes: the overview, starting (draw and shuffle with a stored seed), autosave,
 * submit (graded once, under a row lock), and reading an attempt with exactly what the feedback
 * mode releases. Every method takes the learner from the token and checks the enrollment in the
 * quiz's course; attempts of other learners are "not found".
 */
export const createQuizAttemptsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const clock = () => enrollmentClockOf(strapi);
  const content = quizContentOf(strapi);

  async function publishedQuiz(quizDocumentId: string, opts: { questions?: boolean } = {}): Promise<PublishedQuiz> {
    const quiz = await content.findQuiz(quizDocumentId, opts);
    if (!quiz) throw notFound('quiz', quizDocumentId, 'it does not exist or is not published');
    if (!quiz.course) throw notFound('quiz', quizDocumentId, 'it is not part of a course yet');
    return quiz as PublishedQuiz;
  }

  function rulesOf(quiz: QuizDocument): QuizRules {
    if (quiz.rules instanceof GradingError) throw fromGradingError(quiz.rules, quiz.title);
    return quiz.rules;
  }

  function poolOf(quiz: QuizDocument): AuthoredQuestion[] {
    try {
      return parseQuizQuestions(quiz.questions ?? []);
    } catch (error) {
      throw fromGradingError(error, quiz.title);
    }
  }

  async function requireEnrollment(userId: number, courseDocumentId: string, courseTitle?: string): Promise<void> {
    const enrollment = await enrollmentsOf(strapi).findEnrollment(userId, courseDocumentId);
    if (grantsAccess(enrollment?.status)) return;
    const course = courseTitle ? `"${courseTitle}"` : `course ${courseDocumentId}`;
    throw refused(
      enrollment
        ? `your enrollment in ${course} is ${enrollment.status}; its quizzes are open to enrolled learners only`
        : `enroll in ${course} to take its quizzes`,
      { code: 'not-enrolled', course: courseDocumentId },
    );
  }

  /** The caller's attempt; someone else's is "not found" (its existence is not theirs to know). */
  async function ownAttempt(db: Knex | Knex.Transaction, userId: number, attemptId: number, opts: { forUpdate?: boolean } = {}): Promise<AttemptWithPaper> {
    const attempt = await selectAttempt(db, attemptId, opts);
    if (!attempt || attempt.userId !== userId) throw notFound('attempt', attemptId, 'it is not one of your attempts');
    return attempt;
  }

  /** Submits, at their deadline, the learner's open attempts of this quiz whose time is up. */
  async function submitExpiredOf(userId: number, quizDocumentId: string, now: Date): Promise<void> {
    await inTransaction(strapi, undefined, async (trx) => {
      for (const a of await selectAttemptsOf(trx, userId, quizDocumentId)) {
        if (!isExpired(attemptFacts(a), now)) continue;
        const locked = await selectAttempt(trx, a.id, { forUpdate: true });
        if (locked?.status === 'open') await submitLocked(strapi, trx, locked, now, 'deadline');
      }
    });
  }

  function startRefusal(decision: Exclude<StartDecision, { ok: true }>, attempts: readonly AttemptRecord[]): Error {
    const open = attempts.find((a) => a.status === 'open');
    switch (decision.code) {
      case 'attempt-in-progress':
      case 'expired-attempt-open':
        return conflict(decision.message, { code: 'attempt-in-progress', attemptId: open?.id ?? null, attemptNumber: decision.attemptNumber ?? null });
      case 'quiz-closed':
      case 'max-attempts-reached':
        return refused(decision.message, { code: decision.code });
    }
  }

  function availability(decision: StartDecision, attempts: readonly AttemptRecord[]): StartAvailability {
    if (decision.ok) return { canStart: true, nextNumber: decision.number };
    const open = attempts.find((a) => a.status === 'open');
    const code = decision.code === 'expired-attempt-open' ? 'attempt-in-progress' : decision.code;
    return { canStart: false, code, message: decision.message, ...(open && code === 'attempt-in-progress' ? { attemptId: open.id } : {}) };
  }

  /** The attempt as the learner sees it now: paper without keys, own answers, and the released review. */
  async function attemptView(attempt: AttemptWithPaper, answers: readonly AnswerRecord[], now: Date, quiz?: QuizDocument | null): Promise<AttemptView> {
    const q = quiz === undefined ? await content.findQuiz(attempt.quizDocumentId) : quiz;
    const title = q?.title ?? (await content.quizTitles([attempt.quizDocumentId])).get(attempt.quizDocumentId) ?? '';
    const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
    const wire: Record<string, AnswerWire> = {};
    for (const a of answers) if (a.answer) wire[a.questionId] = toAnswerWire(a.answer);

    const checked: AttemptView['checked'] = {};
    if (attempt.status === 'open') {
      const mode = q && !(q.rules instanceof GradingError) ? q.rules.feedbackMode : 'never';
      for (const question of attempt.paper.questions) {
        const row = byQuestion.get(question.id);
        if (row?.checkedAt && row.answer) checked[question.id] = checkedReview(question, row.answer, mode);
      }
    }

    let review: AttemptView['review'] = null;
    if (attempt.status !== 'open') {
      const rules = q && !(q.rules instanceof GradingError) ? q.rules : null;
      // An unpublished quiz releases the score only (its settings are not the learner's to read).
      const release = feedbackRelease(rules?.feedbackMode ?? 'never', { submittedAt: attempt.submittedAt }, rules?.dueDate ?? null, now);
      review = {
        release: { score: release.score, correctness: release.correctness, feedback: release.feedback, correctAnswers: release.correctAnswers, reason: release.reason },
        questions: attempt.paper.questions.flatMap((question) => {
          const row = byQuestion.get(question.id);
          return row?.grade ? [toLearnerReview(question, row.grade, row.answer ?? undefined, release)] : [];
        }),
      };
    }
    return {
      ...toAttemptSummary(attempt),
      quiz: { documentId: attempt.quizDocumentId, title },
      courseDocumentId: attempt.courseDocumentId,
      serverNow: now.toISOString(),
      secondsLeft: secondsLeft(attempt, now),
      paper: toLearnerPaper(attempt.paper),
      answers: wire,
      review,
      checked,
    };
  }

  /** A checked question's result during the attempt, as far as the quiz's mode (now) releases it. */
  function checkedReview(question: AttemptQuestion, answer: Answer, mode: QuizRules['feedbackMode']) {
    return toLearnerReview(question, gradeQuestion(question, answer), answer, feedbackDuringAttempt(mode, true));
  }

  const service = {
    /** GET /quizzes/:quizDocumentId: the rules, the learner's attempts, the quiz grade, whether a new attempt may start. */
    async overview(userId: number, quizDocumentId: string): Promise<QuizOverview> {
      const quiz = await publishedQuiz(quizDocumentId, { questions: true });
      await requireEnrollment(userId, quiz.course.documentId, quiz.course.title);
      const rules = rulesOf(quiz);
      const now = clock().now();
      let attempts = await selectAttemptsOf(strapi.db.connection, userId, quizDocumentId);
      if (attempts.some((a) => isExpired(attemptFacts(a), now))) {
        await submitExpiredOf(userId, quizDocumentId, now);
        attempts = await selectAttemptsOf(strapi.db.connection, userId, quizDocumentId);
      }
      let pool: AuthoredQuestion[] = [];
      let start: StartAvailability;
      try {
        pool = poolOf(quiz);
        if (pool.length === 0) throw fromGradingError(new GradingError('invalid-quiz', 'questions', 'the quiz has no questions'), quiz.title);
        start = availability(decideStart(rules, attempts.map(attemptFacts), now), attempts);
        if (start.canStart) {
          const locked = await lessonLockOf(strapi, userId, quiz.course.documentId, 'quiz', quiz.documentId);
          if (locked) start = { canStart: false, code: 'lesson-locked', message: lessonLockedMessage('quiz', quiz.title, locked) };
        }
      } catch (error) {
        // A quiz that cannot be taken as authored still shows its attempts and grade.
        if (!(error instanceof ConflictError)) throw error;
        start = { canStart: false, code: 'quiz-misconfigured', message: error.message };
      }
      const perAttempt = quiz.draw.questionsPerAttempt;
      return {
        quiz: {
          documentId: quiz.documentId,
          title: quiz.title,
          description: quiz.description,
          course: quiz.course,
          rules: {
            passingScore: rules.passingScore,
            maxAttempts: rules.maxAttempts,
            timeLimitMinutes: rules.timeLimitMinutes,
            dueDate: iso(rules.dueDate),
            feedbackMode: rules.feedbackMode,
            attemptPolicy: rules.attemptPolicy,
          },
          questionCount: pool.length,
          questionsPerAttempt: perAttempt === null ? pool.length : Math.min(perAttempt, pool.length),
        },
        attempts: attempts.map(toAttemptSummary),
        grade: toQuizGradeView(quizGrade(attempts.map(submittedAttempt).filter((a) => a !== null), rules.attemptPolicy, rules.passingScore)),
        attemptsLeft: rules.maxAttempts === 0 ? null : Math.max(0, rules.maxAttempts - attempts.length),
        start,
      };
    },

    /**
     * POST /quizzes/:quizDocumentId/attempts: draws the questions with a fresh seed and stores the
     * paper (with keys, server-side) and the deadline. The learner's attempts of the quiz are locked
     * while deciding; two racing starts meet at the unique (user, quiz, number) and one gets 409.
     */
    async start(userId: number, quizDocumentId: string): Promise<AttemptView> {
      const quiz = await publishedQuiz(quizDocumentId, { questions: true });
      await requireEnrollment(userId, quiz.course.documentId, quiz.course.title);
      await requireOpenLesson(strapi, userId, quiz.course.documentId, 'quiz', quiz);
      const rules = rulesOf(quiz);
      const pool = poolOf(quiz);
      const now = clock().now();

      const attempt = await inTransaction(strapi, undefined, async (trx): Promise<AttemptWithPaper> => {
        let attempts = await selectAttemptsOf(trx, userId, quizDocumentId, { forUpdate: true });
        let decision = decideStart(rules, attempts.map(attemptFacts), now);
        if (!decision.ok && decision.code === 'expired-attempt-open') {
          // Time ran out on the open one: it is submitted (and counts), then the learner may go on.
          for (const a of attempts.filter((x) => isExpired(attemptFacts(x), now))) {
            const locked = await selectAttempt(trx, a.id, { forUpdate: true });
            if (locked?.status === 'open') await submitLocked(strapi, trx, locked, now, 'deadline');
          }
          attempts = await selectAttemptsOf(trx, userId, quizDocumentId);
          decision = decideStart(rules, attempts.map(attemptFacts), now);
        }
        if (!decision.ok) throw startRefusal(decision, attempts);

        let paper;
        try {
          paper = buildAttempt(pool, quiz.draw, newSeed());
        } catch (error) {
          throw fromGradingError(error, quiz.title);
        }
        const inserted = (await trx(ATTEMPTS_TABLE)
          .insert({
            user_id: userId,
            quiz_document_id: quizDocumentId,
            course_document_id: quiz.course.documentId,
            number: decision.number,
            seed: paper.seed,
            paper: writeJson(paper),
            passing_score: rules.passingScore,
            started_at: now,
            deadline: attemptDeadline(now, rules),
            status: 'open',
            max_score: paper.maxPoints,
            pending_points: 0,
            created_at: now,
            updated_at: now,
          })
          .onConflict(['user_id', 'quiz_document_id', 'number'])
          .ignore()
          .returning([...ATTEMPT_COLUMNS])) as Array<Record<string, unknown>>;
        if (!inserted[0]) {
          const open = (await selectAttemptsOf(trx, userId, quizDocumentId)).find((a) => a.status === 'open');
          throw conflict(`attempt ${decision.number} was started a moment ago by another request; continue it`, {
            code: 'attempt-in-progress',
            attemptId: open?.id ?? null,
            attemptNumber: decision.number,
          });
        }
        return { ...toAttemptRecord(inserted[0]), paper };
      });
      return attemptView(attempt, [], now, quiz);
    },

    /** GET /attempts/:id. An open attempt past its deadline is submitted first. */
    async read(userId: number, attemptId: number): Promise<AttemptView> {
      let attempt = await ownAttempt(strapi.db.connection, userId, attemptId);
      await requireEnrollment(userId, attempt.courseDocumentId);
      const now = clock().now();
      if (isExpired(attemptFacts(attempt), now)) attempt = (await service.submitNow(userId, attemptId, now)).attempt;
      return attemptView(attempt, await selectAnswers(strapi.db.connection, attempt.id), now);
    },

    /**
     * PUT /attempts/:id/answers/:questionId: validates the answer against the attempt's question
     * (ids and shape), then stores it under the attempt's row lock if the attempt is open and in
     * time. Nothing is written on any refusal.
     */
    async saveAnswer(userId: number, attemptId: number, questionId: string, raw: unknown): Promise<SaveAnswerResponse['data']> {
      const attempt = await ownAttempt(strapi.db.connection, userId, attemptId);
      await requireEnrollment(userId, attempt.courseDocumentId);
      let answer: Answer;
      let questionType: string;
      try {
        const question = findAttemptQuestion(attempt.paper, questionId, 'params.questionId');
        questionType = question.question.type;
        answer = parseAnswer(question.question, raw, 'answer');
      } catch (error) {
        throw fromGradingError(error);
      }
      const now = clock().now();
      const saved = await inTransaction(strapi, undefined, async (trx) => {
        // The paper never changes; only the state is re-read under the lock.
        const locked = await selectAttemptState(trx, attemptId, { forUpdate: true });
        if (!locked || locked.userId !== userId) throw notFound('attempt', attemptId, 'it is not one of your attempts');
        const decision = decideSave(attemptFacts(locked), now);
        if (!decision.ok) throw conflict(decision.message, { code: decision.code, deadline: iso(locked.deadline), status: locked.status });
        const current = await selectAnswer(trx, attemptId, questionId);
        if (current?.checkedAt) throw answerLocked(current.checkedAt);
        return { record: await upsertAnswer(trx, { attemptId, questionId, questionType, answer, savedAt: now }), attempt: locked };
      });
      return {
        attemptId,
        questionId,
        answer: toAnswerWire(answer),
        savedAt: (saved.record.savedAt ?? now).toISOString(),
        secondsLeft: secondsLeft(saved.attempt, now),
      };
    },

    /**
     * POST /attempts/:id/answers/:questionId/check (immediate feedback): stores the answer when one
     * is sent, marks the question checked and returns its result. Under the attempt's row lock,
     * like a save; a checked answer is final, so checking again returns the same result and a
     * different answer is refused (409 answer-locked). Nothing is written on any refusal.
     */
    async checkAnswer(userId: number, attemptId: number, questionId: string, raw: unknown): Promise<CheckAnswerResponse['data']> {
      const attempt = await ownAttempt(strapi.db.connection, userId, attemptId);
      await requireEnrollment(userId, attempt.courseDocumentId);
      const quiz = await content.findQuiz(attempt.quizDocumentId);
      const mode = quiz && !(quiz.rules instanceof GradingError) ? quiz.rules.feedbackMode : null;
      if (mode !== 'immediate') {
        throw refused(
          `quiz "${quiz?.title ?? attempt.quizDocumentId}" shows results ${mode === 'after_due' ? 'after its due date' : mode === 'never' ? 'as a score only' : 'after submission'}, not question by question`,
          { code: 'check-not-allowed', feedbackMode: mode },
        );
      }
      let question: AttemptQuestion;
      let sent: Answer | undefined;
      try {
        question = findAttemptQuestion(attempt.paper, questionId, 'params.questionId');
        if (raw !== undefined) sent = parseAnswer(question.question, raw, 'answer');
      } catch (error) {
        throw fromGradingError(error);
      }
      const now = clock().now();
      const result = await inTransaction(strapi, undefined, async (trx) => {
        const locked = await selectAttemptState(trx, attemptId, { forUpdate: true });
        if (!locked || locked.userId !== userId) throw notFound('attempt', attemptId, 'it is not one of your attempts');
        const decision = decideSave(attemptFacts(locked), now);
        if (!decision.ok) throw conflict(decision.message, { code: decision.code, deadline: iso(locked.deadline), status: locked.status });
        const current = await selectAnswer(trx, attemptId, questionId);
        if (current?.checkedAt && current.answer) {
          if (sent && JSON.stringify(sent) !== JSON.stringify(current.answer)) throw answerLocked(current.checkedAt);
          return { answer: current.answer, checkedAt: current.checkedAt, attempt: locked };
        }
        const answer = sent ?? current?.answer ?? null;
        if (!answer) throw invalidInput('answer', 'answer the question before checking it (send { "answer": … } or save one first)', { code: 'invalid-answer' });
        if (sent) await upsertAnswer(trx, { attemptId, questionId, questionType: question.question.type, answer: sent, savedAt: now });
        await markChecked(trx, attemptId, questionId, now);
        return { answer, checkedAt: now, attempt: locked };
      });
      return {
        attemptId,
        questionId,
        answer: toAnswerWire(result.answer),
        checkedAt: result.checkedAt.toISOString(),
        review: checkedReview(question, result.answer, 'immediate'),
        secondsLeft: secondsLeft(result.attempt, now),
      };
    },

    /** POST /attempts/:id/submit: graded once; a repeated or concurrent submit gets the same result. */
    async submit(userId: number, attemptId: number): Promise<{ view: AttemptView; submittedNow: boolean }> {
      const pre = await ownAttempt(strapi.db.connection, userId, attemptId);
      await requireEnrollment(userId, pre.courseDocumentId);
      const now = clock().now();
      const { attempt, submittedNow } = await service.submitNow(userId, attemptId, now);
      return { view: await attemptView(attempt, await selectAnswers(strapi.db.connection, attempt.id), now), submittedNow };
    },

    /** Locks and submits the attempt if it is still open; otherwise returns it as it is. */
    async submitNow(userId: number, attemptId: number, now: Date): Promise<{ attempt: AttemptWithPaper; submittedNow: boolean }> {
      return inTransaction(strapi, undefined, async (trx) => {
        const locked = await ownAttempt(trx, userId, attemptId, { forUpdate: true });
        if (locked.status !== 'open') return { attempt: locked, submittedNow: false };
        const by = isExpired(attemptFacts(locked), now) ? 'deadline' : 'learner';
        const updated = await submitLocked(strapi, trx, locked, now, by);
        return { attempt: { ...updated, paper: locked.paper }, submittedNow: true };
      });
    },

    /**
     * The scheduled job: submits open attempts whose deadline passed (at their deadline, with the
     * answers saved in time). Each attempt in its own transaction under its row lock, so a learner's
     * concurrent submit or a second sweeper simply finds it submitted. Returns how many it submitted.
     */
    async submitExpiredAttempts(limit = 100): Promise<number> {
      const now = clock().now();
      let submitted = 0;
      for (const id of await selectExpiredAttemptIds(strapi.db.connection, now, limit)) {
        try {
          const done = await inTransaction(strapi, undefined, async (trx) => {
            const locked = await selectAttempt(trx, id, { forUpdate: true });
            if (!locked || !isExpired(attemptFacts(locked), now)) return false;
            await submitLocked(strapi, trx, locked, now, 'deadline');
            return true;
          });
          if (done) submitted += 1;
        } catch (error) {
          // One broken attempt must not stop the others; it is tried again on the next run.
          strapi.log.error(`lms-grading: could not submit expired quiz attempt ${id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return submitted;
    },

    /** The learner's quiz grades for these quizzes (gradebook, dashboard). */
    async quizGrades(userId: number, quizDocumentIds: readonly string[], trx?: Knex.Transaction): Promise<Record<string, QuizGrade>> {
      return quizGradesOf(strapi, trx ?? strapi.db.connection, userId, quizDocumentIds);
    },
  };
  return service;
};

export type QuizAttemptsService = ReturnType<typeof createQuizAttemptsService>;
