/**
 * Building an attempt from the quiz's question pool, and grading it.
 *
 * `buildAttempt(pool, settings, seed)` is a pure function of its inputs: the same seed draws the
 * same questions in the same order with the same option order and the same ids. The service
 * stores the seed AND the built paper (a snapshot, with keys, server-side only), so a quiz edited
 * mid-attempt cannot change what the learner is graded against.
 *
 * Every question is re-keyed with opaque ids drawn from the seed: the learner's answers refer to
 * them, and they reveal neither authored positions nor correctness. Ordering items and the
 * right-hand side of matching questions are ALWAYS shuffled (their authored order is the key);
 * `shuffleOptions` governs choice options and matching's left-hand side.
 */
import type { Answer } from './answers';
import { GradingError } from './errors';
import { gradeQuestion, type GradableQuestion, type QuestionGrade } from './grading';
import { meetsPassingScore, percentOf, type BasisPoints, type Millipoints } from './points';
import type { AuthoredQuestion, Question } from './questions';
import { assertSeed, SeededStream } from './random';

export interface QuizDrawSettings {
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  /** How many questions to draw from the pool; null (or ≥ the pool) draws them all. */
  questionsPerAttempt: number | null;
}

/** The order things are shown in, by id. Grading never depends on it. */
export type Presentation =
  | { kind: 'options'; optionIds: string[] }
  | { kind: 'items'; itemIds: string[] }
  | { kind: 'pairs'; leftIds: string[]; rightIds: string[] }
  | { kind: 'plain' };

export interface AttemptQuestion extends GradableQuestion {
  /** Opaque id, unique in the paper: what answers are keyed by. */
  id: string;
  sourceIndex: number;
  sourceId: number | null;
  /** The question with every option/item/pair re-keyed with opaque ids (authored order kept). */
  question: Question;
  presentation: Presentation;
}

export interface AttemptPaper {
  seed: string;
  /** In the order shown. */
  questions: AttemptQuestion[];
  maxPoints: Millipoints;
}

function rekey(question: Question, stream: SeededStream): Question {
  switch (question.type) {
    case 'single-choice':
    case 'multiple-choice': {
      const ids = stream.ids(question.options.length);
      return { ...question, options: question.options.map((o, i) => ({ ...o, id: ids[i] as string })) };
    }
    case 'ordering': {
      const ids = stream.ids(question.items.length);
      return { ...question, items: question.items.map((item, i) => ({ ...item, id: ids[i] as string })) };
    }
    case 'matching': {
      const ids = stream.ids(question.pairs.length * 2);
      return {
        ...question,
        pairs: question.pairs.map((p, i) => ({ ...p, leftId: ids[2 * i] as string, rightId: ids[2 * i + 1] as string })),
      };
    }
    default:
      return question;
  }
}

function present(question: Question, settings: QuizDrawSettings, seed: string, key: string): Presentation {
  const stream = (label: string) => new SeededStream(seed, `${label}:${key}`);
  switch (question.type) {
    case 'single-choice':
    case 'multiple-choice': {
      const ids = question.options.map((o) => o.id);
      return { kind: 'options', optionIds: settings.shuffleOptions ? stream('options').shuffle(ids) : ids };
    }
    case 'ordering':
      return { kind: 'items', itemIds: stream('items').shuffle(question.items.map((i) => i.id)) };
    case 'matching': {
      const lefts = question.pairs.map((p) => p.leftId);
      return {
        kind: 'pairs',
        leftIds: settings.shuffleOptions ? stream('lefts').shuffle(lefts) : lefts,
        rightIds: stream('rights').shuffle(question.pairs.map((p) => p.rightId)),
      };
    }
    default:
      return { kind: 'plain' };
  }
}

/** Draws and shuffles an attempt. Throws GradingError for an empty pool or a bad seed/setting. */
export function buildAttempt(pool: readonly AuthoredQuestion[], settings: QuizDrawSettings, seed: string): AttemptPaper {
  assertSeed(seed);
  if (pool.length === 0) throw new GradingError('invalid-quiz', 'questions', 'the quiz has no questions; add at least one before learners can start it');
  const perAttempt = settings.questionsPerAttempt;
  if (perAttempt !== null && (!Number.isSafeInteger(perAttempt) || perAttempt < 1)) {
    throw new GradingError('invalid-quiz', 'questionsPerAttempt', `must be a whole number ≥ 1 or empty; got ${String(perAttempt)}`);
  }
  const questionIds = new SeededStream(seed, 'question-ids').ids(pool.length);
  let drawn = perAttempt === null || perAttempt >= pool.length ? pool.slice() : new SeededStream(seed, 'draw').sample(pool, perAttempt);
  drawn = settings.shuffleQuestions ? new SeededStream(seed, 'order').shuffle(drawn) : drawn.sort((a, b) => a.sourceIndex - b.sourceIndex);
  const questions = drawn.map((authored): AttemptQuestion => {
    const key = String(authored.sourceIndex);
    const question = rekey(authored.question, new SeededStream(seed, `ids:${key}`));
    return {
      id: questionIds[pool.indexOf(authored)] as string,
      sourceIndex: authored.sourceIndex,
      sourceId: authored.sourceId,
      question,
      presentation: present(question, settings, seed, key),
    };
  });
  return { seed, questions, maxPoints: questions.reduce((sum, q) => sum + q.question.points, 0) };
}

export interface AttemptResult {
  /** One per question of the paper, in paper order. */
  grades: QuestionGrade[];
  /** Sum of the graded questions' points (pending essays not included). */
  score: Millipoints;
  maxScore: Millipoints;
  /** Points still waiting for an instructor. */
  pendingPoints: Millipoints;
  status: 'graded' | 'pending-review';
  /** Truncated basis points; null while any question is pending. */
  percent: BasisPoints | null;
  /** Decided on exact values; null while pending. */
  passed: boolean | null;
}

/** Totals of a set of question grades (also after an instructor graded an essay). */
export function summariseAttempt(grades: readonly QuestionGrade[], passingScore: number): AttemptResult {
  const score = grades.reduce((sum, g) => sum + (g.points ?? 0), 0);
  const maxScore = grades.reduce((sum, g) => sum + g.maxPoints, 0);
  const pendingPoints = grades.filter((g) => g.status === 'pending-review').reduce((sum, g) => sum + g.maxPoints, 0);
  const pending = grades.some((g) => g.status === 'pending-review');
  return {
    grades: [...grades],
    score,
    maxScore,
    pendingPoints,
    status: pending ? 'pending-review' : 'graded',
    percent: pending ? null : percentOf(score, maxScore),
    passed: pending ? null : meetsPassingScore(score, maxScore, passingScore),
  };
}

/**
 * Grades every question of the paper. `answers` are keyed by attempt question id and already
 * parsed (parseAnswer); a key that is not a question of this paper is an error. Missing answers
 * count as unanswered. Answers saved after the deadline must be left out by the caller
 * (attempt-rules.ts `answersInTime`).
 */
export function gradeAttempt(paper: AttemptPaper, answers: Readonly<Record<string, Answer>>, passingScore: number): AttemptResult {
  const ids = new Set(paper.questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!ids.has(id)) throw new GradingError('invalid-answer', `answers.${id}`, 'is not a question of this attempt');
  }
  const grades = paper.questions.map((q) => gradeQuestion(q, Object.prototype.hasOwnProperty.call(answers, q.id) ? answers[q.id] : undefined));
  return summariseAttempt(grades, passingScore);
}

/** The question of the paper with this id, or a GradingError naming it. */
export function findAttemptQuestion(paper: AttemptPaper, questionId: string, field = `answers.${questionId}`): AttemptQuestion {
  const found = paper.questions.find((q) => q.id === questionId);
  if (!found) throw new GradingError('invalid-answer', field, 'is not a question of this attempt');
  return found;
}
