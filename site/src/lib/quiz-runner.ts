/**
 * The quiz runner's rules that need no DOM: what counts as answered, the answer a question
 * starts with, moving ordering items, word counts, the countdown, and the words for rules,
 * outcomes and the server's refusals. Wire shapes are those of quizzes/contracts.ts.
 */
import type { AnswerWire, AttemptSummary, LearnerQuestion, LearnerQuestionReview, QuizErrorCode, QuizGradeView, QuizRulesView } from '@contracts/quizzes';
import { formatDuration } from './format';

type Question<T extends LearnerQuestion['type']> = Extract<LearnerQuestion, { type: T }>;

// ─── answers ────────────────────────────────────────────────────────────────────────────────

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An answer as a plain record, so each reader checks the one field it wants. */
const fieldsOf = (answer: AnswerWire | undefined): Record<string, unknown> => (isObject(answer) ? (answer as Record<string, unknown>) : {});

export function optionIdOf(answer: AnswerWire | undefined): string | null {
  const { optionId } = fieldsOf(answer);
  return typeof optionId === 'string' ? optionId : null;
}
export function optionIdsOf(answer: AnswerWire | undefined): string[] {
  const { optionIds } = fieldsOf(answer);
  return Array.isArray(optionIds) ? optionIds.filter((x): x is string => typeof x === 'string') : [];
}
export function booleanOf(answer: AnswerWire | undefined): boolean | null {
  const { value } = fieldsOf(answer);
  return typeof value === 'boolean' ? value : null;
}
export function textOf(answer: AnswerWire | undefined): string {
  const { text, value } = fieldsOf(answer);
  if (typeof text === 'string') return text;
  return typeof value === 'string' ? value : '';
}
export function matchesOf(answer: AnswerWire | undefined): Record<string, string | null> {
  const { matches } = fieldsOf(answer);
  if (!isObject(matches)) return {};
  const out: Record<string, string | null> = {};
  for (const [left, right] of Object.entries(matches)) out[left] = typeof right === 'string' ? right : null;
  return out;
}
export function blanksOf(answer: AnswerWire | undefined, count: number): string[] {
  const { blanks } = fieldsOf(answer);
  const given: unknown[] = Array.isArray(blanks) ? blanks : [];
  return Array.from({ length: count }, (_, i) => (typeof given[i] === 'string' ? (given[i] as string) : ''));
}
/** The item ids of an ordering answer, or null when it is not one. */
export function itemIdsOf(answer: AnswerWire | undefined): string[] | null {
  const { itemIds } = fieldsOf(answer);
  return Array.isArray(itemIds) && itemIds.every((x) => typeof x === 'string') ? (itemIds as string[]) : null;
}

/**
 * The order an ordering question shows: the saved order when it is a permutation of the items,
 * otherwise the order the server shuffled them into.
 */
export function orderOf(question: Question<'ordering'>, answer: AnswerWire | undefined): string[] {
  const presented = question.items.map((i) => i.id);
  const saved = itemIdsOf(answer);
  if (saved && saved.length === presented.length && presented.every((id) => saved.includes(id))) return saved;
  return presented;
}

/** Moves the item at `index` by `delta` places; the same array when it cannot move. */
export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

export type AnswerProgress = 'answered' | 'partial' | 'empty';

/** How far a question is answered: the counter, the question list and the submit warning use it. */
export function answerProgress(question: LearnerQuestion, answer: AnswerWire | undefined): AnswerProgress {
  if (answer === undefined) return 'empty';
  switch (question.type) {
    case 'single-choice':
      return optionIdOf(answer) ? 'answered' : 'empty';
    case 'multiple-choice':
      return optionIdsOf(answer).length > 0 ? 'answered' : 'empty';
    case 'true-false':
      return booleanOf(answer) === null ? 'empty' : 'answered';
    case 'short-answer':
    case 'numeric':
    case 'essay':
      return textOf(answer).trim() ? 'answered' : 'empty';
    case 'ordering':
      return itemIdsOf(answer)?.length === question.items.length ? 'answered' : 'empty';
    case 'matching': {
      const matches = matchesOf(answer);
      const chosen = question.left.filter((l) => matches[l.id]).length;
      return chosen === 0 ? 'empty' : chosen === question.left.length ? 'answered' : 'partial';
    }
    case 'fill-blanks': {
      const filled = blanksOf(answer, question.blankCount).filter((b) => b.trim()).length;
      return filled === 0 ? 'empty' : filled === question.blankCount ? 'answered' : 'partial';
    }
  }
}

/** "3 of 9 answered (1 in part)" */
export function answeredText(questions: readonly LearnerQuestion[], answers: Record<string, AnswerWire>): string {
  let answered = 0;
  let partial = 0;
  for (const q of questions) {
    const p = answerProgress(q, answers[q.id]);
    if (p === 'answered') answered++;
    if (p === 'partial') partial++;
  }
  return `${answered} of ${questions.length} answered${partial ? ` (${partial} in part)` : ''}`;
}

/** Words as the grader counts them (domain/grading.ts countWords): letters/digits with inner apostrophes or hyphens. */
export function countWords(text: string): number {
  return text.normalize('NFC').match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** "42 words · 80 to 300 expected" and whether it is within the limits. */
export function wordCountText(words: number, min: number | null, max: number | null): { text: string; within: boolean } {
  const count = `${words} ${words === 1 ? 'word' : 'words'}`;
  const within = (min === null || words >= min) && (max === null || words <= max);
  const range = min !== null && max !== null ? `${min} to ${max} expected` : min !== null ? `at least ${min} expected` : max !== null ? `at most ${max} allowed` : '';
  return { text: range ? `${count} · ${range}` : count, within };
}

// ─── time ───────────────────────────────────────────────────────────────────────────────────

/** "4:05", "1:02:03", never negative (whole seconds, as the clock shows them). */
export function formatCountdown(seconds: number): string {
  return formatDuration(Math.floor(Math.max(0, seconds)));
}

/** "4 minutes 5 seconds left" for screen readers. */
export function countdownWords(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h ? `${h} hour${h === 1 ? '' : 's'}` : '', m ? `${m} minute${m === 1 ? '' : 's'}` : '', !h && s ? `${s} second${s === 1 ? '' : 's'}` : ''].filter(Boolean);
  return parts.length ? `${parts.join(' ')} left` : 'No time left';
}

/**
 * The attempt's end on this browser's clock: the server said `secondsLeft` when it answered, so
 * the end is that far from when the answer arrived. The browser's own clock may be wrong by
 * hours; only its passage of time is used.
 */
export function localDeadline(secondsLeft: number | null, receivedAtMs: number): number | null {
  return secondsLeft === null ? null : receivedAtMs + secondsLeft * 1000;
}

export function secondsUntil(deadlineMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}

/** The moments worth announcing to a screen reader while the clock runs (seconds left). */
export const COUNTDOWN_ANNOUNCEMENTS = [600, 300, 120, 60, 30, 10] as const;

/** The announcement due when the clock moves from `before` to `now` seconds left, if any. */
export function countdownAnnouncement(before: number, now: number): string | null {
  const crossed = COUNTDOWN_ANNOUNCEMENTS.find((t) => before > t && now <= t);
  return crossed === undefined ? null : `${countdownWords(crossed)}. Your answers are saved as you go; the attempt is submitted when time runs out.`;
}

// ─── numbers ────────────────────────────────────────────────────────────────────────────────

/** Points as the contract gives them (2.5) in words: "2.5 points", "1 point". */
export function pointsText(points: number): string {
  const n = Number(points.toFixed(3));
  return `${n.toLocaleString('en', { maximumFractionDigits: 3 })} ${n === 1 ? 'point' : 'points'}`;
}

/** "6.5 / 9" */
export function scoreText(score: number, max: number): string {
  const f = (n: number) => Number(n.toFixed(3)).toLocaleString('en', { maximumFractionDigits: 3 });
  return `${f(score)} / ${f(max)}`;
}

/** Truncated two-decimal percentages as given: "69.99 %", "100 %". */
export function percentText(percent: number): string {
  return `${percent.toLocaleString('en', { maximumFractionDigits: 2 })} %`;
}

// ─── words for rules, grades and refusals ───────────────────────────────────────────────────

const FEEDBACK_MODE_TEXT: Record<QuizRulesView['feedbackMode'], string> = {
  immediate: 'Your score, the correct answers and feedback are shown as soon as you submit.',
  after_submit: 'Your score, the correct answers and feedback are shown as soon as you submit.',
  after_due: 'Your score is shown when you submit; correct answers and feedback after the due date.',
  never: 'Only your score is shown; correct answers are not released.',
};

const POLICY_TEXT: Record<QuizRulesView['attemptPolicy'], string> = {
  best: 'your best attempt counts',
  last: 'your last attempt counts',
  average: 'the average of your attempts counts',
};

/** The quiz's rules as a list of short sentences. */
export function rulesText(rules: QuizRulesView, questionsPerAttempt: number, dateText: (iso: string) => string): string[] {
  const lines = [
    `${questionsPerAttempt} ${questionsPerAttempt === 1 ? 'question' : 'questions'} per attempt.`,
    `Pass mark: ${rules.passingScore} %.`,
    rules.maxAttempts === 0
      ? `Unlimited attempts; ${POLICY_TEXT[rules.attemptPolicy]}.`
      : `${rules.maxAttempts} ${rules.maxAttempts === 1 ? 'attempt' : 'attempts'} allowed; ${POLICY_TEXT[rules.attemptPolicy]}.`,
    rules.timeLimitMinutes ? `Time limit: ${rules.timeLimitMinutes} ${rules.timeLimitMinutes === 1 ? 'minute' : 'minutes'} from when you start; answers saved after that do not count.` : 'No time limit.',
  ];
  if (rules.dueDate) lines.push(`Closes ${dateText(rules.dueDate)}.`);
  lines.push(FEEDBACK_MODE_TEXT[rules.feedbackMode]);
  return lines;
}

export function gradeText(grade: QuizGradeView): string {
  switch (grade.status) {
    case 'not-attempted':
      return 'Not attempted yet';
    case 'pending-review':
      return 'Waiting for your instructor to grade written answers';
    case 'graded':
      return `${percentText(grade.percent)} · ${grade.passed ? 'passed' : 'not passed'}${grade.provisional ? ' (may rise when written answers are graded)' : ''}`;
  }
}

export function attemptStatusText(attempt: AttemptSummary): string {
  if (attempt.status === 'open') return 'In progress';
  if (attempt.status === 'pending_review') return 'Waiting for grading';
  if (attempt.percent === null) return 'Graded';
  return `${percentText(attempt.percent)}${attempt.passed === null ? '' : attempt.passed ? ' · passed' : ' · not passed'}`;
}

export const OUTCOME_TEXT: Record<NonNullable<LearnerQuestionReview['outcome']>, string> = {
  correct: 'Correct',
  'partially-correct': 'Partly correct',
  incorrect: 'Incorrect',
  unanswered: 'Not answered',
  'pending-review': 'Waiting for your instructor',
};

const REFUSAL_TEXT: Record<QuizErrorCode, string> = {
  'not-enrolled': 'You are not enrolled in this course, or your enrollment has ended.',
  'lesson-locked': 'The lesson this belongs to is not open for you yet.',
  'quiz-closed': 'This quiz is closed: its due date has passed.',
  'max-attempts-reached': 'You have used every attempt this quiz allows.',
  'attempt-in-progress': 'You already have an attempt in progress.',
  'deadline-passed': 'Time is up for this attempt: this answer arrived after it ended and was not saved.',
  'attempt-closed': 'This attempt has been submitted already; its answers can no longer change.',
  'attempt-open': 'This attempt has not been submitted yet.',
  'quiz-misconfigured': 'This quiz cannot be taken right now: its instructor must correct it.',
  'not-your-course': 'This quiz belongs to a course you are not part of.',
  'check-not-allowed': 'This quiz shows results after you submit, not question by question.',
  'answer-locked': 'You checked this question already, so its answer is final.',
};

/** A refusal from the server in words: what it means for the learner, then the server's own detail. */
export function refusalText(problem: { status: number; message: string; details?: Record<string, unknown> }): string {
  const code = typeof problem.details?.code === 'string' ? (problem.details.code as QuizErrorCode) : null;
  const known = code ? REFUSAL_TEXT[code] : undefined;
  const detail = problem.message.trim();
  const sentence = (s: string) => {
    const capital = s.charAt(0).toUpperCase() + s.slice(1);
    return /[.!?]$/.test(capital) ? capital : `${capital}.`;
  };
  if (known) return detail ? `${known} ${sentence(detail)}` : known;
  if (problem.status === 400 && typeof problem.details?.field === 'string') return `That answer could not be saved. ${sentence(detail)}`;
  if (problem.status === 404) return `This quiz or attempt was not found. ${sentence(detail)}`;
  return sentence(detail || `The request failed (${problem.status})`);
}

/** Whether a failed save may succeed if tried again (network, overload, rate limit). */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * A prompt's text split at `backticks` so code shows as code. Prompts are plain text (never
 * HTML); an unpaired backtick stays as typed.
 */
export function inlineCode(text: string): Array<{ code: boolean; text: string }> {
  const parts: Array<{ code: boolean; text: string }> = [];
  const pattern = /`([^`\n]+)`/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ code: false, text: text.slice(last, at) });
    parts.push({ code: true, text: m[1] as string });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last) });
  return parts;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * "12 March 2026, 14:05 UTC", built by hand: Intl's wording differs between ICU versions (the
 * server's Node and the learner's browser), and the island's text must not change on hydration.
 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
