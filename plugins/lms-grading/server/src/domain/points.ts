/**
 * Points are integers in thousandths of a point ("millipoints"): 2.5 points is 2500. Every score,
 * maximum and total in this plugin is one, so sums are exact and a stored score round-trips.
 * Fractions of a question's points (partial credit, rubric scaling, averages) are computed as
 * exact BigInt ratios and rounded ONCE, half-up, to the nearest millipoint; percentages are
 * truncated (never rounded up) so a displayed percentage never shows a pass mark that was not
 * reached. See docs/decisions/012-grading-arithmetic.md.
 */
import { parseExactDecimal } from './decimal';
import { GradingError } from './errors';

/** Integer thousandths of a point. */
export type Millipoints = number;

export const MILLIPOINTS_PER_POINT = 1000;
/** Largest points value of one question, rubric level or assignment: 1,000,000 points. */
export const MAX_MILLIPOINTS = 1_000_000_000;

/** A non-negative exact fraction (counts of parts, picks, pairs): small safe integers. */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

export const ZERO: Fraction = Object.freeze({ num: 0, den: 1 });
export const ONE: Fraction = Object.freeze({ num: 1, den: 1 });

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x || 1;
}

export function fraction(num: number, den: number): Fraction {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0) {
    throw new RangeError(`fraction needs integers and a positive denominator; got ${num}/${den}`);
  }
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

export function addFraction(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.den + b.num * a.den, a.den * b.den);
}

/** Clamps to [0, 1]: a share of a question's points can be neither negative nor above full. */
export function clampShare(f: Fraction): Fraction {
  if (f.num <= 0) return ZERO;
  if (f.num >= f.den) return ONE;
  return f;
}

export function formatFraction(f: Fraction): string {
  return f.den === 1 ? String(f.num) : `${f.num}/${f.den}`;
}

/** round(n / d) with halves going up; n ≥ 0, d > 0. */
export function divideRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n || n < 0n) throw new RangeError(`divideRoundHalfUp needs n ≥ 0 and d > 0; got ${n}/${d}`);
  return (2n * n + d) / (2n * d);
}

/** floor(n / d); n ≥ 0, d > 0. */
function divideFloor(n: bigint, d: bigint): bigint {
  if (d <= 0n || n < 0n) throw new RangeError(`divideFloor needs n ≥ 0 and d > 0; got ${n}/${d}`);
  return n / d;
}

/**
 * `share` of `max` points, rounded half-up to a millipoint and kept within [0, max].
 * 1 point × 1/3 = 333; 1 point × 2/3 = 667; 3 points × 3/4 = 2250.
 */
export function shareOf(max: Millipoints, share: Fraction): Millipoints {
  const s = clampShare(share);
  const value = Number(divideRoundHalfUp(BigInt(max) * BigInt(s.num), BigInt(s.den)));
  return Math.min(max, Math.max(0, value));
}

/** `points` scaled from a scale of `fromMax` to one of `toMax` (rubric → assignment score), half-up. */
export function rescale(points: Millipoints, fromMax: Millipoints, toMax: Millipoints): Millipoints {
  if (fromMax <= 0) throw new RangeError('rescale needs a positive fromMax');
  if (points === fromMax) return toMax;
  return Number(divideRoundHalfUp(BigInt(points) * BigInt(toMax), BigInt(fromMax)));
}

export interface ParsePointsOptions {
  /**
   * What to do with more than three decimals: 'round' (half-up; authored settings, where the
   * database column already limits precision) or 'reject' (a grade typed by an instructor).
   */
  excessPrecision: 'round' | 'reject';
  /** Name of the field in error messages. */
  field: string;
}

/** Reads a decimal points value (number or text) into millipoints, or throws naming the field. */
export function parsePoints(value: unknown, options: ParsePointsOptions): Millipoints {
  const { field } = options;
  if (value === null || value === undefined || value === '') {
    throw new GradingError('invalid-points', field, 'points are required');
  }
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new GradingError('invalid-points', field, `points must be a number; got ${typeof value}`);
  }
  const decimal = parseExactDecimal(value, { decimalComma: false });
  if (!decimal) throw new GradingError('invalid-points', field, `points must be a decimal number such as 2 or 2.5; got ${JSON.stringify(value)}`);
  if (decimal.units < 0n) throw new GradingError('invalid-points', field, `points cannot be negative; got ${String(value)}`);
  let milli: bigint;
  if (decimal.scale <= 3) {
    milli = decimal.units * 10n ** BigInt(3 - decimal.scale);
  } else if (options.excessPrecision === 'round') {
    milli = divideRoundHalfUp(decimal.units, 10n ** BigInt(decimal.scale - 3));
  } else {
    throw new GradingError('invalid-points', field, `points have at most three decimals (thousandths); got ${String(value)}`);
  }
  if (milli > BigInt(MAX_MILLIPOINTS)) {
    throw new GradingError('invalid-points', field, `points cannot exceed ${MAX_MILLIPOINTS / MILLIPOINTS_PER_POINT}; got ${String(value)}`);
  }
  return Number(milli);
}

/** Millipoints from whole points (assignment max/pass scores are integers in the content model). */
export function points(whole: number): Millipoints {
  if (!Number.isSafeInteger(whole) || whole < 0 || whole * MILLIPOINTS_PER_POINT > MAX_MILLIPOINTS) {
    throw new RangeError(`points(${whole}): expected a whole number from 0 to ${MAX_MILLIPOINTS / MILLIPOINTS_PER_POINT}`);
  }
  return whole * MILLIPOINTS_PER_POINT;
}

/** "2.25", "1", "0.333": the shortest exact decimal text of a millipoints value. */
export function formatPoints(value: Millipoints): string {
  const negative = value < 0;
  const abs = Math.abs(value);
  const whole = Math.floor(abs / MILLIPOINTS_PER_POINT);
  const rest = abs % MILLIPOINTS_PER_POINT;
  const fractionText = rest === 0 ? '' : `.${String(rest).padStart(3, '0').replace(/0+$/, '')}`;
  return `${negative ? '-' : ''}${whole}${fractionText}`;
}

/** Millipoints as a JSON number of points (2500 → 2.5); exact in decimal text, for display only. */
export function toPointsNumber(value: Millipoints): number {
  return value / MILLIPOINTS_PER_POINT;
}

/** Percentages are basis points: hundredths of a percent, 0 … 10000 (7050 is 70.50 %). */
export type BasisPoints = number;

/**
 * score / max as basis points, truncated: 69.996 % is 6999 (69.99 %), never 70.00 %.
 * A maximum of 0 (nothing to lose) is 100 %.
 */
export function percentOf(score: Millipoints, max: Millipoints): BasisPoints {
  if (max <= 0) return 10_000;
  const clamped = Math.min(Math.max(score, 0), max);
  return Number(divideFloor(BigInt(clamped) * 10_000n, BigInt(max)));
}

/** Exact: score / max ≥ passingPercent / 100, decided on the unrounded values. */
export function meetsPassingScore(score: Millipoints, max: Millipoints, passingPercent: number): boolean {
  if (max <= 0) return true;
  return BigInt(score) * 100n >= BigInt(passingPercent) * BigInt(max);
}

/** "70.5", "69.99", "100". */
export function formatPercent(value: BasisPoints): string {
  const whole = Math.floor(value / 100);
  const rest = value % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}
