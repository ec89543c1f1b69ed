import type { Money } from '@lms/plugin-lms-core/server';

/**
 * Events of the payments side of lms-enrollment, added to lms-core's payload map. Amounts are
 * {@link Money} (integer minor units, ISO currency); `courseId` is the course's documentId and
 * `learnerId` the users-permissions user id, as everywhere.
 */
declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /**
     * Money was captured, once per payment: a course purchase (Checkout in payment mode) or one
     * paid subscription invoice. The revenue plugin splits `gross` into tax, fee and shares.
     */
    'payment.succeeded': {
      /** lms_payments.id */
      paymentId: number;
      learnerId: number;
      /** The course bought, or the course the subscription was started from. */
      courseId: string;
      kind: 'purchase' | 'subscription';
      /** What the learner paid, tax included. */
      gross: Money;
      /** VAT / sales tax inside `gross` (Checkout's total_details.amount_tax); zero when none. */
      tax: Money;
      /** Stripe's processing fee from the charge's balance transaction (settlement currency); null when not known. */
      fee: Money | null;
      provider: 'stripe';
      /** The PaymentIntent id of a purchase, the invoice id of a subscription payment. */
      providerReference: string;
      paidAt: string;
    };
    /**
     * Money went back to the learner: a refund (in full or in part) or a lost dispute
     * (chargeback). Once per fact: `amount` is what this fact returned, not the running total.
     */
    'payment.refunded': {
      paymentId: number;
      /** Null when the buyer erased their account before the refund or dispute (decision 036). */
      learnerId: number | null;
      courseId: string;
      kind: 'purchase' | 'subscription';
      amount: Money;
      /** Everything returned for this payment so far, this fact included. */
      totalReturned: Money;
      gross: Money;
      /** True when nothing of the payment is left (access was ended). */
      full: boolean;
      cause: 'refund' | 'chargeback';
      provider: 'stripe';
      providerReference: string;
      refundedAt: string;
    };
    /**
     * A verified Stripe webhook event was stored in lms_stripe_events; lms-enrollment's own
     * consumer applies it. Internal to this plugin.
     */
    'stripe.event.received': {
      stripeEventId: string;
      stripeType: string;
      /** Stripe's `created` (epoch seconds). */
      created: number;
    };
  }
}

export {};
