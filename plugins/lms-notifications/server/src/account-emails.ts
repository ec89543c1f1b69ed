import type { Core } from '@strapi/strapi';
import { loadConfig } from '@lms/config';
import { escapeHtml, type Platform } from './domain';

/** What users-permissions writes into its "email" store on first start. */
const STRAPI_SENDER_NAME = 'Administration Panel';
const STRAPI_SENDER = 'no-reply@strapi.io';
const STRAPI_CONFIRMATION_START = '<p>Thank you for registering!</p>';

interface EmailTemplate {
  options?: { from?: { name?: string; email?: string }; object?: string; message?: string };
}

/** The email-confirmation message (users-permissions fills in URL and CODE with lodash templates). */
export function confirmationMessage(platform: Platform): string {
  // Escaped for HTML, and "<%" cannot survive escaping, so the name never becomes template code.
  const name = escapeHtml(platform.name);
  return `<p>Welcome to ${name}!</p>

<p>Please confirm your email address to finish creating your ${name} account:</p>

<p><a href="<%= URL %>?confirmation=<%= CODE %>"><%= URL %>?confirmation=<%= CODE %></a></p>

<p>If you did not create an account, ignore this email.</p>

<p>The ${name} team</p>`;
}

/**
 * Strapi's own account mails (password reset, email confirmation) are sent by users-permissions
 * from its templates in the plugin store. On every start: the sender's name is the platform's
 * where it is still Strapi's placeholder, and the confirmation mail still carrying Strapi's
 * default text gets ours with the platform name. Anything an admin edited is kept. (The reset
 * message and the reset link are the cms's: cms/src/bootstrap/learner-accounts.ts.)
 */
export async function configureAccountEmails(strapi: Core.Strapi, platform: Platform): Promise<void> {
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const templates = (await store.get({ key: 'email' })) as Record<string, EmailTemplate> | null;
  if (!templates) return;
  const sender = loadConfig().email.from;
  let changed = false;
  for (const template of Object.values(templates)) {
    const from = template.options?.from;
    if (!from) continue;
    if (!from.name || from.name === STRAPI_SENDER_NAME) {
      from.name = platform.name;
      changed = true;
    }
    if (from.email === STRAPI_SENDER) {
      from.email = sender.address;
      changed = true;
    }
  }
  const confirmation = templates.email_confirmation?.options;
  if (confirmation?.message?.startsWith(STRAPI_CONFIRMATION_START)) {
    confirmation.message = confirmationMessage(platform);
    confirmation.object = `Confirm your email address for ${platform.name}`;
    changed = true;
  }
  if (changed) await store.set({ key: 'email', value: templates });
}
