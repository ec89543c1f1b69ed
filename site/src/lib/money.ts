import type { Price } from '@contracts/catalog';

const LOCALE = 'en';

function currencyFormat(currency: string): Intl.NumberFormat {
  // narrowSymbol gives "R 499.00" and "$19.99" rather than "ZAR 499.00" / "US$19.99".
  return new Intl.NumberFormat(LOCALE, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
}

/** Digits after the decimal point for a currency (ISO 4217 exponent): USD 2, JPY 0, KWD 3. */
export function currencyExponent(currency: string): number {
  return currencyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Integer minor units as an exact decimal string ("1999", exponent 2 → "19.99").
 * Intl.NumberFormat accepts decimal strings, so no float ever touches the amount.
 */
export function minorUnitsToDecimal(amount: number, exponent: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not a whole number of minor units`);
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** "R 499.00" for ZAR 49900, "$19.99" for USD 1999. */
export function formatMoney(amount: number, currency: string): string {
  const format = currencyFormat(currency);
  const exponent = format.resolvedOptions().maximumFractionDigits ?? 2;
  // format() takes decimal strings at run time (Intl.NumberFormat v3); the lib typings lag behind.
  return format.format(minorUnitsToDecimal(amount, exponent) as unknown as number);
}

/** "Free" for free courses (or a paid model with no amount), otherwise the formatted amount. */
export function formatPrice(price: Price): string {
  if (price.model === 'free' || price.amount <= 0 || !price.currency) return 'Free';
  return formatMoney(price.amount, price.currency);
}

/** The call-to-action label for a course's price. */
export function enrollLabel(price: Price): string {
  const shown = formatPrice(price);
  if (shown === 'Free') return 'Enroll for free';
  return price.model === 'subscription' ? `Subscribe for ${shown}` : `Buy for ${shown}`;
}
