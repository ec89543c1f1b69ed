import type { Core } from '@strapi/strapi';
import { loadConfig, type StripeConfig } from '@lms/config';
import { createStripeClient, type Stripe } from '../stripe-client';

/**
 * The deployment's Stripe settings and the one SDK client built from them (null when
 * STRIPE_SECRET_KEY is unset: checkout then answers 503 and the rest of the platform runs).
 */
export const createStripeService = (_deps: { strapi: Core.Strapi }) => {
  let loaded: { settings: StripeConfig; siteUrl: string; client: Stripe | null } | null = null;
  const load = () => {
    if (!loaded) {
      const config = loadConfig();
      loaded = { settings: config.stripe, siteUrl: config.siteUrl, client: createStripeClient(config.stripe) };
    }
    return loaded;
  };
  return {
    client: (): Stripe | null => load().client,
    settings: (): StripeConfig => load().settings,
    siteUrl: (): string => load().siteUrl,
  };
};

export type StripeService = ReturnType<typeof createStripeService>;
