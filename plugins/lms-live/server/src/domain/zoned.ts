/**
 * Wall-clock time in an IANA zone ↔ UTC instants, with Intl only (no Date parsing of local
 * strings, which would use the machine's zone). The admin page lets an instructor type
 * "2026-05-05 15:00" in "Europe/London" and stores 14:00Z.
 */

// Formatters are costly to build; one per zone (and with/without seconds) is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) });
    formatters.set(key, f);
  }
  return f;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The zone's offset from UTC at `instant`, in minutes (London in summer: +60). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatter(timeZone, true).formatToParts(instant);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time "YYYY-MM-DDTHH:mm" names in `timeZone`. In the hour skipped when
 * clocks go forward the time is read with the offset before the change (02:30 → 03:30 summer
 * time); in the repeated hour when they go back, the first (earlier) instant. Null if malformed.
 */
export function wallTimeToInstant(wall: string, timeZone: string): Date | null {
  const m = WALL.exec(wall);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // Two candidates: the offsets a few hours either side cover any transition.
  const before = zoneOffsetMinutes(new Date(naive - 12 * 3_600_000), timeZone);
  const after = zoneOffsetMinutes(new Date(naive + 12 * 3_600_000), timeZone);
  const candidates = [...new Set([before, after])].map((off) => naive - off * 60_000).sort((a, b) => a - b);
  for (const c of candidates) {
    if (instantToWallTime(new Date(c), timeZone) === wall) return new Date(c);
  }
  // In a gap: no instant shows this wall time; use the offset before the change.
  return new Date(naive - before * 60_000);
}

/** "YYYY-MM-DDTHH:mm" as a clock in `timeZone` shows `instant` (for a datetime-local input). */
export function instantToWallTime(instant: Date, timeZone: string): string {
  const parts = formatter(timeZone, false).formatToParts(instant);
  const v = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${v('year')}-${v('month')}-${v('day')}T${v('hour')}:${v('minute')}`;
}
