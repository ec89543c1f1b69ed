import { currencyExponent, isCurrency, money, type Money } from '@lms/plugin-lms-core/server';

/**
 * The boundary between our Money (ISO 4217 minor units) and Stripe's amounts. For almost every
 * currency they are the same integer; Stripe's documented special cases are refused rather than
 * guessed (https://docs.stripe.com/currencies#special-cases): a wrong factor of 100 is a wrong
 * price, and no course is priced in these today.
 */
const DIFFERENT_UNIT_ON_STRIPE: ReadonlySet<string> = new Set(['ISK', 'HUF', 'TWD', 'UGX', 'MGA']);

export class StripeAmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StripeAmountError';
  }
}

/** Why Stripe cannot charge this price, or null when it can. */
export function chargeProblem(price: Money): string | null {
  if (DIFFERENT_UNIT_ON_STRIPE.has(price.currency)) {
    return `Stripe counts ${price.currency} amounts in a different unit than ISO 4217; checkout in ${price.currency} is not supported`;
  }
  if (price.amount <= 0) return `the price must be more than zero (got ${price.amount} ${price.currency} minor units)`;
  // Stripe charges three-decimal currencies only in multiples of 10 minor units.
  if (currencyExponent(price.currency) === 3 && price.amount % 10 !== 0) {
    return `Stripe charges ${price.currency} in multiples of 10 minor units; ${price.amount} is not one`;
  }
  return null;
}

/** `{ unit_amount, currency }` for Stripe (lower-case currency code). */
export function toStripeAmount(price: Money): { unit_amount: number; currency: string } {
  const problem = chargeProblem(price);
  if (problem) throw new StripeAmountError(problem);
  return { unit_amount: price.amount, currency: price.currency.toLowerCase() };
}

/** Money from a Stripe amount and its (lower-case) currency. */
export function fromStripeAmount(amount: number, stripeCurrency: string): Money {
  const currency = stripeCurrency.toUpperCase();
  if (!isCurrency(currency) || DIFFERENT_UNIT_ON_STRIPE.has(currency)) {
    throw new StripeAmountError(`Stripe reported an amount in "${stripeCurrency}", a currency this platform does not take payments in`);
  }
  return money(amount, currency);
}
