import { describe, expect, it } from 'vitest';
import { instantToWallTime, wallTimeToInstant, zoneOffsetMinutes } from './zoned';

describe('wall time in a zone ↔ UTC', () => {
  it('converts both ways, summer and winter', () => {
    expect(wallTimeToInstant('2026-05-05T15:00', 'Europe/London')?.toISOString()).toBe('2026-05-05T14:00:00.000Z');
    expect(wallTimeToInstant('2026-01-05T15:00', 'Europe/London')?.toISOString()).toBe('2026-01-05T15:00:00.000Z');
    expect(wallTimeToInstant('2026-05-05T10:00', 'America/New_York')?.toISOString()).toBe('2026-05-05T14:00:00.000Z');
    expect(wallTimeToInstant('2026-05-05T19:45', 'Asia/Kathmandu')?.toISOString()).toBe('2026-05-05T14:00:00.000Z');
    expect(wallTimeToInstant('2026-05-05T14:00', 'UTC')?.toISOString()).toBe('2026-05-05T14:00:00.000Z');
    expect(instantToWallTime(new Date('2026-05-05T14:00:00Z'), 'Australia/Sydney')).toBe('2026-05-06T00:00');
    expect(zoneOffsetMinutes(new Date('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(120);
  });

  it('handles the skipped and the repeated hour', () => {
    // London springs forward 2026-03-29 01:00 GMT → 02:00 BST: 01:30 does not exist.
    expect(wallTimeToInstant('2026-03-29T01:30', 'Europe/London')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // Falls back 2026-10-25 02:00 BST → 01:00 GMT: 01:30 happens twice; the first is taken.
    expect(wallTimeToInstant('2026-10-25T01:30', 'Europe/London')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses malformed input', () => {
    expect(wallTimeToInstant('2026-13-01T10:00', 'UTC')).toBeNull();
    expect(wallTimeToInstant('tomorrow', 'UTC')).toBeNull();
  });

  it('round-trips every hour of a year in a zone with DST', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
      const wall = instantToWallTime(new Date(t), 'America/New_York');
      const back = wallTimeToInstant(wall, 'America/New_York') as Date;
      // In the repeated hour the earlier instant is chosen.
      expect(instantToWallTime(back, 'America/New_York')).toBe(wall);
    }
  });
});
