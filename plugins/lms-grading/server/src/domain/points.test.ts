import { describe, expect, it } from 'vitest';
import { GradingError } from './errors';
import {
  divideRoundHalfUp,
  formatPercent,
  formatPoints,
  fraction,
  meetsPassingScore,
  parsePoints,
  percentOf,
  points,
  rescale,
  shareOf,
} from './points';

const authored = (v: unknown) => parsePoints(v, { excessPrecision: 'round', field: 'points' });
const typed = (v: unknown) => parsePoints(v, { excessPrecision: 'reject', field: 'points' });

describe('parsePoints', () => {
  it('reads whole and decimal points exactly, from numbers and text', () => {
    expect(authored(1)).toBe(1000);
    expect(authored(2.5)).toBe(2500);
    expect(authored('0.1')).toBe(100);
    expect(authored(0.1 + 0.2)).toBe(300); // 0.30000000000000004 rounds to 0.300
    expect(authored('1.234')).toBe(1234);
    expect(authored(0)).toBe(0);
    expect(authored('  3 ')).toBe(3000);
  });

  it('rounds authored values with more than three decimals half-up, and refuses them when typed', () => {
    expect(authored('0.3334')).toBe(333);
    expect(authored('0.3335')).toBe(334);
    expect(authored('0.0005')).toBe(1);
    expect(authored('0.00049')).toBe(0);
    expect(() => typed('0.3335')).toThrow(/at most three decimals/);
    expect(typed('0.333')).toBe(333);
  });

  it('names the field and the problem', () => {
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /required/],
      ['', /required/],
      [-1, /negative/],
      ['abc', /decimal number/],
      ['1,5', /decimal number/],
      [Number.NaN, /decimal number/],
      [true, /must be a number/],
      [2_000_000, /cannot exceed 1000000/],
    ];
    for (const [value, message] of cases) {
      const error = (() => {
        try {
          typed(value);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error, String(value)).toBeInstanceOf(GradingError);
      expect((error as GradingError).field).toBe('points');
      expect((error as GradingError).message).toMatch(message);
    }
  });
});

describe('shareOf: one rounding, half-up, within [0, max]', () => {
  it('computes exact shares', () => {
    expect(shareOf(3000, fraction(3, 4))).toBe(2250);
    expect(shareOf(1000, fraction(1, 3))).toBe(333);
    expect(shareOf(1000, fraction(2, 3))).toBe(667);
    expect(shareOf(2000, fraction(1, 2))).toBe(1000);
    expect(shareOf(1, fraction(1, 2))).toBe(1); // 0.5 millipoint rounds up
    expect(shareOf(1, fraction(1, 3))).toBe(0);
  });

  it('clamps negative and above-full shares', () => {
    expect(shareOf(1000, fraction(-1, 2))).toBe(0);
    expect(shareOf(1000, fraction(5, 4))).toBe(1000);
    expect(shareOf(0, fraction(1, 1))).toBe(0);
  });

  it('full credit is always exactly the maximum, whatever the number of parts', () => {
    for (let parts = 1; parts <= 50; parts += 1) {
      for (const max of [1, 7, 333, 1000, 2500, 999_999]) {
        expect(shareOf(max, fraction(parts, parts))).toBe(max);
        expect(shareOf(max, fraction(0, parts))).toBe(0);
      }
    }
  });

  it('divideRoundHalfUp rounds halves up and refuses negatives', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundHalfUp(4n, 2n)).toBe(2n);
    expect(divideRoundHalfUp(7n, 4n)).toBe(2n);
    expect(divideRoundHalfUp(5n, 4n)).toBe(1n);
    expect(() => divideRoundHalfUp(-1n, 2n)).toThrow(RangeError);
    expect(() => divideRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('rescale maps a full rubric to the full maximum exactly', () => {
    expect(rescale(20_000, 20_000, 100_000)).toBe(100_000);
    expect(rescale(15_000, 20_000, 100_000)).toBe(75_000);
    expect(rescale(1000, 3000, 100_000)).toBe(33_333);
    expect(rescale(2000, 3000, 100_000)).toBe(66_667);
  });
});

describe('percentages', () => {
  it('truncates to hundredths of a percent, never rounding up to a pass', () => {
    expect(percentOf(69_996, 100_000)).toBe(6999);
    expect(percentOf(2000, 3000)).toBe(6666);
    expect(percentOf(1000, 1000)).toBe(10_000);
    expect(percentOf(0, 1000)).toBe(0);
    expect(percentOf(5, 0)).toBe(10_000);
    expect(formatPercent(6999)).toBe('69.99');
    expect(formatPercent(7050)).toBe('70.5');
    expect(formatPercent(10_000)).toBe('100');
    expect(formatPercent(5)).toBe('0.05');
  });

  it('decides pass/fail on exact values', () => {
    expect(meetsPassingScore(7000, 10_000, 70)).toBe(true);
    expect(meetsPassingScore(6999, 10_000, 70)).toBe(false);
    // 2/3 = 66.666…%: passes 66, fails 67
    expect(meetsPassingScore(2000, 3000, 66)).toBe(true);
    expect(meetsPassingScore(2000, 3000, 67)).toBe(false);
    expect(meetsPassingScore(0, 0, 100)).toBe(true);
    expect(meetsPassingScore(0, 1000, 0)).toBe(true);
  });

  it('a displayed percentage at or above the pass mark always means passed', () => {
    for (let max = 1; max <= 400; max += 37) {
      for (let score = 0; score <= max; score += 1) {
        for (const pass of [50, 67, 70, 99]) {
          expect(percentOf(score, max) >= pass * 100).toBe(meetsPassingScore(score, max, pass));
        }
      }
    }
  });
});

describe('formatting', () => {
  it('prints the shortest exact decimal', () => {
    expect(formatPoints(2250)).toBe('2.25');
    expect(formatPoints(1000)).toBe('1');
    expect(formatPoints(333)).toBe('0.333');
    expect(formatPoints(5)).toBe('0.005');
    expect(formatPoints(0)).toBe('0');
    expect(formatPoints(-1500)).toBe('-1.5');
    expect(points(100)).toBe(100_000);
    expect(() => points(1.5)).toThrow(RangeError);
  });
});
