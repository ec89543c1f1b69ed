import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminAuth } from '../harness/api';
import { launchBrowser } from '../harness/browser';
import { connect, publishDoc, richText } from '../harness/content';
import { enroll, LEARNER_PASSWORD, registerLearner, type Learner } from '../harness/learners';
import { scriptsLoadedBy, seriousAxeViolations } from '../harness/page-checks';
import { sql } from '../harness/pg';
import { repoRoot } from '../harness/stack';

/**
 * The bell on the site: a learner's welcome and enrollment notifications show as an unread count
 * in the header, the dropdown lists them, "Mark all as read" clears the count, and the
 * /notifications page marks one read and saves the email setting. Everything without JavaScript.
 * Screenshots go to test-results/notifications for a person to look at.
 */

const siteUrl = inject('siteUrl');
const run = Date.now().toString(36);
const SHOTS = path.join(repoRoot, 'test-results', 'notifications');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let learner: Learner;
let courseId: string;

async function shot(p: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
  console.info(`screenshot: ${path.join(SHOTS, `${name}.png`)}`);
}

/** The bell's unread count as the header shows it ('' when none). */
async function bellCount(p: Page): Promise<string> {
  const badge = p.getByRole('banner').locator('.bell__count');
  return (await badge.count()) > 0 ? (await badge.innerText()).trim() : '';
}

/** Reloads until the bell shows `count` (the worker writes notifications a moment after the fact). */
async function waitForCount(p: Page, count: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await p.reload();
    if ((await bellCount(p)) === count) return;
    if (Date.now() > deadline) throw new Error(`the bell never showed ${JSON.stringify(count)} (shows ${JSON.stringify(await bellCount(p))})`);
    await p.waitForTimeout(500);
  }
}

beforeAll(async () => {
  expect(siteUrl, 'the browser global setup provides the site URL').toMatch(/^http/);
  const admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  courseId = await publishDoc(admin, 'api::course.course', {
    title: `Bells & Whistles ${run}`,
    slug: `bells-${run}`,
    summary: 'A course for the notification bell test',
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
  });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(courseId), dripType: 'none' });
  await publishDoc(admin, 'api::lesson.lesson', {
    title: 'Ring the bell',
    slug: `bells-lesson-${run}`,
    order: 0,
    freePreview: false,
    estimatedMinutes: 5,
    section: connect(section),
    blocks: [richText('Body')],
  });
  learner = await registerLearner('bell', run, { emailAsUsername: true });
  await enroll(learner, courseId);

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  page = await context.newPage();
  await page.goto(`${siteUrl}/login`);
  await page.getByLabel('Email').fill(learner.email);
  await page.getByLabel('Password').fill(LEARNER_PASSWORD);
  await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Log in' }).click()]);
});

afterAll(async () => {
  await browser?.close();
});

describe('notification bell', () => {
  it('shows the unread count in the header and lists the newest in its dropdown', async () => {
    await waitForCount(page, '2');
    const bell = page.getByRole('banner').locator('details.bell');
    await expect(bell.locator('summary').getAttribute('aria-label')).resolves.toBe('Notifications, 2 unread');
    await bell.locator('summary').click();
    const panel = bell.locator('.bell__panel');
    await expect(panel.isVisible()).resolves.toBe(true);
    const text = await panel.innerText();
    expect(text).toContain(`Enrolled in Bells & Whistles ${run}`);
    expect(text).toContain('Welcome to LMS');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'bell-open');
    const href = await panel.getByRole('link', { name: /Enrolled in Bells/ }).getAttribute('href');
    expect(href).toBe(`/learn/bells-${run}`);
  });

  it('clears the count with "Mark all as read" and comes back to the same page', async () => {
    const bell = page.getByRole('banner').locator('details.bell');
    await Promise.all([page.waitForURL('**/dashboard'), bell.getByRole('button', { name: 'Mark all as read' }).click()]);
    expect(await bellCount(page)).toBe('');
    await expect(page.getByRole('banner').locator('details.bell summary').getAttribute('aria-label')).resolves.toBe('Notifications');
    await shot(page, 'bell-read');
  });

  it('marks one read on /notifications and saves the email setting, with no script on the page', async () => {
    // A live-session reminder as its producer will write it (no plugin emits them yet).
    await sql(
      `INSERT INTO lms_outbox (event_id, type, version, payload, occurred_at, created_at, available_at, attempts)
       VALUES ($1, 'live-session.reminder', 1, $2, now(), now(), now(), 0)`,
      [
        randomUUID(),
        JSON.stringify({ sessionId: 1, learnerId: learner.id, courseId, title: 'Office hour', startsAt: new Date(Date.now() + 3_600_000).toISOString(), timeZone: 'Africa/Johannesburg', joinUrl: null }),
      ],
    );
    await waitForCount(page, '1');
    await Promise.all([page.waitForURL('**/notifications'), page.getByRole('banner').locator('details.bell summary').click().then(() => page.getByRole('link', { name: 'All notifications and email settings' }).click())]);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Notifications');
    await expect(page.locator('.lead').innerText()).resolves.toBe('1 unread.');
    const items = page.locator('.notifications__list > li');
    await expect(items.count()).resolves.toBe(3);
    await expect(items.first().innerText()).resolves.toContain('Live session: Office hour');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'notifications-page');

    await items.first().getByRole('button', { name: /Mark as read/ }).click();
    await page.waitForURL('**/notifications');
    await expect(page.locator('.lead').innerText()).resolves.toBe('You are all caught up.');
    expect(await bellCount(page)).toBe('');

    const optional = page.getByLabel(/Email me about grades/);
    await expect(optional.isChecked()).resolves.toBe(true);
    await optional.uncheck();
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.waitForURL('**/notifications');
    await expect(page.getByText('Optional emails are off.').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel(/Email me about grades/).isChecked()).resolves.toBe(false);
    const [row] = await sql<{ email_non_essential: boolean }>('SELECT email_non_essential FROM lms_notification_preferences WHERE user_id = $1', [learner.id]);
    expect(row?.email_non_essential).toBe(false);
    await shot(page, 'notifications-settings');

    const loaded = await scriptsLoadedBy(context, `${siteUrl}/notifications`);
    expect(loaded.status).toBe(200);
    expect(loaded.scripts).toEqual([]);
  });
});
