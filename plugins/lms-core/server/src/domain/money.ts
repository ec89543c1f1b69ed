/**
 * Money: an integer amount in the currency's minor unit (cents, yen, fils) and an ISO 4217 code.
 *
 * No floats: amounts are JavaScript safe integers, and every intermediate product that could
 * leave the safe range (amount × ratio, amount × percent) is computed with BigInt. Every result
 * is checked to be a safe integer again, so an overflow is an error, never a silent rounding.
 * Rounding only happens where a caller names the rounding mode.
 */

export class MoneyError extends Error {
  constructor(
    readonly code: 'unknown-currency' | 'not-an-integer' | 'unsafe-integer' | 'currency-mismatch' | 'invalid-ratios' | 'invalid-percent' | 'invalid-amount',
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

/**
 * ISO 4217 minor-unit exponents of the active currencies (list 1, 2024). Funds and metals
 * without minor units (XAU, XDR, ...) are left out on purpose: nothing here is priced in them.
 * Note that Stripe treats a few currencies differently from ISO (e.g. ISK, HUF, TWD, UGX);
 * the payment plugin converts at its boundary, this table stays ISO.
 */
const EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(
    (
      'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
      'CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS ' +
      'GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL ' +
      'MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK ' +
      'PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB ' +
      'TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG'
    )
      .split(' ')
      .map((code) => [code, 2]),
  ),
  ...Object.fromEntries(
    'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' ').map((code) => [code, 0]),
  ),
  ...Object.fromEntries('BHD IQD JOD KWD LYD OMR TND'.split(' ').map((code) => [code, 3])),
  CLF: 4,
  UYW: 4,
});

/** An upper-case ISO 4217 code known to {@link currencyExponent}. */
export type CurrencyCode = string;

export interface Money {
  /** Integer amount in minor units (e.g. cents). May be negative (refunds, reversals). */
  readonly amount: number;
  /** ISO 4217 code, upper case. */
  readonly currency: CurrencyCode;
}

export type RoundingMode =
  /** toward −∞ */
  | 'floor'
  /** toward +∞ */
  | 'ceil'
  /** toward zero (drop the fraction) */
  | 'trunc'
  /** nearest; a half goes away from zero (commercial rounding) */
  | 'half-up'
  /** nearest; a half goes toward zero */
  | 'half-down'
  /** nearest; a half goes to the even neighbour (banker's rounding) */
  | 'half-even';

export function isCurrency(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(EXPONENTS, code);
}

/** Number of minor-unit digits: 2 for ZAR/USD/EUR, 0 for JPY, 3 for KWD/BHD. */
export function currencyExponent(currency: CurrencyCode): number {
  assertCurrency(currency);
  return EXPONENTS[currency] as number;
}

/** All known currency codes, sorted. */
export function knownCurrencies(): string[] {
  return Object.keys(EXPONENTS).sort();
}

function assertCurrency(currency: unknown): asserts currency is CurrencyCode {
  if (!isCurrency(currency)) {
    const hint =
      typeof currency === 'string' && isCurrency(currency.toUpperCase())
        ? `; currency codes are upper case: use "${currency.toUpperCase()}"`
        : '; expected an ISO 4217 code such as ZAR, USD, EUR or JPY';
    throw new MoneyError('unknown-currency', `unknown currency ${JSON.stringify(currency)}${hint}`);
  }
}

function assertSafeAmount(amount: unknown, what = 'amount'): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    throw new MoneyError(
      'not-an-integer',
      `${what} must be an integer number of minor units (e.g. 1999 for 19.99); got ${String(amount)}. Use parseMoney("19.99", currency) for decimal text`,
    );
  }
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyError('unsafe-integer', `${what} ${amount} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER})`);
  }
}

function fromBig(value: bigint, currency: CurrencyCode, what: string): Money {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError('unsafe-integer', `${what} ${value} ${currency} minor units is outside the safe integer range`);
  }
  return Object.freeze({ amount: Number(value), currency });
}

/** Money from an integer minor-unit amount: `money(1999, 'ZAR')` is R19.99. */
export function money(amount: number, currency: CurrencyCode): Money {
  assertCurrency(currency);
  assertSafeAmount(amount);
  // Normalise -0 so that equality and JSON never see it.
  return Object.freeze({ amount: amount === 0 ? 0 : amount, currency });
}

export function zero(currency: CurrencyCode): Money {
  return money(0, currency);
}

/** True when `value` is a well-formed Money (plain `{ amount, currency }` with a safe integer). */
export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { amount?: unknown; currency?: unknown };
  return typeof v.amount === 'number' && Number.isSafeInteger(v.amount) && isCurrency(v.currency);
}

/** Validates something that claims to be Money (e.g. read from JSON) and returns it frozen. */
export function assertMoney(value: unknown, what = 'value'): Money {
  if (typeof value !== 'object' || value === null) {
    throw new MoneyError('invalid-amount', `${what} must be { amount, currency }; got ${JSON.stringify(value)}`);
  }
  const v = value as { amount?: unknown; currency?: unknown };
  assertCurrency(v.currency);
  assertSafeAmount(v.amount, `${what}.amount`);
  return money(v.amount, v.currency);
}

function sameCurrency(a: Money, b: Money, op: string): void {
  if (a.currency !== b.currency) {
    throw new MoneyError(
      'currency-mismatch',
      `cannot ${op} ${a.currency} and ${b.currency}; convert one of them first`,
    );
  }
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b, 'add');
  return fromBig(BigInt(a.amount) + BigInt(b.amount), a.currency, 'sum');
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b, 'subtract');
  return fromBig(BigInt(a.amount) - BigInt(b.amount), a.currency, 'difference');
}

/** Sum of a list in one currency; the currency is required so an empty list has one. */
export function sum(currency: CurrencyCode, items: readonly Money[]): Money {
  assertCurrency(currency);
  let total = 0n;
  for (const item of items) {
    if (item.currency !== currency) {
      throw new MoneyError('currency-mismatch', `cannot sum ${item.currency} into a ${currency} total; convert it first`);
    }
    total += BigInt(item.amount);
  }
  return fromBig(total, currency, 'sum');
}

export function negate(a: Money): Money {
  return money(-a.amount, a.currency);
}

/** Multiplies by an integer (a quantity). For fractions use {@link percentOf} or {@link allocate}. */
export function multiply(a: Money, factor: number): Money {
  assertSafeAmount(factor, 'factor');
  return fromBig(BigInt(a.amount) * BigInt(factor), a.currency, 'product');
}

/** −1, 0 or 1. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b, 'compare');
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amount === b.amount;
}

export const isZero = (a: Money): boolean => a.amount === 0;
export const isNegative = (a: Money): boolean => a.amount < 0;
export const isPositive = (a: Money): boolean => a.amount > 0;

/**
 * Divides two BigInts and rounds the quotient by `mode`. Exported because ledger code needs the
 * same rounding for its own ratios; it is the one place rounding happens.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new MoneyError('invalid-ratios', 'division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const q = numerator / denominator; // truncates toward zero
  const r = numerator % denominator; // same sign as numerator
  if (r === 0n) return q;
  const negative = numerator < 0n;
  const awayFromZero = negative ? q - 1n : q + 1n;
  switch (mode) {
    case 'trunc':
      return q;
    case 'floor':
      return negative ? q - 1n : q;
    case 'ceil':
      return negative ? q : q + 1n;
    case 'half-up':
    case 'half-down':
    case 'half-even': {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice > denominator) return awayFromZero;
      if (twice < denominator) return q;
      if (mode === 'half-up') return awayFromZero;
      if (mode === 'half-down') return q;
      return q % 2n === 0n ? q : awayFromZero;
    }
    default: {
      const never: never = mode;
      throw new MoneyError('invalid-ratios', `unknown rounding mode ${String(never)}`);
    }
  }
}

const ROUNDING_MODES: readonly RoundingMode[] = ['floor', 'ceil', 'trunc', 'half-up', 'half-down', 'half-even'];

/** A percentage as an exact fraction; accepts integers (15) or decimal text ("15", "2.9", "0.125"). */
export function parsePercent(percent: number | string): { numerator: bigint; denominator: bigint } {
  if (typeof percent === 'number') {
    if (!Number.isSafeInteger(percent)) {
      throw new MoneyError(
        'invalid-percent',
        `percent ${percent} is not an integer; pass fractional percentages as text, e.g. "2.9", so no float rounding creeps in`,
      );
    }
    return { numerator: BigInt(percent), denominator: 100n };
  }
  const match = /^(-?)(\d+)(?:\.(\d{1,12}))?$/.exec(percent.trim());
  if (!match) {
    throw new MoneyError('invalid-percent', `percent ${JSON.stringify(percent)} is not a decimal number such as "15" or "2.9"`);
  }
  const [, sign, whole, fraction = ''] = match;
  const digits = BigInt(`${whole}${fraction}`);
  return { numerator: sign ? -digits : digits, denominator: 100n * 10n ** BigInt(fraction.length) };
}

/**
 * `percent`% of an amount, rounded by `rounding` (required: every rounding is a decision).
 * `percentOf(money(1000, 'ZAR'), '15', 'half-even')` is 150; `percentOf(m, '2.9', 'half-up')`.
 */
export function percentOf(a: Money, percent: number | string, rounding: RoundingMode): Money {
  if (!ROUNDING_MODES.includes(rounding)) {
    throw new MoneyError('invalid-percent', `rounding must be one of ${ROUNDING_MODES.join(', ')}; got ${JSON.stringify(rounding)}`);
  }
  const { numerator, denominator } = parsePercent(percent);
  return fromBig(divideRounded(BigInt(a.amount) * numerator, denominator, rounding), a.currency, 'percentage');
}

/**
 * Splits an amount by integer ratios without losing or inventing a minor unit: the parts always
 * sum to the input. Each part first gets floor(amount × ratio / total); the units left over go
 * one each to the parts with the largest remainders, ties to the earlier part (so the result is
 * deterministic and independent of anything but the inputs). Negative amounts are split as their
 * absolute value and negated, so a reversal mirrors the original split exactly.
 *
 * `allocate(money(100, 'USD'), [1, 1, 1])` → 34, 33, 33.
 */
export function allocate(a: Money, ratios: readonly number[]): Money[] {
  if (ratios.length === 0) throw new MoneyError('invalid-ratios', 'allocate needs at least one ratio');
  let total = 0n;
  for (const [i, ratio] of ratios.entries()) {
    if (!Number.isSafeInteger(ratio) || ratio < 0) {
      throw new MoneyError(
        'invalid-ratios',
        `ratio #${i + 1} is ${ratio}; ratios must be non-negative integers (use basis points, e.g. 7000 and 3000 for 70/30)`,
      );
    }
    total += BigInt(ratio);
  }
  if (total === 0n) throw new MoneyError('invalid-ratios', 'ratios sum to zero; at least one must be positive');

  const negative = a.amount < 0;
  const amount = BigInt(negative ? -a.amount : a.amount);
  const shares: bigint[] = [];
  const remainders: Array<{ index: number; remainder: bigint }> = [];
  let allocated = 0n;
  for (const [index, ratio] of ratios.entries()) {
    const product = amount * BigInt(ratio);
    const share = product / total;
    shares.push(share);
    allocated += share;
    remainders.push({ index, remainder: product % total });
  }
  let left = amount - allocated; // always < ratios.length
  remainders.sort((x, y) => (x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    // Only parts with a positive ratio may receive units, so a zero ratio always gets zero.
    if (ratios[index] === 0) continue;
    shares[index] = (shares[index] as bigint) + 1n;
    left -= 1n;
  }
  return shares.map((share) => money(Number(negative ? -share : share), a.currency));
}

/**
 * Parses decimal text in major units: `parseMoney('19.99', 'ZAR')` → 1999 cents. Accepts an
 * optional leading minus and at most the currency's number of decimals; no thousands separators,
 * no exponent notation, no currency symbols (a form should send plain numbers).
 */
export function parseMoney(text: string, currency: CurrencyCode): Money {
  const exponent = currencyExponent(currency);
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) {
    throw new MoneyError(
      'invalid-amount',
      `${JSON.stringify(text)} is not an amount; expected digits with an optional "." and up to ${exponent} decimals, e.g. ${exampleAmount(exponent)}`,
    );
  }
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new MoneyError(
      'invalid-amount',
      `${currency} has ${exponent} decimal place${exponent === 1 ? '' : 's'}; ${JSON.stringify(text)} has ${fraction.length}`,
    );
  }
  const minor = BigInt(whole as string) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  return fromBig(sign ? -minor : minor, currency, 'amount');
}

function exampleAmount(exponent: number): string {
  return exponent === 0 ? '1500' : `19.${'9'.repeat(exponent)}`;
}

/** Exact decimal text in major units: 1999 ZAR → "19.99", 5 KWD → "0.005", -1 USD → "-0.01". */
export function toDecimalString(a: Money): string {
  const exponent = currencyExponent(a.currency);
  const negative = a.amount < 0;
  const digits = String(Math.abs(a.amount)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Display text for people: `formatMoney(money(1999, 'ZAR'), 'en-ZA')` → "R 19,99". Formats the
 * exact decimal string (Intl accepts strings), so large amounts are not rounded through a float.
 */
export function formatMoney(a: Money, locale = 'en', options: { currencyDisplay?: 'symbol' | 'code' | 'name' | 'narrowSymbol' } = {}): string {
  const exponent = currencyExponent(a.currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: a.currency,
    currencyDisplay: options.currencyDisplay ?? 'symbol',
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl.NumberFormat v3 takes decimal strings exactly; the typings predate it.
  return format.format(toDecimalString(a) as unknown as number);
}
