/**
 * The question model the grader works on, read from the quiz's `questions` dynamic zone
 * (cms/src/components/question/*.json). Everything here holds answer keys: it never leaves the
 * server except through learner-view.ts (allow-listed projection) and feedback release.
 *
 * Ids: `parseQuestion` names options/items/pairs `o1…`, `i1…`, `l1…`/`r1…` by authored position.
 * Those are server-side only (an ordering question's authored order IS its key); an attempt
 * re-keys every question with opaque seeded ids (attempt.ts) before anything is shown.
 */
import { formatDecimal, parseExactDecimal } from './decimal';
import { GradingError } from './errors';
import { parsePoints, type Millipoints } from './points';

export const QUESTION_TYPES = [
  'single-choice',
  'multiple-choice',
  'true-false',
  'short-answer',
  'numeric',
  'ordering',
  'matching',
  'fill-blanks',
  'essay',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

interface QuestionBase {
  prompt: string;
  /** Maximum points of the question. */
  points: Millipoints;
  /** General feedback, released according to the quiz's feedback mode. */
  feedback: string | null;
}

export interface ChoiceOption {
  id: string;
  text: string;
  correct: boolean;
  feedback: string | null;
}

export interface SingleChoiceQuestion extends QuestionBase {
  type: 'single-choice';
  options: ChoiceOption[];
}

export interface MultipleChoiceQuestion extends QuestionBase {
  type: 'multiple-choice';
  options: ChoiceOption[];
  /** true: +1/C per right pick, −1/W per wrong pick, floor 0. false: all or nothing. */
  partialCredit: boolean;
}

export interface TrueFalseQuestion extends QuestionBase {
  type: 'true-false';
  correctAnswer: boolean;
}

export interface ShortAnswerQuestion extends QuestionBase {
  type: 'short-answer';
  acceptedAnswers: string[];
  caseSensitive: boolean;
  /** true: whitespace anywhere is ignored ("x = 5" matches "x=5"); false: only the ends are trimmed. */
  ignoreWhitespace: boolean;
}

export interface NumericQuestion extends QuestionBase {
  type: 'numeric';
  /** Exact decimal text ("1.67"); compared without floating point. */
  value: string;
  /** Exact decimal text, ≥ 0; the accepted range is value ± tolerance, both ends included. */
  tolerance: string;
}

export interface OrderingItem {
  id: string;
  text: string;
}

export interface OrderingQuestion extends QuestionBase {
  type: 'ordering';
  /** In the CORRECT order (that is how the content model stores them). */
  items: OrderingItem[];
  /** true: credit per item in its correct position. false: all or nothing. */
  partialCredit: boolean;
}

export interface MatchingPair {
  leftId: string;
  left: string;
  rightId: string;
  right: string;
}

export interface MatchingQuestion extends QuestionBase {
  type: 'matching';
  /** The correct pairs. */
  pairs: MatchingPair[];
  /** true: credit per correctly matched left item. false: all or nothing. */
  partialCredit: boolean;
}

export interface FillBlank {
  /** Accepted variants (stored "|"-separated in the component). */
  acceptedAnswers: string[];
  caseSensitive: boolean;
}

export interface FillBlanksQuestion extends QuestionBase {
  type: 'fill-blanks';
  /** Text with `{{1}}`, `{{2}}`, … marking blanks (1-based, each exactly once). */
  text: string;
  /** blanks[n − 1] answers `{{n}}`. */
  blanks: FillBlank[];
}

export interface EssayQuestion extends QuestionBase {
  type: 'essay';
  minWords: number | null;
  maxWords: number | null;
  /** Shown to the learner with the prompt. */
  guidance: string | null;
}

export type Question =
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | TrueFalseQuestion
  | ShortAnswerQuestion
  | NumericQuestion
  | OrderingQuestion
  | MatchingQuestion
  | FillBlanksQuestion
  | EssayQuestion;

/** A question as authored in the quiz, with where it came from (for item analysis). */
export interface AuthoredQuestion {
  /** Position in the quiz's dynamic zone, 0-based. */
  sourceIndex: number;
  /** The component row id when known (changes when the quiz is re-published). */
  sourceId: number | null;
  question: Question;
}

/** `{{n}}` blank markers (1-based). */
export const BLANK_MARKER = /\{\{\s*(\d+)\s*\}\}/g;

type Raw = Record<string, unknown>;

function invalid(field: string, message: string): never {
  throw new GradingError('invalid-question', field, message);
}

function asRecord(value: unknown, field: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(field, 'expected an object');
  return value as Raw;
}

function requiredText(raw: Raw, key: string, field: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value.trim() === '') invalid(`${field}.${key}`, 'is required and must be non-empty text');
  return value;
}

function optionalText(raw: Raw, key: string, field: string): string | null {
  const value = raw[key];
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') invalid(`${field}.${key}`, 'must be text');
  return value;
}

function bool(raw: Raw, key: string, field: string, fallback: boolean): boolean {
  const value = raw[key];
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'boolean') invalid(`${field}.${key}`, 'must be true or false');
  return value;
}

function optionalCount(raw: Raw, key: string, field: string, min: number): number | null {
  const value = raw[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) invalid(`${field}.${key}`, `must be a whole number ≥ ${min}`);
  return value;
}

function list(raw: Raw, key: string, field: string, min: number): Raw[] {
  const value = raw[key];
  if (!Array.isArray(value)) invalid(`${field}.${key}`, 'must be a list');
  if (value.length < min) invalid(`${field}.${key}`, `needs at least ${min} entries; has ${value.length}`);
  return value.map((entry, i) => asRecord(entry, `${field}.${key}[${i}]`));
}

function decimalText(raw: Raw, key: string, field: string, fallback: string | null): string {
  const value = raw[key];
  if ((value === null || value === undefined || value === '') && fallback !== null) return fallback;
  if (typeof value !== 'number' && typeof value !== 'string') invalid(`${field}.${key}`, 'must be a number');
  const decimal = parseExactDecimal(value, { decimalComma: false });
  if (!decimal) invalid(`${field}.${key}`, `must be a decimal number; got ${JSON.stringify(value)}`);
  return formatDecimal(decimal);
}

/** Splits a blank's "a|b|c" into trimmed, non-empty variants. */
export function splitVariants(text: string): string[] {
  return text
    .split('|')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

function parseOptions(raw: Raw, field: string): ChoiceOption[] {
  return list(raw, 'options', field, 2).map((o, i) => ({
    id: `o${i + 1}`,
    text: requiredText(o, 'text', `${field}.options[${i}]`),
    correct: bool(o, 'correct', `${field}.options[${i}]`, false),
    feedback: optionalText(o, 'feedback', `${field}.options[${i}]`),
  }));
}

/**
 * Reads one dynamic-zone entry (`{ __component: 'question.single-choice', prompt, points, … }`)
 * into a {@link Question}, or throws {@link GradingError} naming the field, e.g.
 * `questions[2].options: a single-choice question needs exactly one correct option; has 2`.
 */
export function parseQuestion(input: unknown, field = 'question'): Question {
  const raw = asRecord(input, field);
  const component = raw.__component;
  const type = typeof component === 'string' && component.startsWith('question.') ? component.slice('question.'.length) : null;
  if (!type || !(QUESTION_TYPES as readonly string[]).includes(type)) {
    invalid(`${field}.__component`, `unknown question component ${JSON.stringify(component)}; expected one of ${QUESTION_TYPES.map((t) => `question.${t}`).join(', ')}`);
  }
  const base: QuestionBase = {
    prompt: requiredText(raw, 'prompt', field),
    points: parsePoints(raw.points ?? 1, { excessPrecision: 'round', field: `${field}.points` }),
    feedback: optionalText(raw, 'feedback', field),
  };
  switch (type as QuestionType) {
    case 'single-choice': {
      const options = parseOptions(raw, field);
      const correct = options.filter((o) => o.correct).length;
      if (correct !== 1) invalid(`${field}.options`, `a single-choice question needs exactly one correct option; has ${correct}`);
      return { type: 'single-choice', ...base, options };
    }
    case 'multiple-choice': {
      const options = parseOptions(raw, field);
      if (!options.some((o) => o.correct)) invalid(`${field}.options`, 'a multiple-choice question needs at least one correct option; has none');
      return { type: 'multiple-choice', ...base, options, partialCredit: bool(raw, 'partialCredit', field, true) };
    }
    case 'true-false': {
      return { type: 'true-false', ...base, correctAnswer: bool(raw, 'correctAnswer', field, true) };
    }
    case 'short-answer': {
      const acceptedAnswers = list(raw, 'acceptedAnswers', field, 1).map((a, i) => requiredText(a, 'text', `${field}.acceptedAnswers[${i}]`).trim());
      return {
        type: 'short-answer',
        ...base,
        acceptedAnswers,
        caseSensitive: bool(raw, 'caseSensitive', field, false),
        ignoreWhitespace: bool(raw, 'ignoreWhitespace', field, true),
      };
    }
    case 'numeric': {
      const value = decimalText(raw, 'value', field, null);
      const tolerance = decimalText(raw, 'tolerance', field, '0');
      if (tolerance.startsWith('-')) invalid(`${field}.tolerance`, `cannot be negative; got ${tolerance}`);
      return { type: 'numeric', ...base, value, tolerance };
    }
    case 'ordering': {
      const items = list(raw, 'items', field, 2).map((item, i) => ({ id: `i${i + 1}`, text: requiredText(item, 'text', `${field}.items[${i}]`) }));
      return { type: 'ordering', ...base, items, partialCredit: bool(raw, 'partialCredit', field, true) };
    }
    case 'matching': {
      const pairs = list(raw, 'pairs', field, 2).map((pair, i) => ({
        leftId: `l${i + 1}`,
        left: requiredText(pair, 'left', `${field}.pairs[${i}]`),
        rightId: `r${i + 1}`,
        right: requiredText(pair, 'right', `${field}.pairs[${i}]`),
      }));
      return { type: 'matching', ...base, pairs, partialCredit: bool(raw, 'partialCredit', field, true) };
    }
    case 'fill-blanks': {
      const text = requiredText(raw, 'text', field);
      const blanks = list(raw, 'blanks', field, 1).map((b, i) => {
        const acceptedAnswers = splitVariants(requiredText(b, 'acceptedAnswers', `${field}.blanks[${i}]`));
        if (acceptedAnswers.length === 0) invalid(`${field}.blanks[${i}].acceptedAnswers`, 'needs at least one non-empty variant ("a|b|c")');
        return { acceptedAnswers, caseSensitive: bool(b, 'caseSensitive', `${field}.blanks[${i}]`, false) };
      });
      const markers = [...text.matchAll(BLANK_MARKER)].map((m) => Number(m[1]));
      const expected = blanks.map((_, i) => i + 1);
      const sorted = [...markers].sort((a, b) => a - b);
      if (sorted.length !== expected.length || sorted.some((n, i) => n !== expected[i])) {
        invalid(
          `${field}.text`,
          `must mark each of its ${blanks.length} blank(s) exactly once as {{1}} … {{${blanks.length}}}; found ${markers.length ? markers.map((n) => `{{${n}}}`).join(', ') : 'no markers'}`,
        );
      }
      return { type: 'fill-blanks', ...base, text, blanks };
    }
    case 'essay': {
      const minWords = optionalCount(raw, 'minWords', field, 0);
      const maxWords = optionalCount(raw, 'maxWords', field, 1);
      if (minWords !== null && maxWords !== null && minWords > maxWords) invalid(`${field}.minWords`, `is above maxWords (${minWords} > ${maxWords})`);
      return { type: 'essay', ...base, minWords, maxWords, guidance: optionalText(raw, 'guidance', field) };
    }
  }
  return invalid(`${field}.__component`, `unsupported question type ${type}`);
}

/** Reads the quiz's whole `questions` dynamic zone; errors name `questions[i]`. */
export function parseQuizQuestions(input: unknown, field = 'questions'): AuthoredQuestion[] {
  if (!Array.isArray(input)) invalid(field, 'must be a list of question components');
  return input.map((entry, i) => {
    const question = parseQuestion(entry, `${field}[${i}]`);
    const id = (entry as Raw).id;
    return { sourceIndex: i, sourceId: typeof id === 'number' ? id : null, question };
  });
}
