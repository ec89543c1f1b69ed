import { AnalyticsError } from './errors';

/** `YYYY-MM-DD` (UTC) of an instant. Days and months are UTC across the dashboards. */
export const dayOf = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);
export const monthOf = (at: Date | string): string => new Date(at).toISOString().slice(0, 7);

const DAY_MS = 86_400_000;

/** The start of the window "the last `days` days" ending at `now` (a rolling window, not calendar days). */
export const windowStart = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY_MS);

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a `from`/`to` day of a query; `field` is named in the error. */
export function parseDay(value: string, field: string): string {
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || dayOf(`${value}T00:00:00Z`) !== value) {
    throw new AnalyticsError('invalid-range', field, `expected a calendar day YYYY-MM-DD, such as 2026-03-01; got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Every day from `from` to `to` inclusive (at most `max` days, else an error naming `to`). */
export function daysBetween(from: string, to: string, max = 400): string[] {
  const start = Date.parse(`${parseDay(from, 'from')}T00:00:00Z`);
  const end = Date.parse(`${parseDay(to, 'to')}T00:00:00Z`);
  if (end < start) throw new AnalyticsError('invalid-range', 'to', `must not be before from (${from}); got ${to}`);
  const n = Math.round((end - start) / DAY_MS) + 1;
  if (n > max) throw new AnalyticsError('invalid-range', 'to', `the range may span at most ${max} days; ${from}..${to} spans ${n}`);
  return Array.from({ length: n }, (_, i) => dayOf(new Date(start + i * DAY_MS)));
}

/** Every month `YYYY-MM` from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
