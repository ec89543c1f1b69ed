/**
 * What a learner sends for each question type, and its validation against the question it
 * answers. Answers reference the attempt's opaque ids (never positions), so a shuffled view and
 * the grader agree. `parseAnswer` checks SHAPE and ids (wrong shape, unknown or repeated id →
 * GradingError naming the field); whether the answer is right is the grader's business, so an
 * unreadable number is stored as typed and graded 0 with the reason.
 */
import { MAX_DECIMAL_TEXT_LENGTH } from './decimal';
import { GradingError } from './errors';
import type { Question, QuestionType } from './questions';

export const MAX_SHORT_TEXT_LENGTH = 1_000;
export const MAX_ESSAY_LENGTH = 50_000;

export type Answer =
  | { type: 'single-choice'; optionId: string | null }
  | { type: 'multiple-choice'; optionIds: string[] }
  | { type: 'true-false'; value: boolean | null }
  | { type: 'short-answer'; text: string }
  | { type: 'numeric'; value: string }
  /** Every item id exactly once, in the learner's order. */
  | { type: 'ordering'; itemIds: string[] }
  /** left id → right id; a left that is absent or null is unanswered. */
  | { type: 'matching'; matches: Record<string, string | null> }
  /** blanks[n − 1] answers `{{n}}`. */
  | { type: 'fill-blanks'; blanks: string[] }
  | { type: 'essay'; text: string };

export type AnswerOf<T extends QuestionType> = Extract<Answer, { type: T }>;

/** The wire shape of each type, for error messages and the API docs. */
export const ANSWER_SHAPES: Record<QuestionType, string> = {
  'single-choice': '{ "optionId": "<option id>" | null }',
  'multiple-choice': '{ "optionIds": ["<option id>", …] }',
  'true-false': '{ "value": true | false | null }',
  'short-answer': '{ "text": "…" }',
  numeric: '{ "value": "1.67" }',
  ordering: '{ "itemIds": ["<item id>", … every item once, in your order] }',
  matching: '{ "matches": { "<left id>": "<right id>" | null, … } }',
  'fill-blanks': '{ "blanks": ["…", … one text per blank] }',
  essay: '{ "text": "…" }',
};

function bad(field: string, message: string): never {
  throw new GradingError('invalid-answer', field, message);
}

function shape(question: Question, raw: unknown, field: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    bad(field, `a ${question.type} answer is ${ANSWER_SHAPES[question.type]}`);
  }
  return raw as Record<string, unknown>;
}

function onlyKeys(obj: Record<string, unknown>, allowed: string[], question: Question, field: string): void {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length) bad(`${field}.${extra[0]}`, `is not part of a ${question.type} answer, which is ${ANSWER_SHAPES[question.type]}`);
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') bad(field, 'must be text');
  if (value.length > max) bad(field, `is too long (${value.length} characters; at most ${max})`);
  return value;
}

function idList(value: unknown, field: string, known: Set<string>, what: string): string[] {
  if (!Array.isArray(value)) bad(field, `must be a list of ${what} ids`);
  const seen = new Set<string>();
  value.forEach((id, i) => {
    if (typeof id !== 'string' || !known.has(id)) bad(`${field}[${i}]`, `${JSON.stringify(id)} is not ${what} of this question`);
    if (seen.has(id)) bad(`${field}[${i}]`, `${JSON.stringify(id)} is listed twice`);
    seen.add(id);
  });
  return value as string[];
}

/** Validates a learner's answer to `question` (with the attempt's ids); throws naming the field. */
export function parseAnswer(question: Question, raw: unknown, field = 'answer'): Answer {
  const obj = shape(question, raw, field);
  switch (question.type) {
    case 'single-choice': {
      onlyKeys(obj, ['optionId'], question, field);
      const id = obj.optionId ?? null;
      if (id !== null && (typeof id !== 'string' || !question.options.some((o) => o.id === id))) {
        bad(`${field}.optionId`, `${JSON.stringify(id)} is not an option of this question`);
      }
      return { type: 'single-choice', optionId: id };
    }
    case 'multiple-choice': {
      onlyKeys(obj, ['optionIds'], question, field);
      const ids = idList(obj.optionIds ?? [], `${field}.optionIds`, new Set(question.options.map((o) => o.id)), 'an option');
      return { type: 'multiple-choice', optionIds: [...ids] };
    }
    case 'true-false': {
      onlyKeys(obj, ['value'], question, field);
      const value = obj.value ?? null;
      if (value !== null && typeof value !== 'boolean') bad(`${field}.value`, 'must be true, false or null');
      return { type: 'true-false', value };
    }
    case 'short-answer': {
      onlyKeys(obj, ['text'], question, field);
      return { type: 'short-answer', text: text(obj.text ?? '', `${field}.text`, MAX_SHORT_TEXT_LENGTH) };
    }
    case 'numeric': {
      onlyKeys(obj, ['value'], question, field);
      const value = typeof obj.value === 'number' && Number.isFinite(obj.value) ? String(obj.value) : obj.value ?? '';
      return { type: 'numeric', value: text(value, `${field}.value`, MAX_DECIMAL_TEXT_LENGTH) };
    }
    case 'ordering': {
      onlyKeys(obj, ['itemIds'], question, field);
      const ids = idList(obj.itemIds, `${field}.itemIds`, new Set(question.items.map((i) => i.id)), 'an item');
      if (ids.length !== question.items.length) {
        bad(`${field}.itemIds`, `must list every one of the ${question.items.length} items exactly once; has ${ids.length}`);
      }
      return { type: 'ordering', itemIds: [...ids] };
    }
    case 'matching': {
      onlyKeys(obj, ['matches'], question, field);
      const matches = obj.matches;
      if (typeof matches !== 'object' || matches === null || Array.isArray(matches)) bad(`${field}.matches`, 'must be an object of left id → right id');
      const lefts = new Set(question.pairs.map((p) => p.leftId));
      const rights = new Set(question.pairs.map((p) => p.rightId));
      const out: Record<string, string | null> = {};
      for (const [left, right] of Object.entries(matches as Record<string, unknown>)) {
        if (!lefts.has(left)) bad(`${field}.matches`, `${JSON.stringify(left)} is not a left-hand item of this question`);
        if (right !== null && (typeof right !== 'string' || !rights.has(right))) {
          bad(`${field}.matches.${left}`, `${JSON.stringify(right)} is not a right-hand item of this question`);
        }
        out[left] = right as string | null;
      }
      return { type: 'matching', matches: out };
    }
    case 'fill-blanks': {
      onlyKeys(obj, ['blanks'], question, field);
      const blanks = obj.blanks;
      if (!Array.isArray(blanks) || blanks.length !== question.blanks.length) {
        bad(`${field}.blanks`, `must be a list of ${question.blanks.length} text(s), one per blank`);
      }
      return { type: 'fill-blanks', blanks: blanks.map((b, i) => text(b ?? '', `${field}.blanks[${i}]`, MAX_SHORT_TEXT_LENGTH)) };
    }
    case 'essay': {
      onlyKeys(obj, ['text'], question, field);
      return { type: 'essay', text: text(obj.text ?? '', `${field}.text`, MAX_ESSAY_LENGTH) };
    }
  }
}
