import type { Core } from '@strapi/strapi';
import { describe, expect, it } from 'vitest';
import { createCheckoutController } from '../controllers/checkout';
import { createStripeWebhookController } from '../controllers/stripe-webhook';
import { createStripeClient } from '../stripe-client';
import { createCheckoutService } from './checkout';
import { createStripeWebhooksService } from './webhooks';

/**
 * Without Stripe settings the platform runs and the payment routes say which setting is missing.
 * A Strapi stand-in is enough here: nothing below the missing setting is reached.
 */
function strapiWithoutStripe(): Core.Strapi {
  const settings = { secretKey: null, webhookSecret: null, api: null };
  const services: Record<string, unknown> = {
    stripe: { client: () => createStripeClient(settings), settings: () => settings, siteUrl: () => 'http://localhost:4321' },
  };
  const strapi = { plugin: () => ({ service: (name: string) => services[name] }) } as unknown as Core.Strapi;
  services.checkout = createCheckoutService({ strapi });
  services.stripeWebhooks = createStripeWebhooksService({ strapi });
  return strapi;
}

const ctx = (body: unknown, header: Record<string, string> = {}) => ({
  request: { body, header },
  state: { user: { id: 7 } },
  status: 404,
  body: undefined as unknown,
});

describe('payments without Stripe settings', () => {
  it('builds no Stripe client without STRIPE_SECRET_KEY', () => {
    expect(createStripeClient({ secretKey: null, webhookSecret: 'whsec_x', api: null })).toBeNull();
  });

  it('checkout answers 503 naming STRIPE_SECRET_KEY', async () => {
    const c = ctx({ course: 'abc123' });
    await createCheckoutController({ strapi: strapiWithoutStripe() }).create(c);
    expect(c.status).toBe(503);
    expect(c.body).toEqual({
      data: null,
      error: {
        status: 503,
        name: 'ServiceUnavailableError',
        message: 'Paid checkout is not available on this server: STRIPE_SECRET_KEY is not set',
        details: { setting: 'STRIPE_SECRET_KEY' },
      },
    });
  });

  it('the webhook answers 503 naming STRIPE_WEBHOOK_SECRET', async () => {
    const c = ctx({ [Symbol.for('unparsedBody')]: '{}' }, { 'stripe-signature': 't=1,v1=x' });
    await createStripeWebhookController({ strapi: strapiWithoutStripe() }).receive(c);
    expect(c.status).toBe(503);
    expect((c.body as { error: { message: string } }).error.message).toBe('The Stripe webhook is not available on this server: STRIPE_WEBHOOK_SECRET is not set');
  });

  it('checkout still validates the body first (400 naming the field)', async () => {
    await expect(createCheckoutController({ strapi: strapiWithoutStripe() }).create(ctx({ course: '' }))).rejects.toThrow(/^body\.course: /);
  });
});
