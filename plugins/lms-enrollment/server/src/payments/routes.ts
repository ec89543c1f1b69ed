/**
 * Payment routes (content API, prefixed /api/lms-enrollment), joined to the plugin's route list.
 */
export const paymentRoutes = [
  {
    method: 'POST',
    path: '/checkout',
    handler: 'checkout.create',
    // Guard: users-permissions JWT; the action is granted to the Authenticated role only
    // (bootstrap). Rate-limited per learner like the other learner write routes.
    config: { middlewares: ['plugin::lms-enrollment.rate-limit'] },
  },
  {
    method: 'POST',
    path: '/stripe/webhook',
    handler: 'stripeWebhook.receive',
    // Public on purpose: Stripe calls it without an account. The guard is the Stripe-Signature
    // header, verified against the raw body with STRIPE_WEBHOOK_SECRET before anything is read
    // or stored (400 otherwise); a replay older than 300 s fails that check too.
    config: { auth: false },
  },
];
