import { describe, expect, it } from 'vitest';
import {
  add,
  allocate,
  assertMoney,
  compare,
  currencyExponent,
  divideRounded,
  equals,
  formatMoney,
  isCurrency,
  isMoney,
  isNegative,
  isPositive,
  isZero,
  knownCurrencies,
  money,
  MoneyError,
  multiply,
  negate,
  parseMoney,
  parsePercent,
  percentOf,
  subtract,
  sum,
  toDecimalString,
  zero,
  type RoundingMode,
} from './money';

/** Small deterministic PRNG (mulberry32) so property runs are reproducible from the seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const randomInt = (next: () => number, min: number, max: number) => min + Math.floor(next() * (max - min + 1));

describe('currencies', () => {
  it('knows the ISO 4217 exponents', () => {
    expect(currencyExponent('ZAR')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('rejects unknown and lower-case codes with a hint', () => {
    expect(isCurrency('XYZ')).toBe(false);
    expect(() => currencyExponent('XYZ')).toThrow(/unknown currency "XYZ"; expected an ISO 4217 code/);
    expect(() => money(1, 'zar')).toThrow(/use "ZAR"/);
    expect(() => money(1, 'toString')).toThrow(MoneyError);
  });

  it('lists every currency once', () => {
    const all = knownCurrencies();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(150);
    for (const code of all) expect(code).toMatch(/^[A-Z]{3}$/);
  });
});

describe('money()', () => {
  it('holds integer minor units', () => {
    expect(money(1999, 'ZAR')).toEqual({ amount: 1999, currency: 'ZAR' });
    expect(Object.isFrozen(money(1, 'USD'))).toBe(true);
    expect(Object.is(money(-0, 'USD').amount, 0)).toBe(true);
  });

  it('refuses floats, NaN and unsafe integers', () => {
    expect(() => money(19.99, 'ZAR')).toThrow(/must be an integer number of minor units .* parseMoney/);
    expect(() => money(Number.NaN, 'ZAR')).toThrow(MoneyError);
    expect(() => money(Number.MAX_SAFE_INTEGER + 1, 'ZAR')).toThrow(/outside the safe integer range/);
    expect(() => money('100' as unknown as number, 'ZAR')).toThrow(/must be an integer/);
  });

  it('validates values read from JSON', () => {
    expect(isMoney({ amount: 5, currency: 'EUR' })).toBe(true);
    expect(isMoney({ amount: 5.5, currency: 'EUR' })).toBe(false);
    expect(isMoney(null)).toBe(false);
    expect(assertMoney({ amount: 5, currency: 'EUR' }, 'price')).toEqual(money(5, 'EUR'));
    expect(() => assertMoney({ amount: 5.5, currency: 'EUR' }, 'price')).toThrow(/price.amount must be an integer/);
    expect(() => assertMoney('5', 'price')).toThrow(/price must be \{ amount, currency \}/);
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, negates, multiplies', () => {
    expect(add(money(150, 'ZAR'), money(250, 'ZAR'))).toEqual(money(400, 'ZAR'));
    expect(subtract(money(150, 'ZAR'), money(250, 'ZAR'))).toEqual(money(-100, 'ZAR'));
    expect(negate(money(5, 'JPY'))).toEqual(money(-5, 'JPY'));
    expect(negate(zero('JPY'))).toEqual(money(0, 'JPY'));
    expect(multiply(money(333, 'USD'), 3)).toEqual(money(999, 'USD'));
    expect(() => multiply(money(333, 'USD'), 1.5)).toThrow(/factor must be an integer/);
  });

  it('refuses to mix currencies', () => {
    expect(() => add(money(1, 'ZAR'), money(1, 'USD'))).toThrow(/cannot add ZAR and USD; convert one of them first/);
    expect(() => subtract(money(1, 'ZAR'), money(1, 'USD'))).toThrow(MoneyError);
    expect(() => compare(money(1, 'ZAR'), money(1, 'USD'))).toThrow(MoneyError);
    expect(() => sum('ZAR', [money(1, 'ZAR'), money(1, 'USD')])).toThrow(/cannot sum USD into a ZAR total/);
  });

  it('sums lists, including the empty one', () => {
    expect(sum('EUR', [])).toEqual(zero('EUR'));
    expect(sum('EUR', [money(1, 'EUR'), money(2, 'EUR'), money(-4, 'EUR')])).toEqual(money(-1, 'EUR'));
  });

  it('detects overflow instead of rounding', () => {
    const big = money(Number.MAX_SAFE_INTEGER, 'USD');
    expect(() => add(big, money(1, 'USD'))).toThrow(/outside the safe integer range/);
    expect(() => multiply(big, 2)).toThrow(/outside the safe integer range/);
    expect(add(big, money(-1, 'USD')).amount).toBe(Number.MAX_SAFE_INTEGER - 1);
  });

  it('compares', () => {
    expect(compare(money(1, 'USD'), money(2, 'USD'))).toBe(-1);
    expect(compare(money(2, 'USD'), money(2, 'USD'))).toBe(0);
    expect(compare(money(3, 'USD'), money(2, 'USD'))).toBe(1);
    expect(equals(money(3, 'USD'), money(3, 'USD'))).toBe(true);
    expect(equals(money(3, 'USD'), money(3, 'EUR'))).toBe(false);
    expect(isZero(zero('USD'))).toBe(true);
    expect(isNegative(money(-1, 'USD'))).toBe(true);
    expect(isPositive(money(1, 'USD'))).toBe(true);
  });
});

describe('divideRounded', () => {
  const cases: Array<[bigint, bigint, Record<RoundingMode, bigint>]> = [
    // 2.5
    [5n, 2n, { floor: 2n, ceil: 3n, trunc: 2n, 'half-up': 3n, 'half-down': 2n, 'half-even': 2n }],
    // 3.5
    [7n, 2n, { floor: 3n, ceil: 4n, trunc: 3n, 'half-up': 4n, 'half-down': 3n, 'half-even': 4n }],
    // -2.5
    [-5n, 2n, { floor: -3n, ceil: -2n, trunc: -2n, 'half-up': -3n, 'half-down': -2n, 'half-even': -2n }],
    // 2.4 and -2.6
    [12n, 5n, { floor: 2n, ceil: 3n, trunc: 2n, 'half-up': 2n, 'half-down': 2n, 'half-even': 2n }],
    [-13n, 5n, { floor: -3n, ceil: -2n, trunc: -2n, 'half-up': -3n, 'half-down': -3n, 'half-even': -3n }],
    // exact
    [10n, 5n, { floor: 2n, ceil: 2n, trunc: 2n, 'half-up': 2n, 'half-down': 2n, 'half-even': 2n }],
    // negative denominator
    [5n, -2n, { floor: -3n, ceil: -2n, trunc: -2n, 'half-up': -3n, 'half-down': -2n, 'half-even': -2n }],
  ];
  for (const [n, d, expected] of cases) {
    for (const [mode, value] of Object.entries(expected)) {
      it(`${n}/${d} ${mode} → ${value}`, () => {
        expect(divideRounded(n, d, mode as RoundingMode)).toBe(value);
      });
    }
  }
  it('refuses division by zero', () => {
    expect(() => divideRounded(1n, 0n, 'floor')).toThrow(/division by zero/);
  });
});

describe('percentOf', () => {
  it('takes integer and decimal-text percentages exactly', () => {
    expect(percentOf(money(1000, 'ZAR'), 15, 'half-even')).toEqual(money(150, 'ZAR'));
    expect(percentOf(money(1999, 'USD'), '2.9', 'half-up')).toEqual(money(58, 'USD')); // 57.971
    expect(percentOf(money(1000, 'USD'), '0.125', 'floor')).toEqual(money(1, 'USD')); // 1.25
    expect(percentOf(money(1000, 'USD'), '0.125', 'ceil')).toEqual(money(2, 'USD'));
    expect(percentOf(money(-1999, 'USD'), '2.9', 'half-up')).toEqual(money(-58, 'USD'));
  });

  it('applies the named rounding on exact halves', () => {
    // 15% of 10 cents = 1.5 cents
    expect(percentOf(money(10, 'USD'), 15, 'half-even').amount).toBe(2);
    expect(percentOf(money(10, 'USD'), 15, 'half-down').amount).toBe(1);
    expect(percentOf(money(10, 'USD'), 15, 'half-up').amount).toBe(2);
    // 25% of 10 cents = 2.5 cents
    expect(percentOf(money(10, 'USD'), 25, 'half-even').amount).toBe(2);
    expect(percentOf(money(10, 'USD'), 25, 'trunc').amount).toBe(2);
  });

  it('refuses floats and nonsense, naming the fix', () => {
    expect(() => percentOf(money(100, 'USD'), 2.9, 'half-up')).toThrow(/pass fractional percentages as text, e.g. "2.9"/);
    expect(() => percentOf(money(100, 'USD'), '2,9', 'half-up')).toThrow(/not a decimal number/);
    expect(() => percentOf(money(100, 'USD'), 15, 'round' as RoundingMode)).toThrow(/rounding must be one of/);
    expect(parsePercent('-1.5')).toEqual({ numerator: -15n, denominator: 1000n });
  });

  it('never overflows in the intermediate product', () => {
    const big = money(Number.MAX_SAFE_INTEGER - 1, 'USD');
    expect(percentOf(big, 50, 'floor').amount).toBe((Number.MAX_SAFE_INTEGER - 1) / 2);
  });
});

describe('allocate', () => {
  it('splits without losing a cent, remainder to the largest remainders, ties to the first', () => {
    expect(allocate(money(100, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(money(5, 'USD'), [3, 7]).map((m) => m.amount)).toEqual([2, 3]); // 1.5, 3.5: tie → the first
    expect(allocate(money(1000, 'ZAR'), [7000, 3000]).map((m) => m.amount)).toEqual([700, 300]);
    expect(allocate(money(1, 'JPY'), [1, 1]).map((m) => m.amount)).toEqual([1, 0]);
    expect(allocate(money(10, 'USD'), [0, 1, 0]).map((m) => m.amount)).toEqual([0, 10, 0]);
  });

  it('mirrors negative amounts exactly', () => {
    const positive = allocate(money(100, 'USD'), [1, 1, 1]).map((m) => m.amount);
    const negative = allocate(money(-100, 'USD'), [1, 1, 1]).map((m) => m.amount);
    expect(negative).toEqual(positive.map((a) => -a));
  });

  it('keeps the currency', () => {
    for (const part of allocate(money(7, 'KWD'), [1, 2])) expect(part.currency).toBe('KWD');
  });

  it('refuses bad ratios with a way out', () => {
    expect(() => allocate(money(100, 'USD'), [])).toThrow(/at least one ratio/);
    expect(() => allocate(money(100, 'USD'), [0, 0])).toThrow(/sum to zero/);
    expect(() => allocate(money(100, 'USD'), [0.7, 0.3])).toThrow(/use basis points/);
    expect(() => allocate(money(100, 'USD'), [1, -1])).toThrow(/non-negative integers/);
  });

  it('handles amounts and ratios whose product leaves the safe range', () => {
    const parts = allocate(money(Number.MAX_SAFE_INTEGER, 'USD'), [Number.MAX_SAFE_INTEGER, 1]);
    expect(parts[0]?.amount).toBe(Number.MAX_SAFE_INTEGER - 1);
    expect(parts[1]?.amount).toBe(1);
  });

  it('property: parts always sum exactly, each within one unit of its exact share, deterministic', () => {
    const next = rng(20260101);
    const problems: string[] = [];
    for (let run = 0; run < 5000; run += 1) {
      const magnitude = [10, 1_000, 1_000_000, Number.MAX_SAFE_INTEGER][randomInt(next, 0, 3)] as number;
      const amount = randomInt(next, -magnitude, magnitude);
      const n = randomInt(next, 1, 12);
      const ratios: number[] = Array.from({ length: n }, () => (next() < 0.15 ? 0 : randomInt(next, 1, next() < 0.5 ? 10 : 1_000_000)));
      if (!ratios.some((r) => r > 0)) ratios[0] = 1;
      const total = ratios.reduce((a, b) => a + BigInt(b), 0n);

      const parts = allocate(money(amount, 'EUR'), ratios);
      const where = `amount ${amount}, ratios [${ratios.join(', ')}]`;
      if (parts.length !== n) problems.push(`${where}: ${parts.length} parts`);
      const partsSum = parts.reduce((a, p) => a + BigInt(p.amount), 0n);
      if (partsSum !== BigInt(amount)) problems.push(`${where}: parts sum to ${partsSum}`);
      for (const [i, part] of parts.entries()) {
        // |part − exact share| < 1 unit, compared in units of 1/total to stay exact
        const diff = BigInt(part.amount) * total - BigInt(amount) * BigInt(ratios[i] as number);
        if ((diff < 0n ? -diff : diff) >= total) problems.push(`${where}: part ${i} = ${part.amount} is a unit or more off`);
        if (ratios[i] === 0 && part.amount !== 0) problems.push(`${where}: zero ratio got ${part.amount}`);
        if (amount >= 0 && part.amount < 0) problems.push(`${where}: negative part`);
      }
      const again = allocate(money(amount, 'EUR'), ratios);
      if (again.some((p, i) => p.amount !== parts[i]?.amount)) problems.push(`${where}: not deterministic`);
    }
    expect(problems).toEqual([]);
  });

  it('property: a two-way revenue split in basis points always adds back to the gross', () => {
    const next = rng(7);
    for (let run = 0; run < 2000; run += 1) {
      const gross = money(randomInt(next, 0, 10_000_000), 'ZAR');
      const platformBps = randomInt(next, 0, 10_000);
      const [platform, instructor] = allocate(gross, [platformBps, 10_000 - platformBps]);
      expect(sum('ZAR', [platform!, instructor!])).toEqual(gross);
    }
  });
});

describe('parse and format', () => {
  it('parses decimal text into minor units', () => {
    expect(parseMoney('19.99', 'ZAR')).toEqual(money(1999, 'ZAR'));
    expect(parseMoney('19.9', 'ZAR')).toEqual(money(1990, 'ZAR'));
    expect(parseMoney('19', 'ZAR')).toEqual(money(1900, 'ZAR'));
    expect(parseMoney(' -0.05 ', 'USD')).toEqual(money(-5, 'USD'));
    expect(parseMoney('1500', 'JPY')).toEqual(money(1500, 'JPY'));
    expect(parseMoney('1.005', 'KWD')).toEqual(money(1005, 'KWD'));
    expect(parseMoney('0', 'USD')).toEqual(zero('USD'));
  });

  it('refuses text it cannot take exactly', () => {
    expect(() => parseMoney('19.999', 'ZAR')).toThrow(/ZAR has 2 decimal places; "19.999" has 3/);
    expect(() => parseMoney('1.5', 'JPY')).toThrow(/JPY has 0 decimal places/);
    expect(() => parseMoney('1,000.00', 'USD')).toThrow(/is not an amount; expected digits/);
    expect(() => parseMoney('1e3', 'USD')).toThrow(MoneyError);
    expect(() => parseMoney('', 'USD')).toThrow(MoneyError);
    expect(() => parseMoney('99999999999999999', 'USD')).toThrow(/outside the safe integer range/);
  });

  it('prints exact decimal strings', () => {
    expect(toDecimalString(money(1999, 'ZAR'))).toBe('19.99');
    expect(toDecimalString(money(5, 'KWD'))).toBe('0.005');
    expect(toDecimalString(money(-1, 'USD'))).toBe('-0.01');
    expect(toDecimalString(money(1500, 'JPY'))).toBe('1500');
    expect(toDecimalString(money(Number.MAX_SAFE_INTEGER, 'USD'))).toBe('90071992547409.91');
  });

  it('property: parse(toDecimalString(m)) is m', () => {
    const next = rng(99);
    for (const currency of ['USD', 'JPY', 'KWD', 'CLF']) {
      for (let run = 0; run < 500; run += 1) {
        const m = money(randomInt(next, -1_000_000_000, 1_000_000_000), currency);
        expect(parseMoney(toDecimalString(m), currency)).toEqual(m);
      }
    }
  });

  it('formats for people with the currency digits', () => {
    expect(formatMoney(money(1999, 'USD'), 'en-US')).toBe('$19.99');
    expect(formatMoney(money(1500, 'JPY'), 'en-US')).toBe('¥1,500');
    expect(formatMoney(money(1005, 'KWD'), 'en-US', { currencyDisplay: 'code' })).toMatch(/^KWD\s1\.005$/);
    // Exact even beyond float precision
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), 'en-US')).toBe('$90,071,992,547,409.91');
  });
});
