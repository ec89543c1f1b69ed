import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminAuth } from '../harness/api';
import { type AdminUser, createInstructor } from '../harness/admin-users';
import { launchBrowser, logInToAdmin } from '../harness/browser';
import { connect, publishDoc } from '../harness/content';
import { amountOf, buy, deliver, entriesOf, txByReference, until } from '../harness/revenue';

const cmsUrl = inject('cmsUrl');
const run = Date.now().toString(36);

/** Screenshots written for a person to look at (not compared). */
const SHOTS = {
  overview: path.join(os.tmpdir(), 'lms-revenue-overview.png'),
  waterfall: path.join(os.tmpdir(), 'lms-revenue-waterfall.png'),
  earnings: path.join(os.tmpdir(), 'lms-revenue-earnings.png'),
  rules: path.join(os.tmpdir(), 'lms-revenue-rules.png'),
};

/** `ZAR 1 234.50` as the panels print it (narrow no-break space between thousands). */
const zar = (minor: number) => {
  const [whole = '', fraction = ''] = (Math.abs(minor) / 100).toFixed(2).split('.');
  return `ZAR ${minor < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')}.${fraction}`;
};

/**
 * lms-revenue's admin panels as people use them: the admin's overview and one sale's fee
 * waterfall, and an instructor's own earnings page. One course of a new instructor is sold twice
 * through signed Stripe webhooks; one sale is then refunded in part.
 */
describe('revenue admin panels', () => {
  let browser: Browser;
  let adminPage: Page;
  let teacherPage: Page;
  let teacher: AdminUser;
  const title = `Ledger in pictures ${run}`;
  let sale: Awaited<ReturnType<typeof buy>>;
  let courseId = '';
  let share = 0;
  let refunded = 0;
  const errors: string[] = [];

  beforeAll(async () => {
    const admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
    teacher = await createInstructor(admin, 'rev-ui', run);
    const profile = await publishDoc(admin, 'api::instructor.instructor', { name: `Rita Revenue ${run}`, slug: `rev-ui-${run}`, adminUser: { connect: [{ id: teacher.id }] } });
    const documentId = await publishDoc(admin, 'api::course.course', {
      title,
      slug: `rev-ui-${run}`,
      summary: 'Revenue panels',
      level: 'beginner',
      language: 'en',
      pricingModel: 'one_time',
      priceAmount: 129_900,
      currency: 'ZAR',
      instructor: connect(profile),
    });
    courseId = documentId;
    const course = { documentId, priceAmount: 129_900, currency: 'ZAR', instructorId: profile, instructorEmail: teacher.email };
    sale = await buy(course);
    const second = await buy(course);
    share = amountOf(await entriesOf(sale.sale.id), `instructor:${profile}`) + amountOf(await entriesOf(second.sale.id), `instructor:${profile}`);
    await deliver(second.refund(29_900));
    const reversal = await until('the partial refund', () => txByReference(`payment:${second.paymentId}:returned:29900`));
    refunded = -amountOf(await entriesOf(reversal.id), `instructor:${profile}`);

    browser = await launchBrowser();
    adminPage = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
    teacherPage = await browser.newPage({ viewport: { width: 1500, height: 1100 }, acceptDownloads: true });
    for (const p of [adminPage, teacherPage]) p.on('pageerror', (e) => errors.push(e.message));
    await logInToAdmin(adminPage, inject('adminEmail'), inject('seedPassword'));
    await logInToAdmin(teacherPage, teacher.email, teacher.password);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('the admin overview shows the month, what instructors are owed, and the course', async () => {
    await adminPage.goto(`${cmsUrl}/admin/plugins/lms-revenue`);
    await adminPage.getByRole('heading', { name: 'Revenue', exact: true }).waitFor();
    await adminPage.getByRole('heading', { name: /^By month/ }).waitFor({ timeout: 30_000 });
    await expect(adminPage.getByRole('img', { name: /^Gross, platform revenue and instructors' earnings per month/ }).count()).resolves.toBe(1);
    const courseRow = adminPage.locator('tbody tr', { hasText: title });
    await courseRow.waitFor();
    const text = await courseRow.innerText();
    expect(text).toContain('2');
    expect(text).toContain(zar(2 * 129_900));
    expect(text).toContain(zar(29_900));
    const instructorRow = adminPage.locator('tbody tr', { hasText: `Rita Revenue ${run}` });
    expect(await instructorRow.innerText()).toContain(zar(share - refunded));
    await adminPage.screenshot({ path: SHOTS.overview, fullPage: true });
    expect(fs.statSync(SHOTS.overview).size).toBeGreaterThan(20_000);
  });

  it("a sale's fee waterfall: gross, fee, the instructor's share and the platform's, summing to zero", async () => {
    await adminPage.goto(`${cmsUrl}/admin/plugins/lms-revenue/transactions/${sale.sale.id}`);
    await adminPage.getByRole('heading', { name: `Sale payment:${sale.paymentId}` }).waitFor({ timeout: 30_000 });
    await expect(adminPage.getByRole('img', { name: 'Where the gross went' }).count()).resolves.toBe(1);
    const waterfall = adminPage.locator('table').first();
    const rows = await waterfall.locator('tbody tr').allInnerTexts();
    expect(rows[0]).toContain('Paid by the learner');
    expect(rows[0]).toContain(zar(129_900));
    expect(rows.find((r) => r.startsWith('Processing fee'))).toContain(zar(-sale.fee));
    expect(rows.find((r) => r.includes('70.00% share'))).toContain(`instructor:`);
    await expect(adminPage.getByText('The entries sum to ZAR 0.00.').count()).resolves.toBe(1);
    await expect(adminPage.getByText('fee from stripe').count()).resolves.toBe(1);
    await adminPage.screenshot({ path: SHOTS.waterfall, fullPage: true });
  });

  it('the admin records a course share in the rules panel; a bad change shows the server’s message and records nothing', async () => {
    await adminPage.goto(`${cmsUrl}/admin/plugins/lms-revenue/rules`);
    await adminPage.getByRole('heading', { name: 'Revenue rules' }).waitFor();
    await adminPage.getByRole('heading', { name: 'Record a change' }).waitFor({ timeout: 30_000 });
    const rowsBefore = await adminPage.locator('tbody tr').count();
    await adminPage.getByRole('combobox', { name: 'Rule' }).click();
    await adminPage.getByRole('option', { name: 'Course override' }).click();
    await adminPage.getByLabel('Course id').fill(courseId);
    await adminPage.getByLabel('Instructor share (%)').fill('101');
    await adminPage.getByRole('button', { name: 'Record change' }).click();
    await adminPage.getByRole('alert').filter({ hasText: 'body.instructorShare' }).waitFor();
    expect(await adminPage.locator('tbody tr').count()).toBe(rowsBefore);

    await adminPage.getByLabel('Instructor share (%)').fill('72.5');
    await adminPage.getByLabel('Note').fill(`browser ${run}`);
    await adminPage.getByRole('button', { name: 'Record change' }).click();
    const row = adminPage.locator('tbody tr', { hasText: `browser ${run}` });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain(`course ${courseId}: 72.50%`);
    await adminPage.screenshot({ path: SHOTS.rules, fullPage: true });
  });

  it('the instructor sees their own earnings: balance, 12 months, per course, and downloads a statement', async () => {
    await teacherPage.goto(`${cmsUrl}/admin/plugins/lms-revenue-earnings`);
    await teacherPage.getByRole('heading', { name: 'My earnings' }).waitFor();
    await teacherPage.getByRole('heading', { name: 'Balance' }).waitFor({ timeout: 30_000 });
    const balance = await teacherPage.locator('h2', { hasText: 'Balance' }).locator('..').innerText();
    expect(balance).toMatch(/pending/i);
    expect(balance).toContain(zar(share - refunded));
    await expect(teacherPage.getByRole('img', { name: 'Earnings and payouts per month, ZAR' }).count()).resolves.toBe(1);
    expect(await teacherPage.locator('svg[aria-label="Earnings and payouts per month, ZAR"] rect').count()).toBeGreaterThanOrEqual(24);
    const courseRow = await teacherPage.locator('tbody tr', { hasText: title }).innerText();
    expect(courseRow).toContain(zar(share));
    expect(courseRow).toContain(zar(refunded));
    await teacherPage.screenshot({ path: SHOTS.earnings, fullPage: true });

    const [download] = await Promise.all([teacherPage.waitForEvent('download'), teacherPage.getByRole('button', { name: 'PDF' }).click()]);
    const pdf = fs.readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/^statement-\d{4}-\d{2}\.pdf$/);

    // The admin revenue panel is not theirs.
    await teacherPage.goto(`${cmsUrl}/admin/plugins/lms-revenue`);
    await teacherPage.getByText(/don't have the permissions|not have the permissions/i).waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });
});
