/**
 * Request and response types of the payment routes. Type-only (the site may import it, like
 * ../contracts). Errors use Strapi's error body (ApiErrorBody in ../contracts).
 */

// ---------------------------------------------------------------------------------------------
// POST /api/lms-enrollment/checkout   (Authenticated role; rate-limited)
//   400 bad body, 403 revoked or prerequisites missing, 404 unknown course, 409 free course /
//   already enrolled / covered by the learner's subscription / price Stripe cannot charge,
//   502 Stripe refused, 503 STRIPE_SECRET_KEY not set.
// ---------------------------------------------------------------------------------------------

export interface CheckoutRequest {
  /** documentId of a published course priced one_time or subscription. */
  course: string;
}

export interface CheckoutResponse {
  /** Stripe Checkout's page; send the learner there. */
  url: string;
  /** The Checkout Session id (Stripe appends it to the return URL too). */
  sessionId: string;
  mode: 'payment' | 'subscription';
}

// ---------------------------------------------------------------------------------------------
// POST /api/lms-enrollment/stripe/webhook   (public: the Stripe-Signature is the guard)
//   400 missing/bad/stale signature (nothing stored), 503 STRIPE_WEBHOOK_SECRET not set.
// ---------------------------------------------------------------------------------------------

export interface StripeWebhookResponse {
  received: true;
  /** False for event types this platform does not act on (acknowledged so Stripe stops retrying). */
  handled: boolean;
  /** True when this event id was received before (nothing new was stored). */
  duplicate: boolean;
}

export type PaymentRoute = 'POST /api/lms-enrollment/checkout' | 'POST /api/lms-enrollment/stripe/webhook';
