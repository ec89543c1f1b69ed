/** A one-shot message shown on the next page after a form post and redirect. */
export interface Flash {
  kind: 'success' | 'error' | 'info';
  text: string;
}

const KINDS = new Set<Flash['kind']>(['success', 'error', 'info']);
const MAX_TEXT = 300;

export function encodeFlash(flash: Flash): string {
  return JSON.stringify({ kind: flash.kind, text: flash.text.slice(0, MAX_TEXT) });
}

/** The flash in a cookie value, or null when it is not one we wrote. */
export function decodeFlash(raw: string | null | undefined): Flash | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Flash>;
    if (!value || typeof value.text !== 'string' || !value.text || !KINDS.has(value.kind as Flash['kind'])) return null;
    return { kind: value.kind as Flash['kind'], text: value.text.slice(0, MAX_TEXT) };
  } catch {
    return null;
  }
}
