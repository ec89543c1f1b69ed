/**
 * The quiz load model (pure, seeded). A learner starts the attempt, then for each question thinks
 * 30–90 s and autosaves the answer, then reviews for 2–10 s and submits: 22 requests per learner,
 * each sent once the previous one was answered and the learner has thought (a closed loop per
 * learner, like a person at a keyboard; latency counts from the planned send time).
 *
 * Time scale: every think and review time is divided by `timeScale`. Scaling time by k shortens
 * each session k-fold and multiplies the request rate k-fold: k = 1 is the real world (500
 * learners × 22 requests over ~20 minutes ≈ 9.1 req/s, 8.3 of them autosaves); k = 4 replays it
 * in ~6 minutes at ~36 req/s. A scaled run therefore applies at least the real-world rate.
 */

export const REAL_THINK_SECONDS = { min: 30, max: 90 } as const;
/** After the last answer, before pressing Submit. */
export const REAL_REVIEW_SECONDS = { min: 2, max: 10 } as const;
/** Learners' skills (chance of answering a question right) spread over this range. */
export const SKILL = { min: 0.45, max: 0.95 } as const;

const mean = (r: { min: number; max: number }) => (r.min + r.max) / 2;

export interface SessionPlan {
  /** Index of the learner (into the list of benchmark learners). */
  learner: number;
  /** When the learner starts the attempt, ms after the load's start. */
  startMs: number;
  /** Think time before each answer, ms (already scaled). */
  thinkMs: number[];
  /** Review time between the last answer and Submit, ms (already scaled). */
  reviewMs: number;
  /** Chance of answering a question right. */
  skill: number;
  /** Seed of the learner's own choices (which wrong answer, and so on). */
  seed: number;
}

/**
 * Learners open the quiz over this many (real) seconds: a class sitting a scheduled test drifts in
 * over a few minutes. Every learner is then in the quiz until the first finishes (~16 minutes of
 * real time later). An exam-hall rush (all 500 starting within seconds) would be another
 * benchmark: it measures the start route alone, at a rate 20 times this one.
 */
export const REAL_RAMP_SECONDS = 240;

/** One session per learner; starts evenly spread over the ramp (scaled like every other time). */
export function planSessions(opts: { learners: number; questions: number; timeScale: number; random: () => number; rampSeconds?: number }): SessionPlan[] {
  const { learners, questions, timeScale, random } = opts;
  if (!(timeScale >= 1)) throw new Error(`time scale must be at least 1 (the real world), got ${timeScale}`);
  const uniformMs = (r: { min: number; max: number }) => ((r.min + random() * (r.max - r.min)) * 1000) / timeScale;
  const rampMs = ((opts.rampSeconds ?? REAL_RAMP_SECONDS) * 1000) / timeScale;
  return Array.from({ length: learners }, (_, learner) => ({
    learner,
    startMs: Math.round((learner * rampMs) / Math.max(1, learners)),
    thinkMs: Array.from({ length: questions }, () => Math.round(uniformMs(REAL_THINK_SECONDS))),
    reviewMs: Math.round(uniformMs(REAL_REVIEW_SECONDS)),
    skill: SKILL.min + random() * (SKILL.max - SKILL.min),
    seed: Math.floor(random() * 2 ** 31),
  }));
}

export interface RateModel {
  requestsPerLearner: number;
  /** Mean length of one learner's session, seconds (at this time scale, without server time). */
  meanSessionSeconds: number;
  /** Requests per second while every learner is in the quiz. */
  steadyPerSecond: number;
  /** Of which autosaves. */
  savesPerSecond: number;
}

/** The rate the model applies in its steady state (all learners taking the quiz). */
export function rateModel(learners: number, questions: number, timeScale: number): RateModel {
  const meanSessionSeconds = (questions * mean(REAL_THINK_SECONDS) + mean(REAL_REVIEW_SECONDS)) / timeScale;
  const requestsPerLearner = questions + 2;
  return {
    requestsPerLearner,
    meanSessionSeconds,
    steadyPerSecond: (learners * requestsPerLearner) / meanSessionSeconds,
    savesPerSecond: (learners * questions) / meanSessionSeconds,
  };
}

/** The densest stretch of `windowMs` among send times (epoch ms): where it starts and how many fall in it. */
export function busiestWindow(times: readonly number[], windowMs: number): { startAt: number; count: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let best = { startAt: sorted[0] ?? 0, count: 0 };
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i] as number;
    while (j < sorted.length && (sorted[j] as number) < start + windowMs) j++;
    if (j - i > best.count) best = { startAt: start, count: j - i };
  }
  return best;
}

/** Requests per second between two instants (epoch ms), counting those planned inside. */
export function rateBetween(times: readonly number[], from: number, to: number): number {
  if (!(to > from)) return Number.NaN;
  return times.filter((t) => t >= from && t <= to).length / ((to - from) / 1000);
}
