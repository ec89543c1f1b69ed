import { describe, expect, it } from 'vitest';
import { buildIcs, escapeText, foldLine, icsDuration, parseIcsLines, unescapeText } from './ics';

const event = {
  uid: 'live-session-7@lms.example.com',
  stamp: new Date('2026-05-01T09:30:15.123Z'),
  start: new Date('2026-05-05T14:00:00Z'),
  durationMinutes: 90,
  summary: 'Q&A; pointers, tips \\ tricks — naïve café ☕ '.repeat(3).trim(),
  description: 'Line one\nLine two, with comma',
  url: 'https://meet.jit.si/LmsRoom?x=1;y=2',
};

describe('ics', () => {
  it('writes one VEVENT with UID, DTSTAMP, DTSTART in UTC, DURATION, SUMMARY and URL, CRLF lines', () => {
    const text = buildIcs(event);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = parseIcsLines(text);
    const value = (name: string) => lines.filter((l) => l.name === name).map((l) => l.value);
    expect(value('BEGIN')).toEqual(['VCALENDAR', 'VEVENT']);
    expect(value('END')).toEqual(['VEVENT', 'VCALENDAR']);
    expect(value('VERSION')).toEqual(['2.0']);
    expect(value('PRODID')).toHaveLength(1);
    expect(value('UID')).toEqual([event.uid]);
    expect(value('DTSTAMP')).toEqual(['20260501T093015Z']);
    expect(value('DTSTART')).toEqual(['20260505T140000Z']);
    expect(value('DURATION')).toEqual(['PT1H30M']);
    expect(value('URL')).toEqual([event.url]);
    expect(unescapeText(value('SUMMARY')[0] as string)).toBe(event.summary);
    expect(unescapeText(value('DESCRIPTION')[0] as string)).toBe(event.description);
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const text = buildIcs(event);
    const physical = text.split('\r\n').filter((l) => l !== '');
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // Round trip: unfolding gives back the logical line.
    const long = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(long);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('escapes TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(unescapeText(escapeText('a\\b;c,d\ne'))).toBe('a\\b;c,d\ne');
  });

  it('writes durations in RFC 5545 form', () => {
    expect(icsDuration(45)).toBe('PT45M');
    expect(icsDuration(60)).toBe('PT1H');
    expect(icsDuration(150)).toBe('PT2H30M');
  });
});
