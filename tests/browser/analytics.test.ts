import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminAuth, sendJson } from '../harness/api';
import { launchBrowser, logInToAdmin } from '../harness/browser';
import { connect, publishDoc, richText } from '../harness/content';
import { enroll, LEARNER_PASSWORD, registerLearner, type Learner } from '../harness/learners';
import { seriousAxeViolations } from '../harness/page-checks';
import { until } from '../harness/sales';
import { sql } from '../harness/pg';

const cmsUrl = inject('cmsUrl');
const siteUrl = inject('siteUrl');
const run = `anb${Date.now().toString(36)}`;

/** Screenshots written for a person to look at (not compared). */
const SHOTS = {
  instructor: path.join(os.tmpdir(), 'lms-analytics-instructor.png'),
  platform: path.join(os.tmpdir(), 'lms-analytics-platform.png'),
  learner: path.join(os.tmpdir(), 'lms-analytics-learner.png'),
};

/**
 * lms-analytics as people see it: the admin's course dashboard with its charts for a course two
 * learners follow, the platform dashboard, and a learner's own progress page on the site.
 */
describe('analytics dashboards and the learner page', () => {
  let browser: Browser;
  let page: Page;
  let courseId = '';
  const title = `Charts course ${run}`;
  let ada: Learner;
  const errors: string[] = [];

  beforeAll(async () => {
    const admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
    courseId = await publishDoc(admin, 'api::course.course', { title, slug: `charts-${run}`, summary: 'Analytics charts', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0 });
    const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 1, course: connect(courseId), dripType: 'none' });
    const lessons: string[] = [];
    for (const n of [1, 2]) {
      lessons.push(await publishDoc(admin, 'api::lesson.lesson', { title: `Chart lesson ${n}`, slug: `chart-${n}-${run}`, order: n, freePreview: false, estimatedMinutes: 5, section: connect(section), blocks: [richText(`Body ${n}`)] }));
    }
    ada = await registerLearner('an-ada', run);
    const bo = await registerLearner('an-bo', run);
    for (const l of [ada, bo]) await enroll(l, courseId);
    const done = await sendJson('POST', `/api/lms-enrollment/lessons/${lessons[0]}/complete`, {}, ada.auth);
    expect(done.status).toBe(200);
    await until('the summaries', async () => (await sql<{ n: number }>('SELECT completions AS n FROM lms_analytics_lessons WHERE lesson_id = $1', [lessons[0]]))[0], 60_000);

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await logInToAdmin(page, inject('adminEmail'), inject('seedPassword'));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('the course dashboard draws the enrollments chart and the funnel for the chosen course', async () => {
    await page.goto(`${cmsUrl}/admin/plugins/lms-analytics`);
    await page.getByRole('heading', { name: 'Course analytics', exact: true }).waitFor();
    const course = page.getByLabel('Course', { exact: true });
    await course.locator('option', { hasText: title }).waitFor({ state: 'attached', timeout: 30_000 });
    await course.selectOption({ label: title });
    await page.getByRole('heading', { name: `Completion funnel: ${title}` }).waitFor({ timeout: 30_000 });
    const line = page.getByRole('img', { name: 'Enrollments and completions per day' });
    await line.waitFor();
    // Three series drawn, with a point per day of the default 30-day range.
    expect(await line.locator('polyline').count()).toBe(3);
    expect(await line.locator('circle').count()).toBe(90);
    const funnel = page.getByRole('img', { name: 'Learners who completed each lesson, in course order' });
    const bars = await funnel.locator('rect title').allTextContents();
    expect(bars).toEqual(['1. Chart lesson 1: 1 (50.00%)', '2. Chart lesson 2: 0 (0.00%)']);
    const figures = await page.locator('[data-figure="Enrollments"]').innerText();
    expect(figures).toContain('2');
    await page.screenshot({ path: SHOTS.instructor, fullPage: true });
    expect(fs.statSync(SHOTS.instructor).size).toBeGreaterThan(20_000);
  });

  it('the platform dashboard shows the totals and the top courses chart', async () => {
    await page.goto(`${cmsUrl}/admin/plugins/lms-analytics-platform`);
    await page.getByRole('heading', { name: 'Platform analytics', exact: true }).waitFor();
    const top = page.getByRole('img', { name: 'Enrollments of the top courses' });
    await top.waitFor({ timeout: 30_000 });
    expect(await top.locator('rect').count()).toBeGreaterThan(0);
    const [users] = await sql<{ n: string }>('SELECT count(*)::text AS n FROM up_users');
    expect(await page.locator('[data-figure="Users"]').innerText()).toContain(String(users?.n));
    await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
    await page.screenshot({ path: SHOTS.platform, fullPage: true });
    expect(errors).toEqual([]);
  });

  it("the learner's progress page is server-rendered: progress bar, completed lesson, no script of its own", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const learner = await context.newPage();
    await learner.goto(`${siteUrl}/login`);
    await learner.getByLabel('Email').fill(ada.email);
    await learner.getByLabel('Password').fill(LEARNER_PASSWORD);
    await Promise.all([learner.waitForURL('**/dashboard'), learner.getByRole('button', { name: 'Log in' }).click()]);
    await learner.getByRole('link', { name: 'My progress' }).click();
    await learner.waitForURL('**/dashboard/progress');
    const row = learner.locator(`[data-course="${courseId}"]`);
    expect(await row.innerText()).toContain('1 of 2 lessons · 50%');
    await expect(row.getByRole('img', { name: '50% complete' }).count()).resolves.toBe(1);
    expect(await learner.locator('.timeline li').allInnerTexts()).toEqual([expect.stringContaining('Chart lesson 1')]);
    expect(await learner.locator('main script, .progress-page script').count()).toBe(0);
    expect(await seriousAxeViolations(learner)).toEqual([]);
    await learner.screenshot({ path: SHOTS.learner, fullPage: true });
    await context.close();
  });
});
