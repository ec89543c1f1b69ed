import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, logInToAdmin } from '../harness/browser';

const cmsUrl = inject('cmsUrl');
const seedPassword = inject('seedPassword');
const adminEmail = inject('adminEmail');
const INSTRUCTOR = 'thandi.nkosi@example.com';

/**
 * The admin panel as people use it: it must render for the super admin (who also sees the LMS
 * plugin pages) and for an instructor. A plugin that bundles its own React copy breaks every
 * admin page with "Something went wrong", which only a real browser shows.
 */
describe('Strapi admin panel', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function logIn(email: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logInToAdmin(page, email, seedPassword);
    return { page, errors };
  }

  async function expectRendered(page: Page, errors: string[]) {
    await page.waitForLoadState('networkidle');
    await expect(page.getByText('Something went wrong').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  }

  it('renders the home page, the course list and the LMS plugin page for the super admin', async () => {
    const { page, errors } = await logIn(adminEmail);
    await page.getByRole('navigation').first().waitFor();
    await expectRendered(page, errors);

    await page.goto(`${cmsUrl}/admin/content-manager/collection-types/api::course.course`);
    await page.getByRole('heading', { name: 'Course' }).waitFor();
    // The six seeded courses, plus any another browser test file created earlier in the shared stack.
    await expect(page.locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(6);
    await expectRendered(page, errors);

    await page.goto(`${cmsUrl}/admin/plugins/lms-core`);
    await page.getByRole('heading', { name: /failed jobs/i }).waitFor();
    await expectRendered(page, errors);
    await page.close();
  });

  it('shows an instructor only their own courses', async () => {
    const { page, errors } = await logIn(INSTRUCTOR);
    await page.goto(`${cmsUrl}/admin/content-manager/collection-types/api::course.course`);
    await page.getByRole('heading', { name: 'Course' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    const rows = await page.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(6);
    await expectRendered(page, errors);
    await page.close();
  });
});
