import type { Core } from '@strapi/strapi';
import type { LmsConfig } from '@lms/config';

/** The path of the site page that takes a reset code and a new password. */
export const RESET_PASSWORD_PATH = '/reset-password';

/** What users-permissions writes into its "email" store on first start. */
const STRAPI_DEFAULT_SENDER = 'no-reply@strapi.io';
const STRAPI_DEFAULT_RESET_MESSAGE_START = '<p>We heard that you lost your password.';

/** Our reset email: the link first, and what to do when it was not you. */
export const RESET_PASSWORD_MESSAGE = `<p>Hello <%= USER.email %>,</p>

<p>Someone (we hope you) asked to reset the password of this account. Choose a new password here:</p>

<p><a href="<%= URL %>?code=<%= TOKEN %>"><%= URL %>?code=<%= TOKEN %></a></p>

<p>The link works once. If you did not ask for it, ignore this email: your password stays as it is.</p>`;

interface EmailTemplate {
  options?: { from?: { name?: string; email?: string }; object?: string; message?: string };
}
type EmailTemplates = Record<string, EmailTemplate>;
interface AdvancedSettings {
  email_reset_password?: string | null;
  [key: string]: unknown;
}

/**
 * Learner accounts live in users-permissions, whose settings sit in its plugin store (editable in
 * the admin). On every start: the reset link points at the site's reset page on SITE_URL (the
 * site is the only place that can take the code), and the sender and reset message that still
 * carry Strapi's placeholders ("no-reply@strapi.io") get ours. Values an admin changed are kept.
 */
export async function configureLearnerAccounts(strapi: Core.Strapi, config: LmsConfig): Promise<void> {
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });

  const advanced = ((await store.get({ key: 'advanced' })) ?? {}) as AdvancedSettings;
  const resetUrl = `${config.siteUrl}${RESET_PASSWORD_PATH}`;
  if (advanced.email_reset_password !== resetUrl) {
    await store.set({ key: 'advanced', value: { ...advanced, email_reset_password: resetUrl } });
    strapi.log.info(`[lms] password reset links point at ${resetUrl}`);
  }

  const templates = (await store.get({ key: 'email' })) as EmailTemplates | null;
  if (templates) {
    let changed = false;
    for (const template of Object.values(templates)) {
      const options = template.options;
      if (options?.from?.email === STRAPI_DEFAULT_SENDER) {
        options.from = { name: config.email.from.name ?? '', email: config.email.from.address };
        changed = true;
      }
    }
    const reset = templates.reset_password?.options;
    if (reset?.message?.startsWith(STRAPI_DEFAULT_RESET_MESSAGE_START)) {
      reset.message = RESET_PASSWORD_MESSAGE;
      reset.object = 'Reset your password';
      changed = true;
    }
    if (changed) await store.set({ key: 'email', value: templates });
  }

  if (!config.email.smtp) {
    strapi.log.warn(
      config.nodeEnv === 'production'
        ? '[email] No SMTP_HOST set: emails (password resets, ...) are NOT sent; only their recipients and subjects are logged'
        : '[email] No SMTP_HOST set: emails (password resets, ...) are written to this log instead of sent',
    );
  }
}
