import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, publishDoc, richText } from '../harness/content';
import { launchBrowser, logInToAdmin, registerOnSite } from '../harness/browser';
import { scriptsLoadedBy } from '../harness/page-checks';
import { repoRoot } from '../harness/stack';

/**
 * Gamification on the site: a new learner completes a lesson and sees the points arrive in the
 * header, a toast for the badge, the badges, streak and level bar on the dashboard, and their
 * place on the leaderboard page; the admin sees the settings panel. Screenshots are written for
 * a person to look at (not compared).
 */
const siteUrl = inject('siteUrl');
const cmsUrl = inject('cmsUrl');
const SHOTS = path.join(repoRoot, 'test-results', 'gamification');
const PASSWORD = 'Learner-2026-pass';
const run = Date.now().toString(36);

const shot = async (p: Page, name: string) => {
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  console.info(`screenshot: ${path.join(SHOTS, `${name}.png`)}`);
};

describe('points, badges and the leaderboard on the site', () => {
  let browser: Browser;
  let slug: string;
  let lessonTitles: string[];

  beforeAll(async () => {
    expect(siteUrl, 'the browser global setup provides the site URL').toMatch(/^http/);
    const admin = { authorization: inject('adminAuthorization') };
    slug = `gam-site-${run}`;
    const course = await publishDoc(admin, 'api::course.course', {
      title: `Points course ${run}`,
      slug,
      summary: 'A short course for the gamification browser test',
      level: 'beginner',
      language: 'en',
      pricingModel: 'free',
      priceAmount: 0,
    });
    const section = await publishDoc(admin, 'api::section.section', { title: 'Start', order: 1, course: connect(course), dripType: 'none' });
    lessonTitles = ['Welcome to points', 'Second step'];
    for (const [i, title] of lessonTitles.entries()) {
      await publishDoc(admin, 'api::lesson.lesson', {
        title,
        slug: `gam-site-lesson-${i + 1}-${run}`,
        order: i + 1,
        freePreview: false,
        estimatedMinutes: 3,
        section: connect(section),
        blocks: [richText(`Body of ${title}`)],
      });
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('completing a lesson shows points in the header and a badge toast; the dashboard and leaderboard agree', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await registerOnSite(page, `gam.${run}@example.com`, PASSWORD);

    // The dashboard view is the day's visit: 5 points, in the server-rendered header.
    const points = page.getByTestId('header-points');
    await expect(points.innerText()).resolves.toContain('5');
    await expect(page.getByTestId('header-level').innerText()).resolves.toBe('Level 1 · Newcomer');

    await page.goto(`${siteUrl}/courses/${slug}`);
    await Promise.all([page.waitForURL(`**/learn/${slug}/**`), page.getByRole('button', { name: 'Enroll for free' }).click()]);
    await page.locator('.mark-complete').scrollIntoViewIfNeeded();
    await page.locator('astro-island:not([ssr]) .mark-complete').waitFor();
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await page.getByText('Lesson completed', { exact: true }).waitFor();

    // The award lands through the queue; the lesson page's island asks again, updates the header
    // in place and announces the badge.
    const toast = page.getByTestId('badge-toast');
    await toast.waitFor({ timeout: 20_000 });
    await expect(toast.innerText()).resolves.toContain('Badge earned: First steps');
    await expect.poll(() => points.innerText(), { timeout: 15_000 }).toContain('15');
    await shot(page, 'lesson-with-badge-toast');
    // Shown once: the toast does not come back when the page is loaded again.
    await page.reload();
    await page.locator('astro-island:not([ssr])').first().waitFor({ state: 'attached' });
    await page.waitForTimeout(3_000);
    await expect(page.getByTestId('badge-toast').count()).resolves.toBe(0);
    await expect(points.innerText()).resolves.toContain('15');

    await page.goto(`${siteUrl}/dashboard`);
    const panel = page.getByTestId('achievements');
    await expect(panel.getByTestId('dashboard-points').innerText()).resolves.toContain('15');
    await expect(panel.getByRole('progressbar', { name: 'Progress to the next level' }).getAttribute('aria-valuenow')).resolves.toBe('15');
    await expect(panel.getByTestId('dashboard-streak').innerText()).resolves.toContain('1');
    await expect(panel.getByTestId('badge-first-lesson').getAttribute('class')).resolves.not.toContain('badge--locked');
    await expect(panel.getByTestId('badge-courses-3').innerText()).resolves.toContain('0 of 3');
    // Pages with nothing interactive still ship no script: the header's points are server-rendered.
    const loaded = await scriptsLoadedBy(context, `${siteUrl}/dashboard`);
    expect(loaded.scripts).toEqual([]);
    expect(loaded.inlineScripts).toBe(0);
    await shot(page, 'dashboard-achievements');

    await page.goto(`${siteUrl}/leaderboard?period=week`);
    await expect(page.getByTestId('my-rank').innerText()).resolves.toMatch(/#\d+ with 15 points/);
    await expect(page.getByRole('link', { name: 'This week' }).getAttribute('aria-current')).resolves.toBe('page');
    await page.getByRole('link', { name: `Points course ${run}` }).click();
    await page.waitForURL(/course=/);
    const table = page.getByTestId('leaderboard');
    await expect(table.locator('tr.is-me td').first().innerText()).resolves.toBe('1');
    await expect(table.locator('tr.is-me').innerText()).resolves.toContain('10');
    await shot(page, 'leaderboard-course');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('the admin edits point rules, badges and levels in the Gamification panel', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await logInToAdmin(page, inject('adminEmail'), inject('seedPassword'));
    await page.goto(`${cmsUrl}/admin/plugins/lms-gamification`);
    await page
      .getByRole('heading', { name: 'Gamification', level: 1 })
      .waitFor()
      .catch(async (error: unknown) => {
        await shot(page, 'admin-settings-failed');
        throw error;
      });
    await expect(page.getByText('a learner completes a lesson (once per lesson)').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('level 1 name').inputValue()).resolves.toBe('Newcomer');
    // A level below the first one's threshold: the server's message names the field.
    await page.getByLabel('level 2 points').fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'levels[1].minPoints' }).innerText()).resolves.toContain("must be more than the previous level's 0");
    await shot(page, 'admin-settings');
    await context.close();
  });
});
