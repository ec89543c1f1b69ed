/**
 * Certificate verification codes: `7K3Q-M9XD-2HRB-TW4C`.
 *
 * 15 random symbols from Crockford's base-32 alphabet (digits and capitals without I, L, O, U:
 * nothing to confuse when reading a printed certificate aloud) = 75 bits from the operating
 * system's CSPRNG, plus one Luhn mod 32 check symbol that catches every single mistyped symbol
 * and most swaps of neighbours before the database is asked. Typed input is forgiving: case,
 * spaces and dashes are ignored, O reads as 0 and I/L as 1, and a pasted verification URL works.
 */
import { randomBytes } from 'node:crypto';

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_SYMBOLS = 15;
export const CODE_LENGTH = DATA_SYMBOLS + 1;

function value(symbol: string): number {
  return CODE_ALPHABET.indexOf(symbol);
}

/** Luhn mod N over symbol values, N = 32. */
function luhnSum(values: readonly number[], doubleFirst: boolean): number {
  const n = CODE_ALPHABET.length;
  let double = doubleFirst;
  let sum = 0;
  for (let i = values.length - 1; i >= 0; i -= 1) {
    let addend = (values[i] as number) * (double ? 2 : 1);
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
    double = !double;
  }
  return sum % n;
}

export function checkSymbol(data: string): string {
  const n = CODE_ALPHABET.length;
  const remainder = luhnSum([...data].map(value), true);
  return CODE_ALPHABET[(n - remainder) % n] as string;
}

function format(code: string): string {
  return code.match(/.{4}/g)?.join('-') ?? code;
}

/**
 * A new code in canonical form (XXXX-XXXX-XXXX-XXXX). `random` is injectable for tests only;
 * production uses crypto.randomBytes. 32 divides 256, so `byte & 31` is unbiased.
 */
export function generateVerificationCode(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(DATA_SYMBOLS);
  if (bytes.length < DATA_SYMBOLS) throw new Error('random source returned too few bytes');
  let data = '';
  for (let i = 0; i < DATA_SYMBOLS; i += 1) data += CODE_ALPHABET[(bytes[i] as number) & 31];
  return format(data + checkSymbol(data));
}

export type ParsedCode =
  | { ok: true; code: string }
  | { ok: false; reason: 'empty' | 'characters' | 'length' | 'checksum'; message: string };

const TYPO_MAP: Record<string, string> = { O: '0', I: '1', L: '1' };

/** Reads a code as a person types or pastes it; returns the canonical form or why it cannot be one. */
export function parseVerificationCode(input: unknown): ParsedCode {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, reason: 'empty', message: 'enter the verification code printed on the certificate' };
  let text = input.trim();
  // A pasted verification link: keep its last path segment.
  if (text.includes('/')) text = text.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '';
  if (text.length > 64) return { ok: false, reason: 'length', message: `a verification code has ${CODE_LENGTH} characters` };
  const symbols = text
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—_.]/g, '')
    .replace(/[OIL]/g, (c) => TYPO_MAP[c] as string);
  const bad = [...symbols].find((c) => value(c) < 0);
  if (bad !== undefined) return { ok: false, reason: 'characters', message: `"${bad}" does not appear in verification codes (they use digits and the letters A–Z except I, L, O and U)` };
  if (symbols.length !== CODE_LENGTH) return { ok: false, reason: 'length', message: `a verification code has ${CODE_LENGTH} characters; this has ${symbols.length}` };
  if (luhnSum([...symbols].map(value), false) !== 0) return { ok: false, reason: 'checksum', message: 'this code has a typo: check each character against the certificate' };
  return { ok: true, code: format(symbols) };
}
