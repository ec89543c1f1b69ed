import { describe, expect, it } from 'vitest';
import { attendanceShortfall, canonicalTimeZone, displayZone, formatInZone, joinState, joinWindow, parseJoinUrl, reminderDue, validateSession, LiveSessionError } from './schedule';

const session = { startsAt: new Date('2026-05-05T14:00:00Z'), durationMinutes: 60 };

describe('join window', () => {
  it('opens 10 minutes before the start and closes at the end', () => {
    expect(joinWindow(session)).toEqual({ opensAt: new Date('2026-05-05T13:50:00Z'), closesAt: new Date('2026-05-05T15:00:00Z') });
    expect(joinState(session, new Date('2026-05-05T13:49:59.999Z'))).toEqual({ state: 'not-yet', opensAt: new Date('2026-05-05T13:50:00Z') });
    expect(joinState(session, new Date('2026-05-05T13:50:00Z')).state).toBe('open');
    expect(joinState(session, new Date('2026-05-05T14:59:59Z')).state).toBe('open');
    expect(joinState(session, new Date('2026-05-05T15:00:00Z'))).toEqual({ state: 'ended', endedAt: new Date('2026-05-05T15:00:00Z') });
  });

  it('the reminder is due in the 24 hours before the start only', () => {
    expect(reminderDue(session.startsAt, new Date('2026-05-04T13:59:59Z'))).toBe(false);
    expect(reminderDue(session.startsAt, new Date('2026-05-04T14:00:00Z'))).toBe(true);
    expect(reminderDue(session.startsAt, new Date('2026-05-05T13:59:00Z'))).toBe(true);
    expect(reminderDue(session.startsAt, new Date('2026-05-05T14:00:00Z'))).toBe(false);
  });
});

describe('time zones', () => {
  it('accepts IANA names, canonicalised, and refuses anything else', () => {
    expect(canonicalTimeZone('Europe/London')).toBe('Europe/London');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });

  it('shows one instant in the learner zone, across daylight saving', () => {
    // 14:00 UTC in May: 15:00 BST in London, 10:00 EDT in New York, 23:00 JST in Tokyo.
    expect(formatInZone(session.startsAt, 'Europe/London')).toBe('Tue 5 May 2026, 15:00 (BST)');
    expect(formatInZone(session.startsAt, 'America/New_York')).toMatch(/^Tue 5 May 2026, 10:00 \((EDT|GMT-4)\)$/);
    expect(formatInZone(session.startsAt, 'Asia/Tokyo')).toMatch(/^Tue 5 May 2026, 23:00 \(/);
    // In January London is on GMT: the same wall clock is a different UTC hour.
    expect(formatInZone(new Date('2026-01-05T14:00:00Z'), 'Europe/London')).toBe('Mon 5 Jan 2026, 14:00 (GMT)');
    // Kathmandu's +05:45 and the day rolling over.
    expect(formatInZone(new Date('2026-05-05T20:00:00Z'), 'Asia/Kathmandu')).toMatch(/^Wed 6 May 2026, 01:45 /);
  });

  it('falls back from the learner zone to the session zone to UTC', () => {
    expect(displayZone('Asia/Tokyo', 'Europe/Berlin')).toBe('Asia/Tokyo');
    expect(displayZone('Nowhere/Land', 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(displayZone(null, null)).toBe('UTC');
  });
});

describe('session input', () => {
  const valid = { title: '  Office hours ', startsAt: session.startsAt, durationMinutes: 45, capacity: 10, joinUrl: 'https://us02web.zoom.us/j/123', timeZone: 'europe/london' };
  it('normalises a valid session and recognises the provider', () => {
    const v = validateSession(valid);
    expect(v.title).toBe('Office hours');
    expect(v.provider).toBe('zoom');
    expect(v.timeZone).toBe('Europe/London');
    expect(parseJoinUrl('https://meet.google.com/abc-defg-hij').provider).toBe('meet');
    expect(parseJoinUrl('https://meet.jit.si/Room').provider).toBe('jitsi');
  });

  it.each([
    ['title', { title: '   ' }],
    ['durationMinutes', { durationMinutes: 0 }],
    ['durationMinutes', { durationMinutes: 12.5 }],
    ['capacity', { capacity: 0 }],
    ['timeZone', { timeZone: 'GMT+2 please' }],
    ['joinUrl', { joinUrl: 'javascript:alert(1)' }],
    ['joinUrl', { joinUrl: 'ftp://files.example.com/x' }],
    ['joinUrl', { joinUrl: '/relative/room' }],
    ['joinUrl', { joinUrl: 'https://user:pw@zoom.us/j/1' }],
    ['startsAt', { startsAt: new Date('nope') }],
  ])('refuses a bad %s, naming it', (field, patch) => {
    try {
      validateSession({ ...valid, ...patch });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LiveSessionError);
      expect((e as LiveSessionError).field).toBe(field);
      expect((e as Error).message.startsWith(`${field}: `)).toBe(true);
    }
  });
});

describe('attendance toward completion', () => {
  it('says how many sessions are missing, nothing when met or not required', () => {
    expect(attendanceShortfall(null, 0)).toBeNull();
    expect(attendanceShortfall(0, 0)).toBeNull();
    expect(attendanceShortfall(2, 2)).toBeNull();
    expect(attendanceShortfall(2, 1)).toBe('attend 1 more live session (1 of 2 attended)');
    expect(attendanceShortfall(3, 0)).toBe('attend 3 more live sessions (0 of 3 attended)');
  });
});
