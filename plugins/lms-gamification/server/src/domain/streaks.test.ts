import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gamificationErrorOf as errorOf } from '../testing/errors';
import { localDate } from './local-time';
import { type StreakState, type Visit, currentStreak, recordVisit, streakFromVisits } from './streaks';

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const AUCKLAND = 'Pacific/Auckland';

const v = (iso: string, timeZone: string): Visit => ({ at: new Date(iso), timeZone });

/** Applies visits in order (the clock is the visit instants) and returns what each did. */
function walk(visits: Visit[]): { outcomes: string[]; state: StreakState | null } {
  let state: StreakState | null = null;
  const outcomes: string[] = [];
  for (const visit of visits) {
    const o = recordVisit(state, visit);
    outcomes.push(o.counted ? `${o.day} #${o.state.length}` : `${o.day} ${o.reason}`);
    state = o.state;
  }
  return { outcomes, state };
}

describe('streaks in one zone', () => {
  it('consecutive dates extend, the same date does nothing, a missed date breaks', () => {
    const { outcomes, state } = walk([
      v('2026-05-04T09:00:00Z', LONDON),
      v('2026-05-04T20:00:00Z', LONDON),
      v('2026-05-05T07:00:00Z', LONDON),
      v('2026-05-06T22:00:00Z', LONDON),
      v('2026-05-08T10:00:00Z', LONDON),
    ]);
    expect(outcomes).toEqual(['2026-05-04 #1', '2026-05-04 same-day', '2026-05-05 #2', '2026-05-06 #3', '2026-05-08 #1']);
    expect(state).toMatchObject({ length: 1, longest: 3, startDay: '2026-05-08', lastDay: '2026-05-08' });
  });

  it('reports a broken streak', () => {
    const first = recordVisit(null, v('2026-05-04T09:00:00Z', LONDON));
    const o = recordVisit(recordVisit(first.state, v('2026-05-05T09:00:00Z', LONDON)).state, v('2026-05-09T09:00:00Z', LONDON));
    expect(o).toMatchObject({ counted: true, continued: false, brokeStreakOf: 2 });
  });

  it('names a bad zone instead of failing inside Intl', () => {
    expect(errorOf(() => recordVisit(null, v('2026-05-04T09:00:00Z', 'Mars/Base')))).toMatchObject({ code: 'invalid-time-zone', field: 'timeZone' });
    expect(errorOf(() => recordVisit(null, { at: new Date('nope'), timeZone: LONDON }))).toMatchObject({ code: 'invalid-date', field: 'visit.at' });
  });

  it('ignores a visit earlier than the last counted one (out of order)', () => {
    const s = recordVisit(null, v('2026-05-05T09:00:00Z', LONDON)).state;
    expect(recordVisit(s, v('2026-05-04T09:00:00Z', LONDON))).toMatchObject({ counted: false, reason: 'earlier-than-last-visit', state: s });
  });
});

describe('streaks across DST changes', () => {
  it('Europe/London spring forward: 23:30 GMT, then 23:30 BST 23 h later, then 00:15 BST 45 min later', () => {
    const { outcomes } = walk([
      v('2026-03-28T23:30:00Z', LONDON), // Sat 28 Mar 23:30 GMT
      v('2026-03-29T22:30:00Z', LONDON), // Sun 29 Mar 23:30 BST
      v('2026-03-29T23:15:00Z', LONDON), // Mon 30 Mar 00:15 BST (still the 29th in UTC)
    ]);
    expect(outcomes).toEqual(['2026-03-28 #1', '2026-03-29 #2', '2026-03-30 #3']);
  });

  it('Europe/London fall back: visits 48 h 15 min apart on consecutive dates keep the streak', () => {
    const { outcomes } = walk([
      v('2026-10-23T23:30:00Z', LONDON), // Sat 24 Oct 00:30 BST
      v('2026-10-25T23:45:00Z', LONDON), // Sun 25 Oct 23:45 GMT (a 25-hour day)
    ]);
    expect(outcomes).toEqual(['2026-10-24 #1', '2026-10-25 #2']);
  });

  it('America/New_York fall back: 00:10 EDT and 23:50 EST are 25 h 40 min apart and the same date', () => {
    const { outcomes } = walk([
      v('2026-11-01T04:10:00Z', NEW_YORK), // Sun 1 Nov 00:10 EDT
      v('2026-11-02T04:50:00Z', NEW_YORK), // Sun 1 Nov 23:50 EST
      v('2026-11-02T05:05:00Z', NEW_YORK), // Mon 2 Nov 00:05 EST
    ]);
    expect(outcomes).toEqual(['2026-11-01 #1', '2026-11-01 same-day', '2026-11-02 #2']);
  });

  it('America/New_York spring forward: 23:30 EST then 23:30 EDT 23 h later', () => {
    const { outcomes } = walk([v('2026-03-08T04:30:00Z', NEW_YORK), v('2026-03-09T03:30:00Z', NEW_YORK)]);
    expect(outcomes).toEqual(['2026-03-07 #1', '2026-03-08 #2']);
  });

  it('Pacific/Auckland: dates a day ahead of UTC, through the end of DST, with the clock passed in', () => {
    const { outcomes, state } = walk([
      v('2026-04-03T19:00:00Z', AUCKLAND), // Sat 4 Apr 08:00 NZDT (Friday in UTC)
      v('2026-04-04T20:00:00Z', AUCKLAND), // Sun 5 Apr 08:00 NZST (clocks went back at 03:00)
      v('2026-04-05T12:30:00Z', AUCKLAND), // Mon 6 Apr 00:30 NZST
    ]);
    expect(outcomes).toEqual(['2026-04-04 #1', '2026-04-05 #2', '2026-04-06 #3']);
    // Tuesday 7 April ends at 12:00 UTC: alive (at risk) one minute before, broken at midnight.
    expect(currentStreak(state, new Date('2026-04-06T11:00:00Z'), AUCKLAND)).toMatchObject({ length: 3, visitedToday: true, atRisk: false });
    expect(currentStreak(state, new Date('2026-04-07T11:59:00Z'), AUCKLAND)).toMatchObject({ length: 3, visitedToday: false, atRisk: true, startDay: '2026-04-04' });
    expect(currentStreak(state, new Date('2026-04-07T12:00:00Z'), AUCKLAND)).toMatchObject({ length: 0, longest: 3, atRisk: false, startDay: null });
  });

  it('a fixed UTC offset would get these wrong (the tests above are not trivially true)', () => {
    // Same UTC date, different local dates, and vice versa.
    expect(localDate('2026-03-29T22:30:00Z', LONDON)).not.toBe(localDate('2026-03-29T23:15:00Z', LONDON));
    expect(localDate('2026-11-01T04:10:00Z', NEW_YORK)).toBe(localDate('2026-11-02T04:50:00Z', NEW_YORK));
  });
});

describe('streaks when the learner changes time zone', () => {
  it('New York to London, one evening each: consecutive dates continue', () => {
    const { outcomes } = walk([
      v('2026-06-02T00:00:00Z', NEW_YORK), // Mon 1 Jun 20:00 EDT
      v('2026-06-02T18:00:00Z', LONDON), // Tue 2 Jun 19:00 BST
    ]);
    expect(outcomes).toEqual(['2026-06-01 #1', '2026-06-02 #2']);
  });

  it('flying east across the date line swallows a date: still a streak when no date was missed in one of the zones', () => {
    const { outcomes } = walk([
      v('2026-06-02T03:00:00Z', NEW_YORK), // Mon 1 Jun 23:00 EDT
      v('2026-06-02T21:00:00Z', AUCKLAND), // Wed 3 Jun 09:00 NZST = Tue 17:00 in New York
    ]);
    expect(outcomes).toEqual(['2026-06-01 #1', '2026-06-03 #2']);
  });

  it('a missed date is missed in every zone: switching zones does not rescue it', () => {
    const { outcomes } = walk([
      v('2026-06-01T08:00:00Z', LONDON), // Mon 09:00 BST (Mon 20:00 in Auckland)
      v('2026-06-03T08:00:00Z', AUCKLAND), // Wed 20:00 NZST = Wed 09:00 in London
    ]);
    expect(outcomes).toEqual(['2026-06-01 #1', '2026-06-03 #1']);
  });

  it('flying west repeats dates: they count once', () => {
    const { outcomes, state } = walk([
      v('2026-06-01T13:00:00Z', AUCKLAND), // Tue 2 Jun 01:00 NZST
      v('2026-06-01T14:00:00Z', NEW_YORK), // Mon 1 Jun 10:00 EDT: an earlier date
      v('2026-06-02T14:00:00Z', NEW_YORK), // Tue 2 Jun 10:00 EDT: Tuesday again
      v('2026-06-03T14:00:00Z', NEW_YORK), // Wed 3 Jun
    ]);
    expect(outcomes).toEqual(['2026-06-02 #1', '2026-06-01 same-day', '2026-06-02 same-day', '2026-06-03 #2']);
    expect(state).toMatchObject({ lastTimeZone: NEW_YORK, startDay: '2026-06-02' });
  });

  it('currentStreak looks at the zone the learner has now', () => {
    const { state } = walk([v('2026-06-02T03:00:00Z', NEW_YORK)]); // Mon 1 Jun 23:00 EDT
    // Tue 2 Jun 21:00 UTC: Wednesday in Auckland, still Tuesday in New York → alive, not yet counted.
    expect(currentStreak(state, new Date('2026-06-02T21:00:00Z'), AUCKLAND)).toMatchObject({ length: 1, atRisk: true });
    expect(currentStreak(state, new Date('2026-06-04T05:00:00Z'), AUCKLAND)).toMatchObject({ length: 0 });
  });
});

describe('streakFromVisits', () => {
  it('is empty without visits', () => {
    expect(streakFromVisits([])).toBeNull();
    expect(currentStreak(null, new Date(), LONDON)).toEqual({ length: 0, longest: 0, visitedToday: false, atRisk: false, startDay: null });
  });

  it('gives the same state whatever order the visits are listed in, and counts distinct dates', () => {
    const zones = [LONDON, NEW_YORK, AUCKLAND];
    // Hours over 40 days: collisions (same instant, two zones) happen and must not matter.
    const visitArb = fc.record({ hour: fc.integer({ min: 0, max: 24 * 40 }), zone: fc.constantFrom(...zones) });
    fc.assert(
      fc.property(fc.array(visitArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 2 }), (raw, z) => {
        const visits = raw.map((r) => v(new Date(Date.UTC(2026, 2, 20) + r.hour * 3_600_000).toISOString(), r.zone));
        const state = streakFromVisits(visits);
        expect(streakFromVisits([...visits].reverse())).toEqual(state);
        // In one zone only, the length never exceeds the number of distinct local dates.
        const oneZone = visits.map((x) => ({ ...x, timeZone: zones[z] as string }));
        const s1 = streakFromVisits(oneZone) as StreakState;
        expect(s1.longest).toBeLessThanOrEqual(new Set(oneZone.map((x) => localDate(x.at, x.timeZone))).size);
        expect(s1.longest).toBeGreaterThanOrEqual(s1.length);
      }),
      { numRuns: 150 },
    );
  });

  it('in one zone, equals counting the run of consecutive dates ending at the last one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 30 }), fc.constantFrom(LONDON, NEW_YORK, AUCKLAND), (days, zone) => {
        // One visit on each chosen day (spanning the March DST changes); the reference below
        // works on the local dates themselves.
        const visits = days.map((d) => v(new Date(Date.UTC(2026, 2, 1 + d, 12)).toISOString(), zone));
        const dates = [...new Set(visits.map((x) => localDate(x.at, zone)))].sort();
        let run = 1;
        for (let i = dates.length - 1; i > 0; i -= 1) {
          if (Date.parse(dates[i] as string) - Date.parse(dates[i - 1] as string) === 86_400_000) run += 1;
          else break;
        }
        expect(streakFromVisits(visits)?.length).toBe(run);
      }),
      { numRuns: 150 },
    );
  });
});
