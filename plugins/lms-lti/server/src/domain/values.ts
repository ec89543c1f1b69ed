import { randomBytes } from 'node:crypto';

/** Small readers for untrusted JSON and form values (claims, login parameters, service answers). */

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export const optionalString = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export const stringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** An absolute http(s) URL, parsed, or null. */
export function httpUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** How an untrusted value is quoted in an error message: short, and never a whole token. */
export function quote(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** 256 random bits as base64url (43 characters): state, nonce, jti. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

export type RandomToken = () => string;
