import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminAuth } from '../harness/api';
import { launchBrowser, logInToAdmin } from '../harness/browser';
import { createGradebookFixture, type GradebookFixture } from '../harness/gradebook-fixture';

const cmsUrl = inject('cmsUrl');
const run = Date.now().toString(36);

/** Where the screenshot of the gradebook page is written (looked at by a person; not compared). */
const GRADEBOOK_SCREENSHOT = path.join(os.tmpdir(), 'lms-gradebook.png');
const ITEM_ANALYSIS_SCREENSHOT = path.join(os.tmpdir(), 'lms-gradebook-item-analysis.png');

/**
 * The Gradebook admin page as the course's instructor uses it: their course is picked, the table
 * shows learners × the quiz and the assignment with the course grade and completion, the CSV
 * downloads, and the item analysis of the quiz is shown (recomputed from the page).
 * Fixture: tests/harness/gradebook-fixture.ts.
 */
describe('Gradebook admin page', () => {
  let browser: Browser;
  let page: Page;
  let fx: GradebookFixture;
  const errors: string[] = [];

  beforeAll(async () => {
    fx = await createGradebookFixture(await adminAuth(inject('adminEmail'), inject('seedPassword')), run);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await logInToAdmin(page, fx.teacher.email, fx.teacher.password);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the instructor’s course: learners × items, course grade and completion', async () => {
    await page.goto(`${cmsUrl}/admin/plugins/lms-grading/gradebook`);
    await page.getByRole('heading', { name: 'Gradebook', exact: true }).waitFor();
    const annRow = page.locator('tbody tr', { hasText: fx.learners.ann.email });
    await annRow.waitFor({ timeout: 30_000 });
    await expect(page.getByRole('combobox', { name: 'Course' }).innerText()).resolves.toContain(fx.courseTitle);
    await expect(page.locator('thead').first().innerText()).resolves.toMatch(new RegExp(`${fx.quizTitle}[\\s\\S]*${fx.assignmentTitle}[\\s\\S]*Course grade`, 'i'));
    expect(await page.locator('tbody').first().locator('tr').count()).toBe(4);
    const ann = await annRow.innerText();
    expect(ann).toContain('100.00%');
    expect(ann).toContain('90.00%');
    expect(ann).toContain('95.00%');
    const ben = await page.locator('tbody tr', { hasText: fx.learners.ben.email }).innerText();
    expect(ben).toContain('63.33%');
    expect(ben).toContain('below 70%');
    expect(await page.locator('tbody tr', { hasText: fx.learners.dee.email }).innerText()).toContain('awaiting grade');
  });

  it('downloads the gradebook as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toContain(`quiz: ${fx.quizTitle} (percent)`);
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith(`${fx.learners.ann.id},`))).toContain(',100.00,graded,90.00,graded,95.00,70,');
  });

  it('shows the item analysis of the quiz and can recompute it', async () => {
    await page.getByRole('heading', { name: 'Item analysis' }).waitFor();
    await page.getByRole('button', { name: 'Recompute' }).click();
    const analysis = page.locator('table').nth(1);
    // The debounced job may already have stored an analysis of the first attempts; wait for the
    // recomputed one (all four learners) before reading the rows.
    await page.getByText('4 learner(s) analysed').waitFor({ timeout: 30_000 });
    await analysis.locator('tbody tr', { hasText: fx.prompts.sky }).waitFor({ timeout: 30_000 });
    const rows = await analysis.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain(fx.prompts.capital);
    expect(rows[0]).toContain('0.75');
    expect(rows[0]).toContain('Lyon (1×)');
    expect(rows[1]).toContain('0.58');
    expect(rows[1]).toContain('False (2×)');
    expect(rows[2]).toContain('-0.30');
    expect(rows[2]).toContain('negative discrimination');
    await expect(page.getByText('4 learner(s) analysed').innerText()).resolves.toContain('computed');
    await page.screenshot({ path: GRADEBOOK_SCREENSHOT, fullPage: true });
    // The admin scrolls inside its own layout, so the analysis below the fold gets its own picture.
    await analysis.scrollIntoViewIfNeeded();
    await analysis.screenshot({ path: ITEM_ANALYSIS_SCREENSHOT });
    expect(fs.statSync(GRADEBOOK_SCREENSHOT).size).toBeGreaterThan(10_000);
    expect(fs.statSync(ITEM_ANALYSIS_SCREENSHOT).size).toBeGreaterThan(5_000);
    expect(errors).toEqual([]);
  });
});
