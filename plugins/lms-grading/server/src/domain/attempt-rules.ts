/**
 * The rules around attempts: deadlines, how many attempts, which answers count, the quiz grade
 * under the attempt policy, pass/fail, and when feedback is released. All decisions take `now`
 * as an argument (the service passes its clock), so tests control time.
 */
import { GradingError } from './errors';
import { percentOf, type BasisPoints, type Millipoints } from './points';

export const FEEDBACK_MODES = ['immediate', 'after_submit', 'after_due', 'never'] as const;
export type FeedbackMode = (typeof FEEDBACK_MODES)[number];
export const ATTEMPT_POLICIES = ['best', 'last', 'average'] as const;
export type AttemptPolicy = (typeof ATTEMPT_POLICIES)[number];

export interface QuizRules {
  /** Percent needed to pass, 0–100. */
  passingScore: number;
  /** 0 = unlimited. */
  maxAttempts: number;
  /** null = no time limit. */
  timeLimitMinutes: number | null;
  /** After it no attempt starts, and every open attempt ends. */
  dueDate: Date | null;
  feedbackMode: FeedbackMode;
  attemptPolicy: AttemptPolicy;
}

function invalid(field: string, message: string): never {
  throw new GradingError('invalid-quiz', field, message);
}

function wholeNumber(value: unknown, field: string, min: number, max: number, fallback: number | null): number | null {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) invalid(field, `must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  return value;
}

/** Reads the quiz entry's settings (the content type's defaults apply to missing values). */
export function parseQuizRules(quiz: Record<string, unknown>): QuizRules {
  const due = quiz.dueDate;
  let dueDate: Date | null = null;
  if (due !== null && due !== undefined && due !== '') {
    dueDate = due instanceof Date ? due : new Date(String(due));
    if (Number.isNaN(dueDate.getTime())) invalid('dueDate', `must be a date; got ${JSON.stringify(due)}`);
  }
  const feedbackMode = (quiz.feedbackMode ?? 'after_submit') as FeedbackMode;
  if (!FEEDBACK_MODES.includes(feedbackMode)) invalid('feedbackMode', `must be one of ${FEEDBACK_MODES.join(', ')}; got ${JSON.stringify(quiz.feedbackMode)}`);
  const attemptPolicy = (quiz.attemptPolicy ?? 'best') as AttemptPolicy;
  if (!ATTEMPT_POLICIES.includes(attemptPolicy)) invalid('attemptPolicy', `must be one of ${ATTEMPT_POLICIES.join(', ')}; got ${JSON.stringify(quiz.attemptPolicy)}`);
  const timeLimit = wholeNumber(quiz.timeLimitMinutes, 'timeLimitMinutes', 0, 60 * 24 * 365, null);
  return {
    passingScore: wholeNumber(quiz.passingScore, 'passingScore', 0, 100, 70) as number,
    maxAttempts: wholeNumber(quiz.maxAttempts, 'maxAttempts', 0, 1_000_000, 0) as number,
    // 0 minutes in the admin means "no limit", like an empty field.
    timeLimitMinutes: timeLimit === 0 ? null : timeLimit,
    dueDate,
    feedbackMode,
    attemptPolicy,
  };
}

// ─── deadlines ──────────────────────────────────────────────────────────────────────────────

/** When an attempt started at `startedAt` must end: the earlier of its time limit and the quiz's due date. */
export function attemptDeadline(startedAt: Date, rules: Pick<QuizRules, 'timeLimitMinutes' | 'dueDate'>): Date | null {
  const candidates = [rules.timeLimitMinutes !== null ? startedAt.getTime() + rules.timeLimitMinutes * 60_000 : null, rules.dueDate?.getTime() ?? null].filter(
    (t): t is number => t !== null,
  );
  return candidates.length ? new Date(Math.min(...candidates)) : null;
}

/** An answer counts when it was saved at or before the deadline (the server's clock, never the browser's). */
export function isInTime(savedAt: Date, deadline: Date | null): boolean {
  return deadline === null || savedAt.getTime() <= deadline.getTime();
}

/** Splits saved answers into those that count and those saved after the deadline (ignored, and reported). */
export function answersInTime<T extends { savedAt: Date }>(answers: readonly T[], deadline: Date | null): { counted: T[]; ignored: T[] } {
  const counted: T[] = [];
  const ignored: T[] = [];
  for (const a of answers) (isInTime(a.savedAt, deadline) ? counted : ignored).push(a);
  return { counted, ignored };
}

// ─── starting, saving, submitting ───────────────────────────────────────────────────────────

export type AttemptStatus = 'in_progress' | 'pending_review' | 'graded';

export interface AttemptFacts {
  number: number;
  status: AttemptStatus;
  deadline: Date | null;
}

export type StartDecision =
  | { ok: true; number: number }
  | { ok: false; code: 'quiz-closed' | 'max-attempts-reached' | 'attempt-in-progress' | 'expired-attempt-open'; message: string; attemptNumber?: number };

/**
 * May the learner start a new attempt now? An open attempt within its time is resumed instead
 * (`attempt-in-progress`); an open attempt past its deadline must be submitted first
 * (`expired-attempt-open`: the service submits it, then asks again), and then counts.
 */
export function decideStart(rules: QuizRules, attempts: readonly AttemptFacts[], now: Date): StartDecision {
  const open = attempts.find((a) => a.status === 'in_progress');
  if (open) {
    if (isInTime(now, open.deadline)) {
      return { ok: false, code: 'attempt-in-progress', attemptNumber: open.number, message: `attempt ${open.number} is still in progress; continue it instead of starting another` };
    }
    return { ok: false, code: 'expired-attempt-open', attemptNumber: open.number, message: `attempt ${open.number} ran out of time and must be submitted first` };
  }
  if (rules.dueDate && now.getTime() > rules.dueDate.getTime()) {
    return { ok: false, code: 'quiz-closed', message: `the quiz closed on ${rules.dueDate.toISOString()}` };
  }
  if (rules.maxAttempts > 0 && attempts.length >= rules.maxAttempts) {
    return { ok: false, code: 'max-attempts-reached', message: `all ${rules.maxAttempts} attempt(s) allowed for this quiz have been used` };
  }
  return { ok: true, number: attempts.reduce((max, a) => Math.max(max, a.number), 0) + 1 };
}

export type SaveDecision = { ok: true } | { ok: false; code: 'attempt-closed' | 'deadline-passed'; message: string };

/** May an answer be saved into this attempt now? After the deadline it is refused (and ignored if it slipped in). */
export function decideSave(attempt: AttemptFacts, now: Date): SaveDecision {
  if (attempt.status !== 'in_progress') return { ok: false, code: 'attempt-closed', message: `attempt ${attempt.number} has been submitted; answers can no longer change` };
  if (!isInTime(now, attempt.deadline)) {
    return { ok: false, code: 'deadline-passed', message: `attempt ${attempt.number} ended at ${attempt.deadline?.toISOString()}; answers saved after that do not count` };
  }
  return { ok: true };
}

/** An open attempt past its deadline: the scheduled job submits it with the answers saved in time. */
export function isExpired(attempt: AttemptFacts, now: Date): boolean {
  return attempt.status === 'in_progress' && !isInTime(now, attempt.deadline);
}

// ─── the quiz grade under the attempt policy ────────────────────────────────────────────────

export interface SubmittedAttempt {
  number: number;
  status: 'pending_review' | 'graded';
  /** null while pending review. */
  score: Millipoints | null;
  maxScore: Millipoints;
}

export type QuizGrade =
  | { status: 'not-attempted' }
  | { status: 'pending-review'; policy: AttemptPolicy; explanation: string }
  | {
      status: 'graded';
      policy: AttemptPolicy;
      /** Truncated basis points. */
      percent: BasisPoints;
      /** Decided on the exact ratio, not the truncated percent. */
      passed: boolean;
      /** The exact ratio behind `percent` (decimal integer texts, JSON-safe): for exact sums elsewhere. */
      ratio: { num: string; den: string };
      /** Attempt numbers the grade is made of. */
      countedAttempts: number[];
      /** best: ungraded attempts exist and could still raise it. */
      provisional: boolean;
      explanation: string;
    };

/** score / max as an exact ratio; a maximum of 0 is 1 (nothing to lose). */
function ratio(a: { score: Millipoints | null; maxScore: Millipoints }): [bigint, bigint] {
  return a.maxScore <= 0 ? [1n, 1n] : [BigInt(a.score ?? 0), BigInt(a.maxScore)];
}

function compareRatios([n1, d1]: [bigint, bigint], [n2, d2]: [bigint, bigint]): number {
  const l = n1 * d2;
  const r = n2 * d1;
  return l < r ? -1 : l > r ? 1 : 0;
}

function reduced([n, d]: [bigint, bigint]): [bigint, bigint] {
  let [a, b] = [n, d];
  while (b) [a, b] = [b, a % b];
  return a > 1n ? [n / a, d / a] : [n, d];
}

function percentOfRatio([n, d]: [bigint, bigint]): BasisPoints {
  return Number((n * 10_000n) / d);
}

function passes([n, d]: [bigint, bigint], passingScore: number): boolean {
  return n * 100n >= BigInt(passingScore) * d;
}

/**
 * best: the highest exact ratio of the graded attempts (ties: the earliest). Pending attempts
 * can only raise it, so it is given and marked provisional.
 * last: the most recent submitted attempt; pending while it is.
 * average: the mean of every submitted attempt's ratio (attempts may differ in maximum when
 * questions are drawn from a pool); pending while any is.
 */
export function quizGrade(attempts: readonly SubmittedAttempt[], policy: AttemptPolicy, passingScore: number): QuizGrade {
  const submitted = [...attempts].sort((a, b) => a.number - b.number);
  if (submitted.length === 0) return { status: 'not-attempted' };
  const graded = submitted.filter((a) => a.status === 'graded');
  const pending = submitted.filter((a) => a.status === 'pending_review');
  const result = (r: [bigint, bigint], counted: number[], provisional: boolean, explanation: string): QuizGrade => ({
    status: 'graded',
    policy,
    percent: percentOfRatio(r),
    passed: passes(r, passingScore),
    ratio: { num: reduced(r)[0].toString(), den: reduced(r)[1].toString() },
    countedAttempts: counted,
    provisional,
    explanation,
  });
  switch (policy) {
    case 'best': {
      if (graded.length === 0) return { status: 'pending-review', policy, explanation: 'no attempt has been fully graded yet' };
      let best = graded[0] as SubmittedAttempt;
      for (const a of graded.slice(1)) if (compareRatios(ratio(a), ratio(best)) > 0) best = a;
      const note = pending.length ? `; attempt(s) ${pending.map((a) => a.number).join(', ')} still being graded could raise it` : '';
      return result(ratio(best), [best.number], pending.length > 0, `best of ${graded.length} graded attempt(s): attempt ${best.number}${note}`);
    }
    case 'last': {
      const last = submitted[submitted.length - 1] as SubmittedAttempt;
      if (last.status !== 'graded') return { status: 'pending-review', policy, explanation: `the last attempt (${last.number}) is still being graded` };
      return result(ratio(last), [last.number], false, `last attempt: attempt ${last.number}`);
    }
    case 'average': {
      if (pending.length) return { status: 'pending-review', policy, explanation: `attempt(s) ${pending.map((a) => a.number).join(', ')} still being graded` };
      // Σ nᵢ/dᵢ / k as one exact fraction.
      let num = 0n;
      let den = 1n;
      for (const a of graded) {
        const [n, d] = ratio(a);
        num = num * d + n * den;
        den *= d;
      }
      den *= BigInt(graded.length);
      return result([num, den], graded.map((a) => a.number), false, `average of ${graded.length} attempt(s), each weighted equally`);
    }
  }
}

/** The attempt's own percentage (for lists); see points.ts percentOf for the truncation. */
export function attemptPercent(score: Millipoints, maxScore: Millipoints): BasisPoints {
  return percentOf(score, maxScore);
}

// ─── feedback release ───────────────────────────────────────────────────────────────────────

export interface FeedbackRelease {
  /** Points per question and in total. */
  score: boolean;
  /** Right / partly right / wrong per question. */
  correctness: boolean;
  /** Authored feedback texts. */
  feedback: boolean;
  /** The correct answers (the grader's explanation names them). */
  correctAnswers: boolean;
  /** Why, in words (for the UI and the logs). */
  reason: string;
}

const NOTHING = { score: false, correctness: false, feedback: false, correctAnswers: false };
const EVERYTHING = { score: true, correctness: true, feedback: true, correctAnswers: true };

/**
 * What a learner may see of a SUBMITTED attempt now. The score is always released once the
 * attempt is submitted (a learner must know whether they passed); the rest follows the mode:
 * immediate and after_submit: everything; after_due: correctness, feedback and answers once the
 * quiz's due date has passed (a quiz without a due date behaves as after_submit, since there is
 * no moment when everyone is done); never: the score only.
 */
export function feedbackRelease(mode: FeedbackMode, attempt: { submittedAt: Date | null }, quizDueDate: Date | null, now: Date): FeedbackRelease {
  if (!attempt.submittedAt) return { ...NOTHING, reason: 'the attempt is still in progress' };
  switch (mode) {
    case 'immediate':
    case 'after_submit':
      return { ...EVERYTHING, reason: 'released on submission' };
    case 'after_due':
      if (quizDueDate === null) return { ...EVERYTHING, reason: 'released on submission (the quiz has no due date)' };
      if (now.getTime() >= quizDueDate.getTime()) return { ...EVERYTHING, reason: `released after the due date ${quizDueDate.toISOString()}` };
      return { ...NOTHING, score: true, reason: `answers and feedback are released after the due date ${quizDueDate.toISOString()}` };
    case 'never':
      return { ...NOTHING, score: true, reason: 'this quiz shows scores only' };
  }
}

/**
 * During an attempt only `immediate` releases anything: a question's result once the learner
 * checks it, after which that answer is final (otherwise checking would let one try every option).
 */
export function feedbackDuringAttempt(mode: FeedbackMode, questionChecked: boolean): FeedbackRelease {
  if (mode === 'immediate' && questionChecked) return { ...EVERYTHING, reason: 'this quiz shows each result as soon as the question is checked' };
  return { ...NOTHING, reason: mode === 'immediate' ? 'check the question to see its result' : 'results are shown after submission' };
}

/** In immediate mode a checked answer can no longer change. */
export function isAnswerLocked(mode: FeedbackMode, questionChecked: boolean): boolean {
  return mode === 'immediate' && questionChecked;
}
