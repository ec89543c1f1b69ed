import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CatalogResponse } from '../../cms/src/api/catalog/contracts';
import { launchBrowser, logInToAdmin } from '../harness/browser';
import { sql } from '../harness/pg';

const cmsUrl = inject('cmsUrl');
const seedPassword = inject('seedPassword');
const adminEmail = inject('adminEmail');

/**
 * The Enrollments admin page as an admin uses it: grant a course to a learner with a reason,
 * find the enrollment, export the search, revoke it with a reason.
 */
describe('Enrollments admin page', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const learnerEmail = `admin-page-${Date.now().toString(36)}@example.com`;
  let courseTitle: string;

  beforeAll(async () => {
    const res = await fetch(`${cmsUrl}/api/auth/local/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: learnerEmail.split('@')[0], email: learnerEmail, password: 'Learner-2026-pass' }),
    });
    expect(res.status).toBe(200);
    const catalog = (await (await fetch(`${cmsUrl}/api/catalog/courses?price=paid&pageSize=1`)).json()) as CatalogResponse;
    courseTitle = catalog.data[0]!.title;

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await logInToAdmin(page, adminEmail, seedPassword);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('grants a paid course with a reason', async () => {
    await page.goto(`${cmsUrl}/admin/plugins/lms-enrollment`);
    await page.getByRole('heading', { name: 'Enrollments' }).waitFor();
    await page.getByRole('button', { name: 'Grant enrollment' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Learner').fill(learnerEmail);
    await dialog.getByLabel('Find course').fill(courseTitle.slice(0, 12));
    await dialog.getByRole('combobox', { name: 'Course' }).click();
    await page.getByRole('option', { name: courseTitle }).click();
    await dialog.getByLabel('Reason').fill('Scholarship from the admin page test');
    await dialog.getByRole('button', { name: 'Grant' }).click();
    await page.getByText(`${learnerEmail} is enrolled in “${courseTitle}”.`).waitFor();

    const [row] = await sql<{ status: string; source: string; reason: string; source_ref: string }>(
      `SELECT e.status, e.source, e.reason, e.source_ref FROM lms_enrollments e JOIN up_users u ON u.id = e.user_id WHERE u.email = $1`,
      [learnerEmail],
    );
    expect(row).toMatchObject({ status: 'active', source: 'admin', reason: 'Scholarship from the admin page test', source_ref: expect.stringMatching(/^admin:\d+$/) });
  });

  it('finds it by learner, exports the search and revokes it with a reason', async () => {
    await page.getByLabel('Learner (email or username)').fill(learnerEmail);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.locator('tbody tr', { hasText: learnerEmail });
    // The unfiltered list may already show this enrollment: wait for the search's own result.
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 15_000 }).toBe(1);
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain(courseTitle);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^enrollment_id,learner_id,learner_email,/);
    expect(csv).toContain(learnerEmail);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2);

    await row.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Granted to the wrong account');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Enrollment revoked.').waitFor();
    await page.locator('tbody tr', { hasText: 'revoked' }).waitFor();

    const [after] = await sql<{ status: string; reason: string; ended_by: string }>(
      `SELECT e.status, e.reason, e.ended_by FROM lms_enrollments e JOIN up_users u ON u.id = e.user_id WHERE u.email = $1`,
      [learnerEmail],
    );
    expect(after).toMatchObject({ status: 'revoked', reason: 'Granted to the wrong account', ended_by: expect.stringMatching(/^admin:\d+$/) });
    await expect(page.getByText('Something went wrong').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
