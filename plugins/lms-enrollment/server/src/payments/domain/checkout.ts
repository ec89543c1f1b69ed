import type Stripe from 'stripe';
import { money } from '@lms/plugin-lms-core/server';
import { toStripeAmount } from './stripe-money';
import { METADATA_COURSE, METADATA_USER } from './stripe-objects';

export interface CheckoutCourse {
  documentId: string;
  slug: string;
  title: string;
  pricingModel: 'one_time' | 'subscription';
  priceAmount: number;
  currency: string;
}

/**
 * The Checkout Session for a course. A one-time course is a `payment` session for its price; a
 * subscription course starts the subscription plan, a `subscription` session billed monthly at
 * that course's price (see docs/decisions: payments). Both carry the learner and course in the
 * session's metadata and again on the PaymentIntent or Subscription, so that events about those
 * objects (refunds, renewals) can be attributed without the session.
 */
export function checkoutSessionParams(input: {
  course: CheckoutCourse;
  userId: number;
  email: string | null;
  siteUrl: string;
}): Stripe.Checkout.SessionCreateParams {
  const { course, userId, siteUrl } = input;
  const price = toStripeAmount(money(course.priceAmount, course.currency));
  const metadata = { [METADATA_USER]: String(userId), [METADATA_COURSE]: course.documentId };
  const slug = encodeURIComponent(course.slug);
  const common = {
    client_reference_id: String(userId),
    metadata,
    // Stripe replaces {CHECKOUT_SESSION_ID} itself; it must stay unencoded.
    success_url: `${siteUrl}/checkout/return?course=${slug}&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${siteUrl}/courses/${slug}`,
    ...(input.email ? { customer_email: input.email } : {}),
  };
  if (course.pricingModel === 'one_time') {
    return {
      ...common,
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { ...price, product_data: { name: course.title } } }],
      payment_intent_data: { metadata },
    };
  }
  return {
    ...common,
    mode: 'subscription',
    line_items: [
      {
        quantity: 1,
        price_data: { ...price, recurring: { interval: 'month' }, product_data: { name: "Monthly subscription: every subscription course" } },
      },
    ],
    subscription_data: { metadata },
  };
}
