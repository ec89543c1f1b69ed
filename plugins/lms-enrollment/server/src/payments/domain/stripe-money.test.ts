import { describe, expect, it } from 'vitest';
import { money } from '@lms/plugin-lms-core/server';
import { chargeProblem, fromStripeAmount, StripeAmountError, toStripeAmount } from './stripe-money';

describe('Stripe amounts', () => {
  it('passes ISO minor units through with a lower-case currency', () => {
    expect(toStripeAmount(money(49900, 'ZAR'))).toEqual({ unit_amount: 49900, currency: 'zar' });
    expect(toStripeAmount(money(1500, 'JPY'))).toEqual({ unit_amount: 1500, currency: 'jpy' });
    expect(fromStripeAmount(2900, 'usd')).toEqual({ amount: 2900, currency: 'USD' });
  });

  it('refuses what Stripe would charge differently, saying why', () => {
    expect(chargeProblem(money(100000, 'HUF'))).toMatch(/different unit/);
    expect(chargeProblem(money(0, 'USD'))).toMatch(/more than zero/);
    expect(chargeProblem(money(1005, 'KWD'))).toMatch(/multiples of 10/);
    expect(chargeProblem(money(1000, 'KWD'))).toBeNull();
    expect(() => toStripeAmount(money(500, 'ISK'))).toThrow(StripeAmountError);
    expect(() => fromStripeAmount(1, 'xyz')).toThrow(/does not take payments in/);
  });
});
