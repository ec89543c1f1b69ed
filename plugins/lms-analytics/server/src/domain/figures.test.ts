import { describe, expect, it } from 'vitest';
import { averageScoreBp, basisPoints, biggestDrop, completionFunnel, daysBetween, fillDays, monthsBetween, parseDay, windowStart } from '.';

describe('series and ranges', () => {
  it('fills every day of the range, summing rows of the same day', () => {
    expect(fillDays('2026-02-27', '2026-03-02', [{ day: '2026-02-28', value: 2 }, { day: '2026-02-28', value: 1 }, { day: '2026-03-02', value: 5 }])).toEqual([
      { day: '2026-02-27', value: 0 },
      { day: '2026-02-28', value: 3 },
      { day: '2026-03-01', value: 0 },
      { day: '2026-03-02', value: 5 },
    ]);
  });

  it('refuses impossible days, reversed and oversized ranges, naming the field', () => {
    expect(() => parseDay('2026-02-30', 'from')).toThrow(/^from: expected a calendar day/);
    expect(() => daysBetween('2026-03-02', '2026-03-01')).toThrow(/^to: must not be before from/);
    expect(() => daysBetween('2024-01-01', '2026-01-01')).toThrow(/^to: the range may span at most 400 days/);
    expect(daysBetween('2026-03-01', '2026-03-01')).toEqual(['2026-03-01']);
  });

  it('lists months across a year end and computes rolling windows', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(windowStart(new Date('2026-03-08T10:00:00Z'), 7).toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });
});

describe('rates', () => {
  it('basis points round down and never exceed 100 %', () => {
    expect(basisPoints(1, 3)).toBe(3333);
    expect(basisPoints(2, 3)).toBe(6666);
    expect(basisPoints(5, 0)).toBe(0);
    expect(basisPoints(4, 3)).toBe(10_000);
  });

  it('averages scores over the points available', () => {
    expect(averageScoreBp(7, 10)).toBe(7000);
    expect(averageScoreBp(2, 3)).toBe(6667);
    expect(averageScoreBp(0, 0)).toBeNull();
  });
});

describe('completionFunnel', () => {
  const lessons = [
    { lessonId: 'a', title: 'Intro' },
    { lessonId: 'b', title: 'Middle' },
    { lessonId: 'c', title: 'End' },
  ];

  it('counts completions per lesson in course order and where learners stop', () => {
    const steps = completionFunnel(lessons, new Map([['a', 8], ['b', 5], ['c', 4]]), 10);
    expect(steps.map((s) => [s.position, s.completed, s.reachedBp, s.dropFromPrevious])).toEqual([
      [1, 8, 8000, 2],
      [2, 5, 5000, 3],
      [3, 4, 4000, 1],
    ]);
    expect(biggestDrop(steps)?.lessonId).toBe('b');
  });

  it('shows lessons nobody completed and never a negative drop', () => {
    const steps = completionFunnel(lessons, new Map([['b', 3]]), 3);
    expect(steps.map((s) => [s.completed, s.dropFromPrevious])).toEqual([
      [0, 3],
      [3, 0],
      [0, 3],
    ]);
    expect(biggestDrop(completionFunnel(lessons, new Map(), 0))).toBeNull();
  });
});
