import type { TestProject } from 'vitest/node';
import { loginAdmin } from './admin-login';
import { startMailServer } from './mailbox';
import { startStack } from './stack';
import { startStripeDouble, stripeDoubleEnvironment } from './stripe-double';

declare module 'vitest' {
  export interface ProvidedContext {
    cmsUrl: string;
    siteUrl: string;
    databaseUrl: string;
    redisPrefix: string;
    seedPassword: string;
    adminEmail: string;
    /** "Bearer …" of the seeded super admin, logged in once (tests/harness/api.ts adminAuth). */
    adminAuthorization: string;
    /** Folder where the stack's local SMTP server writes what the cms sent (tests/harness/mailbox.ts). */
    mailDir: string;
    /** The local Stripe double the cms's Stripe SDK talks to (tests/harness/stripe-double.ts). */
    stripeUrl: string;
    stripeSecretKey: string;
    /** STRIPE_WEBHOOK_SECRET of the stack: tests sign webhook events with it. */
    stripeWebhookSecret: string;
    /** STRIPE_CONNECT_WEBHOOK_SECRET of the stack: lms-payouts' endpoint (transfers, payouts, accounts). */
    stripeConnectWebhookSecret: string;
    /** LMS_INTERNAL_SECRET of the stack: tests send it as the site does (X-LMS-Internal-Secret). */
    internalSecret: string;
    /** APP_KEYS and PRIVATE_FILES_DIR of the shared stack: read them from here, not from
     * process.env (a test that boots its own stack in the worker changes that). */
    appKeys: string;
    privateFilesDir: string;
  }
}

/**
 * Settings every test stack gets besides the generated ones: the Stripe double, and the
 * "worker" role so this one process also consumes the queue (as `npm run worker` does in
 * production) and effects of domain events can be observed.
 */
export function stripeStackEnvironment(stripe: Awaited<ReturnType<typeof startStripeDouble>>): Record<string, string> {
  return { ...stripeDoubleEnvironment(stripe), LMS_PROCESS_ROLE: 'worker' };
}

/** Hands the Stripe double's coordinates to the test files. */
export function provideStripe(project: TestProject, stripe: Awaited<ReturnType<typeof startStripeDouble>>, cmsUrl: string): void {
  stripe.setWebhookUrl(`${cmsUrl}/api/lms-enrollment/stripe/webhook`);
  project.provide('stripeUrl', stripe.url);
  project.provide('stripeSecretKey', stripe.secretKey);
  project.provide('stripeWebhookSecret', stripe.webhookSecret);
  stripe.setConnectWebhookUrl(`${cmsUrl}/api/lms-payouts/stripe/webhook`);
  project.provide('stripeConnectWebhookSecret', stripe.connectWebhookSecret);
}

/** Boots Strapi once for the integration project and hands its URLs to the test files. */
export default async function setup(project: TestProject) {
  const mail = await startMailServer();
  const stripe = await startStripeDouble();
  const stack = await startStack({ label: 'lms_int', env: { SMTP_HOST: mail.host, SMTP_PORT: String(mail.port), ...stripeStackEnvironment(stripe) } }).catch(
    async (error: unknown) => {
      await mail.stop();
      await stripe.stop();
      throw error;
    },
  );
  provideStripe(project, stripe, stack.cmsUrl);
  project.provide('cmsUrl', stack.cmsUrl);
  project.provide('siteUrl', '');
  project.provide('databaseUrl', stack.databaseUrl);
  project.provide('redisPrefix', stack.redisPrefix);
  project.provide('seedPassword', stack.seedPassword);
  project.provide('adminEmail', stack.adminEmail);
  project.provide('adminAuthorization', await loginAdmin(stack.cmsUrl, stack.adminEmail, stack.seedPassword));
  project.provide('internalSecret', stack.internalSecret);
  project.provide('appKeys', stack.appKeys);
  project.provide('privateFilesDir', stack.privateFilesDir);
  project.provide('mailDir', mail.dir);
  return async () => {
    await stack.stop();
    await mail.stop();
    await stripe.stop();
  };
}
