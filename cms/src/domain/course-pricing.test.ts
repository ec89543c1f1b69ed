import { describe, expect, it } from 'vitest';
import { checkCoursePricing } from './course-pricing';

describe('checkCoursePricing: price > 0 iff not free', () => {
  it('accepts a free course without a price', () => {
    expect(checkCoursePricing({ pricingModel: 'free', priceAmount: 0 })).toBeNull();
    expect(checkCoursePricing({ pricingModel: 'free' })).toBeNull();
  });
  it('rejects a free course with a price', () => {
    expect(checkCoursePricing({ pricingModel: 'free', priceAmount: 100 })).toMatchObject({ field: 'priceAmount' });
  });
  it.each(['one_time', 'subscription'] as const)('requires a positive price and a currency for %s', (model) => {
    expect(checkCoursePricing({ pricingModel: model, priceAmount: 0, currency: 'ZAR' })).toMatchObject({ field: 'priceAmount' });
    expect(checkCoursePricing({ pricingModel: model, priceAmount: 49900 })).toMatchObject({ field: 'currency' });
    expect(checkCoursePricing({ pricingModel: model, priceAmount: 49900, currency: 'ZAR' })).toBeNull();
  });
  it('rejects fractional or negative minor units and unknown currencies', () => {
    expect(checkCoursePricing({ pricingModel: 'one_time', priceAmount: 12.5, currency: 'USD' })?.message).toMatch(/whole number/);
    expect(checkCoursePricing({ pricingModel: 'one_time', priceAmount: -1, currency: 'USD' })).toMatchObject({ field: 'priceAmount' });
    expect(checkCoursePricing({ pricingModel: 'one_time', priceAmount: 100, currency: 'XYZ' })?.message).toMatch(/not supported/);
  });
});
