import { describe, expect, it } from 'vitest';
import { GradingError } from './errors';
import { parseAssignmentScore, parseRubric, rubricMax, scoreRubric } from './rubric';

// Shaped like the assignment's `rubric` components (assignment.criterion × assignment.level).
const rubric = parseRubric([
  {
    id: 1,
    title: 'Correctness',
    levels: [
      { id: 11, label: 'Missing', points: 0 },
      { id: 12, label: 'Partial', points: 5 },
      { id: 13, label: 'Complete', points: 10 },
    ],
  },
  {
    id: 2,
    title: 'Clarity',
    description: 'Is it easy to follow?',
    levels: [
      { id: 21, label: 'Unclear', points: 0 },
      { id: 22, label: 'Clear', points: 2.5 },
      { id: 23, label: 'Excellent', points: 5 },
    ],
  },
  { id: 3, title: 'Tests', levels: [{ id: 31, label: 'None', points: 0 }, { id: 32, label: 'Some', points: 5 }] },
]);

const pick = (...pairs: Array<[string, string]>) => pairs.map(([criterionId, levelId]) => ({ criterionId, levelId }));

describe('scoreRubric', () => {
  it('sums the chosen levels and scales them to the assignment maximum', () => {
    expect(rubricMax(rubric)).toBe(20_000);
    const s = scoreRubric(rubric, pick(['1', '13'], ['2', '22'], ['3', '32']), 100);
    expect(s).toMatchObject({ rubricPoints: 17_500, rubricMax: 20_000, score: 87_500, maxScore: 100_000 });
    expect(s.breakdown.map((b) => [b.title, b.label, b.points, b.maxPoints])).toEqual([
      ['Correctness', 'Complete', 10_000, 10_000],
      ['Clarity', 'Clear', 2500, 5000],
      ['Tests', 'Some', 5000, 5000],
    ]);
    expect(s.summary).toBe('Correctness: Complete 10/10; Clarity: Clear 2.5/5; Tests: Some 5/5 → 17.5 of 20, scaled to 100: 17.5 × 100 / 20 = 87.5 (half-up to 0.001)');
  });

  it('does not scale when the rubric maximum is the assignment maximum', () => {
    const s = scoreRubric(rubric, pick(['1', '12'], ['2', '21'], ['3', '31']), 20);
    expect(s).toMatchObject({ score: 5000, maxScore: 20_000 });
    expect(s.summary).toBe('Correctness: Partial 5/10; Clarity: Unclear 0/5; Tests: None 0/5 → 5 of 20');
  });

  it('full marks scale to exactly the maximum; thirds round half-up once', () => {
    expect(scoreRubric(rubric, pick(['1', '13'], ['2', '23'], ['3', '32']), 7).score).toBe(7000);
    const thirds = parseRubric([{ title: 'Only', levels: [{ label: 'a', points: 1 }, { label: 'b', points: 2 }, { label: 'c', points: 3 }] }]);
    expect(scoreRubric(thirds, pick(['c1', 'c1-l1']), 10).score).toBe(3333);
    expect(scoreRubric(thirds, pick(['c1', 'c1-l2']), 10).score).toBe(6667);
    expect(scoreRubric(thirds, pick(['c1', 'c1-l3']), 10).score).toBe(10_000);
  });

  it('needs exactly one level per criterion, and reports every problem at once', () => {
    let error: unknown;
    try {
      scoreRubric(rubric, pick(['1', '13'], ['1', '12'], ['2', '99'], ['7', '71']), 100);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GradingError);
    expect((error as GradingError).code).toBe('invalid-rubric-selection');
    expect((error as GradingError).message).toBe(
      'selections: selections[1]: criterion "Correctness" already has a level; choose exactly one; ' +
        'selections[2].levelId: "99" is not a level of criterion "Clarity"; ' +
        'selections[3].criterionId: "7" is not a criterion of this rubric; ' +
        'selections: criterion "Tests" has no level chosen',
    );
    expect(() => scoreRubric(rubric, [], 100)).toThrow(/"Correctness" has no level chosen.*"Clarity" has no level chosen.*"Tests" has no level chosen/);
  });

  it('property: the score lies within [0, maxScore] for every valid selection', () => {
    for (const maxScore of [1, 3, 7, 10, 100, 1000]) {
      for (const l1 of ['11', '12', '13'])
        for (const l2 of ['21', '22', '23'])
          for (const l3 of ['31', '32']) {
            const s = scoreRubric(rubric, pick(['1', l1], ['2', l2], ['3', l3]), maxScore);
            expect(s.score).toBeGreaterThanOrEqual(0);
            expect(s.score).toBeLessThanOrEqual(maxScore * 1000);
            expect(Number.isSafeInteger(s.score)).toBe(true);
          }
    }
  });
});

describe('parseRubric', () => {
  it('names the broken field', () => {
    expect(() => parseRubric([])).toThrow('rubric: has no criteria');
    expect(() => parseRubric([{ title: 'A', levels: [] }])).toThrow('rubric[0].levels: needs at least one level');
    expect(() => parseRubric([{ title: '', levels: [{ label: 'x', points: 1 }] }])).toThrow('rubric[0].title: is required text');
    expect(() => parseRubric([{ title: 'A', levels: [{ label: 'x', points: -1 }] }])).toThrow('rubric[0].levels[0].points: points cannot be negative');
    expect(() => parseRubric([{ title: 'A', levels: [{ label: 'x', points: 0 }] }])).toThrow(/every level is worth 0 points/);
    expect(() => parseRubric([{ id: 1, title: 'A', levels: [{ label: 'x', points: 1 }] }, { id: 1, title: 'B', levels: [{ label: 'y', points: 1 }] }])).toThrow(/appears twice/);
  });
});

describe('parseAssignmentScore (grading without a rubric)', () => {
  it('accepts decimals up to three places within [0, max]', () => {
    expect(parseAssignmentScore('87.5', 100)).toBe(87_500);
    expect(parseAssignmentScore(100, 100)).toBe(100_000);
    expect(() => parseAssignmentScore(100.5, 100)).toThrow("score: cannot exceed the assignment's maximum of 100; got 100.5");
    expect(() => parseAssignmentScore('1.2345', 100)).toThrow(/three decimals/);
    expect(() => parseAssignmentScore(null, 100)).toThrow(/required/);
  });
});
