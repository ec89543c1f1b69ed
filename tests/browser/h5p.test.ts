import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminAuth } from '../harness/api';
import { launchBrowser, logInToAdmin, registerOnSite } from '../harness/browser';
import { seriousAxeViolations } from '../harness/page-checks';
import { createH5pCourse, H5P_FIXTURES, publishLesson, type H5pCourse } from '../harness/h5p';
import { sql } from '../harness/pg';

const cmsUrl = inject('cmsUrl');
const siteUrl = inject('siteUrl');
const run = Date.now().toString(36);
const SESSION_COOKIE = '__Host-lms_session';

/** Screenshots for a person to look at (not compared): the admin page after the upload, the answered activity. */
const ADMIN_SCREENSHOT = path.join(os.tmpdir(), 'lms-h5p-admin.png');
const LESSON_SCREENSHOT = path.join(os.tmpdir(), 'lms-h5p-lesson.png');

/**
 * H5P end to end: the admin uploads the Hub's MultiChoice package into a lesson's H5P block on
 * lms-h5p's admin page, the lesson is published, a learner opens it on the site, the activity
 * plays in h5p-standalone (frame script and styles from the site, the package from the cms's
 * upload provider, nothing from elsewhere), the learner answers, and the result and the lesson's
 * completion are recorded.
 */
describe('H5P activity: upload in the admin, play and score on the site', () => {
  let browser: Browser;
  let course: H5pCourse;
  const pageErrors: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    expect(siteUrl, 'the browser global setup provides the site URL').toMatch(/^http/);
    course = await createH5pCourse(await adminAuth(inject('adminEmail'), inject('seedPassword')), 'browser', run);
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('uploads the MultiChoice package into the lesson’s H5P block on the admin page', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(`admin: ${e.message}`));
    await logInToAdmin(page, inject('adminEmail'), inject('seedPassword'));
    await page.goto(`${cmsUrl}/admin/plugins/lms-h5p`);
    const row = page.getByRole('row', { name: new RegExp(course.lessonTitle) });
    await row.waitFor({ timeout: 60_000 });
    const chooser = page.waitForEvent('filechooser');
    await row.getByRole('button', { name: 'Upload .h5p' }).click();
    await (await chooser).setFiles(path.join(H5P_FIXTURES, 'H5P.MultiChoice.h5p'));
    await row.getByText('H5P.MultiChoice 1.14').waitFor({ timeout: 60_000 });
    await expect(row.getByRole('button', { name: 'Replace .h5p' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: ADMIN_SCREENSHOT, fullPage: true });
    console.info(`screenshot: ${ADMIN_SCREENSHOT}`);
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('plays the activity in the lesson, records the answer, completes the lesson', async () => {
    await publishLesson(await adminAuth(inject('adminEmail'), inject('seedPassword')), course.lessonId);
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    // Everything the page loads comes from the site or the cms (the upload provider), nothing else.
    context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(siteUrl) && !url.startsWith(cmsUrl) && !url.startsWith('data:') && !url.startsWith('blob:') && !url.startsWith('about:')) outside.push(url);
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`site: ${e.message}`));
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    const email = `h5p.${run}@example.com`;
    await registerOnSite(page, email, 'Learner-2026-pass');
    const token = (await context.cookies(siteUrl)).find((c) => c.name === SESSION_COOKIE)?.value;
    const enrolled = await fetch(`${cmsUrl}/api/lms-enrollment/enrollments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ course: course.courseId }),
    });
    expect(enrolled.status).toBe(201);

    const frameAssets: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/h5p-player/')) frameAssets.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(`${siteUrl}/learn/${course.courseSlug}/${course.lessonSlug}`);
    const iframe = page.locator('[data-h5p-block] iframe');
    await iframe.waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
      // Say what the page showed instead of the player.
      const shown = await page.locator('.player__blocks').innerText().catch(() => '(no lesson blocks)');
      throw new Error(`${String(error)}\npage: ${shown}\nconsole: ${consoleLines.join('\n')}\nerrors: ${pageErrors.join('\n')}`);
    });
    const frame = (await (await iframe.elementHandle())?.contentFrame()) as Frame;
    expect(frame).toBeTruthy();
    await frame.getByText('What color does the blackcurrant berry actually have?').waitFor({ timeout: 60_000 });
    expect(frameAssets).toContain('200 /h5p-player/frame.bundle.js');
    expect(frameAssets).toContain('200 /h5p-player/styles/h5p.css');

    await frame.getByText('Very dark purple', { exact: true }).click();
    await frame.getByRole('button', { name: /check/i }).click();
    await page.getByText('Your result is recorded: 100%. This lesson is complete.').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(800); // the progress meter's transition, for the person looking at the screenshot
    await page.screenshot({ path: LESSON_SCREENSHOT, fullPage: true });
    console.info(`screenshot: ${LESSON_SCREENSHOT}`);

    const [user] = await sql<{ id: number }>('SELECT id FROM up_users WHERE email = $1', [email]);
    const results = await sql<{ best_bp: number; attempts: number; passed: boolean }>('SELECT best_bp, attempts, passed FROM lms_h5p_results WHERE user_id = $1', [user?.id]);
    expect(results).toEqual([{ best_bp: 10_000, attempts: 1, passed: true }]);
    const progress = await sql<{ status: string }>(
      'SELECT p.status FROM lms_lesson_progress p JOIN lms_enrollments e ON e.id = p.enrollment_id WHERE e.user_id = $1 AND p.lesson_document_id = $2',
      [user?.id, course.lessonId],
    );
    expect(progress).toEqual([{ status: 'completed' }]);

    expect(await iframe.getAttribute('title')).toBe('What colour is a blackcurrant?');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // A reload shows the same: the lesson is done in the outline.
    await page.reload();
    const state = await page.locator('#course-outline [data-outline-lesson]', { has: page.getByText(course.lessonTitle, { exact: true }) }).getAttribute('data-state');
    expect(state).toBe('done');
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(fs.existsSync(LESSON_SCREENSHOT)).toBe(true);
    await context.close();
  }, 180_000);
});
