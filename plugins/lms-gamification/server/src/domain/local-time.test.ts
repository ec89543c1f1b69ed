import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gamificationErrorOf as errorOf } from '../testing/errors';
import {
  addDays,
  dayNumber,
  daysBetween,
  fromDayNumber,
  isoWeek,
  localDate,
  parseTimeZone,
  periodBounds,
  periodDates,
  periodKey,
  periodKeyOfDate,
  startOfLocalDate,
} from './local-time';

const HOUR = 3_600_000;


describe('parseTimeZone', () => {
  it('returns the canonical IANA name', () => {
    expect(parseTimeZone('europe/london')).toBe('Europe/London');
    expect(parseTimeZone(' America/New_York ')).toBe('America/New_York');
    expect(parseTimeZone('Pacific/Auckland')).toBe('Pacific/Auckland');
    expect(parseTimeZone('UTC')).toBe('UTC');
  });

  it('names the field for unknown zones and non-strings', () => {
    expect(errorOf(() => parseTimeZone('Mars/Olympus_Mons', 'profile.timeZone'))).toMatchObject({ code: 'invalid-time-zone', field: 'profile.timeZone' });
    expect(errorOf(() => parseTimeZone('Mars/Olympus_Mons')).message).toContain('"Mars/Olympus_Mons" is not an IANA time zone');
    expect(errorOf(() => parseTimeZone(''))).toMatchObject({ code: 'invalid-time-zone', field: 'timeZone' });
    expect(errorOf(() => parseTimeZone(42))).toMatchObject({ code: 'invalid-time-zone' });
  });
});

describe('localDate across DST changes', () => {
  it('Europe/London: spring forward on 2026-03-29 01:00 UTC', () => {
    expect(localDate('2026-03-29T00:59:59Z', 'Europe/London')).toBe('2026-03-29'); // 00:59 GMT
    expect(localDate('2026-03-29T22:59:59Z', 'Europe/London')).toBe('2026-03-29'); // 23:59 BST
    expect(localDate('2026-03-29T23:00:00Z', 'Europe/London')).toBe('2026-03-30'); // 00:00 BST: a 23-hour day ended
  });

  it('Europe/London: fall back on 2026-10-25 01:00 UTC', () => {
    expect(localDate('2026-10-24T23:00:00Z', 'Europe/London')).toBe('2026-10-25'); // 00:00 BST
    expect(localDate('2026-10-25T23:59:59Z', 'Europe/London')).toBe('2026-10-25'); // 23:59 GMT: a 25-hour day
    expect(localDate('2026-10-26T00:00:00Z', 'Europe/London')).toBe('2026-10-26');
  });

  it('America/New_York: 2026-03-08 (23 h) and 2026-11-01 (25 h)', () => {
    expect(localDate('2026-03-08T04:59:59Z', 'America/New_York')).toBe('2026-03-07'); // 23:59 EST
    expect(localDate('2026-03-08T05:00:00Z', 'America/New_York')).toBe('2026-03-08');
    expect(localDate('2026-03-09T03:59:59Z', 'America/New_York')).toBe('2026-03-08'); // 23:59 EDT
    expect(localDate('2026-11-01T04:00:00Z', 'America/New_York')).toBe('2026-11-01'); // 00:00 EDT
    expect(localDate('2026-11-02T04:59:59Z', 'America/New_York')).toBe('2026-11-01'); // 23:59 EST
  });

  it('Pacific/Auckland: ahead of UTC by a calendar day, DST ends 2026-04-05', () => {
    expect(localDate('2026-04-04T10:59:59Z', 'Pacific/Auckland')).toBe('2026-04-04'); // 23:59 NZDT
    expect(localDate('2026-04-04T11:00:00Z', 'Pacific/Auckland')).toBe('2026-04-05');
    expect(localDate('2026-04-05T11:59:59Z', 'Pacific/Auckland')).toBe('2026-04-05'); // 23:59 NZST
    expect(localDate('2026-04-05T12:00:00Z', 'Pacific/Auckland')).toBe('2026-04-06');
  });

  it('agrees with an independent Intl reading for random instants in many zones', () => {
    const zones = ['Europe/London', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Santiago', 'UTC'];
    const oracles = new Map(zones.map((z) => [z, new Intl.DateTimeFormat('en-GB', { timeZone: z, year: 'numeric', month: '2-digit', day: '2-digit' })]));
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2080, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const parts = Object.fromEntries((oracles.get(zone) as Intl.DateTimeFormat).formatToParts(ms).map((p) => [p.type, p.value]));
        expect(localDate(new Date(ms), zone)).toBe(`${parts.year}-${parts.month}-${parts.day}`);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects an invalid instant with the field', () => {
    expect(errorOf(() => localDate('yesterday', 'UTC'))).toMatchObject({ code: 'invalid-date', field: 'instant' });
  });
});

describe('calendar arithmetic', () => {
  it('counts days on the calendar, not in hours', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2028-03-01', '2028-02-28')).toBe(-2); // leap year
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(fromDayNumber(dayNumber('1999-12-31'))).toBe('1999-12-31');
  });

  it('day numbers agree with Date.UTC for any date from 1600 to 2400', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1600, 0, 1) / 86_400_000, max: Date.UTC(2400, 11, 31) / 86_400_000 }), (n) => {
        const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(fromDayNumber(n)).toBe(iso);
        expect(dayNumber(iso)).toBe(n);
      }),
      { numRuns: 2000 },
    );
    expect(dayNumber('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / 86_400_000);
  });

  it('rejects dates that do not exist', () => {
    expect(errorOf(() => dayNumber('1900-02-29'))).toMatchObject({ code: 'invalid-date' });
    expect(errorOf(() => dayNumber('2026-04-31'))).toMatchObject({ code: 'invalid-date' });
    expect(errorOf(() => dayNumber('2026-00-10'))).toMatchObject({ code: 'invalid-date' });
    expect(errorOf(() => dayNumber('2026-02-30'))).toMatchObject({ code: 'invalid-date' });
    expect(errorOf(() => dayNumber('26-1-1'))).toMatchObject({ code: 'invalid-date' });
  });
});

describe('ISO weeks and months', () => {
  it('numbers weeks as ISO 8601 does at year boundaries', () => {
    expect(isoWeek('2026-01-01')).toEqual({ year: 2026, week: 1 }); // a Thursday
    expect(isoWeek('2026-12-31')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-03')).toEqual({ year: 2026, week: 53 }); // Sunday of 2026's week 53
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 });
    expect(isoWeek('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 }); // Monday belongs to next year's week 1
    expect(periodKeyOfDate('2024-12-30', 'week')).toBe('week:2025-W01');
    expect(periodKeyOfDate('2024-12-30', 'month')).toBe('month:2024-12');
  });

  it('a week key spans Monday to Sunday and contains its date (any date)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2100-12-31') }), (n) => {
        const date = fromDayNumber(n);
        const { first, last } = periodDates(periodKeyOfDate(date, 'week'));
        expect(daysBetween(first, last)).toBe(6);
        expect(first <= date && date <= last).toBe(true);
        expect(new Date(`${first}T00:00:00Z`).getUTCDay()).toBe(1);
        const month = periodDates(periodKeyOfDate(date, 'month'));
        expect(month.first.slice(0, 7)).toBe(date.slice(0, 7));
        expect(addDays(month.last, 1).slice(8)).toBe('01');
      }),
      { numRuns: 300 },
    );
  });

  it('puts an instant in the period of its date in the chosen zone', () => {
    // Sunday 29 March 23:30 UTC is already Monday 30 March in London (BST).
    expect(periodKey('2026-03-29T23:30:00Z', 'week', 'UTC')).toBe('week:2026-W13');
    expect(periodKey('2026-03-29T23:30:00Z', 'week', 'Europe/London')).toBe('week:2026-W14');
    expect(periodKey('2026-01-31T12:00:00Z', 'month', 'Pacific/Auckland')).toBe('month:2026-02');
    expect(periodKey('2026-01-31T12:00:00Z', 'month', 'America/New_York')).toBe('month:2026-01');
    expect(periodKey('2026-01-31T12:00:00Z', 'all', 'America/New_York')).toBe('all');
  });

  it('rejects keys that are not weeks or months', () => {
    expect(errorOf(() => periodDates('week:2026-W54'))).toMatchObject({ code: 'invalid-period' });
    expect(errorOf(() => periodDates('week:2025-W53'))).toMatchObject({ code: 'invalid-period' }); // 2025 has 52 weeks
    expect(errorOf(() => periodDates('month:2026-13'))).toMatchObject({ code: 'invalid-period' });
    expect(errorOf(() => periodDates('fortnight:2026-1'))).toMatchObject({ code: 'invalid-period', field: 'period' });
  });
});

describe('period bounds in a zone', () => {
  it('a London week with the spring change is 167 hours long', () => {
    const { start, end } = periodBounds('week:2026-W13', 'Europe/London');
    expect(start.toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect((end.getTime() - start.getTime()) / HOUR).toBe(167);
  });

  it('November in New York starts in EDT and ends in EST', () => {
    const { start, end } = periodBounds('month:2026-11', 'America/New_York');
    expect(start.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(end.toISOString()).toBe('2026-12-01T05:00:00.000Z');
  });

  it('Auckland days of 25 and 23 hours', () => {
    expect((startOfLocalDate('2026-04-06', 'Pacific/Auckland').getTime() - startOfLocalDate('2026-04-05', 'Pacific/Auckland').getTime()) / HOUR).toBe(25);
    expect((startOfLocalDate('2026-09-28', 'Pacific/Auckland').getTime() - startOfLocalDate('2026-09-27', 'Pacific/Auckland').getTime()) / HOUR).toBe(23);
  });

  it('where midnight does not exist, a day starts at its first instant (Santiago, 2026-09-06 00:00 → 01:00)', () => {
    const start = startOfLocalDate('2026-09-06', 'America/Santiago');
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z'); // 01:00 -03
    expect(localDate(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
  });
});
