/**
 * Pure rules of live sessions: what a valid session is, when its join link is open, when the
 * reminder is due, how a learner's local time is shown, and how attendance counts toward
 * completion. No Strapi import; unit-tested beside this file.
 */

/** The join link opens this long before the start (learners test audio, the host lets them in). */
export const JOIN_OPENS_BEFORE_MS = 10 * 60_000;
/** The reminder is due from this long before the start until the start. */
export const REMINDER_LEAD_MS = 24 * 60 * 60_000;
export const MAX_DURATION_MINUTES = 24 * 60;
export const MAX_CAPACITY = 10_000;

export class LiveSessionError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'LiveSessionError';
  }
}

/** A canonical IANA zone name ("Europe/London", "UTC"), or null when the runtime does not know it. */
export function canonicalTimeZone(name: string): string | null {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export type MeetingProvider = 'zoom' | 'meet' | 'jitsi' | 'other';

/**
 * The meeting link: http(s) only (never javascript:, data:, a relative path or credentials in the
 * URL), at most 2000 characters. Any host is accepted because Jitsi is often self-hosted; the
 * provider is recognised for display.
 */
export function parseJoinUrl(raw: string): { url: string; provider: MeetingProvider } {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) throw new LiveSessionError('joinUrl', 'joinUrl: expected the meeting link (https://…)', 'join-url-missing');
  if (text.length > 2000) throw new LiveSessionError('joinUrl', 'joinUrl: at most 2000 characters', 'join-url-too-long');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LiveSessionError('joinUrl', `joinUrl: "${text.slice(0, 80)}" is not an absolute URL; paste the meeting link (https://…)`, 'join-url-invalid');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LiveSessionError('joinUrl', `joinUrl: only http(s) meeting links are allowed, not "${url.protocol}"`, 'join-url-scheme');
  }
  if (url.username || url.password) throw new LiveSessionError('joinUrl', 'joinUrl: a meeting link must not carry a user name or password before the host', 'join-url-credentials');
  return { url: url.toString(), provider: providerOf(url.hostname) };
}

export function providerOf(hostname: string): MeetingProvider {
  const host = hostname.toLowerCase();
  if (host === 'zoom.us' || host.endsWith('.zoom.us') || host.endsWith('.zoomgov.com')) return 'zoom';
  if (host === 'meet.google.com') return 'meet';
  if (host === 'meet.jit.si' || host.includes('jitsi') || host === '8x8.vc') return 'jitsi';
  return 'other';
}

export interface SessionInput {
  title: string;
  startsAt: Date;
  durationMinutes: number;
  capacity: number;
  joinUrl: string;
  timeZone: string;
}

/** Checks a session as an instructor submits it; returns it normalised (trimmed title, canonical zone and URL). */
export function validateSession(input: SessionInput): SessionInput & { provider: MeetingProvider } {
  const title = input.title.trim();
  if (!title) throw new LiveSessionError('title', 'title: must not be empty', 'title-missing');
  if (title.length > 200) throw new LiveSessionError('title', 'title: at most 200 characters', 'title-too-long');
  if (!(input.startsAt instanceof Date) || Number.isNaN(input.startsAt.getTime())) {
    throw new LiveSessionError('startsAt', 'startsAt: expected an ISO 8601 instant with its offset, e.g. 2026-05-01T14:00:00Z', 'starts-at-invalid');
  }
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 5 || input.durationMinutes > MAX_DURATION_MINUTES) {
    throw new LiveSessionError('durationMinutes', `durationMinutes: expected whole minutes from 5 to ${MAX_DURATION_MINUTES}`, 'duration-invalid');
  }
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_CAPACITY) {
    throw new LiveSessionError('capacity', `capacity: expected a whole number of seats from 1 to ${MAX_CAPACITY}`, 'capacity-invalid');
  }
  const timeZone = canonicalTimeZone(input.timeZone);
  if (!timeZone) throw new LiveSessionError('timeZone', `timeZone: "${String(input.timeZone).slice(0, 64)}" is not an IANA time zone name such as "Europe/London"`, 'time-zone-invalid');
  const { url, provider } = parseJoinUrl(input.joinUrl);
  return { title, startsAt: input.startsAt, durationMinutes: input.durationMinutes, capacity: input.capacity, joinUrl: url, timeZone, provider };
}

export interface SessionTiming {
  startsAt: Date;
  durationMinutes: number;
}

export function endOf(s: SessionTiming): Date {
  return new Date(s.startsAt.getTime() + s.durationMinutes * 60_000);
}

/** The join window: from 10 minutes before the start until the end (inclusive start, exclusive end). */
export function joinWindow(s: SessionTiming): { opensAt: Date; closesAt: Date } {
  return { opensAt: new Date(s.startsAt.getTime() - JOIN_OPENS_BEFORE_MS), closesAt: endOf(s) };
}

export type JoinState = { state: 'not-yet'; opensAt: Date } | { state: 'open'; closesAt: Date } | { state: 'ended'; endedAt: Date };

export function joinState(s: SessionTiming, now: Date): JoinState {
  const { opensAt, closesAt } = joinWindow(s);
  if (now.getTime() < opensAt.getTime()) return { state: 'not-yet', opensAt };
  if (now.getTime() < closesAt.getTime()) return { state: 'open', closesAt };
  return { state: 'ended', endedAt: closesAt };
}

/** Seats may be reserved and cancelled until the session ends. */
export function reservationsOpen(s: SessionTiming, now: Date): boolean {
  return now.getTime() < endOf(s).getTime();
}

/** The one reminder per learner is due inside the 24 hours before the start (a late seat still gets it). */
export function reminderDue(startsAt: Date, now: Date): boolean {
  const t = now.getTime();
  return t >= startsAt.getTime() - REMINDER_LEAD_MS && t < startsAt.getTime();
}

/**
 * An instant as a person in `timeZone` reads it, e.g. "Tue 5 May 2026, 15:00 (BST)". The
 * zone must be valid (callers fall back to the session's zone, then UTC).
 */
export function formatInZone(instant: Date, timeZone: string, locale = 'en-GB'): string {
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} (${get('timeZoneName')})`;
}

/** The zone to show times in: the learner's own when valid, else the session's, else UTC. */
export function displayZone(learnerZone: string | null | undefined, sessionZone: string | null | undefined): string {
  return (learnerZone && canonicalTimeZone(learnerZone)) || (sessionZone && canonicalTimeZone(sessionZone)) || 'UTC';
}

/** What live attendance still lacks for completion (null = met). `required` 0/null = no requirement. */
export function attendanceShortfall(required: number | null | undefined, attended: number): string | null {
  if (!required || required <= 0) return null;
  if (attended >= required) return null;
  return `attend ${required - attended} more live session${required - attended === 1 ? '' : 's'} (${attended} of ${required} attended)`;
}
