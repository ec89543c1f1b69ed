import type { LearnerQuestion, QuizRulesView } from '@contracts/quizzes';
import { describe, expect, it } from 'vitest';
import { countWords as graderCountWords } from '../../../plugins/lms-grading/server/src/domain/grading';
import {
  answeredText,
  answerProgress,
  blanksOf,
  countdownAnnouncement,
  countdownWords,
  countWords,
  formatCountdown,
  formatDateTime,
  gradeText,
  inlineCode,
  isRetryable,
  localDeadline,
  moveItem,
  orderOf,
  percentText,
  pointsText,
  refusalText,
  rulesText,
  scoreText,
  secondsUntil,
  wordCountText,
} from './quiz-runner';

const base = { prompt: 'p', points: 1 };
const single: LearnerQuestion = { ...base, id: 's', type: 'single-choice', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }] };
const multiple: LearnerQuestion = { ...base, id: 'm', type: 'multiple-choice', options: [{ id: 'a', text: 'A' }] };
const trueFalse: LearnerQuestion = { ...base, id: 't', type: 'true-false' };
const numeric: LearnerQuestion = { ...base, id: 'n', type: 'numeric' };
const ordering: Extract<LearnerQuestion, { type: 'ordering' }> = {
  ...base,
  id: 'o',
  type: 'ordering',
  items: [
    { id: 'i3', text: 'third' },
    { id: 'i1', text: 'first' },
    { id: 'i2', text: 'second' },
  ],
};
const matching: LearnerQuestion = {
  ...base,
  id: 'x',
  type: 'matching',
  left: [
    { id: 'l1', text: 'cat' },
    { id: 'l2', text: 'dog' },
  ],
  right: [
    { id: 'r1', text: 'meow' },
    { id: 'r2', text: 'woof' },
  ],
};
const blanks: LearnerQuestion = {
  ...base,
  id: 'f',
  type: 'fill-blanks',
  blankCount: 2,
  segments: [
    { kind: 'blank', blank: 1 },
    { kind: 'text', text: ' and ' },
    { kind: 'blank', blank: 2 },
  ],
};
const essay: LearnerQuestion = { ...base, id: 'e', type: 'essay', minWords: 3, maxWords: 5, guidance: null };

describe('answerProgress', () => {
  it('knows an empty answer of every type from a given one', () => {
    expect(answerProgress(single, undefined)).toBe('empty');
    expect(answerProgress(single, { optionId: null })).toBe('empty');
    expect(answerProgress(single, { optionId: 'a' })).toBe('answered');
    expect(answerProgress(multiple, { optionIds: [] })).toBe('empty');
    expect(answerProgress(multiple, { optionIds: ['a'] })).toBe('answered');
    expect(answerProgress(trueFalse, { value: null })).toBe('empty');
    // false is an answer, not a missing one.
    expect(answerProgress(trueFalse, { value: false })).toBe('answered');
    expect(answerProgress(numeric, { value: '  ' })).toBe('empty');
    expect(answerProgress(numeric, { value: '1,5' })).toBe('answered');
    expect(answerProgress(essay, { text: 'words here' })).toBe('answered');
    expect(answerProgress(ordering, { itemIds: ['i1', 'i2', 'i3'] })).toBe('answered');
    expect(answerProgress(ordering, { itemIds: ['i1'] })).toBe('empty');
  });

  it('counts matching and blanks answered in part', () => {
    expect(answerProgress(matching, { matches: { l1: 'r1', l2: null } })).toBe('partial');
    expect(answerProgress(matching, { matches: { l1: 'r1', l2: 'r2' } })).toBe('answered');
    expect(answerProgress(matching, { matches: {} })).toBe('empty');
    expect(answerProgress(blanks, { blanks: ['typeof', ''] })).toBe('partial');
    expect(answerProgress(blanks, { blanks: ['typeof', 'instanceof'] })).toBe('answered');
  });

  it('summarises the paper', () => {
    expect(answeredText([single, matching, trueFalse], { s: { optionId: 'a' }, x: { matches: { l1: 'r1' } } })).toBe('1 of 3 answered (1 in part)');
    expect(answeredText([single], {})).toBe('0 of 1 answered');
  });
});

describe('answer readers', () => {
  it('pads blanks to the blank count and ignores non-text', () => {
    expect(blanksOf(undefined, 2)).toEqual(['', '']);
    expect(blanksOf({ blanks: ['a', 3 as unknown as string, 'c'] }, 2)).toEqual(['a', '']);
  });

  it('shows a saved order only when it is a permutation of the items', () => {
    expect(orderOf(ordering, undefined)).toEqual(['i3', 'i1', 'i2']);
    expect(orderOf(ordering, { itemIds: ['i1', 'i2', 'i3'] })).toEqual(['i1', 'i2', 'i3']);
    expect(orderOf(ordering, { itemIds: ['i1', 'i1', 'i3'] })).toEqual(['i3', 'i1', 'i2']);
    expect(orderOf(ordering, { itemIds: ['i1'] })).toEqual(['i3', 'i1', 'i2']);
  });

  it('moves an item up or down and not past an end', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('words', () => {
  it('counts words as the grader does', () => {
    expect(countWords('')).toBe(0);
    expect(countWords("  It's a well-known bug — in 2 places.  ")).toBe(7);
    expect(countWords('Привет мир')).toBe(2);
    // The same count as the grader's, which decides "below the minimum".
    for (const text of ["l'été — c'est 3,5 km", 'e-mail  e–mail', 'don’t stop', '日本語 テキスト', ' \n\t ']) {
      expect(countWords(text), text).toBe(graderCountWords(text));
    }
    expect(wordCountText(2, 3, 5)).toEqual({ text: '2 words · 3 to 5 expected', within: false });
    expect(wordCountText(1, null, null)).toEqual({ text: '1 word', within: true });
    expect(wordCountText(90, 80, null)).toEqual({ text: '90 words · at least 80 expected', within: true });
  });

  it('splits code spans out of plain text', () => {
    expect(inlineCode('Use `let x` or `const`, not var.')).toEqual([
      { code: false, text: 'Use ' },
      { code: true, text: 'let x' },
      { code: false, text: ' or ' },
      { code: true, text: 'const' },
      { code: false, text: ', not var.' },
    ]);
    expect(inlineCode('a ` b')).toEqual([{ code: false, text: 'a ` b' }]);
    expect(inlineCode('<b>not html</b>')).toEqual([{ code: false, text: '<b>not html</b>' }]);
  });
});

describe('time', () => {
  it('formats the countdown', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(245)).toBe('4:05');
    expect(formatCountdown(3723)).toBe('1:02:03');
    expect(countdownWords(245)).toBe('4 minutes 5 seconds left');
    expect(countdownWords(3660)).toBe('1 hour 1 minute left');
    expect(countdownWords(0)).toBe('No time left');
  });

  it('counts down from when the server answered, on the local clock', () => {
    const end = localDeadline(90, 1_000);
    expect(end).toBe(91_000);
    expect(secondsUntil(end!, 1_000)).toBe(90);
    expect(secondsUntil(end!, 90_500)).toBe(1);
    expect(secondsUntil(end!, 200_000)).toBe(0);
    expect(localDeadline(null, 1_000)).toBeNull();
  });

  it('announces only when a threshold is crossed', () => {
    expect(countdownAnnouncement(301, 300)).toMatch(/^5 minutes left\./);
    expect(countdownAnnouncement(300, 299)).toBeNull();
    expect(countdownAnnouncement(65, 58)).toMatch(/^1 minute left\./);
    expect(countdownAnnouncement(11, 10)).toMatch(/^10 seconds left\./);
  });
});

describe('numbers and rules', () => {
  it('prints points and percentages as given', () => {
    expect(pointsText(1)).toBe('1 point');
    expect(pointsText(2.5)).toBe('2.5 points');
    expect(scoreText(16.667, 20)).toBe('16.667 / 20');
    expect(percentText(69.99)).toBe('69.99 %');
    expect(percentText(100)).toBe('100 %');
  });

  it('states the rules in sentences', () => {
    const rules: QuizRulesView = { passingScore: 70, maxAttempts: 3, timeLimitMinutes: 15, dueDate: '2026-03-12T14:05:00.000Z', feedbackMode: 'after_due', attemptPolicy: 'best' };
    expect(rulesText(rules, 9, formatDateTime)).toEqual([
      '9 questions per attempt.',
      'Pass mark: 70 %.',
      '3 attempts allowed; your best attempt counts.',
      'Time limit: 15 minutes from when you start; answers saved after that do not count.',
      'Closes 12 March 2026, 14:05 UTC.',
      'Your score is shown when you submit; correct answers and feedback after the due date.',
    ]);
    expect(rulesText({ ...rules, maxAttempts: 0, timeLimitMinutes: null, dueDate: null, attemptPolicy: 'average' }, 1, formatDateTime).slice(0, 4)).toEqual([
      '1 question per attempt.',
      'Pass mark: 70 %.',
      'Unlimited attempts; the average of your attempts counts.',
      'No time limit.',
    ]);
  });

  it('states the grade', () => {
    expect(gradeText({ status: 'not-attempted' })).toBe('Not attempted yet');
    expect(gradeText({ status: 'graded', policy: 'best', percent: 72.22, passed: true, countedAttempts: [1], provisional: false, basis: '' })).toBe('72.22 % · passed');
    expect(gradeText({ status: 'pending-review', policy: 'last', basis: '' })).toMatch(/Waiting for your instructor/);
  });
});

describe('refusalText', () => {
  it('puts a known refusal in words, then the server detail', () => {
    expect(refusalText({ status: 403, message: 'all 2 attempt(s) allowed for this quiz have been used', details: { code: 'max-attempts-reached' } })).toBe(
      'You have used every attempt this quiz allows. All 2 attempt(s) allowed for this quiz have been used.',
    );
    expect(refusalText({ status: 409, message: '', details: { code: 'deadline-passed' } })).toMatch(/^Time is up for this attempt/);
  });

  it('names a bad input and keeps unknown errors readable', () => {
    expect(refusalText({ status: 400, message: 'answer.value: expected a number', details: { field: 'answer.value' } })).toBe(
      'That answer could not be saved. Answer.value: expected a number.',
    );
    expect(refusalText({ status: 500, message: '' })).toBe('The request failed (500).');
    expect(refusalText({ status: 503, message: 'The course service is not answering right now.' })).toBe('The course service is not answering right now.');
  });

  it('retries only what may pass later', () => {
    expect([0, 408, 429, 500, 503].every(isRetryable)).toBe(true);
    expect([400, 401, 403, 404, 409, 413].some(isRetryable)).toBe(false);
  });
});
