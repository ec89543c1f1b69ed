/**
 * Who is enrolled where and how far each learner got (pure, seeded): most learners take a few
 * courses, free ones more often than paid ones; a quarter have not started a course, a few have
 * finished it, the rest are somewhere in between.
 */
import { pickOne } from '../lib/work';
import type { PricingModel } from './plan-courses';

export interface EnrollmentPlan {
  /** Index of the course in the course plan. */
  course: number;
  /** Lessons to complete, in outline order, through the lesson-completion service. */
  lessonsToComplete: number;
}

/** How many courses a learner takes: 1–6, three or four most often. */
const COURSES_PER_LEARNER = [1, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 2, 4];
const POPULARITY: Record<PricingModel, number> = { free: 3, one_time: 2, subscription: 1.5 };

/** Picks `count` distinct indexes with probabilities proportional to `weights`. */
export function weightedSample(weights: readonly number[], count: number, random: () => number): number[] {
  const left = weights.map((w, i) => ({ i, w }));
  const chosen: number[] = [];
  while (chosen.length < count && left.length > 0) {
    const total = left.reduce((sum, x) => sum + x.w, 0);
    let r = random() * total;
    let at = left.findIndex((x) => (r -= x.w) < 0);
    if (at < 0) at = left.length - 1;
    chosen.push((left[at] as { i: number }).i);
    left.splice(at, 1);
  }
  return chosen;
}

/** Lessons completed in one enrollment: none (25 %), a few (35 %), a good part (28 %), all (12 %). */
export function lessonsCompleted(lessonsPerCourse: number, random: () => number): number {
  const r = random();
  const between = (lo: number, hi: number) => Math.min(lessonsPerCourse, lo + Math.floor(random() * (Math.max(hi, lo) - lo + 1)));
  if (r < 0.25) return 0;
  if (r < 0.6) return between(1, Math.min(4, lessonsPerCourse));
  if (r < 0.88) return between(Math.min(5, lessonsPerCourse), Math.max(5, lessonsPerCourse - 6));
  return lessonsPerCourse;
}

export function planEnrollments(
  learners: number,
  courses: ReadonlyArray<{ pricingModel: PricingModel }>,
  lessonsPerCourse: number,
  random: () => number,
): EnrollmentPlan[][] {
  const weights = courses.map((c) => POPULARITY[c.pricingModel]);
  return Array.from({ length: learners }, () => {
    const count = Math.min(courses.length, pickOne(random, COURSES_PER_LEARNER));
    return weightedSample(weights, count, random).map((course) => ({ course, lessonsToComplete: lessonsCompleted(lessonsPerCourse, random) }));
  });
}
