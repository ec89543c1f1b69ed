import type { Level, OutlineSection } from '@contracts/catalog';

const LEVEL_LABELS: Record<Level, string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

export function levelLabel(level: string): string {
  return LEVEL_LABELS[level as Level] ?? level;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** "en" → "English", "pt-BR" → "Brazilian Portuguese"; unknown codes are shown as given. */
export function languageLabel(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "45 min", "1 h", "2 h 5 min". */
export function formatMinutes(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** A media length: "0:06", "4:05", "1:02:03". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Strapi stores file sizes in kilobytes (with decimals). */
export function formatFileSize(kilobytes: number | null): string | null {
  if (kilobytes === null || !Number.isFinite(kilobytes) || kilobytes < 0) return null;
  const bytes = kilobytes * 1000;
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(1)} GB`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

const dateFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatDate(iso: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : dateFormat.format(date);
}

/** When a section opens, in words, or null when it is open from the start. */
export function dripLabel(drip: OutlineSection['drip']): string | null {
  if (drip.type === 'after_days' && drip.days) return `Opens ${plural(drip.days, 'day')} after you enroll`;
  if (drip.type === 'on_date' && drip.date) {
    const date = formatDate(drip.date);
    return date ? `Opens on ${date}` : null;
  }
  return null;
}
