import { describe, expect, it } from 'vitest';
import { gamificationErrorOf as errorOf } from '../testing/errors';
import { DEFAULT_LEVELS, levelFor, parseLevels } from './levels';


describe('parseLevels', () => {
  it('accepts the defaults and trims names', () => {
    expect(parseLevels(DEFAULT_LEVELS)).toEqual(DEFAULT_LEVELS);
    expect(parseLevels([{ name: ' Seed ', minPoints: 0 }])).toEqual([{ name: 'Seed', minPoints: 0 }]);
  });

  it.each([
    [[], 'invalid-levels', 'levels'],
    ['levels', 'invalid-levels', 'levels'],
    [[{ name: 'A', minPoints: 10 }], 'first-level-not-zero', 'levels[0].minPoints'],
    [[{ name: 'A', minPoints: 0 }, { name: 'B', minPoints: 0 }], 'levels-not-increasing', 'levels[1].minPoints'],
    [[{ name: 'A', minPoints: 0 }, { name: 'B', minPoints: 50 }, { name: 'C', minPoints: 40 }], 'levels-not-increasing', 'levels[2].minPoints'],
    [[{ name: 'A', minPoints: 0 }, { name: 'a', minPoints: 5 }], 'duplicate-level-name', 'levels[1].name'],
    [[{ name: '  ', minPoints: 0 }], 'invalid-level-name', 'levels[0].name'],
    [[{ name: 'A', minPoints: 0 }, { name: 'B', minPoints: 1.5 }], 'invalid-levels', 'levels[1].minPoints'],
  ])('rejects %j with %s at %s', (input, code, field) => {
    expect(errorOf(() => parseLevels(input))).toMatchObject({ code, field });
  });

  it('explains an out-of-order threshold', () => {
    expect(errorOf(() => parseLevels([{ name: 'A', minPoints: 0 }, { name: 'B', minPoints: 50 }, { name: 'C', minPoints: 40 }])).message).toBe(
      `levels[2].minPoints: must be more than the previous level's 50 ("B"); got 40`,
    );
  });
});

describe('levelFor', () => {
  const levels = parseLevels([
    { name: 'Newcomer', minPoints: 0 },
    { name: 'Learner', minPoints: 100 },
    { name: 'Expert', minPoints: 300 },
  ]);

  it('finds the level and the way to the next one', () => {
    expect(levelFor(0, levels)).toEqual({ number: 1, name: 'Newcomer', minPoints: 0, points: 0, next: { number: 2, name: 'Learner', minPoints: 100 }, pointsToNext: 100, progress: 0 });
    expect(levelFor(99, levels)).toMatchObject({ number: 1, pointsToNext: 1, progress: 9900 });
    expect(levelFor(100, levels)).toMatchObject({ number: 2, name: 'Learner', pointsToNext: 200, progress: 0 });
    expect(levelFor(233, levels)).toMatchObject({ number: 2, pointsToNext: 67, progress: 6650 });
    expect(levelFor(300, levels)).toEqual({ number: 3, name: 'Expert', minPoints: 300, points: 300, next: null, pointsToNext: null, progress: 10_000 });
    expect(levelFor(1e9, levels)).toMatchObject({ number: 3, next: null });
  });

  it('agrees with a linear scan for every total up to 400', () => {
    for (let p = 0; p <= 400; p += 1) {
      const expected = levels.filter((l) => l.minPoints <= p).length;
      expect(levelFor(p, levels).number).toBe(expected);
    }
  });

  it('a single level is always the top', () => {
    expect(levelFor(5, [{ name: 'Only', minPoints: 0 }])).toMatchObject({ number: 1, next: null, progress: 10_000 });
  });
});
