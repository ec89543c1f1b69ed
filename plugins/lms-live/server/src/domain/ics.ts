/**
 * An iCalendar file (RFC 5545) with one VEVENT for a live session: UID stable per session and
 * host (a re-download updates the same calendar entry), DTSTAMP and DTSTART in UTC, DURATION,
 * SUMMARY, DESCRIPTION, URL. TEXT values are escaped (3.3.11) and every content line is folded at
 * 75 octets without splitting a UTF-8 character (3.1); lines end with CRLF.
 */

export interface IcsEvent {
  uid: string;
  /** When the file was made. */
  stamp: Date;
  start: Date;
  durationMinutes: number;
  summary: string;
  description?: string | null;
  url: string;
  /** Increases when the session changes, so calendars take the update. */
  sequence?: number;
}

/** TEXT escaping: backslash, semicolon, comma, and line breaks as \n. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** 20260505T140000Z */
export function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** PT1H30M, PT45M, PT2H */
export function icsDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

/** Folds one content line: at most 75 octets per line, continuation lines start with one space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** Strips control characters a TEXT value may not hold (keeps line breaks, escaped later). */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

export function buildIcs(event: IcsEvent, prodId = '-//LMS//Live sessions//EN'): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    `DTSTART:${utcStamp(event.start)}`,
    `DURATION:${icsDuration(event.durationMinutes)}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `SUMMARY:${escapeText(clean(event.summary))}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(clean(event.description))}`] : []),
    // URL is a URI value: not TEXT-escaped (the join link was checked to be http(s)).
    `URL:${event.url}`,
    `LOCATION:${escapeText(event.url)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** Unfolds and splits a calendar into [name, params, value] lines (for tests and for reading back). */
export function parseIcsLines(text: string): Array<{ name: string; params: string; value: string }> {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  return unfolded
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => {
      const colon = l.indexOf(':');
      const head = l.slice(0, colon);
      const semi = head.indexOf(';');
      return { name: (semi >= 0 ? head.slice(0, semi) : head).toUpperCase(), params: semi >= 0 ? head.slice(semi + 1) : '', value: l.slice(colon + 1) };
    });
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
