import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getJson, sendJson } from '../harness/api';
import { launchBrowser, logInToAdmin } from '../harness/browser';
import { connect, publishDoc, richText } from '../harness/content';
import { enroll, LEARNER_PASSWORD } from '../harness/learners';
import { scriptsLoadedBy, seriousAxeViolations } from '../harness/page-checks';
import { until } from '../harness/sales';
import { repoRoot } from '../harness/stack';

/**
 * Data rights as people use them (decision 036): the learner prepares and downloads their archive
 * and asks for erasure on /account/privacy (plain forms, no script), an admin erases the account
 * from the "Erasure requests" page, and the site's /verify page then says the certificate was
 * issued and its holder erased. Screenshots go to test-results/privacy for a person to look at.
 */

const siteUrl = inject('siteUrl');
const run = Date.now().toString(36);
const SHOTS = path.join(repoRoot, 'test-results', 'privacy');
const FULL_NAME = `Ada Browser ${run}`;

let browser: Browser;
let learner: { id: number; email: string; auth: Record<string, string> };
let code: string;

async function shot(p: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  console.info(`screenshot: ${path.join(SHOTS, `${name}.png`)}`);
}

beforeAll(async () => {
  expect(siteUrl, 'the browser global setup provides the site URL').toMatch(/^http/);
  const admin = { authorization: inject('adminAuthorization') };
  const course = await publishDoc(admin, 'api::course.course', {
    title: `Privacy in practice ${run}`,
    slug: `privacy-${run}`,
    summary: 'A course for the data-rights browser test',
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
  });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(course), dripType: 'none' });
  const lesson = await publishDoc(admin, 'api::lesson.lesson', {
    title: 'The only lesson',
    slug: `privacy-lesson-${run}`,
    order: 0,
    freePreview: false,
    estimatedMinutes: 5,
    section: connect(section),
    blocks: [richText('Body')],
  });
  const email = `pv-browser-${run}@example.com`;
  const registered = await sendJson<{ jwt: string; user: { id: number } }>('POST', '/api/auth/local/register', { username: email, email, password: LEARNER_PASSWORD, fullName: FULL_NAME });
  expect(registered.status, JSON.stringify(registered.body)).toBe(200);
  learner = { id: registered.body.user.id, email, auth: { authorization: `Bearer ${registered.body.jwt}` } };
  await enroll(learner, course);
  const done = await sendJson('POST', `/api/lms-enrollment/lessons/${lesson}/complete`, {}, learner.auth);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  code = await until('the certificate', async () => (await getJson<{ data: Array<{ code: string }> }>('/api/lms-grading/me/certificates', { headers: learner.auth })).body.data[0]?.code, 60_000);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

describe('data rights on the site and in the admin', () => {
  let page: Page;

  it('prepares the archive and offers it for download, without script', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    await page.goto(`${siteUrl}/login`);
    await page.getByLabel('Email').fill(learner.email);
    await page.getByLabel('Password').fill(LEARNER_PASSWORD);
    await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Log in' }).click()]);

    await page.goto(`${siteUrl}/account/privacy`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Your data');
    // Each form posts, and the site answers 303 back to this page with a flash message.
    await page.getByRole('button', { name: 'Prepare a new archive' }).click();
    await page.getByText('Your archive is being prepared. Reload this page').waitFor();
    const deadline = Date.now() + 60_000;
    while ((await page.getByTestId('export-ready').count()) === 0) {
      if (Date.now() > deadline) throw new Error('the archive never became ready');
      await page.waitForTimeout(500);
      await page.reload();
    }
    const href = await page.getByRole('link', { name: 'Download your archive' }).getAttribute('href');
    const zip = await fetch(String(href).replace(/^https?:\/\/[^/]+/, inject('cmsUrl')));
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect((await zip.arrayBuffer()).byteLength).toBeGreaterThan(500);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const loaded = await scriptsLoadedBy(context, `${siteUrl}/account/privacy`);
    expect(loaded.status).toBe(200);
    expect(loaded.scripts).toEqual([]);
    await shot(page, 'account-privacy-ready');
  }, 120_000);

  it('asks for erasure with the password and a ticked box', async () => {
    await page.getByLabel('Your password').fill('wrong-password');
    await page.getByLabel(/I understand/).check();
    await page.getByRole('button', { name: 'Ask to erase my account' }).click();
    await page.getByText('This is not your current password').waitFor();
    await page.getByLabel('Your password').fill(LEARNER_PASSWORD);
    await page.getByLabel(/I understand/).check();
    await page.getByRole('button', { name: 'Ask to erase my account' }).click();
    await page.getByTestId('erasure-requested').waitFor();
    await shot(page, 'account-privacy-requested');
  });

  it('is completed by an admin on the Erasure requests page', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const admin = await context.newPage();
    await logInToAdmin(admin, inject('adminEmail'), inject('seedPassword'));
    await admin.goto(`${inject('cmsUrl')}/admin/plugins/lms-core/erasures`);
    const row = admin.getByRole('row').filter({ hasText: learner.email });
    await row.waitFor({ timeout: 30_000 });
    await shot(admin, 'admin-erasure-requests');
    await row.getByRole('button', { name: 'Erase…' }).click();
    const dialog = admin.getByRole('dialog');
    await expect(dialog.innerText()).resolves.toContain('This cannot be undone.');
    await admin.waitForTimeout(500); // the dialog fades in
    await shot(admin, 'admin-erasure-confirm');
    await dialog.getByRole('button', { name: 'Erase account' }).click();
    await admin.getByText(/Account erased; it is now known as erased:/).waitFor({ timeout: 30_000 });
    // The list reloads without the request (it is no longer waiting).
    await admin.getByRole('row').filter({ hasText: learner.email }).waitFor({ state: 'detached', timeout: 30_000 });
  }, 120_000);

  it('shows the certificate on /verify as issued, holder erased', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const visitor = await context.newPage();
    const res = await visitor.goto(`${siteUrl}/verify/${code}`);
    expect(res?.status()).toBe(200);
    const text = await visitor.locator('main').innerText();
    expect(text).toContain('Issued, holder erased');
    expect(text).not.toContain(FULL_NAME);
    await expect(visitor.getByTestId('holder-erased').isVisible()).resolves.toBe(true);
    expect(await seriousAxeViolations(visitor)).toEqual([]);
    await shot(visitor, 'verify-holder-erased');
  });
});
