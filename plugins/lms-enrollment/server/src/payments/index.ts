import type { Core } from '@strapi/strapi';
import { getLmsCoreService } from '@lms/plugin-lms-core/server';
import { getService } from '../utils';
import { createCheckoutController } from './controllers/checkout';
import { createStripeWebhookController } from './controllers/stripe-webhook';
import { createCheckoutService } from './services/checkout';
import { createPaymentsService } from './services/payments';
import { createStripeService } from './services/stripe';
import { createStripeWebhooksService } from './services/webhooks';
import './events';

/**
 * The payments side of lms-enrollment (Stripe Checkout, webhooks, refunds and disputes,
 * subscriptions), joined to the plugin by its index, register, routes and migrations.
 */
export { paymentMigrations } from './migrations';
export { paymentRoutes } from './routes';

export const paymentServices = {
  stripe: createStripeService,
  checkout: createCheckoutService,
  stripeWebhooks: createStripeWebhooksService,
  payments: createPaymentsService,
};

export const paymentControllers = {
  checkout: createCheckoutController,
  stripeWebhook: createStripeWebhookController,
};

/** users-permissions actions of the payment learner routes (granted to Authenticated). */
export const PAYMENT_LEARNER_ACTIONS = ['plugin::lms-enrollment.checkout.create'] as const;

/** Consumer name of the stored-Stripe-event subscription (lms_consumed_events.consumer). */
export const STRIPE_EVENTS_CONSUMER = 'lms-enrollment-stripe';

/** Call from the plugin's register(): the queue consumer that applies verified Stripe events. */
export function registerPayments(strapi: Core.Strapi): void {
  getLmsCoreService(strapi, 'events').subscribe(STRIPE_EVENTS_CONSUMER, 'stripe.event.received', async (event, { trx }) => {
    await getService(strapi, 'payments').applyStoredEvent(trx, event.payload.stripeEventId);
  });
}

export type { StripeService } from './services/stripe';
export type { CheckoutService } from './services/checkout';
export type { StripeWebhooksService } from './services/webhooks';
export type { PaymentsService } from './services/payments';
