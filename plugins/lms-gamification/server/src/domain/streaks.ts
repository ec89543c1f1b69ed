import { GamificationError, describeValue } from './errors';
import { type LocalDate, daysBetween, localDate } from './local-time';

/**
 * Visit streaks on the learner's own calendar (decision 023).
 *
 * A visit counts on its local date in the zone the learner had at that moment (stored on the
 * profile). Consecutive local dates extend the streak; DST needs no special case because dates
 * come from `Intl`, and a 23- or 25-hour day is still one date. When the learner changed zone
 * between two visits, the calendar itself can jump: flying east can swallow a date. So a gap of
 * two or more dates still continues the streak when, seen in either of the two zones alone,
 * the visits are at most one date apart. Flying west can repeat a date; a visit on a date not
 * after the last counted one changes nothing.
 *
 * The state is small and stored per learner (one row); `now` is always passed in.
 */
export interface StreakState {
  /** Days in the current run, counting `lastDay`. */
  length: number;
  /** Longest run ever (≥ length). */
  longest: number;
  /** First date of the current run, in the zone of the visit that started it. */
  startDay: LocalDate;
  /** Date of the last counted visit, in `lastTimeZone`. */
  lastDay: LocalDate;
  /** The visit that counted `lastDay` (later visits on the same date do not move it). ISO UTC. */
  lastVisitAt: string;
  lastTimeZone: string;
}

export interface Visit {
  at: Date;
  /** Canonical IANA zone (parseTimeZone) the learner had at `at`. */
  timeZone: string;
}

export type VisitOutcome =
  | { counted: true; day: LocalDate; state: StreakState; continued: boolean; brokeStreakOf: number }
  | { counted: false; reason: 'same-day' | 'earlier-than-last-visit'; day: LocalDate; state: StreakState };

/**
 * How many streak days lie between the last counted visit and an instant in `timeZone`:
 * 0 = same date (or earlier after flying west), 1 = the next date, ≥ 2 = a date was missed.
 */
function stepFrom(state: StreakState, at: Date, timeZone: string): number {
  const own = daysBetween(state.lastDay, localDate(at, timeZone));
  if (own <= 1 || timeZone === state.lastTimeZone) return Math.max(own, 0);
  const last = new Date(state.lastVisitAt);
  const inOld = daysBetween(localDate(last, state.lastTimeZone), localDate(at, state.lastTimeZone));
  const inNew = daysBetween(localDate(last, timeZone), localDate(at, timeZone));
  return Math.min(inOld, inNew) <= 1 ? 1 : own;
}

/** Applies one visit. Visits must be applied in time order; an earlier one is ignored. */
export function recordVisit(state: StreakState | null, visit: Visit): VisitOutcome {
  if (!(visit.at instanceof Date) || Number.isNaN(visit.at.getTime())) {
    throw new GamificationError('invalid-date', 'visit.at', `is not a valid instant: ${describeValue(String(visit.at))}`);
  }
  const day = localDate(visit.at, visit.timeZone);
  const at = visit.at.toISOString();
  if (state === null) {
    return { counted: true, day, continued: false, brokeStreakOf: 0, state: { length: 1, longest: 1, startDay: day, lastDay: day, lastVisitAt: at, lastTimeZone: visit.timeZone } };
  }
  if (visit.at.getTime() < Date.parse(state.lastVisitAt)) return { counted: false, reason: 'earlier-than-last-visit', day, state };
  const step = stepFrom(state, visit.at, visit.timeZone);
  if (step === 0) return { counted: false, reason: 'same-day', day, state };
  const continued = step === 1;
  const length = continued ? state.length + 1 : 1;
  return {
    counted: true,
    day,
    continued,
    brokeStreakOf: continued ? 0 : state.length,
    state: {
      length,
      longest: Math.max(state.longest, length),
      startDay: continued ? state.startDay : day,
      lastDay: day,
      lastVisitAt: at,
      lastTimeZone: visit.timeZone,
    },
  };
}

/**
 * Folds visits (any order; sorted by instant, then zone, so the result never depends on the
 * listing order) into a streak state; `null` when there are none.
 */
export function streakFromVisits(visits: readonly Visit[]): StreakState | null {
  const sorted = [...visits].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.timeZone < b.timeZone ? -1 : a.timeZone > b.timeZone ? 1 : 0));
  let state: StreakState | null = null;
  for (const v of sorted) state = recordVisit(state, v).state;
  return state;
}

export interface CurrentStreak {
  /** The streak as of `now`: 0 when it is broken (a date was missed). */
  length: number;
  longest: number;
  /** True when a visit today (learner's calendar) is already counted. */
  visitedToday: boolean;
  /** True when visiting today would extend it (alive but not yet counted today). */
  atRisk: boolean;
  startDay: LocalDate | null;
}

/** What the dashboard shows at `now`, with the learner's current zone. */
export function currentStreak(state: StreakState | null, now: Date, timeZone: string): CurrentStreak {
  if (state === null) return { length: 0, longest: 0, visitedToday: false, atRisk: false, startDay: null };
  const step = now.getTime() < Date.parse(state.lastVisitAt) ? 0 : stepFrom(state, now, timeZone);
  const alive = step <= 1;
  return {
    length: alive ? state.length : 0,
    longest: state.longest,
    visitedToday: step === 0,
    atRisk: step === 1,
    startDay: alive ? state.startDay : null,
  };
}
