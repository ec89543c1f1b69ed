import { type Fact, dedupeByKey } from './awards';
import { GamificationError, ID_PATTERN, describeValue, isPlainObject } from './errors';

/**
 * Badges: a criterion over a learner's achievement summary. Every criterion is monotonic (facts
 * are append-only, points never go down, `longestStreak` never shrinks), so a badge once earned
 * stays earned and evaluating again, in any order, after any replay, earns nothing new.
 * The badge image is authored content (a media field) and lives with the badge's definition in
 * the cms; the domain only needs id, name and criterion.
 */
export type BadgeCriterion =
  /** The first completed lesson, anywhere or in one course. */
  | { kind: 'first-lesson'; courseId: string | null }
  /** N distinct courses completed. */
  | { kind: 'courses-completed'; count: number }
  /** N distinct quizzes with full marks, anywhere or in one course. */
  | { kind: 'perfect-quiz'; count: number; courseId: string | null }
  /** A run of N consecutive visit days (7, 30, …), at any time. */
  | { kind: 'streak'; days: number }
  /** A points total of at least `threshold`. */
  | { kind: 'points'; threshold: number }
  /** One particular course completed. */
  | { kind: 'course-completed'; courseId: string };

export const BADGE_CRITERION_KINDS = ['first-lesson', 'courses-completed', 'perfect-quiz', 'streak', 'points', 'course-completed'] as const;

export interface BadgeDefinition {
  /** Stable slug, the identity of an earned badge (`first-steps`, `streak-30`). */
  id: string;
  name: string;
  description: string;
  criterion: BadgeCriterion;
}

export const MAX_BADGES = 500;
const MAX_COUNT = 100_000;

export const DEFAULT_BADGES: readonly BadgeDefinition[] = [
  { id: 'first-lesson', name: 'First steps', description: 'Completed a first lesson', criterion: { kind: 'first-lesson', courseId: null } },
  { id: 'perfect-quiz', name: 'Flawless', description: 'Full marks in a quiz', criterion: { kind: 'perfect-quiz', count: 1, courseId: null } },
  { id: 'courses-3', name: 'Well rounded', description: 'Completed three courses', criterion: { kind: 'courses-completed', count: 3 } },
  { id: 'streak-7', name: 'One week strong', description: 'Learned on 7 days in a row', criterion: { kind: 'streak', days: 7 } },
  { id: 'streak-30', name: 'Habit formed', description: 'Learned on 30 days in a row', criterion: { kind: 'streak', days: 30 } },
  { id: 'points-1000', name: 'Thousand club', description: 'Earned 1,000 points', criterion: { kind: 'points', threshold: 1000 } },
];

/** Parses the badge definitions (as authored in the cms, images aside). */
export function parseBadges(input: unknown): BadgeDefinition[] {
  if (!Array.isArray(input) || input.length > MAX_BADGES) {
    throw new GamificationError('invalid-badges', 'badges', `must be a list of at most ${MAX_BADGES} badges; got ${Array.isArray(input) ? `${input.length}` : describeValue(input)}`);
  }
  const ids = new Set<string>();
  return input.map((raw, i) => {
    const field = `badges[${i}]`;
    if (!isPlainObject(raw)) throw new GamificationError('invalid-badges', field, `must be { id, name, description, criterion }; got ${describeValue(raw)}`);
    const id = raw.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) throw new GamificationError('invalid-badge-id', `${field}.id`, `must be a slug of 1–64 letters, digits, _ or -; got ${describeValue(id)}`);
    if (ids.has(id)) throw new GamificationError('duplicate-badge-id', `${field}.id`, `"${id}" is already the id of another badge`);
    ids.add(id);
    const name = typeof raw.name === 'string' ? raw.name.trim() : '';
    if (name === '' || name.length > 80) throw new GamificationError('invalid-badge-name', `${field}.name`, `must be 1–80 characters; got ${describeValue(raw.name)}`);
    const description = raw.description === undefined || raw.description === null ? '' : raw.description;
    if (typeof description !== 'string' || description.length > 500) {
      throw new GamificationError('invalid-badges', `${field}.description`, `must be text of at most 500 characters; got ${describeValue(raw.description)}`);
    }
    return { id, name, description: description.trim(), criterion: parseCriterion(raw.criterion, `${field}.criterion`) };
  });
}

function parseCriterion(raw: unknown, field: string): BadgeCriterion {
  if (!isPlainObject(raw)) throw new GamificationError('invalid-criterion', field, `must be an object with a kind (${BADGE_CRITERION_KINDS.join(', ')}); got ${describeValue(raw)}`);
  const count = (key: string, min: number): number => {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > MAX_COUNT) {
      throw new GamificationError('invalid-criterion', `${field}.${key}`, `must be a whole number from ${min} to ${MAX_COUNT}; got ${describeValue(v)}`);
    }
    return v;
  };
  const course = (required: boolean): string | null => {
    const v = raw.courseId;
    if (!required && (v === undefined || v === null)) return null;
    if (typeof v !== 'string' || !ID_PATTERN.test(v)) throw new GamificationError('invalid-criterion', `${field}.courseId`, `must be a course documentId${required ? '' : ' or null'}; got ${describeValue(v)}`);
    return v;
  };
  switch (raw.kind) {
    case 'first-lesson':
      return { kind: 'first-lesson', courseId: course(false) };
    case 'courses-completed':
      return { kind: 'courses-completed', count: count('count', 1) };
    case 'perfect-quiz':
      return { kind: 'perfect-quiz', count: raw.count === undefined ? 1 : count('count', 1), courseId: course(false) };
    case 'streak':
      return { kind: 'streak', days: count('days', 2) };
    case 'points': {
      const v = raw.threshold;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new GamificationError('invalid-criterion', `${field}.threshold`, `must be a whole number of points ≥ 1; got ${describeValue(v)}`);
      return { kind: 'points', threshold: v };
    }
    case 'course-completed':
      return { kind: 'course-completed', courseId: course(true) as string };
    default:
      throw new GamificationError('invalid-criterion', `${field}.kind`, `must be one of ${BADGE_CRITERION_KINDS.join(', ')}; got ${describeValue(raw.kind)}`);
  }
}

/** What badges look at. The service can build it with two grouped counts over the facts table. */
export interface AchievementSummary {
  points: number;
  longestStreak: number;
  lessonsCompleted: number;
  perfectQuizzes: number;
  /** Distinct course documentIds, sorted. */
  coursesCompleted: string[];
  byCourse: Record<string, { lessonsCompleted: number; perfectQuizzes: number }>;
}

/** Summarises a learner's facts (deduplicated by key) with their points and longest streak. */
export function summariseAchievements(input: { facts: Iterable<Fact>; points: number; longestStreak: number }): AchievementSummary {
  const summary: AchievementSummary = { points: input.points, longestStreak: input.longestStreak, lessonsCompleted: 0, perfectQuizzes: 0, coursesCompleted: [], byCourse: {} };
  const courses = new Set<string>();
  const inCourse = (id: string) => (summary.byCourse[id] ??= { lessonsCompleted: 0, perfectQuizzes: 0 });
  for (const f of dedupeByKey(input.facts)) {
    if (f.kind === 'lesson-completed') {
      summary.lessonsCompleted += 1;
      inCourse(f.courseId).lessonsCompleted += 1;
    } else if (f.kind === 'quiz-perfect') {
      summary.perfectQuizzes += 1;
      inCourse(f.courseId).perfectQuizzes += 1;
    } else if (f.kind === 'course-completed') {
      courses.add(f.courseId);
    }
  }
  summary.coursesCompleted = [...courses].sort();
  return summary;
}

/**
 * The summary with newly stored facts and points added (`sign` 1) or taken out again (`sign` -1).
 * A batch of awards reads each learner's state once, after its inserts; taking the batch's own
 * rows out and adding them back one event at a time gives the summary each event would have seen
 * had it been awarded alone (services/awards.ts `awardMany`). The facts must be rows that were
 * actually inserted (distinct keys), so counting them is exact. Returns a new summary.
 */
export function adjustAchievements(summary: AchievementSummary, delta: { facts: readonly Fact[]; points: number }, sign: 1 | -1): AchievementSummary {
  const next: AchievementSummary = { ...summary, byCourse: {}, coursesCompleted: [...summary.coursesCompleted] };
  for (const [id, c] of Object.entries(summary.byCourse)) next.byCourse[id] = { ...c };
  next.points += sign * delta.points;
  const courses = new Set(next.coursesCompleted);
  const inCourse = (id: string) => (next.byCourse[id] ??= { lessonsCompleted: 0, perfectQuizzes: 0 });
  for (const f of delta.facts) {
    if (f.kind === 'lesson-completed') {
      next.lessonsCompleted += sign;
      inCourse(f.courseId).lessonsCompleted += sign;
    } else if (f.kind === 'quiz-perfect') {
      next.perfectQuizzes += sign;
      inCourse(f.courseId).perfectQuizzes += sign;
    } else if (f.kind === 'course-completed') {
      if (sign === 1) courses.add(f.courseId);
      else courses.delete(f.courseId);
    }
  }
  next.coursesCompleted = [...courses].sort();
  return next;
}

export interface BadgeProgress {
  badgeId: string;
  earned: boolean;
  /** Where the learner is and what the criterion asks, in the criterion's unit (lessons, days, points…). */
  current: number;
  target: number;
}

/** Progress towards one badge (for the dashboard's "2 of 3 courses"). */
export function badgeProgress(summary: AchievementSummary, badge: BadgeDefinition): BadgeProgress {
  const c = badge.criterion;
  const [current, target] = ((): [number, number] => {
    switch (c.kind) {
      case 'first-lesson':
        return [c.courseId === null ? summary.lessonsCompleted : (summary.byCourse[c.courseId]?.lessonsCompleted ?? 0), 1];
      case 'courses-completed':
        return [summary.coursesCompleted.length, c.count];
      case 'perfect-quiz':
        return [c.courseId === null ? summary.perfectQuizzes : (summary.byCourse[c.courseId]?.perfectQuizzes ?? 0), c.count];
      case 'streak':
        return [summary.longestStreak, c.days];
      case 'points':
        return [summary.points, c.threshold];
      case 'course-completed':
        return [summary.coursesCompleted.includes(c.courseId) ? 1 : 0, 1];
    }
  })();
  return { badgeId: badge.id, earned: current >= target, current: Math.min(current, target), target };
}

/**
 * The badges a summary earns, in definition order. Pure: store each with a unique
 * (learner, badge) constraint and treat the ones that were inserted as newly earned
 * (`newlyEarned`), which is what the site's toast shows.
 */
export function evaluateBadges(summary: AchievementSummary, badges: readonly BadgeDefinition[]): BadgeDefinition[] {
  return badges.filter((b) => badgeProgress(summary, b).earned);
}

/** Earned now but not before (ids), in definition order. */
export function newlyEarned(earned: readonly BadgeDefinition[], alreadyEarnedIds: Iterable<string>): BadgeDefinition[] {
  const before = new Set(alreadyEarnedIds);
  return earned.filter((b) => !before.has(b.id));
}
