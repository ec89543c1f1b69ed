import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AdminSessionResponse } from '../../plugins/lms-live/server/src/contracts';
import { createInstructor, type AdminUser } from '../harness/admin-users';
import { adminAuth, sendJson } from '../harness/api';
import { launchBrowser, logInToAdmin } from '../harness/browser';
import { connect, publishDoc, richText } from '../harness/content';
import { enroll, LEARNER_PASSWORD, registerLearner, type Learner } from '../harness/learners';
import { scriptsLoadedBy, seriousAxeViolations } from '../harness/page-checks';
import { sql } from '../harness/pg';
import { repoRoot } from '../harness/stack';

/**
 * Live sessions in a real browser: the instructor schedules one on the admin page "Live sessions"
 * (wall-clock start in the session's zone), the learner sees it on the course page in the
 * session's zone and then in a zone they choose, reserves a seat, downloads the .ics, opens the
 * join link of a session happening now (redirected to a meeting served on loopback) and the
 * instructor sees them present on the roster and marks another learner. Screenshots go to
 * test-results/live.
 */

const siteUrl = inject('siteUrl');
const cmsUrl = inject('cmsUrl');
const run = Date.now().toString(36);
const SHOTS = path.join(repoRoot, 'test-results', 'live');

let browser: Browser;
let learnerContext: BrowserContext;
let adminContext: BrowserContext;
let page: Page;
let adminPage: Page;
let teacher: AdminUser;
let learner: Learner;
let other: Learner;
let courseSlug: string;
let courseId: string;
let meeting: http.Server;
let meetingUrl: string;

async function shot(p: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  console.info(`screenshot: ${path.join(SHOTS, `${name}.png`)}`);
}

beforeAll(async () => {
  expect(siteUrl, 'the browser global setup provides the site URL').toMatch(/^http/);
  // The "meeting": a page on loopback, so following the join redirect stays on this machine.
  meeting = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Meeting room</title><h1>Meeting room</h1>'));
  await new Promise<void>((resolve) => meeting.listen(0, '127.0.0.1', resolve));
  meetingUrl = `http://127.0.0.1:${(meeting.address() as AddressInfo).port}/room-${run}`;

  const admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  teacher = await createInstructor(admin, 'live-ui-teacher', run);
  const profile = await publishDoc(admin, 'api::instructor.instructor', { name: `Live UI Teacher ${run}`, slug: `live-ui-teacher-${run}`, adminUser: { connect: [{ id: teacher.id }] } });
  courseSlug = `live-ui-${run}`;
  courseId = await publishDoc(admin, 'api::course.course', {
    title: `Live & Direct ${run}`,
    slug: courseSlug,
    summary: 'A course with live sessions',
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
    instructor: connect(profile),
    liveAttendanceRequired: 1,
  });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(courseId), dripType: 'none' });
  await publishDoc(admin, 'api::lesson.lesson', { title: 'Warm-up', slug: `live-ui-lesson-${run}`, order: 0, freePreview: false, estimatedMinutes: 5, section: connect(section), blocks: [richText('Body')] });
  [learner, other] = await Promise.all([registerLearner('live-ui', run, { emailAsUsername: true }), registerLearner('live-ui-other', run)]);
  await Promise.all([enroll(learner, courseId), enroll(other, courseId)]);

  browser = await launchBrowser();
  adminContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  adminPage = await adminContext.newPage();
  learnerContext = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  page = await learnerContext.newPage();
  await page.goto(`${siteUrl}/login`);
  await page.getByLabel('Email').fill(learner.email);
  await page.getByLabel('Password').fill(LEARNER_PASSWORD);
  await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Log in' }).click()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => meeting?.close(r));
});

describe('live sessions', () => {
  it('the instructor schedules a session on the admin page, the start typed in the session’s zone', async () => {
    await logInToAdmin(adminPage, teacher.email, teacher.password);
    await adminPage.goto(`${cmsUrl}/admin/plugins/lms-live`);
    await adminPage.getByRole('button', { name: 'New session' }).click();
    const form = adminPage.getByRole('form', { name: 'New live session' });
    await form.getByLabel('Title').fill(`Kick-off call ${run}`);
    await form.getByLabel('Start').fill('2030-05-05T15:00');
    await form.getByLabel('Time zone').fill('Europe/London');
    await form.getByLabel('Duration (minutes)').fill('45');
    await form.getByLabel('Seats').fill('2');
    await form.getByLabel('Join link').fill('https://meet.jit.si/kick-off');
    await form.getByRole('button', { name: 'Schedule' }).click();
    const row = adminPage.getByRole('row', { name: new RegExp(`Kick-off call ${run}`) });
    await row.waitFor();
    expect(await row.innerText()).toContain('Sun 5 May 2030, 15:00 (BST)');
    expect(await row.innerText()).toContain('0 / 2');
    const [stored] = await sql<{ starts_at: Date; course_document_id: string }>('SELECT starts_at, course_document_id FROM lms_live_sessions WHERE title = $1', [`Kick-off call ${run}`]);
    expect(stored?.starts_at.toISOString()).toBe('2030-05-05T14:00:00.000Z');
    expect(stored?.course_document_id).toBe(courseId);
    await shot(adminPage, 'admin-sessions');

    // A bad link is refused with the field named, and nothing is stored.
    await adminPage.getByRole('button', { name: 'New session' }).click();
    const again = adminPage.getByRole('form', { name: 'New live session' });
    await again.getByLabel('Title').fill(`Bad link ${run}`);
    await again.getByLabel('Start').fill('2030-05-06T15:00');
    await again.getByLabel('Join link').fill('javascript:alert(1)');
    await again.getByRole('button', { name: 'Schedule' }).click();
    await expect(again.getByText(/^body\.joinUrl: only http\(s\) meeting links are allowed/).waitFor()).resolves.toBeUndefined();
    expect(await sql('SELECT 1 FROM lms_live_sessions WHERE title = $1', [`Bad link ${run}`])).toHaveLength(0);
    await shot(adminPage, 'admin-refused');
    await again.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the learner sees it on the course page in the session’s zone, then in their own, and reserves a seat', async () => {
    await page.goto(`${siteUrl}/courses/${courseSlug}`);
    const section = page.locator('#live-sessions');
    const item = section.locator('li.live-session', { hasText: `Kick-off call ${run}` });
    expect(await item.innerText()).toContain('Sun 5 May 2030, 15:00 (BST)');
    expect(await item.innerText()).toContain('2 of 2 seats left');
    expect(await section.innerText()).toContain('This course asks you to attend 1 live session to complete it; you have attended 0.');

    await section.getByLabel('Show times in').selectOption('Asia/Tokyo');
    await Promise.all([page.waitForURL(`**/courses/${courseSlug}*`), section.getByRole('button', { name: 'Save' }).click()]);
    const local = page.locator('li.live-session', { hasText: `Kick-off call ${run}` });
    expect(await local.innerText()).toMatch(/Sun 5 May 2030, 23:00 \((JST|GMT\+9)\)/);
    expect(await local.innerText()).toContain('Scheduled for Sun 5 May 2030, 15:00 (BST) (Europe/London)');

    await Promise.all([page.waitForURL(`**/courses/${courseSlug}*`), local.getByRole('button', { name: 'Reserve a seat' }).click()]);
    const reserved = page.locator('li.live-session', { hasText: `Kick-off call ${run}` });
    expect(await reserved.innerText()).toContain('Your seat is reserved');
    expect(await page.getByRole('status').first().innerText()).toContain(`Your seat for "Kick-off call ${run}" is reserved.`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.locator('#live-sessions').scrollIntoViewIfNeeded();
    await shot(page, 'course-page-sessions');

    // Plain forms and links: the page ships no script.
    const loaded = await scriptsLoadedBy(learnerContext, `${siteUrl}/courses/${courseSlug}`);
    expect(loaded.status).toBe(200);
    expect(loaded.total).toBe(0);

    // The dashboard lists the reserved session, in the learner's zone.
    await page.goto(`${siteUrl}/dashboard`);
    const upcoming = page.getByRole('region', { name: 'Your live sessions' });
    expect(await upcoming.innerText()).toMatch(new RegExp(`Kick-off call ${run}[\\s\\S]*Sun 5 May 2030, 23:00`));
    await upcoming.scrollIntoViewIfNeeded();
    await shot(page, 'dashboard-sessions');
  });

  it('"Add to calendar" downloads an .ics a calendar parser reads', async () => {
    await page.goto(`${siteUrl}/courses/${courseSlug}`);
    const item = page.locator('li.live-session', { hasText: `Kick-off call ${run}` });
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('link', { name: 'Add to calendar' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^live-session-\d+\.ics$/);
    const file = await download.path();
    const text = fs.readFileSync(file as string, 'utf8');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent') as ICAL.Component);
    expect(event.summary).toBe(`Kick-off call ${run}`);
    expect(event.startDate.toJSDate().toISOString()).toBe('2030-05-05T14:00:00.000Z');
    expect(event.duration.toSeconds()).toBe(45 * 60);
  });

  it('the join link of a session happening now records attendance and opens the meeting; the instructor sees it on the roster', async () => {
    const admin = await adminAuth(teacher.email, teacher.password);
    const now = await sendJson<AdminSessionResponse>(
      'POST',
      '/lms-live/sessions',
      { courseId, title: `Happening now ${run}`, startsAt: new Date(Date.now() + 5 * 60_000).toISOString(), durationMinutes: 60, capacity: 5, joinUrl: meetingUrl, timeZone: 'Africa/Johannesburg' },
      admin,
    );
    expect(now.status, JSON.stringify(now.body)).toBe(201);
    const id = now.body.data.id;
    // The other learner holds a seat but does not join.
    expect((await sendJson('POST', `/api/lms-live/sessions/${id}/seat`, {}, other.auth)).status).toBe(201);

    await page.goto(`${siteUrl}/courses/${courseSlug}`);
    const item = page.locator('li.live-session', { hasText: `Happening now ${run}` });
    await Promise.all([page.waitForURL(`**/courses/${courseSlug}*`), item.getByRole('button', { name: 'Reserve a seat' }).click()]);
    const reserved = page.locator('li.live-session', { hasText: `Happening now ${run}` });
    expect(await reserved.innerText()).toContain('happening now');
    await Promise.all([page.waitForURL(meetingUrl), reserved.getByRole('link', { name: 'Join now' }).click()]);
    await expect(page.getByRole('heading', { name: 'Meeting room' }).isVisible()).resolves.toBe(true);
    expect(await sql('SELECT present, source FROM lms_live_attendance WHERE session_id = $1 AND learner_id = $2', [id, learner.id])).toEqual([{ present: true, source: 'join' }]);
    expect((await sql<{ status: string }>('SELECT status FROM lms_enrollments WHERE user_id = $1 AND course_document_id = $2', [learner.id, courseId]))[0]?.status).toBe('active');

    // A session that has not opened yet explains when it opens, in the learner's zone.
    const kickoff = (await sql<{ id: number }>('SELECT id FROM lms_live_sessions WHERE title = $1', [`Kick-off call ${run}`]))[0]?.id;
    await page.goto(`${siteUrl}/live/${kickoff}/join`);
    expect(await page.locator('.notice').innerText()).toMatch(/The join link opens at Sun 5 May 2030, 22:50 \((JST|GMT\+9)\)/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'join-not-yet');

    await adminPage.goto(`${cmsUrl}/admin/plugins/lms-live`);
    await adminPage.getByRole('button', { name: `Attendance of Happening now ${run}` }).click();
    const mine = adminPage.getByRole('row', { name: new RegExp(learner.email) });
    await mine.waitFor();
    // (the badge is upper-cased by CSS)
    expect(await mine.innerText()).toMatch(/present \(joined\)/i);
    const theirs = adminPage.getByRole('row', { name: new RegExp(other.email) });
    expect(await theirs.innerText()).toContain('not recorded');
    await theirs.getByRole('button', { name: /present$/ }).click();
    await expect(adminPage.getByRole('row', { name: new RegExp(other.email) }).getByText(/present \(marked\)/i).waitFor()).resolves.toBeUndefined();
    expect(await sql('SELECT present, source FROM lms_live_attendance WHERE session_id = $1 AND learner_id = $2', [id, other.id])).toEqual([{ present: true, source: 'instructor' }]);
    await shot(adminPage, 'admin-roster');
  });
});
