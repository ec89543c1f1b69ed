import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing reaching outside this machine. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Logs in to the Strapi admin panel through its form; resolves once past the login page. */
export async function logInToAdmin(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${inject('cmsUrl')}/admin/auth/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'), { timeout: 60_000 });
}

/** Creates a learner account through the site's register form; resolves on the dashboard. */
export async function registerOnSite(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${inject('siteUrl')}/register`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Create account' }).click()]);
}
