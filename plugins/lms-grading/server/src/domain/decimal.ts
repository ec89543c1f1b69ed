/**
 * Exact decimals for numeric answers and authored decimal fields: a BigInt coefficient and a
 * power-of-ten scale (`1.665` is `{ units: 1665n, scale: 3 }`). Nothing here uses floating-point
 * arithmetic; a JavaScript number is read through its shortest round-trip text (`String(0.1)` is
 * `"0.1"`), which is what the author typed whenever they typed at most 15 significant digits.
 */

export interface ExactDecimal {
  /** value = units / 10^scale */
  readonly units: bigint;
  /** 0 or more digits after the decimal point. */
  readonly scale: number;
}

/** Longest text accepted as a number, and largest exponent: keeps BigInt work tiny on hostile input. */
export const MAX_DECIMAL_TEXT_LENGTH = 64;
const MAX_EXPONENT = 60;

// Sign, digits with at most one decimal separator, optional exponent. No thousands separators:
// "1,000" is ambiguous between one thousand and one (with a decimal comma), so it is refused.
const DECIMAL_PATTERN = /^([+-])?(?:(\d+)(?:[.,](\d*))?|[.,](\d+))(?:[eE]([+-]?\d+))?$/;

export interface ParseDecimalOptions {
  /** Accept "1,5" as 1.5 (a learner's keyboard may have a decimal comma). Default true. */
  decimalComma?: boolean;
}

/**
 * Parses a decimal written by a person or stored by the database. Surrounding whitespace is
 * ignored. Returns null when the text is not a plain decimal number (thousands separators,
 * words, several separators, NaN/Infinity, longer than {@link MAX_DECIMAL_TEXT_LENGTH}).
 */
export function parseExactDecimal(input: string | number, options: ParseDecimalOptions = {}): ExactDecimal | null {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return null;
  }
  if (text.length === 0 || text.length > MAX_DECIMAL_TEXT_LENGTH) return null;
  if (options.decimalComma === false && text.includes(',')) return null;
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return null;
  const [, sign, intPart, fracPart, onlyFrac, exponentText] = match;
  const integerDigits = intPart ?? '';
  const fractionDigits = onlyFrac ?? fracPart ?? '';
  const exponent = exponentText ? Number(exponentText) : 0;
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) return null;
  let units = BigInt(`${integerDigits}${fractionDigits}` || '0');
  let scale = fractionDigits.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (sign === '-') units = -units;
  return normalise({ units, scale });
}

/** Drops trailing zeros of the fraction: 1.500 → 1.5, so equal values have one form. */
function normalise(value: ExactDecimal): ExactDecimal {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units: units === 0n ? 0n : units, scale: units === 0n ? 0 : scale };
}

/** The two values' units at a common scale. */
function aligned(a: ExactDecimal, b: ExactDecimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function compareDecimals(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const [x, y, scale] = aligned(a, b);
  return normalise({ units: x + y, scale });
}

export function subtractDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const [x, y, scale] = aligned(a, b);
  return normalise({ units: x - y, scale });
}

export function isNegativeDecimal(a: ExactDecimal): boolean {
  return a.units < 0n;
}

/** Plain text, never an exponent: `{ units: -1665n, scale: 3 }` → "-1.665". */
export function formatDecimal(value: ExactDecimal): string {
  const { units, scale } = normalise(value);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
