import { GamificationError, describeValue } from './errors';

/**
 * Civil dates in an IANA time zone, with nothing but `Intl.DateTimeFormat` (the tz database that
 * ships with Node's ICU) and integer day arithmetic. The rule everywhere: an instant becomes a
 * local date through `Intl` (which knows every DST change and every offset the zone ever had);
 * from then on we only count days on the proleptic Gregorian calendar, where every day is a day
 * and DST does not exist. No fixed offsets, no "add 24 hours".
 */

/** `YYYY-MM-DD`, a date on the learner's (or the platform's) wall calendar. */
export type LocalDate = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        calendar: 'gregory',
        numberingSystem: 'latn',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
    } catch {
      // Zones are checked with parseTimeZone where they enter; this is a stored value gone bad.
      throw new GamificationError('invalid-time-zone', 'timeZone', `${describeValue(timeZone)} is not an IANA time zone`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Checks an IANA zone name and returns its canonical spelling (`europe/london` → `Europe/London`).
 * Store the result on the learner's profile; everything else here assumes a valid zone.
 */
export function parseTimeZone(value: unknown, field = 'timeZone'): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 64) {
    throw new GamificationError('invalid-time-zone', field, `must be an IANA time zone name such as "Europe/London"; got ${describeValue(value)}`);
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value.trim() }).resolvedOptions().timeZone;
  } catch {
    throw new GamificationError('invalid-time-zone', field, `${describeValue(value)} is not an IANA time zone; use a name such as "Europe/London" or "America/New_York"`);
  }
}

function toMillis(instant: Date | string, field: string): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new GamificationError('invalid-date', field, `is not a valid instant: ${describeValue(String(instant))}`);
  return ms;
}

const US_NUMERIC_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{1,6})$/;

/** The local calendar date of an instant in a zone. */
export function localDate(instant: Date | string, timeZone: string): LocalDate {
  const ms = toMillis(instant, 'instant');
  const f = formatterFor(timeZone);
  // Fast path (≈5× cheaper than formatToParts, and this is on every award): en-US numeric is
  // "M/D/YYYY". Should an ICU update ever change that shape, the parts path below still answers.
  const m = US_NUMERIC_DATE.exec(f.format(ms));
  if (m) return formatDate(Number(m[3]), Number(m[1]), Number(m[2]));
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of f.formatToParts(ms)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  return formatDate(year, month, day);
}

function formatDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

// Proleptic Gregorian day numbers by integer arithmetic (H. Hinnant's days_from_civil and
// civil_from_days): no Date objects on the award hot path.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(n: number): [year: number, month: number, day: number] {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a civil date (pure calendar arithmetic; the zone is already applied). */
export function dayNumber(date: LocalDate): number {
  const m = DATE_PATTERN.exec(date);
  if (!m) throw new GamificationError('invalid-date', 'date', `must be YYYY-MM-DD; got ${describeValue(date)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new GamificationError('invalid-date', 'date', `${date} is not a calendar date`);
  return daysFromCivil(year, month, day);
}

export function fromDayNumber(n: number): LocalDate {
  const [year, month, day] = civilFromDays(n);
  return formatDate(year, month, day);
}

/** Whole calendar days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** ISO 8601 week of a civil date: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: LocalDate): { year: number; week: number } {
  const n = dayNumber(date);
  // 1970-01-01 was a Thursday: ISO weekday 1 = Monday … 7 = Sunday.
  const weekday = ((((n + 3) % 7) + 7) % 7) + 1;
  const thursday = n - weekday + 4;
  const year = civilFromDays(thursday)[0];
  return { year, week: Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1 };
}

export type LeaderboardPeriod = 'all' | 'week' | 'month';
export const LEADERBOARD_PERIODS: readonly LeaderboardPeriod[] = ['all', 'week', 'month'];

/** `all`, `week:2026-W13` or `month:2026-03`: the period an instant falls in, in `timeZone`. */
export type PeriodKey = string;

export function periodKeyOfDate(date: LocalDate, period: LeaderboardPeriod): PeriodKey {
  if (period === 'all') return 'all';
  if (period === 'month') return `month:${date.slice(0, 7)}`;
  const { year, week } = isoWeek(date);
  return `week:${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

export function periodKey(instant: Date | string, period: LeaderboardPeriod, timeZone: string): PeriodKey {
  return period === 'all' ? 'all' : periodKeyOfDate(localDate(instant, timeZone), period);
}

/** The week and month keys of one instant with a single `Intl` call (the award hot path). */
export function periodKeys(instant: Date | string, timeZone: string): { week: PeriodKey; month: PeriodKey } {
  const date = localDate(instant, timeZone);
  return { week: periodKeyOfDate(date, 'week'), month: periodKeyOfDate(date, 'month') };
}

const WEEK_KEY = /^week:(\d{4})-W(\d{2})$/;
const MONTH_KEY = /^month:(\d{4})-(\d{2})$/;

/** First and last civil date of a period key (inclusive). */
export function periodDates(key: PeriodKey): { first: LocalDate; last: LocalDate } {
  const w = WEEK_KEY.exec(key);
  if (w) {
    const year = Number(w[1]);
    const week = Number(w[2]);
    // The Monday of week 1 is the Monday on or before 4 January.
    const jan4 = dayNumber(formatDate(year, 1, 4));
    const jan4Weekday = ((((jan4 + 3) % 7) + 7) % 7) + 1;
    const monday = jan4 - (jan4Weekday - 1) + (week - 1) * 7;
    const first = fromDayNumber(monday);
    if (week < 1 || isoWeek(first).year !== year || isoWeek(first).week !== week) {
      throw new GamificationError('invalid-period', 'period', `${key} is not an ISO week`);
    }
    return { first, last: fromDayNumber(monday + 6) };
  }
  const m = MONTH_KEY.exec(key);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new GamificationError('invalid-period', 'period', `${key} is not a month`);
    const first = formatDate(year, month, 1);
    return { first, last: formatDate(year, month, daysInMonth(year, month)) };
  }
  throw new GamificationError('invalid-period', 'period', `${describeValue(key)} is not a period key; expected week:YYYY-Www or month:YYYY-MM`);
}

/**
 * The first instant whose local date in `timeZone` is `date` or later. Usually local midnight;
 * in zones that skip midnight for DST it is the first instant that exists on that date.
 * Found by bisection over a window wider than any UTC offset, so no offset is assumed.
 */
export function startOfLocalDate(date: LocalDate, timeZone: string): Date {
  const utcMidnight = dayNumber(date) * MS_PER_DAY;
  let lo = utcMidnight - 15 * 3_600_000; // local date is certainly earlier here (offsets ≤ +14 h)
  let hi = utcMidnight + 13 * 3_600_000; // and certainly reached here (offsets ≥ −12 h)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(new Date(mid), timeZone) >= date) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** Instants bounding a week or month in a zone: `start` inclusive, `end` exclusive. */
export function periodBounds(key: PeriodKey, timeZone: string): { start: Date; end: Date } {
  const { first, last } = periodDates(key);
  return { start: startOfLocalDate(first, timeZone), end: startOfLocalDate(addDays(last, 1), timeZone) };
}
