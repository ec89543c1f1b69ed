import { GamificationError, describeValue, isPlainObject } from './errors';

/**
 * Levels by points thresholds. A level is reached at `minPoints`; the first level starts at 0 so
 * every learner has one. Levels are derived from points on every read (never stored), so an
 * admin changing thresholds re-levels everyone at once and consistently.
 */
export interface Level {
  name: string;
  minPoints: number;
}

export const MAX_LEVELS = 100;
export const MAX_LEVEL_NAME = 60;

export const DEFAULT_LEVELS: readonly Level[] = [
  { name: 'Newcomer', minPoints: 0 },
  { name: 'Learner', minPoints: 100 },
  { name: 'Explorer', minPoints: 300 },
  { name: 'Achiever', minPoints: 700 },
  { name: 'Expert', minPoints: 1500 },
  { name: 'Master', minPoints: 3000 },
];

/** Parses the admin's level list: 1–100 `{ name, minPoints }`, first at 0, strictly increasing, names unique. */
export function parseLevels(input: unknown): Level[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_LEVELS) {
    throw new GamificationError('invalid-levels', 'levels', `must be a list of 1 to ${MAX_LEVELS} levels { name, minPoints }; got ${Array.isArray(input) ? `${input.length} levels` : describeValue(input)}`);
  }
  const names = new Set<string>();
  const levels: Level[] = [];
  input.forEach((raw, i) => {
    const field = `levels[${i}]`;
    if (!isPlainObject(raw)) throw new GamificationError('invalid-levels', field, `must be { name, minPoints }; got ${describeValue(raw)}`);
    const name = typeof raw.name === 'string' ? raw.name.trim() : '';
    if (name === '' || name.length > MAX_LEVEL_NAME) {
      throw new GamificationError('invalid-level-name', `${field}.name`, `must be 1–${MAX_LEVEL_NAME} characters; got ${describeValue(raw.name)}`);
    }
    const folded = name.toLocaleLowerCase('en');
    if (names.has(folded)) throw new GamificationError('duplicate-level-name', `${field}.name`, `"${name}" is already the name of another level`);
    names.add(folded);
    const min = raw.minPoints;
    if (typeof min !== 'number' || !Number.isSafeInteger(min) || min < 0) {
      throw new GamificationError('invalid-levels', `${field}.minPoints`, `must be a whole number of points ≥ 0; got ${describeValue(min)}`);
    }
    if (i === 0 && min !== 0) throw new GamificationError('first-level-not-zero', `${field}.minPoints`, `the first level must start at 0 points so every learner has a level; got ${min}`);
    const previous = levels[i - 1];
    if (previous && min <= previous.minPoints) {
      throw new GamificationError('levels-not-increasing', `${field}.minPoints`, `must be more than the previous level's ${previous.minPoints} ("${previous.name}"); got ${min}`);
    }
    levels.push({ name, minPoints: min });
  });
  return levels;
}

export interface LevelProgress {
  /** 1-based level number. */
  number: number;
  name: string;
  minPoints: number;
  points: number;
  next: { number: number; name: string; minPoints: number } | null;
  /** Points still needed for the next level (null at the top). */
  pointsToNext: number | null;
  /** Progress from this level to the next, in basis points (0–10000, rounded down); 10000 at the top. */
  progress: number;
}

/** The level for a points total, and how far it is to the next one. `levels` as parseLevels returns them. */
export function levelFor(points: number, levels: readonly Level[]): LevelProgress {
  // Binary search: the last level whose threshold is ≤ points (points below 0 sit on the first).
  let lo = 0;
  let hi = levels.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((levels[mid] as Level).minPoints <= points) lo = mid;
    else hi = mid - 1;
  }
  const level = levels[lo];
  if (!level) throw new GamificationError('invalid-levels', 'levels', 'no levels are configured');
  const next = levels[lo + 1];
  if (!next) return { number: lo + 1, name: level.name, minPoints: level.minPoints, points, next: null, pointsToNext: null, progress: 10_000 };
  const span = next.minPoints - level.minPoints;
  const into = Math.max(0, points - level.minPoints);
  return {
    number: lo + 1,
    name: level.name,
    minPoints: level.minPoints,
    points,
    next: { number: lo + 2, name: next.name, minPoints: next.minPoints },
    pointsToNext: next.minPoints - Math.max(points, level.minPoints),
    progress: Math.floor((into * 10_000) / span),
  };
}
