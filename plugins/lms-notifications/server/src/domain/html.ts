/**
 * Escaping for the HTML part of an email. Every value that reaches a template (a learner's name,
 * a course title an instructor typed, a rejection reason an admin typed) is text, never markup:
 * it is escaped once, here, and templates only ever interpolate through {@link html}.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Markup already escaped (built by {@link html}); a plain string passed to `html` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolated = string | number | SafeHtml | null | undefined | readonly SafeHtml[];

/** A tagged template that escapes every interpolated string and trusts only {@link SafeHtml}. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

function render(value: Interpolated): string {
  if (value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly SafeHtml[]).map((v) => v.value).join('');
  return escapeHtml(String(value));
}

/**
 * Only http(s) links go into an href: a `javascript:` or `data:` URL typed into a course's join
 * link must not become a clickable script in someone's mailbox.
 */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Text for one line of a plain-text mail or a header: no CR/LF (header injection), trimmed, bounded. */
export function oneLine(value: string, max = 200): string {
  const flat = value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
