import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, formatDecimal, parseExactDecimal, subtractDecimals } from './decimal';

const d = (s: string | number) => {
  const v = parseExactDecimal(s);
  if (!v) throw new Error(`not a decimal: ${s}`);
  return v;
};

describe('parseExactDecimal', () => {
  it('reads what people type', () => {
    expect(formatDecimal(d('1.67'))).toBe('1.67');
    expect(formatDecimal(d(' 1,67 '))).toBe('1.67');
    expect(formatDecimal(d('-0.5'))).toBe('-0.5');
    expect(formatDecimal(d('+3'))).toBe('3');
    expect(formatDecimal(d('.5'))).toBe('0.5');
    expect(formatDecimal(d('5.'))).toBe('5');
    expect(formatDecimal(d('1.500'))).toBe('1.5');
    expect(formatDecimal(d('1e3'))).toBe('1000');
    expect(formatDecimal(d('1.5E-3'))).toBe('0.0015');
    expect(formatDecimal(d('-0'))).toBe('0');
    expect(formatDecimal(d('007'))).toBe('7');
  });

  it('reads numbers through their shortest text, so 0.1 is exactly one tenth', () => {
    expect(d(0.1)).toEqual({ units: 1n, scale: 1 });
    expect(formatDecimal(d(1e-7))).toBe('0.0000001');
    expect(formatDecimal(d(1.5e21))).toBe('1500000000000000000000');
    expect(formatDecimal(d(0.1 + 0.2))).toBe('0.30000000000000004');
  });

  it('refuses what is not a plain number', () => {
    for (const bad of ['', ' ', 'abc', '1,000.5', '1.000,5', '1 000', '--1', '1..2', '.', '-', '1e', 'e5', 'NaN', 'Infinity', '0x10', '1/2', '½', '1e999', '9'.repeat(65)]) {
      expect(parseExactDecimal(bad), bad).toBeNull();
    }
    expect(parseExactDecimal(Number.NaN)).toBeNull();
    expect(parseExactDecimal(Number.POSITIVE_INFINITY)).toBeNull();
    expect(parseExactDecimal('1,5', { decimalComma: false })).toBeNull();
  });

  it('compares and adds exactly, where floating point would not', () => {
    expect(0.1 + 0.2 === 0.3).toBe(false);
    expect(compareDecimals(addDecimals(d('0.1'), d('0.2')), d('0.3'))).toBe(0);
    // The float trap the numeric grader avoids: 0.7 ± 0.1 must include 0.8.
    expect(0.8 <= 0.7 + 0.1).toBe(false);
    expect(compareDecimals(d('0.8'), addDecimals(d(0.7), d(0.1)))).toBe(0);
    expect(formatDecimal(subtractDecimals(d('1.67'), d('0.005')))).toBe('1.665');
    expect(compareDecimals(d('1.665'), subtractDecimals(d(1.67), d(0.005)))).toBe(0);
    expect(compareDecimals(d('-2'), d('1'))).toBe(-1);
    expect(compareDecimals(d('10'), d('9.999'))).toBe(1);
  });
});
