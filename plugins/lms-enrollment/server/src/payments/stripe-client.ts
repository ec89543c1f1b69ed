import Stripe from 'stripe';
import type { StripeConfig } from '@lms/config';

/**
 * The one place the Stripe SDK is constructed. API calls go to Stripe, or to the host, port and
 * protocol of STRIPE_API_HOST/PORT/PROTOCOL (the tests' local Stripe double). The SDK's own API
 * version pin is used, so the objects we read have the shapes its types describe.
 */
export function createStripeClient(settings: StripeConfig): Stripe | null {
  if (!settings.secretKey) return null;
  return new Stripe(settings.secretKey, {
    ...(settings.api ? { host: settings.api.host, protocol: settings.api.protocol, ...(settings.api.port ? { port: settings.api.port } : {}) } : {}),
    maxNetworkRetries: 2,
    timeout: 15_000,
    appInfo: { name: 'lms-enrollment' },
  });
}

/** Signature check of a webhook delivery: Stripe's own verification, five minutes of tolerance. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function verifyStripeEvent(rawBody: string | Buffer, signatureHeader: string, webhookSecret: string): Stripe.Event {
  return Stripe.webhooks.constructEvent(rawBody, signatureHeader, webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
}

export { Stripe };
