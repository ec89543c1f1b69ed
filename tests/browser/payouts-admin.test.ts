import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminAuth } from '../harness/api';
import { launchBrowser, logInToAdmin } from '../harness/browser';
import { sql } from '../harness/pg';
import { instructorWithPaidCourse, sellCourse, until } from '../harness/sales';
import { repoRoot } from '../harness/stack';
import { doubleFee } from '../harness/stripe-double';

const cmsUrl = inject('cmsUrl');
const run = Date.now().toString(36);
const PRICE = 20_000;
const SHARE = Math.floor(((PRICE - doubleFee(PRICE)) * 7000) / 10000);
/** Where the screenshots go (looked at by a person; not compared). */
const SHOTS = path.join(repoRoot, 'test-results', 'payouts');

async function shot(p: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  console.info(`screenshot: ${path.join(SHOTS, `${name}.png`)}`);
}

/**
 * The two payout pages as people use them: an instructor connects Stripe through the hosted
 * (double's) onboarding page, sees the balance a month after a sale (the test clock header on
 * every request of their browser), requests a payout; an admin approves it in the approval queue
 * and the queue's Stripe transfer marks it paid, which the instructor then sees in the history.
 */
describe('Payouts admin pages', () => {
  let browser: Browser;
  let teacherContext: BrowserContext;
  let teacherPage: Page;
  let adminPage: Page;
  let t: Awaited<ReturnType<typeof instructorWithPaidCourse>>;
  const errors: string[] = [];

  beforeAll(async () => {
    const admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
    t = await instructorWithPaidCourse(admin, 'po-browser', run, PRICE);
    await sellCourse(t.course, run);
    browser = await launchBrowser();
    teacherContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // A month later for the instructor: the sale is past its 30-day holding period.
    await teacherContext.setExtraHTTPHeaders({ 'x-lms-test-now': new Date(Date.now() + 31 * 86_400_000).toISOString() });
    teacherPage = await teacherContext.newPage();
    teacherPage.on('pageerror', (e) => errors.push(e.message));
    await logInToAdmin(teacherPage, t.user.email, t.user.password);
    adminPage = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    adminPage.on('pageerror', (e) => errors.push(e.message));
    await logInToAdmin(adminPage, inject('adminEmail'), inject('seedPassword'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the instructor connects Stripe and requests a payout of the available balance', async () => {
    await teacherPage.goto(`${cmsUrl}/admin/plugins/lms-payouts`);
    await teacherPage.getByRole('heading', { name: 'Payouts', level: 1 }).waitFor();
    await teacherPage.getByText('No Stripe account connected').waitFor();
    await teacherPage.getByRole('button', { name: 'Set up Stripe payouts' }).click();
    // Stripe's hosted onboarding (the double's page), then back to the admin.
    await teacherPage.getByRole('button', { name: 'Complete onboarding' }).click();
    await teacherPage.waitForURL((url) => url.pathname === '/admin/plugins/lms-payouts');
    await teacherPage.getByText(/Connected \(acct_\w+\); payouts enabled/).waitFor();

    const row = teacherPage.locator('tbody tr', { hasText: 'ZAR' }).first();
    await row.waitFor();
    await shot(teacherPage, '1-instructor-balance');
    await row.getByRole('button', { name: 'Request payout' }).click();
    const dialog = teacherPage.getByRole('dialog');
    await expect(dialog.getByLabel('Amount').inputValue()).resolves.toBe((SHARE / 100).toFixed(2));
    await dialog.getByRole('button', { name: 'Request payout' }).click();
    await teacherPage.getByText(/requested; an admin will review it/).waitFor();
    await teacherPage.locator('tbody tr', { hasText: 'requested' }).waitFor();
    await shot(teacherPage, '2-instructor-requested');

    const [payout] = await sql<{ status: string; amount: string; method: string }>('SELECT status, amount::text AS amount, method FROM lms_payouts WHERE instructor_id = $1', [t.profile]);
    expect(payout).toEqual({ status: 'requested', amount: String(SHARE), method: 'stripe' });
  });

  it('an admin approves it in the queue; the transfer pays it and the instructor sees it paid', async () => {
    await adminPage.goto(`${cmsUrl}/admin/plugins/lms-payouts/queue`);
    await adminPage.getByRole('heading', { name: 'Payout approvals' }).waitFor();
    const row = adminPage.locator('tbody tr', { hasText: t.name });
    await row.waitFor();
    await shot(adminPage, '3-admin-queue');
    await row.getByRole('button', { name: 'Approve' }).click();
    const dialog = adminPage.getByRole('dialog');
    await dialog.getByLabel('Note').fill('Approved from the browser test');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await adminPage.getByText(/approved\.$/).first().waitFor();

    const paid = await until('the transfer', async () => {
      const [r] = await sql<{ status: string; transfer_id: string | null }>('SELECT status, transfer_id FROM lms_payouts WHERE instructor_id = $1', [t.profile]);
      return r?.status === 'paid' ? r : null;
    });
    expect(paid.transfer_id).toMatch(/^tr_/);
    await adminPage.getByLabel('Show').click();
    await adminPage.getByRole('option', { name: 'All' }).click();
    await adminPage.locator('tbody tr', { hasText: t.name }).filter({ hasText: 'paid' }).waitFor();
    await shot(adminPage, '4-admin-paid');

    await teacherPage.reload();
    await teacherPage.locator('tbody tr', { hasText: paid.transfer_id as string }).waitFor();
    await shot(teacherPage, '5-instructor-paid');
    await expect(teacherPage.getByText('Something went wrong').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
