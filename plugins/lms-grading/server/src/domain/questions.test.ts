import { describe, expect, it } from 'vitest';
import { demoQuizQuestions } from '../testing/demo-quiz';
import { GradingError } from './errors';
import { parseQuestion, parseQuizQuestions, QUESTION_TYPES, splitVariants } from './questions';

function errorOf(fn: () => unknown): GradingError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GradingError) return e;
    throw e;
  }
  throw new Error('expected a GradingError');
}

describe('parseQuizQuestions on the demo quiz', () => {
  const pool = parseQuizQuestions(demoQuizQuestions);

  it('reads one question of every type, with positions and component ids', () => {
    expect(pool.map((a) => a.question.type)).toEqual([...QUESTION_TYPES]);
    expect(pool.map((a) => a.sourceIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(pool[0]?.sourceId).toBe(11);
  });

  it('reads points as millipoints and decimals exactly', () => {
    expect(pool.map((a) => a.question.points)).toEqual([1000, 3000, 1000, 1000, 2000, 2000, 3000, 2000, 5000]);
    expect(pool[4]?.question).toMatchObject({ type: 'numeric', value: '1.67', tolerance: '0.005' });
  });

  it('reads fill-blank variants and the content model defaults', () => {
    expect(pool[7]?.question).toMatchObject({ blanks: [{ acceptedAnswers: ['typeof'], caseSensitive: false }, { acceptedAnswers: ['instanceof'], caseSensitive: false }] });
    // Ordering and matching have no partialCredit field in the content model: credit per position/pair.
    expect(pool[5]?.question).toMatchObject({ partialCredit: true });
    expect(pool[6]?.question).toMatchObject({ partialCredit: true });
    expect(pool[3]?.question).toMatchObject({ acceptedAnswers: ['type', 'the type keyword', 'type keyword'], caseSensitive: false, ignoreWhitespace: true });
  });

  it('applies the content type defaults to missing optional fields', () => {
    expect(parseQuestion({ __component: 'question.true-false', prompt: 'p' })).toMatchObject({ points: 1000, correctAnswer: true, feedback: null });
    expect(parseQuestion({ __component: 'question.short-answer', prompt: 'p', acceptedAnswers: [{ text: 'a' }] })).toMatchObject({ caseSensitive: false, ignoreWhitespace: true });
    expect(parseQuestion({ __component: 'question.numeric', prompt: 'p', value: '3' })).toMatchObject({ tolerance: '0' });
  });
});

describe('authoring mistakes are reported with the field', () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['unknown component', { __component: 'question.poll', prompt: 'p' }, 'q.__component', /unknown question component "question.poll"/],
    ['no prompt', { __component: 'question.true-false', prompt: ' ' }, 'q.prompt', /required/],
    ['negative points', { __component: 'question.true-false', prompt: 'p', points: -2 }, 'q.points', /negative/],
    [
      'single choice with two correct options',
      { __component: 'question.single-choice', prompt: 'p', options: [{ text: 'a', correct: true }, { text: 'b', correct: true }] },
      'q.options',
      /exactly one correct option; has 2/,
    ],
    ['single choice with one option', { __component: 'question.single-choice', prompt: 'p', options: [{ text: 'a', correct: true }] }, 'q.options', /at least 2/],
    [
      'multiple choice with no correct option',
      { __component: 'question.multiple-choice', prompt: 'p', options: [{ text: 'a' }, { text: 'b' }] },
      'q.options',
      /at least one correct option/,
    ],
    ['option without text', { __component: 'question.multiple-choice', prompt: 'p', options: [{ text: 'a', correct: true }, {}] }, 'q.options[1].text', /required/],
    ['numeric without value', { __component: 'question.numeric', prompt: 'p' }, 'q.value', /must be a number/],
    ['numeric with a negative tolerance', { __component: 'question.numeric', prompt: 'p', value: 1, tolerance: -0.5 }, 'q.tolerance', /negative/],
    ['numeric value as words', { __component: 'question.numeric', prompt: 'p', value: 'ten' }, 'q.value', /decimal number/],
    [
      'fill-blanks marker missing',
      { __component: 'question.fill-blanks', prompt: 'p', text: 'a {{1}} b', blanks: [{ acceptedAnswers: 'x' }, { acceptedAnswers: 'y' }] },
      'q.text',
      /each of its 2 blank\(s\) exactly once as \{\{1\}\} … \{\{2\}\}; found \{\{1\}\}/,
    ],
    [
      'fill-blanks marker twice',
      { __component: 'question.fill-blanks', prompt: 'p', text: '{{1}} {{1}}', blanks: [{ acceptedAnswers: 'x' }] },
      'q.text',
      /exactly once/,
    ],
    ['fill-blanks with only pipes', { __component: 'question.fill-blanks', prompt: 'p', text: '{{1}}', blanks: [{ acceptedAnswers: ' | ' }] }, 'q.blanks[0].acceptedAnswers', /non-empty variant/],
    ['essay limits crossed', { __component: 'question.essay', prompt: 'p', minWords: 300, maxWords: 80 }, 'q.minWords', /above maxWords/],
    ['partialCredit not a boolean', { __component: 'question.ordering', prompt: 'p', partialCredit: 'yes', items: [{ text: 'a' }, { text: 'b' }] }, 'q.partialCredit', /true or false/],
  ];
  for (const [name, component, field, message] of cases) {
    it(name, () => {
      const error = errorOf(() => parseQuestion(component, 'q'));
      expect(error.code).toMatch(/^invalid-(question|points)$/);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    });
  }

  it('names the index of the question in the quiz', () => {
    const error = errorOf(() => parseQuizQuestions([demoQuizQuestions[0], { __component: 'question.true-false' }]));
    expect(error.field).toBe('questions[1].prompt');
  });
});

it('splitVariants trims and drops empty variants', () => {
  expect(splitVariants(' a | b||c |')).toEqual(['a', 'b', 'c']);
});
