/** Pricing rules of a course, checked whenever a course is created or changed. No Strapi imports. */

export type PricingModel = 'free' | 'one_time' | 'subscription';

export interface CoursePricing {
  pricingModel?: PricingModel | null;
  priceAmount?: number | null;
  currency?: string | null;
}

export interface PricingProblem {
  field: 'pricingModel' | 'priceAmount' | 'currency';
  message: string;
}

/** ISO 4217 codes we sell in; the minor-unit exponent is what the money type uses. */
export const SUPPORTED_CURRENCIES = ['ZAR', 'USD', 'EUR', 'GBP', 'KES', 'NGN', 'JPY'] as const;

/** "price > 0 iff not free": a free course has no price; a paid one has a positive price and a currency. */
export function checkCoursePricing(course: CoursePricing): PricingProblem | null {
  const model = course.pricingModel ?? 'free';
  const amount = course.priceAmount ?? 0;
  if (!Number.isSafeInteger(amount) || amount < 0) {
    return { field: 'priceAmount', message: `priceAmount must be a whole number of minor units (cents), got ${amount}` };
  }
  if (model === 'free') {
    if (amount !== 0) {
      return {
        field: 'priceAmount',
        message: `a free course cannot have a price (got ${amount}); set pricingModel to one_time or subscription, or the price to 0`,
      };
    }
    return null;
  }
  if (amount <= 0) {
    return { field: 'priceAmount', message: `a ${model} course needs a price greater than 0 in minor units (e.g. 49900 for 499.00)` };
  }
  if (!course.currency) {
    return { field: 'currency', message: `a ${model} course needs a currency (ISO 4217, e.g. ZAR or USD)` };
  }
  if (!(SUPPORTED_CURRENCIES as readonly string[]).includes(course.currency)) {
    return {
      field: 'currency',
      message: `currency ${course.currency} is not supported; use one of ${SUPPORTED_CURRENCIES.join(', ')}`,
    };
  }
  return null;
}
