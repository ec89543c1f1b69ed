import { describe, expect, it } from 'vitest';
import { testRandom } from '../testing/demo-quiz';
import { CODE_ALPHABET, checkSymbol, generateVerificationCode, parseVerificationCode } from './verification-code';

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

describe('generateVerificationCode', () => {
  it('makes 4×4 groups of unambiguous symbols that parse back to themselves', () => {
    for (let i = 0; i < 2000; i += 1) {
      const code = generateVerificationCode();
      expect(code).toMatch(CODE);
      expect(code).not.toMatch(/[ILOU]/);
      expect(parseVerificationCode(code)).toEqual({ ok: true, code });
    }
  });

  it('does not repeat (75 random bits)', () => {
    const codes = new Set(Array.from({ length: 20_000 }, () => generateVerificationCode()));
    expect(codes.size).toBe(20_000);
  });

  it('uses every symbol evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i += 1) for (const c of generateVerificationCode().replace(/-/g, '').slice(0, 15)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    for (const n of counts.values()) expect(n).toBeGreaterThan(1500); // expected 1875 each
  });

  it('is a function of its random bytes (for tests), with the check symbol last', () => {
    const zeros = generateVerificationCode((n) => new Uint8Array(n));
    expect(zeros).toBe(`0000-0000-0000-000${checkSymbol('000000000000000')}`);
    expect(() => generateVerificationCode(() => new Uint8Array(3))).toThrow(/too few bytes/);
  });
});

describe('parseVerificationCode', () => {
  const code = generateVerificationCode((n) => Uint8Array.from({ length: n }, (_, i) => i * 7 + 3));

  it('forgives case, spacing, dashes and look-alike letters', () => {
    const bare = code.replace(/-/g, '');
    for (const typed of [code.toLowerCase(), bare, ` ${bare.match(/.{4}/g)?.join(' ')} `, code.replace(/-/g, '–'), code.replace(/0/g, 'O').replace(/1/g, 'l')]) {
      expect(parseVerificationCode(typed), typed).toEqual({ ok: true, code });
    }
  });

  it('reads a pasted verification link', () => {
    expect(parseVerificationCode(`https://learn.example.com/verify/${code}?utm=x`)).toEqual({ ok: true, code });
    expect(parseVerificationCode(`https://learn.example.com/verify/${code.toLowerCase()}/`)).toEqual({ ok: true, code });
  });

  it('says what is wrong', () => {
    expect(parseVerificationCode('')).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseVerificationCode(undefined)).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseVerificationCode('ABCD-EFGH')).toMatchObject({ ok: false, reason: 'length', message: 'a verification code has 16 characters; this has 8' });
    expect(parseVerificationCode(`${code}U`)).toMatchObject({ ok: false, reason: 'characters', message: expect.stringContaining('"U"') });
    expect(parseVerificationCode('ABCD-EFGH-JKMN-PQR*')).toMatchObject({ ok: false, reason: 'characters' });
    expect(parseVerificationCode('x'.repeat(100))).toMatchObject({ ok: false, reason: 'length' });
  });

  it('the check symbol catches every single-symbol typo', () => {
    const bare = code.replace(/-/g, '');
    for (let i = 0; i < bare.length; i += 1) {
      for (const s of CODE_ALPHABET) {
        if (s === bare[i]) continue;
        const typo = bare.slice(0, i) + s + bare.slice(i + 1);
        expect(parseVerificationCode(typo)).toMatchObject({ ok: false, reason: 'checksum' });
      }
    }
  });

  it('the check symbol catches most swaps of neighbours', () => {
    const rand = testRandom(7);
    let swaps = 0;
    let caught = 0;
    for (let n = 0; n < 500; n += 1) {
      const bare = generateVerificationCode((k) => Uint8Array.from({ length: k }, () => Math.floor(rand() * 256))).replace(/-/g, '');
      for (let i = 0; i < bare.length - 1; i += 1) {
        if (bare[i] === bare[i + 1]) continue;
        swaps += 1;
        const swapped = bare.slice(0, i) + bare[i + 1] + bare[i] + bare.slice(i + 2);
        if (!parseVerificationCode(swapped).ok) caught += 1;
      }
    }
    expect(caught / swaps).toBeGreaterThan(0.95);
  });
});
