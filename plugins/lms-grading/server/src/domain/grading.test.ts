import { describe, expect, it } from 'vitest';
import { demoQuizQuestions, testRandom } from '../testing/demo-quiz';
import type { Answer } from './answers';
import { GradingError } from './errors';
import { applyManualGrade, countWords, gradeQuestion, matchVariant, normaliseForMatch, type QuestionGrade } from './grading';
import { parseQuestion, type Question } from './questions';

function q(component: Record<string, unknown>): { id: string; question: Question } {
  return { id: 'q1', question: parseQuestion(component) };
}

const demo = (type: string) => {
  const found = demoQuizQuestions.find((c) => c.__component === `question.${type}`);
  if (!found) throw new Error(type);
  return q(found as unknown as Record<string, unknown>);
};

function grade(gq: { id: string; question: Question }, answer: Answer | undefined): QuestionGrade {
  return gradeQuestion(gq, answer);
}

describe('single choice', () => {
  const sc = demo('single-choice');
  it('full points for the correct option, 0 for another, 0 unanswered', () => {
    expect(grade(sc, { type: 'single-choice', optionId: 'o1' })).toMatchObject({ points: 1000, maxPoints: 1000, status: 'graded', grader: { kind: 'auto' } });
    const wrong = grade(sc, { type: 'single-choice', optionId: 'o2' });
    expect(wrong.points).toBe(0);
    expect(wrong.parts.map((p) => [p.ref, p.outcome])).toEqual([
      ['o2', 'incorrect'],
      ['o1', 'missed'],
    ]);
    expect(grade(sc, { type: 'single-choice', optionId: null }).parts[0]?.outcome).toBe('unanswered');
    expect(grade(sc, undefined).points).toBe(0);
  });
  it('refuses an option id that is not in the question', () => {
    expect(() => grade(sc, { type: 'single-choice', optionId: 'zz' })).toThrow(GradingError);
  });
});

describe('multiple choice', () => {
  // 4 correct (o1–o4), 2 wrong (o5, o6), 3 points: +1/4 per right pick, −1/2 per wrong pick.
  const mc = demo('multiple-choice');
  const pick = (...ids: string[]): Answer => ({ type: 'multiple-choice', optionIds: ids });

  it('partial credit: each right pick adds 1/C of the points', () => {
    expect(grade(mc, pick('o1', 'o2', 'o3', 'o4')).points).toBe(3000);
    expect(grade(mc, pick('o1', 'o2', 'o3')).points).toBe(2250);
    expect(grade(mc, pick('o1')).points).toBe(750);
  });

  it('each wrong pick subtracts 1/W, never below 0', () => {
    expect(grade(mc, pick('o1', 'o2', 'o3', 'o4', 'o5')).points).toBe(1500); // 1 − 1/2
    expect(grade(mc, pick('o1', 'o2', 'o3', 'o5')).points).toBe(750); // 3/4 − 1/2
    expect(grade(mc, pick('o1', 'o5')).points).toBe(0); // 1/4 − 1/2 < 0 → 0
    expect(grade(mc, pick('o5', 'o6')).points).toBe(0);
    // Picking everything earns nothing: 4/4 − 2/2.
    const all = grade(mc, pick('o1', 'o2', 'o3', 'o4', 'o5', 'o6'));
    expect(all.points).toBe(0);
    expect(all.share).toEqual({ num: 0, den: 1 });
  });

  it('explains each option and the arithmetic', () => {
    const g = grade(mc, pick('o1', 'o2', 'o5'));
    expect(g.parts.map((p) => p.outcome)).toEqual(['correct', 'correct', 'missed', 'missed', 'wrong-pick', 'not-picked']);
    expect(g.parts.map((p) => `${p.share.num}/${p.share.den}`)).toEqual(['1/4', '1/4', '0/1', '0/1', '-1/2', '0/1']);
    expect(g.points).toBe(0);
    expect(g.summary).toBe('2 of 4 correct option(s) picked, 1 wrong pick(s): +1/4 +1/4 −1/2 = 0: 0 of 3 = 0 point(s)');
    const negative = grade(mc, pick('o1', 'o5'));
    expect(negative.summary).toBe('1 of 4 correct option(s) picked, 1 wrong pick(s): +1/4 −1/2 = −1/4: 0 of 3 = 0 point(s) (never below 0)');
    const h = grade(mc, pick('o1', 'o2', 'o3'));
    expect(h.summary).toBe('3 of 4 correct option(s) picked, 0 wrong pick(s): +1/4 +1/4 +1/4 = 3/4: 3/4 of 3 = 2.25 point(s)');
  });

  it('rounds the exact total once: 1 point with 3 correct options', () => {
    const three = q({
      __component: 'question.multiple-choice',
      prompt: 'p',
      points: 1,
      partialCredit: true,
      options: [
        { text: 'a', correct: true },
        { text: 'b', correct: true },
        { text: 'c', correct: true },
        { text: 'd', correct: false },
      ],
    });
    expect(grade(three, pick('o1')).points).toBe(333);
    expect(grade(three, pick('o1', 'o2')).points).toBe(667);
    expect(grade(three, pick('o1', 'o2', 'o3')).points).toBe(1000); // not 999
    expect(grade(three, pick('o1', 'o2', 'o3', 'o4')).points).toBe(0); // 1 − 1/1
    expect(grade(three, pick('o1', 'o2', 'o4')).points).toBe(0); // 2/3 − 1 < 0
  });

  it('with every option correct there is nothing to subtract', () => {
    const allRight = q({ __component: 'question.multiple-choice', prompt: 'p', points: 2, options: [{ text: 'a', correct: true }, { text: 'b', correct: true }] });
    expect(grade(allRight, pick('o1')).points).toBe(1000);
    expect(grade(allRight, pick('o1', 'o2')).points).toBe(2000);
  });

  it('all or nothing when partial credit is off', () => {
    const strict = q({ ...(demoQuizQuestions[1] as unknown as Record<string, unknown>), partialCredit: false });
    expect(grade(strict, pick('o1', 'o2', 'o3', 'o4')).points).toBe(3000);
    const almost = grade(strict, pick('o1', 'o2', 'o3'));
    expect(almost.points).toBe(0);
    expect(almost.parts.every((p) => p.share.num === 0)).toBe(true);
    expect(almost.rule).toMatch(/all or nothing/);
    expect(grade(strict, pick('o1', 'o2', 'o3', 'o4', 'o5')).points).toBe(0);
  });

  it('no picks is unanswered', () => {
    expect(grade(mc, pick()).parts[0]?.outcome).toBe('unanswered');
  });
});

describe('true / false', () => {
  const tf = demo('true-false'); // the statement is false
  it('grades the value', () => {
    expect(grade(tf, { type: 'true-false', value: false }).points).toBe(1000);
    expect(grade(tf, { type: 'true-false', value: true }).points).toBe(0);
    expect(grade(tf, { type: 'true-false', value: null }).parts[0]?.outcome).toBe('unanswered');
  });
});

describe('short answer', () => {
  const sa = demo('short-answer'); // type | the type keyword | type keyword; case-insensitive, whitespace ignored
  const answer = (text: string): Answer => ({ type: 'short-answer', text });

  it('accepts every variant, ignoring case and whitespace as configured', () => {
    for (const text of ['type', 'TYPE', ' Type ', 'the type keyword', 'The  Type\tKeyword', 'typekeyword', 't y p e']) {
      expect(grade(sa, answer(text)).points, text).toBe(1000);
    }
    for (const text of ['interface', 'types', 'type alias', '']) {
      expect(grade(sa, answer(text)).points, text).toBe(0);
    }
    expect(grade(sa, answer('   ')).parts[0]?.outcome).toBe('unanswered');
  });

  it('says which variant matched', () => {
    expect(grade(sa, answer('The Type Keyword')).parts[0]?.detail).toBe('"The Type Keyword" matches accepted answer "the type keyword"');
  });

  it('case-sensitive and whitespace-sensitive when configured', () => {
    const strict = q({ __component: 'question.short-answer', prompt: 'p', points: 1, acceptedAnswers: [{ text: 'New York' }], caseSensitive: true, ignoreWhitespace: false });
    expect(grade(strict, answer('New York')).points).toBe(1000);
    expect(grade(strict, answer('  New York  ')).points).toBe(1000); // the ends are always trimmed
    expect(grade(strict, answer('new york')).points).toBe(0);
    expect(grade(strict, answer('New  York')).points).toBe(0);
    expect(grade(strict, answer('NewYork')).points).toBe(0);
  });

  it('compares Unicode text fairly: composed/decomposed accents, ß, final sigma; accents still matter', () => {
    const rule = { caseSensitive: false, whitespace: 'trim' } as const;
    expect(matchVariant('Ångström', ['a\u030angstro\u0308m'], rule)).toBe(0);
    expect(matchVariant('STRASSE', ['Straße'], rule)).toBe(0);
    expect(matchVariant('ΟΔΟΣ', ['οδος'], rule)).toBe(0);
    expect(matchVariant('οδός', ['ΟΔΌΣ'], rule)).toBe(0);
    expect(matchVariant('resume', ['résumé'], rule)).toBe(-1);
    expect(matchVariant('Дмитрий', ['дмитрий'], rule)).toBe(0);
    expect(normaliseForMatch('\u00a0a\u2003 b ', { caseSensitive: true, whitespace: 'collapse' })).toBe('a b');
  });
});

describe('numeric', () => {
  const nu = demo('numeric'); // 1.67 ± 0.005, 2 points
  const answer = (value: string): Answer => ({ type: 'numeric', value });

  it('accepts value ± tolerance, both ends included, compared exactly', () => {
    for (const v of ['1.67', '1.665', '1.675', '1,67', ' 1.6700 ', '1.6666', '167e-2']) expect(grade(nu, answer(v)).points, v).toBe(2000);
    for (const v of ['1.664', '1.6649999', '1.675001', '1.68', '-1.67', '167']) expect(grade(nu, answer(v)).points, v).toBe(0);
  });

  it('explains the range and the verdict', () => {
    const g = grade(nu, answer('1.665'));
    expect(g.rule).toBe('full points for 1.67 ± 0.005 (1.665 to 1.675, ends included); compared as exact decimals');
    expect(g.parts[0]?.detail).toBe('1.665 is within 1.67 ± 0.005 (1.665 to 1.675, ends included)');
  });

  it('is robust where floating point is not (0.7 ± 0.1 includes 0.8; 4.35 ± 0.05 includes 4.4)', () => {
    expect(0.8 <= 0.7 + 0.1).toBe(false); // what a float comparison would get wrong
    const tricky = q({ __component: 'question.numeric', prompt: 'p', points: 1, value: 0.7, tolerance: 0.1 });
    expect(grade(tricky, answer('0.8')).points).toBe(1000);
    expect(grade(tricky, answer('0.6')).points).toBe(1000);
    expect(grade(tricky, answer('0.5999999999999999')).points).toBe(0);
    expect(grade(tricky, answer('0.8000000000000001')).points).toBe(0);
    const other = q({ __component: 'question.numeric', prompt: 'p', points: 1, value: 4.35, tolerance: 0.05 });
    expect(grade(other, answer('4.4')).points).toBe(1000);
    expect(grade(other, answer('4.3')).points).toBe(1000);
  });

  it('exact value when the tolerance is 0 or missing', () => {
    const exact = q({ __component: 'question.numeric', prompt: 'p', points: 1, value: '42' });
    expect(grade(exact, answer('42.000')).points).toBe(1000);
    expect(grade(exact, answer('42.001')).points).toBe(0);
    expect(grade(exact, answer('42')).rule).toContain('exactly 42');
  });

  it('text that is not a number earns 0 with the reason; blank is unanswered', () => {
    const g = grade(nu, answer('one point six seven'));
    expect(g.points).toBe(0);
    expect(g.parts[0]?.detail).toContain('is not a number');
    expect(grade(nu, answer('1,000.5')).parts[0]?.detail).toContain('is not a number');
    expect(grade(nu, answer('  ')).parts[0]?.outcome).toBe('unanswered');
  });
});

describe('ordering', () => {
  const or = demo('ordering'); // 4 items, 2 points
  const order = (...ids: string[]): Answer => ({ type: 'ordering', itemIds: ids });

  it('partial credit per item in its correct position', () => {
    expect(grade(or, order('i1', 'i2', 'i3', 'i4')).points).toBe(2000);
    expect(grade(or, order('i1', 'i2', 'i4', 'i3')).points).toBe(1000);
    expect(grade(or, order('i2', 'i1', 'i3', 'i4')).points).toBe(1000);
    expect(grade(or, order('i4', 'i3', 'i2', 'i1')).points).toBe(0);
    expect(grade(or, order('i4', 'i1', 'i2', 'i3')).points).toBe(0); // every item one place off
    expect(grade(or, order('i1', 'i3', 'i2', 'i4')).points).toBe(1000);
  });

  it('explains each position', () => {
    const g = grade(or, order('i1', 'i2', 'i4', 'i3'));
    expect(g.parts.map((p) => p.outcome)).toEqual(['correct', 'correct', 'incorrect', 'incorrect']);
    expect(g.parts[2]?.detail).toBe('"Node.js runs dist/index.js" is here; "tsc writes JavaScript to dist/" belongs here');
    expect(g.summary).toBe('2 of 4 item(s) in their correct position: 1/2 of 2 = 1 point(s)');
  });

  it('all or nothing when configured', () => {
    const strict = q({ ...(demoQuizQuestions[5] as unknown as Record<string, unknown>), partialCredit: false });
    expect(grade(strict, order('i1', 'i2', 'i4', 'i3')).points).toBe(0);
    expect(grade(strict, order('i1', 'i2', 'i3', 'i4')).points).toBe(2000);
  });

  it('items with the same text are interchangeable', () => {
    const dup = q({ __component: 'question.ordering', prompt: 'p', points: 3, items: [{ text: 'x' }, { text: 'y' }, { text: 'x' }] });
    expect(grade(dup, order('i3', 'i2', 'i1')).points).toBe(3000);
  });

  it('three items, one right: 1/3 of 1 point rounds to 0.333', () => {
    const three = q({ __component: 'question.ordering', prompt: 'p', points: 1, items: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] });
    expect(grade(three, order('i1', 'i3', 'i2')).points).toBe(333);
    expect(grade(three, order('i1', 'i2', 'i3')).points).toBe(1000);
  });
});

describe('matching', () => {
  const ma = demo('matching'); // 5 pairs, 3 points
  const match = (pairs: Record<string, string | null>): Answer => ({ type: 'matching', matches: pairs });
  const all = { l1: 'r1', l2: 'r2', l3: 'r3', l4: 'r4', l5: 'r5' };

  it('partial credit per correct pair', () => {
    expect(grade(ma, match(all)).points).toBe(3000);
    expect(grade(ma, match({ ...all, l1: 'r2', l2: 'r1' })).points).toBe(1800); // 3/5 of 3
    expect(grade(ma, match({ l1: 'r1' })).points).toBe(600);
    expect(grade(ma, match({ l1: 'r1', l2: null })).points).toBe(600);
    expect(grade(ma, match({ l1: 'r2', l2: 'r3', l3: 'r4', l4: 'r5', l5: 'r1' })).points).toBe(0);
  });

  it('explains each left item', () => {
    const g = grade(ma, match({ l1: 'r1', l2: 'r3' }));
    expect(g.parts.map((p) => p.outcome)).toEqual(['correct', 'incorrect', 'unanswered', 'unanswered', 'unanswered']);
    expect(g.parts[1]?.detail).toBe('matched with "Only the properties of T named in K"; the match is "T with every property required"');
  });

  it('unanswered when nothing is matched', () => {
    expect(grade(ma, match({})).parts[0]?.outcome).toBe('unanswered');
    expect(grade(ma, match({ l1: null })).parts[0]?.outcome).toBe('unanswered');
  });

  it('all or nothing when configured; equal right-hand texts are interchangeable', () => {
    const strict = q({ ...(demoQuizQuestions[6] as unknown as Record<string, unknown>), partialCredit: false });
    expect(grade(strict, match({ ...all, l5: 'r4' })).points).toBe(0);
    expect(grade(strict, match(all)).points).toBe(3000);
    const dup = q({ __component: 'question.matching', prompt: 'p', points: 1, pairs: [{ left: 'cat', right: 'animal' }, { left: 'dog', right: 'animal' }] });
    expect(grade(dup, match({ l1: 'r2', l2: 'r1' })).points).toBe(1000);
  });
});

describe('fill in the blanks', () => {
  const fb = demo('fill-blanks'); // typeof, instanceof; 2 points
  const fill = (...blanks: string[]): Answer => ({ type: 'fill-blanks', blanks });

  it('credit per blank', () => {
    expect(grade(fb, fill('typeof', 'instanceof')).points).toBe(2000);
    expect(grade(fb, fill('TypeOf', ' instanceof ')).points).toBe(2000);
    expect(grade(fb, fill('typeof', 'in')).points).toBe(1000);
    expect(grade(fb, fill('', 'instanceof')).points).toBe(1000);
    expect(grade(fb, fill('', '')).parts[0]?.outcome).toBe('unanswered');
  });

  it('accepts "|" variants, honours per-blank case sensitivity, collapses spacing', () => {
    const multi = q({
      __component: 'question.fill-blanks',
      prompt: 'p',
      points: 1,
      text: 'The capital of {{1}} is {{2}}; {{3}}.',
      blanks: [
        { acceptedAnswers: 'South Africa| RSA |', caseSensitive: false },
        { acceptedAnswers: 'Pretoria|Tshwane', caseSensitive: true },
        { acceptedAnswers: 'x', caseSensitive: false },
      ],
    });
    expect(grade(multi, fill('south   africa', 'Tshwane', 'X')).points).toBe(1000);
    expect(grade(multi, fill('rsa', 'pretoria', 'x')).points).toBe(667); // 2/3, rounded half-up
    const one = grade(multi, fill('rsa', 'pretoria', 'y'));
    expect(one.points).toBe(333);
    expect(one.parts[1]?.detail).toBe('"pretoria" is not accepted; accepted: "Pretoria", "Tshwane" (case-sensitive, spacing ignored)');
    expect(grade(multi, fill('southafrica', 'Pretoria', 'x')).points).toBe(667);
  });
});

describe('essay', () => {
  const es = demo('essay');
  it('goes to manual grading, with the word count against the limits', () => {
    const g = grade(es, { type: 'essay', text: 'Too short to pass the minimum.' });
    expect(g).toMatchObject({ status: 'pending-review', points: null, share: null, maxPoints: 5000 });
    expect(g.parts[0]?.detail).toBe('6 word(s), below the minimum of 80; waiting for an instructor');
  });

  it('an empty essay is graded 0 at once', () => {
    expect(grade(es, { type: 'essay', text: '  ' })).toMatchObject({ status: 'graded', points: 0 });
    expect(grade(es, undefined)).toMatchObject({ status: 'graded', points: 0 });
  });

  it('an instructor grades it; the grade is validated and explained', () => {
    const pending = grade(es, { type: 'essay', text: 'word '.repeat(100) });
    const graded = applyManualGrade(pending, { points: '3.5', grader: { kind: 'instructor', id: '7', name: 'Thandi Nkosi' }, comment: 'Good example.' });
    expect(graded).toMatchObject({ status: 'graded', points: 3500, grader: { kind: 'instructor', id: '7' }, comment: 'Good example.' });
    expect(graded.summary).toBe('3.5 of 5 point(s) given by instructor Thandi Nkosi (7)');
    expect(() => applyManualGrade(pending, { points: 6, grader: { kind: 'instructor', id: '7' } })).toThrow(/cannot exceed the question's 5 point/);
    expect(() => applyManualGrade(pending, { points: -1, grader: { kind: 'instructor', id: '7' } })).toThrow(/negative/);
    expect(() => applyManualGrade(pending, { points: '1.2345', grader: { kind: 'instructor', id: '7' } })).toThrow(/three decimals/);
  });

  it('an override of an automatic grade keeps the record of what it was', () => {
    const auto = grade(demo('true-false'), { type: 'true-false', value: true });
    const overridden = applyManualGrade(auto, { points: 1, grader: { kind: 'instructor', id: '9' }, comment: 'The statement was ambiguous.' });
    expect(overridden.points).toBe(1000);
    expect(overridden.summary).toContain('(automatic grade was 0)');
    expect(overridden.parts).toEqual(auto.parts);
  });

  it('counts words as people do', () => {
    expect(countWords("It's a well-known fact — don't panic!")).toBe(6);
    expect(countWords('Дмитрий Шостакович пишет')).toBe(3);
    expect(countWords('  ')).toBe(0);
  });
});

it('an answer of another type is refused', () => {
  expect(() => gradeQuestion(demo('true-false'), { type: 'short-answer', text: 'x' })).toThrow(/cannot answer a true-false question/);
});

// ─── property tests: 0 ≤ points ≤ max, for every type, on many random answers ──────────────

describe('property: every score lies within [0, max]', () => {
  const rand = testRandom(20260101);
  const int = (n: number) => Math.floor(rand() * n);
  const pickSome = <T>(xs: readonly T[]) => xs.filter(() => rand() < 0.5);
  const shuffled = <T>(xs: readonly T[]) => {
    const out = xs.slice();
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const words = ['type', 'TYPE', '1.67', '1,665', 'typeof', 'x', '', ' ', 'instanceof', 'Ω', '-0', '1e2'];
  const points = () => [0, 0.001, 0.333, 1, 2.5, 3, 7, 10.125, 999.999][int(9)] as number;

  function randomQuestion(): Question {
    const n = 2 + int(6);
    const texts = Array.from({ length: n }, (_, i) => (rand() < 0.2 ? 'same' : `t${i}`));
    switch (int(9)) {
      case 0: {
        const right = int(n);
        return parseQuestion({ __component: 'question.single-choice', prompt: 'p', points: points(), options: texts.map((text, i) => ({ text, correct: i === right })) });
      }
      case 1: {
        const correct = texts.map(() => rand() < 0.5);
        correct[int(n)] = true;
        return parseQuestion({ __component: 'question.multiple-choice', prompt: 'p', points: points(), partialCredit: rand() < 0.7, options: texts.map((text, i) => ({ text, correct: correct[i] })) });
      }
      case 2:
        return parseQuestion({ __component: 'question.true-false', prompt: 'p', points: points(), correctAnswer: rand() < 0.5 });
      case 3:
        return parseQuestion({
          __component: 'question.short-answer',
          prompt: 'p',
          points: points(),
          acceptedAnswers: [{ text: 'type' }, { text: 'x' }],
          caseSensitive: rand() < 0.5,
          ignoreWhitespace: rand() < 0.5,
        });
      case 4:
        return parseQuestion({ __component: 'question.numeric', prompt: 'p', points: points(), value: [1.67, 0, -3, 100][int(4)], tolerance: [0, 0.005, 1][int(3)] });
      case 5:
        return parseQuestion({ __component: 'question.ordering', prompt: 'p', points: points(), partialCredit: rand() < 0.7, items: texts.map((text) => ({ text })) });
      case 6:
        return parseQuestion({ __component: 'question.matching', prompt: 'p', points: points(), partialCredit: rand() < 0.7, pairs: texts.map((t, i) => ({ left: `l${i}`, right: t })) });
      case 7: {
        const text = Array.from({ length: n }, (_, i) => `w {{${i + 1}}}`).join(' ');
        return parseQuestion({ __component: 'question.fill-blanks', prompt: 'p', points: points(), text, blanks: texts.map(() => ({ acceptedAnswers: 'typeof|x', caseSensitive: rand() < 0.5 })) });
      }
      default:
        return parseQuestion({ __component: 'question.essay', prompt: 'p', points: points() });
    }
  }

  function randomAnswer(question: Question): Answer | undefined {
    if (rand() < 0.1) return undefined;
    const word = () => words[int(words.length)] as string;
    switch (question.type) {
      case 'single-choice':
        return { type: 'single-choice', optionId: rand() < 0.1 ? null : (question.options[int(question.options.length)]?.id as string) };
      case 'multiple-choice':
        return { type: 'multiple-choice', optionIds: pickSome(question.options.map((o) => o.id)) };
      case 'true-false':
        return { type: 'true-false', value: rand() < 0.1 ? null : rand() < 0.5 };
      case 'short-answer':
        return { type: 'short-answer', text: word() };
      case 'numeric':
        return { type: 'numeric', value: rand() < 0.5 ? word() : String((rand() - 0.5) * 10) };
      case 'ordering':
        return { type: 'ordering', itemIds: shuffled(question.items.map((i) => i.id)) };
      case 'matching':
        return {
          type: 'matching',
          matches: Object.fromEntries(question.pairs.map((p) => [p.leftId, rand() < 0.2 ? null : (question.pairs[int(question.pairs.length)]?.rightId as string)])),
        };
      case 'fill-blanks':
        return { type: 'fill-blanks', blanks: question.blanks.map(word) };
      case 'essay':
        return { type: 'essay', text: rand() < 0.3 ? '' : 'some words here' };
    }
  }

  it('holds for 20,000 random questions and answers, and points = round(share × max)', () => {
    const seenTypes = new Set<string>();
    const violations: string[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const question = randomQuestion();
      seenTypes.add(question.type);
      const answer = randomAnswer(question);
      const g = gradeQuestion({ id: 'q', question }, answer);
      const fail = (why: string) => violations.push(`${why}: ${JSON.stringify({ question, answer, points: g.points, share: g.share })}`);
      if (g.maxPoints !== question.points) fail('max differs from the question');
      if (g.status === 'pending-review') {
        if (g.points !== null || question.type !== 'essay') fail('pending with points or not an essay');
        continue;
      }
      const p = g.points as number;
      if (!Number.isSafeInteger(p) || p < 0 || p > g.maxPoints) fail('points outside [0, max]');
      // The share explains the points exactly.
      const share = g.share as { num: number; den: number };
      if (share.num < 0 || share.num > share.den) fail('share outside [0, 1]');
      if (Math.abs(p - (g.maxPoints * share.num) / share.den) > 0.5) fail('points are not the rounded share');
      if (share.num === share.den && p !== g.maxPoints) fail('full share without full points');
    }
    expect(violations.slice(0, 3)).toEqual([]);
    expect(seenTypes.size).toBe(9);
  });
});
