/**
 * What a learner may see of an attempt: built field by field from an allow-list, never by
 * copying a question and deleting keys, so a field added to the question model later stays on
 * the server until someone adds it here on purpose. No answer key, no feedback, no accepted
 * answer, no tolerance, no correct order, no authored position.
 *
 * Reviews (after submission) go through `toLearnerReview`, which adds only what the quiz's
 * feedback mode has released (attempt-rules.ts `feedbackRelease`).
 */
import type { Answer } from './answers';
import type { FeedbackRelease } from './attempt-rules';
import type { AttemptPaper, AttemptQuestion } from './attempt';
import type { GradePart, QuestionGrade } from './grading';
import { toPointsNumber } from './points';
import { BLANK_MARKER } from './questions';

export interface LearnerChoice {
  id: string;
  text: string;
}

interface LearnerQuestionBase {
  id: string;
  prompt: string;
  /** Maximum points, as a JSON number of points (2.5). */
  points: number;
}

export type FillBlanksSegment = { kind: 'text'; text: string } | { kind: 'blank'; blank: number };

export type LearnerQuestion =
  | (LearnerQuestionBase & { type: 'single-choice'; options: LearnerChoice[] })
  | (LearnerQuestionBase & { type: 'multiple-choice'; options: LearnerChoice[] })
  | (LearnerQuestionBase & { type: 'true-false' })
  | (LearnerQuestionBase & { type: 'short-answer' })
  | (LearnerQuestionBase & { type: 'numeric' })
  | (LearnerQuestionBase & { type: 'ordering'; items: LearnerChoice[] })
  | (LearnerQuestionBase & { type: 'matching'; left: LearnerChoice[]; right: LearnerChoice[] })
  | (LearnerQuestionBase & { type: 'fill-blanks'; segments: FillBlanksSegment[]; blankCount: number })
  | (LearnerQuestionBase & { type: 'essay'; minWords: number | null; maxWords: number | null; guidance: string | null });

/** Every key a learner view may contain (the leak test walks the JSON against this list). */
export const LEARNER_VIEW_KEYS: ReadonlySet<string> = new Set([
  'questions',
  'maxPoints',
  'id',
  'type',
  'prompt',
  'points',
  'options',
  'items',
  'left',
  'right',
  'text',
  'segments',
  'kind',
  'blank',
  'blankCount',
  'minWords',
  'maxWords',
  'guidance',
]);

function inOrder<T extends { id: string }>(ids: readonly string[], all: readonly T[]): T[] {
  const byId = new Map(all.map((x) => [x.id, x]));
  return ids.map((id) => byId.get(id)).filter((x): x is T => x !== undefined);
}

const choice = (id: string, text: string): LearnerChoice => ({ id, text });

/** Splits fill-in-the-blanks text into text and blank segments (`{{n}}` → blank n). */
export function fillBlanksSegments(text: string): FillBlanksSegment[] {
  const segments: FillBlanksSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(BLANK_MARKER)) {
    const at = m.index ?? 0;
    if (at > last) segments.push({ kind: 'text', text: text.slice(last, at) });
    segments.push({ kind: 'blank', blank: Number(m[1]) });
    last = at + m[0].length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

export function toLearnerQuestion(aq: AttemptQuestion): LearnerQuestion {
  const q = aq.question;
  const base: LearnerQuestionBase = { id: aq.id, prompt: q.prompt, points: toPointsNumber(q.points) };
  const p = aq.presentation;
  switch (q.type) {
    case 'single-choice':
    case 'multiple-choice': {
      const ids = p.kind === 'options' ? p.optionIds : q.options.map((o) => o.id);
      return { ...base, type: q.type, options: inOrder(ids, q.options).map((o) => choice(o.id, o.text)) };
    }
    case 'true-false':
      return { ...base, type: 'true-false' };
    case 'short-answer':
      return { ...base, type: 'short-answer' };
    case 'numeric':
      return { ...base, type: 'numeric' };
    case 'ordering': {
      // Never fall back to the authored order: it is the answer.
      if (p.kind !== 'items') throw new Error(`ordering question ${aq.id} has no shuffled presentation`);
      return { ...base, type: 'ordering', items: inOrder(p.itemIds, q.items).map((i) => choice(i.id, i.text)) };
    }
    case 'matching': {
      if (p.kind !== 'pairs') throw new Error(`matching question ${aq.id} has no shuffled presentation`);
      const lefts = q.pairs.map((pair) => ({ id: pair.leftId, text: pair.left }));
      const rights = q.pairs.map((pair) => ({ id: pair.rightId, text: pair.right }));
      return {
        ...base,
        type: 'matching',
        left: inOrder(p.leftIds, lefts).map((x) => choice(x.id, x.text)),
        right: inOrder(p.rightIds, rights).map((x) => choice(x.id, x.text)),
      };
    }
    case 'fill-blanks':
      return { ...base, type: 'fill-blanks', segments: fillBlanksSegments(q.text), blankCount: q.blanks.length };
    case 'essay':
      return { ...base, type: 'essay', minWords: q.minWords, maxWords: q.maxWords, guidance: q.guidance };
  }
}

export function toLearnerPaper(paper: AttemptPaper): { questions: LearnerQuestion[]; maxPoints: number } {
  return { questions: paper.questions.map(toLearnerQuestion), maxPoints: toPointsNumber(paper.maxPoints) };
}

// ─── review after submission ────────────────────────────────────────────────────────────────

export type LearnerOutcome = 'correct' | 'partially-correct' | 'incorrect' | 'unanswered' | 'pending-review';

export interface LearnerQuestionReview {
  questionId: string;
  status: 'graded' | 'pending-review';
  /** Points earned (null while pending); present only when the score is released. */
  points?: number | null;
  maxPoints: number;
  /** When correctness is released. */
  outcome?: LearnerOutcome;
  /** When feedback is released: the question's feedback and that of the options the learner picked. */
  feedback?: string[];
  /** When correct answers are released: the grader's explanation, part by part. */
  explanation?: { rule: string; summary: string; parts: Array<Pick<GradePart, 'label' | 'outcome' | 'detail'>> };
  /** An instructor's comment on a manual grade (released with the score). */
  comment?: string | null;
}

function outcomeOf(grade: QuestionGrade): LearnerOutcome {
  if (grade.status === 'pending-review') return 'pending-review';
  if (grade.parts.every((p) => p.outcome === 'unanswered')) return 'unanswered';
  if (grade.points === grade.maxPoints) return 'correct';
  return grade.points && grade.points > 0 ? 'partially-correct' : 'incorrect';
}

function feedbackTexts(aq: AttemptQuestion, answer: Answer | undefined): string[] {
  const q = aq.question;
  const texts: string[] = [];
  if ((q.type === 'single-choice' || q.type === 'multiple-choice') && answer) {
    const picked = answer.type === 'single-choice' ? [answer.optionId] : answer.type === 'multiple-choice' ? answer.optionIds : [];
    for (const o of q.options) if (picked.includes(o.id) && o.feedback) texts.push(o.feedback);
  }
  if (q.feedback) texts.push(q.feedback);
  return texts;
}

/** One question's review, with exactly what `release` allows. */
export function toLearnerReview(aq: AttemptQuestion, grade: QuestionGrade, answer: Answer | undefined, release: FeedbackRelease): LearnerQuestionReview {
  const review: LearnerQuestionReview = { questionId: aq.id, status: grade.status, maxPoints: toPointsNumber(grade.maxPoints) };
  if (release.score) {
    review.points = grade.points === null ? null : toPointsNumber(grade.points);
    review.comment = grade.comment;
  }
  if (release.correctness) review.outcome = outcomeOf(grade);
  if (release.feedback) review.feedback = feedbackTexts(aq, answer);
  if (release.correctAnswers) {
    review.explanation = { rule: grade.rule, summary: grade.summary, parts: grade.parts.map((p) => ({ label: p.label, outcome: p.outcome, detail: p.detail })) };
  }
  return review;
}
