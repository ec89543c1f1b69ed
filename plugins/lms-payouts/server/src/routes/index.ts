import { ACTIONS } from '../permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/**
 * Admin API (prefixed /lms-payouts). `me/*` needs `payouts.request` (the Instructor role) and
 * answers for the caller's own instructor profile only; `payouts/*` needs `payouts.manage`.
 */
const adminRoutes = {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/me', handler: 'instructor.overview', config: guard(ACTIONS.request) },
    { method: 'PUT', path: '/me/bank', handler: 'instructor.saveBank', config: guard(ACTIONS.request) },
    { method: 'POST', path: '/me/stripe', handler: 'instructor.startStripe', config: guard(ACTIONS.request) },
    { method: 'PUT', path: '/me/method', handler: 'instructor.chooseMethod', config: guard(ACTIONS.request) },
    { method: 'POST', path: '/me/payouts', handler: 'instructor.requestPayout', config: guard(ACTIONS.request) },
    { method: 'GET', path: '/me/payouts/:id', handler: 'instructor.myPayout', config: guard(ACTIONS.request) },
    { method: 'GET', path: '/payouts', handler: 'admin.list', config: guard(ACTIONS.manage) },
    { method: 'GET', path: '/payouts/:id', handler: 'admin.get', config: guard(ACTIONS.manage) },
    { method: 'POST', path: '/payouts/:id/approve', handler: 'admin.approve', config: guard(ACTIONS.manage) },
    { method: 'POST', path: '/payouts/:id/reject', handler: 'admin.reject', config: guard(ACTIONS.manage) },
    { method: 'POST', path: '/payouts/:id/mark-paid', handler: 'admin.markPaid', config: guard(ACTIONS.manage) },
    // Audited: every call is recorded (lms_payout_bank_reveals). POST because it has that effect.
    { method: 'POST', path: '/payouts/:id/bank-details', handler: 'admin.revealBankDetails', config: guard(ACTIONS.manage) },
  ],
};

/** Content API (prefixed /api/lms-payouts): Stripe's deliveries. */
const contentApiRoutes = {
  type: 'content-api' as const,
  routes: [
    {
      method: 'POST',
      path: '/stripe/webhook',
      handler: 'webhook.receive',
      // Public on purpose: Stripe calls it without an account. The guard is the Stripe-Signature
      // header, verified against the raw body with STRIPE_CONNECT_WEBHOOK_SECRET before anything
      // is read or stored (400 otherwise); a replay older than 300 s fails that check too.
      config: { auth: false },
    },
  ],
};

export const routes = { admin: adminRoutes, 'content-api': contentApiRoutes };
