import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { checkoutFact, invoiceSubscriptionFact, invoiceTax, isHandledEventType, lmsReference, subscriptionFact } from './stripe-objects';

describe('reading Stripe objects', () => {
  it('takes learner and course only from well-formed lms metadata', () => {
    expect(lmsReference({ lms_user: '42', lms_course: 'abc123' })).toEqual({ userId: 42, courseDocumentId: 'abc123' });
    expect(lmsReference({ lms_user: '0', lms_course: 'abc' })).toBeNull();
    expect(lmsReference({ lms_user: '42; drop', lms_course: 'abc' })).toBeNull();
    expect(lmsReference({ lms_user: '42', lms_course: '../x' })).toBeNull();
    expect(lmsReference(null)).toBeNull();
  });

  it('a checkout fact needs our metadata, payment mode and an amount', () => {
    const session = {
      id: 'cs_1',
      mode: 'payment',
      metadata: { lms_user: '7', lms_course: 'c1' },
      payment_intent: { id: 'pi_1' },
      currency: 'zar',
      amount_total: 49900,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 6509 },
      payment_status: 'paid',
    } as unknown as Stripe.Checkout.Session;
    expect(checkoutFact('checkout.session.completed', session)).toEqual({
      kind: 'checkout',
      outcome: 'completed',
      sessionId: 'cs_1',
      paymentIntentId: 'pi_1',
      userId: 7,
      courseDocumentId: 'c1',
      currency: 'zar',
      amountTotal: 49900,
      amountTax: 6509,
      paymentStatus: 'paid',
    });
    expect(checkoutFact('checkout.session.completed', { ...session, metadata: {} })).toBeNull();
    expect(checkoutFact('checkout.session.completed', { ...session, mode: 'subscription' } as Stripe.Checkout.Session)).toBeNull();
  });

  it('a subscription period ends with its latest item; an invoice names its subscription under parent', () => {
    const subscription = {
      id: 'sub_1',
      customer: 'cus_1',
      status: 'active',
      metadata: { lms_user: '7', lms_course: 'c1' },
      items: { data: [{ current_period_end: 1_800_000_000 }, { current_period_end: 1_800_000_100 }] },
    } as unknown as Stripe.Subscription;
    expect(subscriptionFact(subscription, 5)).toMatchObject({ userId: 7, status: 'active', currentPeriodEnd: new Date(1_800_000_100_000), eventCreated: 5, periodAuthoritative: true });
    const invoice = {
      id: 'in_1',
      customer: 'cus_1',
      parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_1', metadata: { lms_user: '7', lms_course: 'c1' } } },
      lines: { data: [{ period: { start: 1, end: 1_800_000_000 } }] },
      total_taxes: [{ amount: 100 }, { amount: 20 }],
    } as unknown as Stripe.Invoice;
    expect(invoiceSubscriptionFact(invoice, 9)).toMatchObject({ subscriptionId: 'sub_1', userId: 7, status: 'active', periodAuthoritative: false });
    expect(invoiceTax(invoice)).toBe(120);
    expect(invoiceSubscriptionFact({ ...invoice, parent: null } as Stripe.Invoice, 9)).toBeNull();
  });

  it('knows which event types it handles', () => {
    expect(isHandledEventType('charge.refunded')).toBe(true);
    expect(isHandledEventType('customer.created')).toBe(false);
  });
});
