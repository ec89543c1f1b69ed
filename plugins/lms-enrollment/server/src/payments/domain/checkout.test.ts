import { describe, expect, it } from 'vitest';
import { checkoutSessionParams, type CheckoutCourse } from './checkout';

const course: CheckoutCourse = { documentId: 'abc123', slug: 'sql-data-analysis', title: 'SQL', pricingModel: 'one_time', priceAmount: 49900, currency: 'ZAR' };

describe('checkoutSessionParams', () => {
  it('a one-time course is a payment session for its price, tagged with learner and course', () => {
    const params = checkoutSessionParams({ course, userId: 42, email: 'a@example.com', siteUrl: 'https://learn.example.com' });
    expect(params).toMatchObject({
      mode: 'payment',
      client_reference_id: '42',
      customer_email: 'a@example.com',
      metadata: { lms_user: '42', lms_course: 'abc123' },
      payment_intent_data: { metadata: { lms_user: '42', lms_course: 'abc123' } },
      success_url: 'https://learn.example.com/checkout/return?course=sql-data-analysis&session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://learn.example.com/courses/sql-data-analysis',
      line_items: [{ quantity: 1, price_data: { unit_amount: 49900, currency: 'zar', product_data: { name: 'SQL' } } }],
    });
    expect(params).not.toHaveProperty('subscription_data');
  });

  it('a subscription course starts the monthly plan at its price', () => {
    const params = checkoutSessionParams({ course: { ...course, pricingModel: 'subscription', priceAmount: 9900 }, userId: 42, email: null, siteUrl: 'http://x' });
    expect(params.mode).toBe('subscription');
    expect(params.line_items?.[0]?.price_data).toMatchObject({ unit_amount: 9900, currency: 'zar', recurring: { interval: 'month' } });
    expect(params.subscription_data?.metadata).toEqual({ lms_user: '42', lms_course: 'abc123' });
    expect(params).not.toHaveProperty('customer_email');
    expect(params).not.toHaveProperty('payment_intent_data');
  });

  it('refuses a price Stripe cannot charge', () => {
    expect(() => checkoutSessionParams({ course: { ...course, priceAmount: 0 }, userId: 1, email: null, siteUrl: 'http://x' })).toThrow(/more than zero/);
  });
});
