import { daysBetween } from './time';

/** A series over consecutive days: every day of the range present, missing days as 0. */
export function fillDays(from: string, to: string, rows: ReadonlyArray<{ day: string; value: number }>): Array<{ day: string; value: number }> {
  const byDay = new Map<string, number>();
  for (const r of rows) byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.value);
  return daysBetween(from, to).map((day) => ({ day, value: byDay.get(day) ?? 0 }));
}

/** `part / whole` in basis points (0–10000), rounded down; 0 when `whole` is 0. */
export function basisPoints(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.floor((Math.min(part, whole) * 10_000) / whole);
}

export interface FunnelStep {
  lessonId: string;
  title: string;
  position: number;
  completed: number;
  /** Of the course's learners (enrollments ever granted), basis points. */
  reachedBp: number;
  /** Learners who completed the previous lesson but not this one (never negative). */
  dropFromPrevious: number;
}

/**
 * The completion funnel: each lesson in course order with how many learners completed it, the
 * share of the course's learners that is, and how many stopped between it and the previous one.
 * Lessons completed out of order can make a later step larger; the drop is then 0, not negative.
 */
export function completionFunnel(
  lessons: ReadonlyArray<{ lessonId: string; title: string }>,
  completions: ReadonlyMap<string, number>,
  learners: number,
): FunnelStep[] {
  let previous = learners;
  return lessons.map((l, i) => {
    const completed = completions.get(l.lessonId) ?? 0;
    const step = { lessonId: l.lessonId, title: l.title, position: i + 1, completed, reachedBp: basisPoints(completed, learners), dropFromPrevious: Math.max(0, previous - completed) };
    previous = completed;
    return step;
  });
}

/** The lesson where most learners stop (largest drop), or null when nobody stopped. */
export function biggestDrop(steps: readonly FunnelStep[]): FunnelStep | null {
  let worst: FunnelStep | null = null;
  for (const s of steps) if (s.dropFromPrevious > 0 && (!worst || s.dropFromPrevious > worst.dropFromPrevious)) worst = s;
  return worst;
}

/** A mean score in basis points of the maximum (score sums over max sums, the grader's points). */
export function averageScoreBp(scoreSum: number, maxSum: number): number | null {
  if (maxSum <= 0) return null;
  return Math.round((scoreSum * 10_000) / maxSum);
}
