import type { TestProject } from 'vitest/node';
import { loginAdmin } from './admin-login';
import { startMailServer } from './mailbox';
import { startStack } from './stack';
import { startStripeDouble } from './stripe-double';
import { provideStripe, stripeStackEnvironment } from './integration-setup';

/** Boots Strapi and the built site once for the browser project. */
export default async function setup(project: TestProject) {
  const mail = await startMailServer();
  const stripe = await startStripeDouble();
  const stack = await startStack({ label: 'lms_e2e', site: true, env: { SMTP_HOST: mail.host, SMTP_PORT: String(mail.port), ...stripeStackEnvironment(stripe) } }).catch(
    async (error: unknown) => {
      await mail.stop();
      await stripe.stop();
      throw error;
    },
  );
  provideStripe(project, stripe, stack.cmsUrl);
  project.provide('cmsUrl', stack.cmsUrl);
  project.provide('siteUrl', stack.siteUrl ?? '');
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
