import { describe, expect, it } from 'vitest';
import { demoQuizQuestions, TEST_SEED } from '../testing/demo-quiz';
import type { Answer } from './answers';
import { buildAttempt, gradeAttempt } from './attempt';
import { analyseItems, createItemAnalysis, itemFlags, itemResponsesOf, pearson, questionFingerprint, wrongChoicesOf, type ItemResponse } from './item-analysis';
import { parseQuizQuestions } from './questions';

/** A right/wrong question worth 1 point, scored 0 or 1. */
const rw = (q: string, right: 0 | 1, extra: Partial<ItemResponse> = {}): ItemResponse => ({
  questionId: q,
  position: Number(q.slice(1)),
  type: 'true-false',
  prompt: `question ${q}`,
  points: right * 1000,
  maxPoints: 1000,
  wrongChoices: [],
  ...extra,
});

/**
 * Four learners, three right/wrong questions (rows = learners):
 *        q1 q2 q3
 *   L1    1  1  1
 *   L2    1  1  0
 *   L3    1  0  0
 *   L4    0  0  1
 * Worked by hand (x = the question, y = the mean of the other two):
 * q1: facility 3/4; x = 1,1,1,0; y = 1, .5, 0, .5; Σdxdy = .125 + 0 − .125 + 0 = 0 → r = 0.
 * q2: facility 2/4; x = 1,1,0,0; y = 1, .5, .5, .5 (mean .625); Σdxdy = .25, Σdx² = 1,
 *     Σdy² = .1875 → r = .25 / √.1875 = 1/√3 = 0.57735.
 * q3: facility 2/4; x = 1,0,0,1; y = 1, 1, .5, 0 (mean .625); Σdxdy = −.25, Σdy² = .6875
 *     → r = −.25 / √.6875 = −0.30151.
 */
const table = [
  [1, 1, 1],
  [1, 1, 0],
  [1, 0, 0],
  [0, 0, 1],
] as const;
const attempts = table.map((row) => row.map((v, i) => rw(`q${i + 1}`, v as 0 | 1)));

describe('analyseItems on a dataset worked by hand', () => {
  const stats = analyseItems(attempts);
  const by = (id: string) => stats.find((s) => s.questionId === id);

  it('facility is the mean score share', () => {
    expect(stats.map((s) => [s.questionId, s.n, s.facility])).toEqual([
      ['q1', 4, 0.75],
      ['q2', 4, 0.5],
      ['q3', 4, 0.5],
    ]);
  });

  it('discrimination is the corrected item-total correlation', () => {
    expect(by('q1')?.discrimination).toBe(0);
    expect(by('q2')?.discrimination).toBe(0.5774);
    expect(by('q3')?.discrimination).toBe(-0.3015);
  });

  it('flags a negatively discriminating question and the small sample', () => {
    expect(by('q3')?.flags).toEqual([
      'only 4 attempt(s): treat these figures as rough',
      'negative discrimination: stronger learners do worse here; check the answer key and wording',
    ]);
    expect(by('q1')?.flags).toContain('weak discrimination: it hardly separates stronger from weaker learners');
    expect(by('q2')?.flags).toEqual(['only 4 attempt(s): treat these figures as rough']);
  });

  it('accumulating attempt by attempt gives the same result', () => {
    const analysis = createItemAnalysis();
    for (const a of attempts) analysis.add(a);
    expect(analysis.attempts).toBe(4);
    expect(analysis.result()).toEqual(stats);
  });
});

describe('partial credit and pools', () => {
  it('uses score shares, so questions and attempts with different maxima compare', () => {
    // q1 is worth 2 points; learner A scores 1 of 2 on it, B 2 of 2, C 0 of 2. q2 (1 point): A 1, B 1, C 0.
    // q1 shares: .5, 1, 0 → facility .5; rest (q2) shares: 1, 1, 0.
    // dx = 0, .5, −.5; dy = 1/3, 1/3, −2/3; Σdxdy = 0 + 1/6 + 1/3 = .5; Σdx² = .5; Σdy² = 2/3
    // r = .5 / √(1/3) = 0.86603.
    const two = (points: number) => rw('q1', 0, { points, maxPoints: 2000 });
    const [q1] = analyseItems([
      [two(1000), rw('q2', 1)],
      [two(2000), rw('q2', 1)],
      [two(0), rw('q2', 0)],
    ]);
    expect(q1?.facility).toBe(0.5);
    expect(q1?.discrimination).toBe(0.866);
  });

  it('counts only attempts that contained the question (drawn from a pool)', () => {
    const stats = analyseItems([[rw('q1', 1), rw('q2', 1)], [rw('q1', 0), rw('q3', 1)], [rw('q2', 0), rw('q3', 0)]]);
    expect(stats.map((s) => [s.questionId, s.n, s.facility])).toEqual([
      ['q1', 2, 0.5],
      ['q2', 2, 0.5],
      ['q3', 2, 0.5],
    ]);
    // Two observations per question: no discrimination figure.
    expect(stats.every((s) => s.discrimination === null)).toBe(true);
  });

  it('has no discrimination when nobody differs, or when the question is the whole quiz', () => {
    const allRight = analyseItems([0, 1, 2, 3].map(() => [rw('q1', 1), rw('q2', 1)]));
    expect(allRight[0]?.discrimination).toBeNull();
    expect(allRight[0]?.flags).toContain('very easy: nearly everyone gets it right');
    const alone = analyseItems([[rw('q1', 1)], [rw('q1', 0)], [rw('q1', 1)], [rw('q1', 0)]]);
    expect(alone[0]).toMatchObject({ n: 4, facility: 0.5, discrimination: null });
  });
});

describe('pearson', () => {
  it('is 1 and −1 for perfectly (anti)correlated series, null below three pairs', () => {
    expect(pearson([0, 1, 2], [2, 4, 6])).toBe(1);
    expect(pearson([0, 1, 2], [6, 4, 2])).toBe(-1);
    expect(pearson([0, 1], [0, 1])).toBeNull();
  });

  it('treats a series that is constant up to rounding as constant', () => {
    const third = 1 / 3;
    expect(pearson([third, third, third, third], [0, 1, 0, 1])).toBeNull();
  });
});

describe('most chosen wrong option', () => {
  it('counts wrong picks per option; ties go to the option authored first', () => {
    const choice = (index: number | null): ItemResponse =>
      rw('q1', index === null ? 1 : 0, { type: 'single-choice', wrongChoices: index === null ? [] : [{ index, text: `option ${index}` }] });
    const [q] = analyseItems([[choice(2)], [choice(3)], [choice(3)], [choice(2)], [choice(null)], [choice(1)]]);
    expect(q?.topWrongOption).toEqual({ index: 2, text: 'option 2', count: 2 });
  });

  it('is null when nobody picked a wrong option, and for questions without options', () => {
    expect(analyseItems([[rw('q1', 1, { type: 'single-choice' })]])[0]?.topWrongOption).toBeNull();
    expect(analyseItems([[rw('q1', 0, { type: 'numeric', wrongChoices: [{ index: 0, text: 'x' }] })]])[0]?.topWrongOption).toBeNull();
  });
});

describe('responses from a real attempt paper', () => {
  const pool = parseQuizQuestions(demoQuizQuestions);
  const paper = buildAttempt(pool, { shuffleQuestions: true, shuffleOptions: true, questionsPerAttempt: null }, TEST_SEED);
  const single = paper.questions.find((q) => q.question.type === 'single-choice');
  const multiple = paper.questions.find((q) => q.question.type === 'multiple-choice');
  const trueFalse = paper.questions.find((q) => q.question.type === 'true-false');

  it('names the wrong options picked by their authored position and text', () => {
    if (single?.question.type !== 'single-choice' || multiple?.question.type !== 'multiple-choice' || trueFalse?.question.type !== 'true-false') throw new Error('demo quiz changed');
    const wrongSingle = single.question.options[2];
    expect(wrongChoicesOf(single.question, { type: 'single-choice', optionId: wrongSingle?.id ?? null })).toEqual([{ index: 2, text: 'They are kept as comments in the output' }]);
    expect(wrongChoicesOf(single.question, { type: 'single-choice', optionId: single.question.options[0]?.id ?? null })).toEqual([]);
    const picks = multiple.question.options.filter((o) => o.text === 'string' || o.text === 'Date' || o.text === 'string[]').map((o) => o.id);
    expect(wrongChoicesOf(multiple.question, { type: 'multiple-choice', optionIds: picks })).toEqual([
      { index: 4, text: 'Date' },
      { index: 5, text: 'string[]' },
    ]);
    expect(wrongChoicesOf(trueFalse.question, { type: 'true-false', value: true })).toEqual([{ index: 0, text: 'True' }]);
    expect(wrongChoicesOf(trueFalse.question, { type: 'true-false', value: null })).toEqual([]);
  });

  it('keys questions the same in every attempt, whatever the seed and shuffle', () => {
    const other = buildAttempt(pool, { shuffleQuestions: true, shuffleOptions: true, questionsPerAttempt: null }, 'e'.repeat(32));
    const keys = (p: typeof paper) => new Map(p.questions.map((q) => [q.sourceIndex, questionFingerprint(q.question)]));
    expect(keys(other)).toEqual(keys(paper));
    expect(new Set(keys(paper).values()).size).toBe(pool.length);
    const reworded = { ...single!.question, prompt: `${single!.question.prompt} (reworded)` };
    expect(questionFingerprint(reworded)).not.toBe(questionFingerprint(single!.question));
  });

  it('takes points from the grades and maxima from the paper', () => {
    const answers: Record<string, Answer> = {};
    if (single?.question.type === 'single-choice') answers[single.id] = { type: 'single-choice', optionId: single.question.options[1]?.id ?? null };
    const result = gradeAttempt(paper, answers, 50);
    const graded = new Map(paper.questions.map((q, i) => [q.id, { answer: answers[q.id] ?? null, points: result.grades[i]?.points ?? null }]));
    const responses = itemResponsesOf(paper, graded);
    expect(responses).toHaveLength(paper.questions.length);
    const first = responses.find((r) => r.type === 'single-choice');
    expect(first).toMatchObject({ position: 1, points: 0, maxPoints: 1000, wrongChoices: [{ index: 1, text: 'They become run-time checks that throw on bad input' }] });
    expect(responses.reduce((s, r) => s + r.maxPoints, 0)).toBe(paper.maxPoints);
  });
});

describe('itemFlags', () => {
  it('says nothing about a healthy question with enough attempts', () => {
    expect(itemFlags({ n: 40, facility: 0.6, discrimination: 0.45 })).toEqual([]);
    expect(itemFlags({ n: 40, facility: 0.1, discrimination: null })).toEqual(['very hard: few get it right']);
  });
});
