import { describe, expect, it } from 'vitest';
import { demoQuizQuestions } from '../testing/demo-quiz';
import { parseAnswer } from './answers';
import { GradingError } from './errors';
import { parseQuizQuestions, type Question } from './questions';

const pool = parseQuizQuestions(demoQuizQuestions).map((a) => a.question);
const byType = (type: Question['type']) => pool.find((q) => q.type === type) as Question;

function rejects(question: Question, raw: unknown, field: string, message: RegExp) {
  let error: unknown;
  try {
    parseAnswer(question, raw, 'answers.q1');
  } catch (e) {
    error = e;
  }
  expect(error, JSON.stringify(raw)).toBeInstanceOf(GradingError);
  expect((error as GradingError).code).toBe('invalid-answer');
  expect((error as GradingError).field).toBe(field);
  expect((error as GradingError).message).toMatch(message);
}

describe('parseAnswer accepts the wire shape of every type', () => {
  it('reads valid answers', () => {
    expect(parseAnswer(byType('single-choice'), { optionId: 'o2' })).toEqual({ type: 'single-choice', optionId: 'o2' });
    expect(parseAnswer(byType('single-choice'), {})).toEqual({ type: 'single-choice', optionId: null });
    expect(parseAnswer(byType('multiple-choice'), { optionIds: ['o1', 'o5'] })).toEqual({ type: 'multiple-choice', optionIds: ['o1', 'o5'] });
    expect(parseAnswer(byType('true-false'), { value: false })).toEqual({ type: 'true-false', value: false });
    expect(parseAnswer(byType('short-answer'), { text: 'type' })).toEqual({ type: 'short-answer', text: 'type' });
    expect(parseAnswer(byType('numeric'), { value: 1.67 })).toEqual({ type: 'numeric', value: '1.67' });
    expect(parseAnswer(byType('numeric'), { value: 'abc' })).toEqual({ type: 'numeric', value: 'abc' }); // graded 0, not refused
    expect(parseAnswer(byType('ordering'), { itemIds: ['i4', 'i3', 'i2', 'i1'] })).toEqual({ type: 'ordering', itemIds: ['i4', 'i3', 'i2', 'i1'] });
    expect(parseAnswer(byType('matching'), { matches: { l1: 'r2', l2: null } })).toEqual({ type: 'matching', matches: { l1: 'r2', l2: null } });
    expect(parseAnswer(byType('fill-blanks'), { blanks: ['typeof', ''] })).toEqual({ type: 'fill-blanks', blanks: ['typeof', ''] });
    expect(parseAnswer(byType('essay'), { text: 'My essay' })).toEqual({ type: 'essay', text: 'My essay' });
  });
});

describe('parseAnswer refuses wrong shapes and foreign ids, naming the field', () => {
  it('refuses non-objects with the expected shape', () => {
    rejects(byType('single-choice'), 'o1', 'answers.q1', /optionId/);
    rejects(byType('ordering'), ['i1'], 'answers.q1', /itemIds/);
  });
  it('refuses unknown keys', () => rejects(byType('true-false'), { value: true, correct: true }, 'answers.q1.correct', /not part of a true-false answer/));
  it('refuses an option of another question', () => rejects(byType('single-choice'), { optionId: 'o9' }, 'answers.q1.optionId', /not an option/));
  it('refuses repeated picks', () => rejects(byType('multiple-choice'), { optionIds: ['o1', 'o1'] }, 'answers.q1.optionIds[1]', /listed twice/));
  it('refuses non-boolean true/false', () => rejects(byType('true-false'), { value: 'true' }, 'answers.q1.value', /true, false or null/));
  it('refuses an incomplete ordering', () => rejects(byType('ordering'), { itemIds: ['i1', 'i2'] }, 'answers.q1.itemIds', /every one of the 4 items exactly once; has 2/));
  it('refuses an unknown item', () => rejects(byType('ordering'), { itemIds: ['i1', 'i2', 'i3', 'x'] }, 'answers.q1.itemIds[3]', /not an item/));
  it('refuses an unknown left item', () => rejects(byType('matching'), { matches: { __proto__x: 'r1' } }, 'answers.q1.matches', /not a left-hand item/));
  it('refuses an unknown right item', () => rejects(byType('matching'), { matches: { l1: 'l2' } }, 'answers.q1.matches.l1', /not a right-hand item/));
  it('refuses the wrong number of blanks', () => rejects(byType('fill-blanks'), { blanks: ['typeof'] }, 'answers.q1.blanks', /list of 2 text/));
  it('refuses over-long text', () => rejects(byType('short-answer'), { text: 'x'.repeat(1001) }, 'answers.q1.text', /too long \(1001 characters; at most 1000\)/));
  it('refuses over-long numbers', () => rejects(byType('numeric'), { value: '1'.repeat(65) }, 'answers.q1.value', /too long/));
  it('refuses non-text essays', () => rejects(byType('essay'), { text: 42 }, 'answers.q1.text', /must be text/));
});
