import Stripe from 'stripe';
import { loadConfig } from '@lms/config';

/**
 * lms-payouts' Stripe SDK client (Connect: accounts, account links, transfers), built from the
 * same settings as lms-enrollment's (STRIPE_SECRET_KEY, STRIPE_API_HOST/PORT/PROTOCOL for the
 * tests' double). No SDK-level retries: a transfer is retried by the queue with the same
 * idempotency key, which is visible in the failed-jobs list when it keeps failing.
 */
let cached: { client: Stripe | null } | null = null;

export function stripeClient(): Stripe | null {
  if (!cached) {
    const { stripe } = loadConfig();
    cached = {
      client: stripe.secretKey
        ? new Stripe(stripe.secretKey, {
            ...(stripe.api ? { host: stripe.api.host, protocol: stripe.api.protocol, ...(stripe.api.port ? { port: stripe.api.port } : {}) } : {}),
            maxNetworkRetries: 0,
            timeout: 15_000,
            appInfo: { name: 'lms-payouts' },
          })
        : null,
    };
  }
  return cached.client;
}

/** Stripe's own webhook verification over the exact bytes, against each configured secret. */
export function verifyStripeEvent(rawBody: string | Buffer, signature: string, secrets: readonly string[]): Stripe.Event {
  let lastError: unknown = new Error('no secret');
  for (const secret of secrets) {
    try {
      return Stripe.webhooks.constructEvent(rawBody, signature, secret, 300);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export type { Stripe };
