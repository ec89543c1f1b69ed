import { describe, expect, it } from 'vitest';
import { demoQuizQuestions, TEST_SEED, testRandom } from '../testing/demo-quiz';
import { parseAnswer, type Answer } from './answers';
import { feedbackRelease } from './attempt-rules';
import { buildAttempt, findAttemptQuestion, gradeAttempt, summariseAttempt, type AttemptPaper, type AttemptQuestion, type QuizDrawSettings } from './attempt';
import { GradingError } from './errors';
import { applyManualGrade } from './grading';
import { LEARNER_VIEW_KEYS, toLearnerPaper, toLearnerQuestion, toLearnerReview } from './learner-view';
import { parseQuizQuestions } from './questions';
import { newSeed, SeededStream } from './random';

const pool = parseQuizQuestions(demoQuizQuestions);
const ALL: QuizDrawSettings = { shuffleQuestions: false, shuffleOptions: true, questionsPerAttempt: null };

/** The answer that earns full points, built from the keys (test only). */
function perfectAnswer(aq: AttemptQuestion): Answer {
  const q = aq.question;
  switch (q.type) {
    case 'single-choice':
      return { type: 'single-choice', optionId: q.options.find((o) => o.correct)?.id ?? null };
    case 'multiple-choice':
      return { type: 'multiple-choice', optionIds: q.options.filter((o) => o.correct).map((o) => o.id) };
    case 'true-false':
      return { type: 'true-false', value: q.correctAnswer };
    case 'short-answer':
      return { type: 'short-answer', text: q.acceptedAnswers[0] as string };
    case 'numeric':
      return { type: 'numeric', value: q.value };
    case 'ordering':
      return { type: 'ordering', itemIds: q.items.map((i) => i.id) };
    case 'matching':
      return { type: 'matching', matches: Object.fromEntries(q.pairs.map((p) => [p.leftId, p.rightId])) };
    case 'fill-blanks':
      return { type: 'fill-blanks', blanks: q.blanks.map((b) => b.acceptedAnswers[0] as string) };
    case 'essay':
      return { type: 'essay', text: 'A thoughtful essay.' };
  }
}

describe('buildAttempt', () => {
  it('the same seed builds the same attempt; another seed another one', () => {
    const a = buildAttempt(pool, ALL, TEST_SEED);
    expect(buildAttempt(pool, ALL, TEST_SEED)).toEqual(a);
    const b = buildAttempt(pool, ALL, 'f'.repeat(32));
    expect(b.questions.map((q) => q.id)).not.toEqual(a.questions.map((q) => q.id));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a); // storable as JSON
  });

  it('keeps every question, in authored order, when not shuffling questions', () => {
    const paper = buildAttempt(pool, ALL, TEST_SEED);
    expect(paper.questions.map((q) => q.sourceIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(paper.maxPoints).toBe(20_000);
  });

  it('shuffles questions when asked', () => {
    const orders = new Set<string>();
    for (let i = 0; i < 20; i += 1) orders.add(buildAttempt(pool, { ...ALL, shuffleQuestions: true }, newSeed()).questions.map((q) => q.sourceIndex).join(','));
    expect(orders.size).toBeGreaterThan(15);
  });

  it('draws N distinct questions, each about equally often', () => {
    const counts = new Array(pool.length).fill(0) as number[];
    for (let i = 0; i < 900; i += 1) {
      const paper = buildAttempt(pool, { ...ALL, questionsPerAttempt: 3 }, newSeed());
      expect(paper.questions).toHaveLength(3);
      const indexes = paper.questions.map((q) => q.sourceIndex);
      expect(new Set(indexes).size).toBe(3);
      expect([...indexes].sort((x, y) => x - y)).toEqual(indexes); // authored order kept
      for (const index of indexes) counts[index] = (counts[index] as number) + 1;
      expect(paper.maxPoints).toBe(paper.questions.reduce((s, q) => s + q.question.points, 0));
    }
    for (const c of counts) expect(c).toBeGreaterThan(200); // expected 300 each
  });

  it('questionsPerAttempt above the pool size draws all of them', () => {
    expect(buildAttempt(pool, { ...ALL, questionsPerAttempt: 50 }, TEST_SEED).questions).toHaveLength(9);
  });

  it('re-keys everything with opaque ids that reveal no position', () => {
    const paper = buildAttempt(pool, ALL, TEST_SEED);
    const questionIds = paper.questions.map((q) => q.id);
    expect(new Set(questionIds).size).toBe(questionIds.length);
    for (const aq of paper.questions) {
      const ids = JSON.stringify(toLearnerQuestion(aq)).match(/"id":"([^"]+)"/g) ?? [];
      for (const id of ids) expect(id).toMatch(/^"id":"[a-z2-9]{10}"$/);
    }
  });

  it('keeps option order when shuffleOptions is off, but ALWAYS shuffles ordering items and matching right-hand items', () => {
    const settings = { ...ALL, shuffleOptions: false };
    let orderingAsAuthored = 0;
    let rightsAsAuthored = 0;
    const runs = 240;
    for (let i = 0; i < runs; i += 1) {
      const paper = buildAttempt(pool, settings, newSeed());
      const single = paper.questions[0] as AttemptQuestion;
      if (single.question.type !== 'single-choice' || single.presentation.kind !== 'options') throw new Error('unexpected');
      expect(single.presentation.optionIds).toEqual(single.question.options.map((o) => o.id));
      const ordering = paper.questions[5] as AttemptQuestion;
      if (ordering.question.type !== 'ordering' || ordering.presentation.kind !== 'items') throw new Error('unexpected');
      if (ordering.presentation.itemIds.join() === ordering.question.items.map((x) => x.id).join()) orderingAsAuthored += 1;
      const matching = paper.questions[6] as AttemptQuestion;
      if (matching.question.type !== 'matching' || matching.presentation.kind !== 'pairs') throw new Error('unexpected');
      expect(matching.presentation.leftIds).toEqual(matching.question.pairs.map((p) => p.leftId));
      if (matching.presentation.rightIds.join() === matching.question.pairs.map((p) => p.rightId).join()) rightsAsAuthored += 1;
    }
    // Uniform shuffles show the key order by chance only: 1/24 and 1/120 of the time.
    expect(orderingAsAuthored).toBeLessThan(runs * 0.12);
    expect(rightsAsAuthored).toBeLessThan(runs * 0.05);
  });

  it('refuses an empty pool, a bad draw size and a bad seed', () => {
    expect(() => buildAttempt([], ALL, TEST_SEED)).toThrow(/no questions/);
    expect(() => buildAttempt(pool, { ...ALL, questionsPerAttempt: 0 }, TEST_SEED)).toThrow(/questionsPerAttempt/);
    expect(() => buildAttempt(pool, ALL, 'seed')).toThrow(GradingError);
  });
});

describe('the learner view leaks no key', () => {
  // Everything in the pool that is a key, feedback or a setting the learner must not see.
  const forbiddenKeys = ['correct', 'feedback', 'acceptedAnswers', 'tolerance', 'value', 'correctAnswer', 'caseSensitive', 'ignoreWhitespace', 'partialCredit', 'pairs', 'blanks', 'sourceIndex', 'sourceId', 'seed', 'presentation', 'question', 'leftId', 'rightId'];
  const forbiddenTexts = [
    'Types are erased',
    'No run-time checks are generated',
    'Date is a class',
    'the type keyword',
    'type keyword',
    '1.67',
    '0.005',
    'typeof',
    'instanceof',
    'Graded by your instructor',
    'strictNullChecks',
  ];

  function walkKeys(value: unknown, keys: Set<string>): void {
    if (Array.isArray(value)) value.forEach((v) => walkKeys(v, keys));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        keys.add(k);
        walkKeys(v, keys);
      }
    }
  }

  for (const shuffleOptions of [true, false]) {
    it(`for every question type (shuffleOptions ${shuffleOptions}), across many seeds`, () => {
      for (let i = 0; i < 50; i += 1) {
        const paper = buildAttempt(pool, { ...ALL, shuffleOptions }, newSeed());
        const view = toLearnerPaper(paper);
        const json = JSON.stringify(view);
        const keys = new Set<string>();
        walkKeys(view, keys);
        for (const key of keys) expect(LEARNER_VIEW_KEYS.has(key), `unexpected key ${key}`).toBe(true);
        for (const key of forbiddenKeys) expect(keys.has(key), key).toBe(false);
        for (const text of forbiddenTexts) expect(json.includes(text), text).toBe(false);
        expect(view.questions.map((q) => q.type)).toEqual(pool.map((a) => a.question.type));
      }
    });
  }

  it('shows what the learner needs: prompts, choices, blanks as segments, essay guidance and limits', () => {
    const view = toLearnerPaper(buildAttempt(pool, ALL, TEST_SEED));
    expect(view.maxPoints).toBe(20);
    const fill = view.questions[7];
    expect(fill).toMatchObject({ type: 'fill-blanks', blankCount: 2 });
    if (fill?.type !== 'fill-blanks') throw new Error('unexpected');
    expect(fill.segments).toEqual([
      { kind: 'text', text: 'if (' },
      { kind: 'blank', blank: 1 },
      { kind: 'text', text: " value === 'string') { return value.trim(); } else if (value " },
      { kind: 'blank', blank: 2 },
      { kind: 'text', text: ' Date) { return value.toISOString(); }' },
    ]);
    expect(view.questions[8]).toMatchObject({ type: 'essay', minWords: 80, maxWords: 300, guidance: expect.stringContaining('A strong answer') });
    const matching = view.questions[6];
    if (matching?.type !== 'matching') throw new Error('unexpected');
    expect(matching.left).toHaveLength(5);
    expect(matching.right.map((r) => r.text).sort()).toEqual(demoQuizQuestions[6].pairs.map((p) => p.right).sort());
    expect(view.questions[1]).toMatchObject({ type: 'multiple-choice', points: 3 });
  });
});

describe('gradeAttempt', () => {
  const passing = 70;

  function answersFor(paper: AttemptPaper, pick: (aq: AttemptQuestion) => Answer | undefined): Record<string, Answer> {
    const out: Record<string, Answer> = {};
    for (const aq of paper.questions) {
      const a = pick(aq);
      // Round-trip through the wire validation, as the service will.
      if (a) out[aq.id] = parseAnswer(aq.question, JSON.parse(JSON.stringify({ ...a, type: undefined })), `answers.${aq.id}`);
    }
    return out;
  }

  it('perfect answers earn every automatic point; the essay waits for review', () => {
    const paper = buildAttempt(pool, { ...ALL, shuffleQuestions: true }, TEST_SEED);
    const result = gradeAttempt(paper, answersFor(paper, perfectAnswer), passing);
    expect(result).toMatchObject({ score: 15_000, maxScore: 20_000, pendingPoints: 5000, status: 'pending-review', percent: null, passed: null });
    for (const g of result.grades) if (g.type !== 'essay') expect(g.points, g.type).toBe(g.maxPoints);
    // The instructor grades the essay; the totals follow.
    const graded = result.grades.map((g) => (g.status === 'pending-review' ? applyManualGrade(g, { points: 4, grader: { kind: 'instructor', id: '3' } }) : g));
    expect(summariseAttempt(graded, passing)).toMatchObject({ score: 19_000, maxScore: 20_000, status: 'graded', percent: 9500, passed: true });
  });

  it('no answers: 0 of 20, failed, nothing pending (an empty essay is 0 at once)', () => {
    const paper = buildAttempt(pool, ALL, TEST_SEED);
    expect(gradeAttempt(paper, {}, passing)).toMatchObject({ score: 0, maxScore: 20_000, status: 'graded', percent: 0, passed: false });
  });

  it('answers are matched by id whatever the shuffle', () => {
    for (let i = 0; i < 30; i += 1) {
      const paper = buildAttempt(pool, { shuffleQuestions: true, shuffleOptions: true, questionsPerAttempt: 5 }, newSeed());
      const result = gradeAttempt(
        paper,
        answersFor(paper, (aq) => (aq.question.type === 'essay' ? undefined : perfectAnswer(aq))),
        passing,
      );
      const essayMax = paper.questions.filter((q) => q.question.type === 'essay').reduce((sum, q) => sum + q.question.points, 0);
      expect(result.score).toBe(result.maxScore - essayMax);
      for (const g of result.grades) if (g.type !== 'essay') expect(g.points).toBe(g.maxPoints);
    }
  });

  it('property: over many random papers and random answers, 0 ≤ score ≤ max and the totals add up', () => {
    const rand = testRandom(42);
    const int = (n: number) => Math.floor(rand() * n);
    const randomAnswer = (aq: AttemptQuestion): Answer | undefined => {
      const q = aq.question;
      if (rand() < 0.15) return undefined;
      switch (q.type) {
        case 'single-choice':
          return { type: 'single-choice', optionId: q.options[int(q.options.length)]?.id ?? null };
        case 'multiple-choice':
          return { type: 'multiple-choice', optionIds: q.options.filter(() => rand() < 0.5).map((o) => o.id) };
        case 'true-false':
          return { type: 'true-false', value: rand() < 0.5 };
        case 'short-answer':
          return { type: 'short-answer', text: ['type', 'Type Keyword', 'interface', ''][int(4)] as string };
        case 'numeric':
          return { type: 'numeric', value: ['1.67', '1,665', '1.7', 'x', '167e-2'][int(5)] as string };
        case 'ordering':
          return { type: 'ordering', itemIds: new SeededStream(newSeed(), 'o').shuffle(q.items.map((i) => i.id)) };
        case 'matching':
          return { type: 'matching', matches: Object.fromEntries(q.pairs.map((p) => [p.leftId, q.pairs[int(q.pairs.length)]?.rightId ?? null])) };
        case 'fill-blanks':
          return { type: 'fill-blanks', blanks: q.blanks.map(() => ['typeof', 'instanceof', ' TYPEOF ', ''][int(4)] as string) };
        case 'essay':
          return { type: 'essay', text: rand() < 0.5 ? '' : 'An essay.' };
      }
    };
    for (let i = 0; i < 500; i += 1) {
      const paper = buildAttempt(pool, { shuffleQuestions: rand() < 0.5, shuffleOptions: rand() < 0.5, questionsPerAttempt: 1 + int(9) }, newSeed());
      const answers: Record<string, Answer> = {};
      for (const aq of paper.questions) {
        const a = randomAnswer(aq);
        if (a) answers[aq.id] = a;
      }
      const r = gradeAttempt(paper, answers, 70);
      expect(r.maxScore).toBe(paper.maxPoints);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score + r.pendingPoints).toBeLessThanOrEqual(r.maxScore);
      expect(r.score).toBe(r.grades.reduce((s, g) => s + (g.points ?? 0), 0));
      if (r.status === 'graded') {
        expect(r.percent).toBeGreaterThanOrEqual(0);
        expect(r.percent).toBeLessThanOrEqual(10_000);
      }
    }
  });

  it('an answer to a question that is not in the attempt is an error naming it', () => {
    const paper = buildAttempt(pool, { ...ALL, questionsPerAttempt: 2 }, TEST_SEED);
    expect(() => gradeAttempt(paper, { nope: { type: 'true-false', value: true } }, passing)).toThrow('answers.nope: is not a question of this attempt');
    expect(() => findAttemptQuestion(paper, 'nope')).toThrow(GradingError);
  });

  it('reviews release exactly what the feedback mode allows', () => {
    const paper = buildAttempt(pool, ALL, TEST_SEED);
    const answers = answersFor(paper, (aq) => (aq.question.type === 'multiple-choice' ? { type: 'multiple-choice', optionIds: aq.question.options.filter((o) => ['string', 'number', 'bigint', 'Date'].includes(o.text)).map((o) => o.id) } : undefined));
    const result = gradeAttempt(paper, answers, passing);
    const mcIndex = 1;
    const aq = paper.questions[mcIndex] as AttemptQuestion;
    const grade = result.grades[mcIndex];
    if (!grade) throw new Error('unexpected');
    const now = new Date('2026-01-01T12:00:00Z');
    const submitted = { submittedAt: new Date('2026-01-01T11:00:00Z') };

    const never = toLearnerReview(aq, grade, answers[aq.id], feedbackRelease('never', submitted, null, now));
    expect(never).toEqual({ questionId: aq.id, status: 'graded', maxPoints: 3, points: 0.75, comment: null });

    const full = toLearnerReview(aq, grade, answers[aq.id], feedbackRelease('after_submit', submitted, null, now));
    expect(full.outcome).toBe('partially-correct');
    expect(full.feedback).toEqual(['Date is a class: its instances are objects.', demoQuizQuestions[1].feedback]);
    expect(full.points).toBe(0.75);
    expect(full.explanation?.summary).toBe('3 of 4 correct option(s) picked, 1 wrong pick(s): +1/4 +1/4 +1/4 −1/2 = 1/4: 1/4 of 3 = 0.75 point(s)');
    expect(full.explanation?.parts.find((p) => p.label === 'boolean')).toEqual({ label: 'boolean', outcome: 'missed', detail: 'correct option, not picked' });

    const beforeDue = feedbackRelease('after_due', submitted, new Date('2026-02-01T00:00:00Z'), now);
    const hidden = toLearnerReview(aq, grade, answers[aq.id], beforeDue);
    expect(hidden.points).toBe(0.75);
    expect(hidden.outcome).toBeUndefined();
    expect(hidden.feedback).toBeUndefined();
    expect(hidden.explanation).toBeUndefined();
  });
});
