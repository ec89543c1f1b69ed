import { describe, expect, it } from 'vitest';
import { currencyExponent, enrollLabel, formatMoney, formatPrice, minorUnitsToDecimal } from './money';

describe('formatMoney', () => {
  // Intl joins a letter symbol to the amount with a no-break space, so "R" never wraps alone.
  it('uses the currency exponent', () => {
    expect(formatMoney(49900, 'ZAR')).toBe('R\u00a0499.00');
    expect(formatMoney(1999, 'USD')).toBe('$19.99');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(12345, 'KWD')).toBe('KWD\u00a012.345');
    expect(formatMoney(5, 'EUR')).toBe('€0.05');
  });

  it('keeps large amounts exact', () => {
    expect(formatMoney(123456789012, 'USD')).toBe('$1,234,567,890.12');
  });

  it('rejects fractional minor units', () => {
    expect(() => formatMoney(19.5, 'USD')).toThrow(RangeError);
  });
});

describe('minorUnitsToDecimal', () => {
  it('pads small amounts', () => {
    expect(minorUnitsToDecimal(7, 2)).toBe('0.07');
    expect(minorUnitsToDecimal(0, 2)).toBe('0.00');
    expect(minorUnitsToDecimal(-150, 2)).toBe('-1.50');
    expect(minorUnitsToDecimal(1500, 0)).toBe('1500');
  });
});

describe('currencyExponent', () => {
  it('follows ISO 4217', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
  });
});

describe('formatPrice and enrollLabel', () => {
  it('shows Free for free courses', () => {
    const free = { model: 'free', amount: 0, currency: null } as const;
    expect(formatPrice(free)).toBe('Free');
    expect(enrollLabel(free)).toBe('Enroll for free');
  });

  it('names the amount for paid courses', () => {
    expect(enrollLabel({ model: 'one_time', amount: 49900, currency: 'ZAR' })).toBe('Buy for R\u00a0499.00');
    expect(enrollLabel({ model: 'subscription', amount: 1999, currency: 'USD' })).toBe('Subscribe for $19.99');
  });

  it('treats a paid model without a currency as free rather than guessing one', () => {
    expect(formatPrice({ model: 'one_time', amount: 100, currency: null })).toBe('Free');
  });
});
