import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AdminCertificateListResponse } from '../../plugins/lms-grading/server/src/certificates/contracts';
import { generateVerificationCode } from '../../plugins/lms-grading/server/src/domain';
import { launchBrowser, logInToAdmin } from '../harness/browser';
import { scriptsLoadedBy, seriousAxeViolations } from '../harness/page-checks';
import { repoRoot } from '../harness/stack';

/**
 * Certificates on the site: the seeded learner finds hers on the dashboard and downloads it,
 * anyone verifies it by code (typed any way) or by its link, unknown codes answer 404, and a
 * revocation shows at once. Screenshots go to test-results/certificates for a person to look at.
 */

const siteUrl = inject('siteUrl');
const cmsUrl = inject('cmsUrl');
const seedPassword = inject('seedPassword');
const LEARNER = 'emma.vandermerwe@example.com';
const SHOTS = path.join(repoRoot, 'test-results', 'certificates');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let code: string;
let adminAuth: Record<string, string>;

async function shot(p: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  console.info(`screenshot: ${path.join(SHOTS, `${name}.png`)}`);
}

beforeAll(async () => {
  expect(siteUrl, 'the browser global setup provides the site URL').toMatch(/^http/);
  const login = await fetch(`${cmsUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: inject('adminEmail'), password: seedPassword }),
  });
  adminAuth = { authorization: `Bearer ${((await login.json()) as { data: { token: string } }).data.token}` };
  const list = (await (await fetch(`${cmsUrl}/lms-grading/admin/certificates?q=${LEARNER}`, { headers: adminAuth })).json()) as AdminCertificateListResponse;
  code = list.data[0]?.code as string;
  expect(code, 'the seed issues a certificate to Emma').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe('certificates on the site', () => {
  it('lists the seeded certificate on the dashboard, with a working download', async () => {
    await page.goto(`${siteUrl}/login`);
    await page.getByLabel('Email').fill(LEARNER);
    await page.getByLabel('Password').fill(seedPassword);
    await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Log in' }).click()]);
    const section = page.locator('section.certificates');
    await expect(section.getByRole('heading', { level: 2 }).innerText()).resolves.toMatch(/^Certificates/);
    await expect(section.getByRole('heading', { level: 3 }).innerText()).resolves.toBe('Git for Everyday Work');
    await expect(section.innerText()).resolves.toContain(code);
    await shot(page, 'dashboard');

    const href = await section.getByRole('link', { name: /Download PDF/ }).getAttribute('href');
    expect(href).toMatch(new RegExp(`^${cmsUrl}/api/lms-grading/files/`));
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: /Download PDF/ }).click()]);
    expect(download.suggestedFilename()).toBe(`certificate-git-for-everyday-work-${code}.pdf`);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows a valid certificate on its verification page, with nothing to run', async () => {
    await Promise.all([page.waitForURL(`**/verify/${code}`), page.locator('section.certificates').getByRole('link', { name: /Verification page/ }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Valid certificate');
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain('Emma van der Merwe');
    expect(facts).toContain('Git for Everyday Work');
    expect(facts).toContain(code);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'verify-valid');
    const loaded = await scriptsLoadedBy(context, `${siteUrl}/verify/${code}`);
    expect(loaded.status).toBe(200);
    expect(loaded.total).toBe(0);
  });

  it('takes a code typed any way in the form and lands on its canonical page', async () => {
    const visitor = await browser.newPage();
    await visitor.goto(`${siteUrl}/verify`);
    await visitor.getByRole('textbox', { name: 'Verification code' }).fill(code.toLowerCase().replace(/-/g, ' '));
    await Promise.all([visitor.waitForURL(`**/verify/${code}`), visitor.getByRole('button', { name: 'Verify' }).click()]);
    await expect(visitor.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Valid certificate');
    await visitor.close();
  });

  it('answers 404 for an unknown code and 400 with the reason for one that cannot be a code', async () => {
    const visitor = await browser.newPage();
    const unknown = generateVerificationCode();
    const missing = await visitor.goto(`${siteUrl}/verify/${unknown}`);
    expect(missing?.status()).toBe(404);
    await expect(visitor.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Certificate not found');
    await expect(visitor.locator('main').innerText()).resolves.toContain(unknown);
    await shot(visitor, 'verify-unknown');

    const typo = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    const bad = await visitor.goto(`${siteUrl}/verify/${typo}`);
    expect(bad?.status()).toBe(400);
    await expect(visitor.locator('main').innerText()).resolves.toMatch(/This code has a typo/);
    // The form comes back filled in, to correct.
    await expect(visitor.getByRole('textbox', { name: 'Verification code' }).inputValue()).resolves.toBe(typo);
    await visitor.close();
  });

  it('lets an admin find, download and regenerate it in the admin panel', async () => {
    const adminPage = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    adminPage.on('pageerror', (e) => errors.push(e.message));
    await logInToAdmin(adminPage, inject('adminEmail'), seedPassword);
    await adminPage.goto(`${cmsUrl}/admin/plugins/lms-grading/certificates`);
    await adminPage.getByRole('heading', { name: 'Certificates', level: 1 }).waitFor();
    await adminPage.getByLabel('Search').fill('vandermerwe');
    await adminPage.getByRole('button', { name: 'Search', exact: true }).click();
    const row = adminPage.locator('tbody tr', { hasText: code });
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain('Emma van der Merwe');

    const [download] = await Promise.all([adminPage.waitForEvent('download'), row.getByRole('button', { name: 'PDF' }).click()]);
    expect(fs.readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');

    // Revoking needs a reason: the button stays disabled without one. Cancelled here.
    await row.getByRole('button', { name: 'Revoke' }).click();
    const dialog = adminPage.getByRole('dialog');
    await expect(dialog.getByRole('button', { name: 'Revoke' }).isDisabled()).resolves.toBe(true);
    await dialog.getByRole('textbox').fill('A reason');
    await expect(dialog.getByRole('button', { name: 'Revoke' }).isDisabled()).resolves.toBe(false);
    await shot(adminPage, 'admin-revoke-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await row.getByRole('button', { name: 'Regenerate' }).click();
    await adminPage.getByRole('dialog').getByRole('button', { name: 'Regenerate' }).click();
    await adminPage.getByText(`Certificate ${code} regenerated`).waitFor();
    // The list reloads after the notice: wait for the row to say so rather than reading it at once.
    await expect(adminPage.locator('tbody tr', { hasText: code }).filter({ hasText: /regenerated/ }).waitFor()).resolves.toBeUndefined();
    await shot(adminPage, 'admin-list');
    expect(errors).toEqual([]);
    await adminPage.close();
  });

  it('says revoked as soon as an admin revokes it', async () => {
    const [row] = ((await (await fetch(`${cmsUrl}/lms-grading/admin/certificates?q=${code}`, { headers: adminAuth })).json()) as AdminCertificateListResponse).data;
    const revoked = await fetch(`${cmsUrl}/lms-grading/admin/certificates/${row?.id}/revoke`, {
      method: 'POST',
      headers: { ...adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Browser test: revocation is shown publicly' }),
    });
    expect(revoked.status).toBe(200);
    const response = await page.goto(`${siteUrl}/verify/${code}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Revoked certificate');
    await expect(page.locator('main').innerText()).resolves.not.toContain('Browser test: revocation');
    await shot(page, 'verify-revoked');
    // The learner no longer gets a download link for it.
    await page.goto(`${siteUrl}/dashboard`);
    await expect(page.locator('section.certificates').getByRole('link', { name: /Download PDF/ }).count()).resolves.toBe(0);
    await expect(page.locator('section.certificates').innerText()).resolves.toContain('Revoked');
  });
});
