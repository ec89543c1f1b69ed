import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CatalogResponse, CourseDetail, CourseResponse } from '../../cms/src/api/catalog/contracts';
import type { MyEnrollmentsResponse } from '../../plugins/lms-enrollment/server/src/contracts';
import { launchBrowser, registerOnSite } from '../harness/browser';
import { waitForMail } from '../harness/mailbox';
import { scriptsLoadedBy, seriousAxeViolations } from '../harness/page-checks';

const siteUrl = inject('siteUrl');
const cmsUrl = inject('cmsUrl');
const mailDir = inject('mailDir');
const seedPassword = inject('seedPassword');
const LESSON_JS_BUDGET_BYTES = 60 * 1024;
const SESSION_COOKIE = '__Host-lms_session';
const PASSWORD = 'Learner-2026-pass';

async function api<T>(pathname: string, token?: string): Promise<T> {
  const res = await fetch(`${cmsUrl}${pathname}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`GET ${pathname} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

const lessonsOf = (course: CourseDetail) =>
  [...course.sections].sort((a, b) => a.order - b.order).flatMap((s) => [...s.lessons].sort((a, b) => a.order - b.order));

/**
 * A free course every lesson of which opens at once (no prerequisites, no drip), preferring one
 * with a video lesson: found through the catalog API rather than hard-coded.
 */
async function findFreeCourse(): Promise<CourseDetail> {
  const catalog = await api<CatalogResponse>('/api/catalog/courses?price=free&pageSize=48');
  const courses: CourseDetail[] = [];
  for (const card of catalog.data) {
    const { data } = await api<CourseResponse>(`/api/catalog/courses/${card.slug}`);
    if (data.prerequisites.length === 0 && data.sections.every((s) => s.drip.type === 'none') && data.lessonCount > 1) courses.push(data);
  }
  const withVideo = courses.find((c) => lessonsOf(c).some((l) => l.kinds.includes('video')));
  const course = withVideo ?? courses[0];
  if (!course) throw new Error('the demo seed has no free course without prerequisites and drip');
  return course;
}

let sequence = 0;
const freshEmail = (label: string) => `${label}.${Date.now().toString(36)}${++sequence}@example.com`;

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${siteUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function sessionToken(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(siteUrl)).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie');
  return cookie.value;
}

/** The sidebar's state of a lesson (done / open / locked). */
const outlineState = (page: Page, title: string) =>
  page.locator('#course-outline [data-outline-lesson]', { has: page.getByText(title, { exact: true }) }).getAttribute('data-state');

describe('the learner journey', () => {
  let browser: Browser;
  let course: CourseDetail;

  beforeAll(async () => {
    expect(siteUrl, 'the browser global setup provides the site URL').toMatch(/^http/);
    course = await findFreeCourse();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('registers, enrolls in a free course from the catalog, completes every lesson and sees 100% on the dashboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const email = freshEmail('journey');
    await registerOnSite(page, email, PASSWORD);
    await expect(page.getByRole('status').first().innerText()).resolves.toContain(`Welcome! Your account ${email} is ready.`);
    await expect(page.getByRole('heading', { name: 'Find your first course' }).isVisible()).resolves.toBe(true);
    const banner = page.getByRole('banner');
    await expect(banner.getByRole('link', { name: 'My learning' }).isVisible()).resolves.toBe(true);
    await expect(banner.getByRole('button', { name: /^Log out/ }).isVisible()).resolves.toBe(true);

    // The free course, found the way a learner would: the catalog's free filter.
    await page.goto(`${siteUrl}/courses?price=free`);
    await Promise.all([page.waitForURL(`**/courses/${course.slug}`), page.getByRole('link', { name: course.title, exact: true }).first().click()]);
    await Promise.all([page.waitForURL(`**/learn/${course.slug}/**`), page.getByRole('button', { name: 'Enroll for free' }).click()]);
    await expect(page.getByText(`You are enrolled in ${course.title}.`).isVisible()).resolves.toBe(true);

    const lessons = lessonsOf(course);
    expect(new URL(page.url()).pathname).toBe(`/learn/${course.slug}/${lessons[0]!.slug}`);
    let videosWatched = 0;
    for (const [index, lesson] of lessons.entries()) {
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(lesson.title);
      await expect(outlineState(page, lesson.title)).resolves.toBe('open');
      await expect(page.locator('#course-outline [data-course-progress] .meter__label').innerText()).resolves.toBe(
        `${Math.floor((index * 100) / lessons.length)}% complete`,
      );

      const video = page.locator('video[data-lesson-video]');
      if ((await video.count()) > 0) {
        // An uploaded video: the island reports playback and the lesson completes at the block's threshold.
        await video.scrollIntoViewIfNeeded();
        await page.locator('astro-island:not([ssr]) video[data-lesson-video]').waitFor();
        await page.evaluate(`(() => { const v = document.querySelector('video[data-lesson-video]'); v.muted = true; return v.play(); })()`);
        await page.getByText('You have watched enough of the video: this lesson is complete.').waitFor({ timeout: 30_000 });
        videosWatched++;
        await page.locator('.mark-complete').scrollIntoViewIfNeeded();
      } else {
        // The button's island hydrates when it scrolls into view, as the learner reaches the end.
        await page.locator('.mark-complete').scrollIntoViewIfNeeded();
        await page.locator('astro-island:not([ssr]) .mark-complete').waitFor();
        if (index % 2 === 0) {
          // Keyboard only: focus the button and press Enter.
          await page.getByRole('button', { name: 'Mark complete' }).focus();
          await page.keyboard.press('Enter');
        } else {
          await page.getByRole('button', { name: 'Mark complete' }).click();
        }
      }
      await page.getByText('Lesson completed', { exact: true }).waitFor();
      // The page updates in place: the outline ticks the lesson and the meter moves.
      await expect(outlineState(page, lesson.title)).resolves.toBe('done');
      const percent = Math.floor(((index + 1) * 100) / lessons.length);
      await expect(page.locator('#course-outline [data-course-progress] .meter__label').innerText()).resolves.toBe(
        percent === 100 ? 'Complete' : `${percent}% complete`,
      );

      const next = lessons[index + 1];
      if (next) {
        await Promise.all([page.waitForURL(`**/learn/${course.slug}/${next.slug}`), page.getByRole('link', { name: /^Next/ }).click()]);
      }
    }
    if (lessonsOf(course).some((l) => l.kinds.includes('video'))) expect(videosWatched).toBeGreaterThan(0);

    // A reload shows the same as the page did in place.
    await page.reload();
    for (const lesson of lessons) await expect(outlineState(page, lesson.title)).resolves.toBe('done');

    await page.goto(`${siteUrl}/dashboard`);
    // The course card under Finished (a certificate for the course is listed too, in its own region).
    const card = page.getByRole('region', { name: /^Finished/ }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: course.title }) });
    await expect(page.getByRole('heading', { name: /^Finished/ }).isVisible()).resolves.toBe(true);
    await expect(card.locator('.meter__label').innerText()).resolves.toBe('Complete');
    await expect(card.innerText()).resolves.toContain(`${lessons.length} of ${lessons.length} lessons`);

    // The cms agrees.
    const mine = await api<MyEnrollmentsResponse>('/api/lms-enrollment/me/enrollments', await sessionToken(context));
    expect(mine.data.map((e) => [e.course.slug, e.progress, e.lessonsCompleted])).toEqual([[course.slug, 100, lessons.length]]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps the session token where page scripts cannot read it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await registerOnSite(page, freshEmail('cookie'), PASSWORD);
    const cookies = await context.cookies(siteUrl);
    const session = cookies.find((c) => c.name === SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(session!.value.split('.')).toHaveLength(3);
    expect(session!.expires).toBeGreaterThan(Date.now() / 1000 + 6 * 24 * 3600);
    // Every cookie the site sets is httpOnly, so document.cookie shows none of them.
    for (const cookie of cookies) expect(cookie, cookie.name).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    await expect(page.evaluate('document.cookie')).resolves.toBe('');
    // Nor is the token anywhere in the page.
    for (const path of ['/dashboard', `/courses/${course.slug}`]) {
      await page.goto(`${siteUrl}${path}`);
      expect(await page.content(), path).not.toContain(session!.value);
    }
    await context.close();
  });

  it('logs in and out, and refuses a wrong password with a message', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = 'sipho.dlamini@example.com';

    await page.goto(`${siteUrl}/dashboard`);
    expect(page.url()).toBe(`${siteUrl}/login?next=%2Fdashboard`);

    await logIn(page, email, 'not-the-password');
    await expect(page.getByRole('alert').innerText()).resolves.toContain('That email and password do not match an account.');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(email);
    expect((await context.cookies(siteUrl)).some((c) => c.name === SESSION_COOKIE)).toBe(false);

    await page.getByLabel('Password').fill(seedPassword);
    await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Log in' }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Welcome back, sipho.dlamini');

    await Promise.all([page.waitForURL(`${siteUrl}/`), page.getByRole('banner').getByRole('button', { name: /^Log out/ }).click()]);
    await expect(page.getByText('You have logged out.').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' }).isVisible()).resolves.toBe(true);
    expect((await context.cookies(siteUrl)).some((c) => c.name === SESSION_COOKIE)).toBe(false);
    await page.goto(`${siteUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('resets a forgotten password through the emailed link', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = freshEmail('reset');
    await registerOnSite(page, email, 'Old-password-1');
    await page.getByRole('banner').getByRole('button', { name: /^Log out/ }).click();
    await page.waitForURL(`${siteUrl}/`);

    await page.goto(`${siteUrl}/login`);
    await Promise.all([page.waitForURL('**/forgot-password'), page.getByRole('link', { name: 'Forgot your password?' }).click()]);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send me a reset link' }).click();
    await expect(page.getByRole('status').first().innerText()).resolves.toContain(`If there is an account for ${email}, we have sent it a link`);

    // The email went through the local SMTP server.
    const mail = await waitForMail(mailDir, email, { subject: 'Reset your password' });
    expect(mail.subject).toBe('Reset your password');
    expect(mail.from).toMatch(/^no-reply@/);
    const link = /href="([^"]+)"/.exec(mail.html)?.[1]?.replace(/&amp;/g, '&');
    expect(link).toMatch(new RegExp(`^${siteUrl.replace(/[.:/]/g, '\\$&')}/reset-password\\?code=[0-9a-f]+$`));

    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill('New-password-2');
    await page.getByLabel('Repeat the new password').fill('New-password-2');
    await Promise.all([page.waitForURL('**/login'), page.getByRole('button', { name: 'Save the new password' }).click()]);
    await expect(page.getByText('Your password has been changed. Log in with your new password.').isVisible()).resolves.toBe(true);

    await logIn(page, email, 'Old-password-1');
    await expect(page.getByRole('alert').innerText()).resolves.toContain('do not match');
    await logIn(page, email, 'New-password-2');
    await page.waitForURL('**/dashboard');

    // The link works once.
    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill('Third-password-3');
    await page.getByLabel('Repeat the new password').fill('Third-password-3');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('already been used');
    await context.close();
  });

  it('refuses state-changing requests without the CSRF token, or from another origin, with 403', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await registerOnSite(page, freshEmail('csrf'), PASSWORD);
    const lessonId = lessonsOf(course)[0]!.documentId;

    // An island-style JSON call without the header.
    const bare = await context.request.post(`${siteUrl}/api/lessons/${lessonId}/complete`, {
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      data: {},
    });
    expect(bare.status()).toBe(403);
    expect(((await bare.json()) as { error: { message: string } }).error.message).toMatch(/CSRF token missing/);

    // A real form whose token was removed.
    await page.goto(`${siteUrl}/dashboard`);
    await page.evaluate(`document.querySelector('form[action="/logout"] input[name="_csrf"]').remove()`);
    await expect(page.locator('form[action="/logout"] input[name="_csrf"]').count()).resolves.toBe(0);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${siteUrl}/logout` && r.request().method() === 'POST'),
      page.getByRole('banner').getByRole('button', { name: /^Log out/ }).click(),
    ]);
    expect(refused.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('We could not accept that form');
    await expect(page.locator('main').innerText()).resolves.toContain('CSRF token missing');
    // Nothing happened: still signed in.
    await page.goto(`${siteUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard');

    // Another origin (same host, other port: "same-site" for cookies) posting a form even with
    // the right token is refused by the origin check.
    const token = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const attacker = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<form method="post" action="${siteUrl}/logout"><input type="hidden" name="_csrf" value="${token}"></form><script>document.forms[0].submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attackerPage = await context.newPage();
    const [crossSite] = await Promise.all([
      attackerPage.waitForResponse((r) => r.url() === `${siteUrl}/logout`),
      attackerPage.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`),
    ]);
    expect(crossSite.status()).toBe(403);
    await attackerPage.waitForLoadState();
    await expect(attackerPage.locator('main').innerText()).resolves.toContain('another site');
    attacker.close();
    await page.goto(`${siteUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await context.close();
  });

  it('works without JavaScript: log in, enroll and complete a lesson with plain forms', async () => {
    const setup = await browser.newContext();
    const email = freshEmail('nojs');
    await registerOnSite(await setup.newPage(), email, PASSWORD);
    await setup.close();

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${siteUrl}/courses/${course.slug}`);
    await Promise.all([page.waitForURL('**/login?next=*'), page.getByRole('link', { name: 'Enroll for free' }).click()]);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`**/courses/${course.slug}`), page.getByRole('button', { name: 'Log in' }).click()]);
    await Promise.all([page.waitForURL(`**/learn/${course.slug}/**`), page.getByRole('button', { name: 'Enroll for free' }).click()]);
    const first = lessonsOf(course)[0]!;
    await Promise.all([page.waitForURL(`**/learn/${course.slug}/${first.slug}`), page.getByRole('button', { name: 'Mark complete' }).click()]);
    await expect(page.getByText(`“${first.title}” is complete.`).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Lesson completed', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(outlineState(page, first.title)).resolves.toBe('done');

    // The course page now offers to continue.
    await page.goto(`${siteUrl}/courses/${course.slug}`);
    const cont = page.getByRole('link', { name: /^Continue learning/ });
    await expect(cont.getAttribute('href')).resolves.toBe(`/learn/${course.slug}/${lessonsOf(course)[1]!.slug}`);
    await context.close();
  });

  it('has no serious or critical axe violations on the learner pages, and the lesson page ships at most 60 KB of JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await registerOnSite(page, freshEmail('a11y'), PASSWORD);
    await page.goto(`${siteUrl}/courses/${course.slug}`);
    await Promise.all([page.waitForURL(`**/learn/${course.slug}/**`), page.getByRole('button', { name: 'Enroll for free' }).click()]);
    const videoLesson = lessonsOf(course).find((l) => l.kinds.includes('video')) ?? lessonsOf(course)[0]!;
    const lessonPath = `/learn/${course.slug}/${videoLesson.slug}`;

    const report: Record<string, unknown> = {};
    const anonymous = await browser.newContext();
    const anonymousPage = await anonymous.newPage();
    const pages: Array<[Page, string]> = [
      [page, '/dashboard'],
      [page, lessonPath],
      [page, `/courses/${course.slug}`],
      [anonymousPage, '/login'],
      [anonymousPage, '/register'],
    ];
    for (const [tab, path] of pages) {
      await tab.goto(`${siteUrl}${path}`, { waitUntil: 'networkidle' });
      const violations = await seriousAxeViolations(tab);
      if (violations.length) report[path] = violations;
    }
    expect(report).toEqual({});

    const lessonPage = await scriptsLoadedBy(context, `${siteUrl}${lessonPath}`);
    expect(lessonPage.status).toBe(200);
    expect(lessonPage.scripts.length, 'the lesson page hydrates its islands').toBeGreaterThan(0);
    expect(lessonPage.total, JSON.stringify(lessonPage.scripts)).toBeLessThanOrEqual(LESSON_JS_BUDGET_BYTES);

    // Pages with nothing interactive ship no JavaScript, signed in or not.
    for (const [ctx, path] of [
      [context, '/dashboard'],
      [context, `/courses/${course.slug}`],
      [anonymous, '/login'],
    ] as const) {
      const loaded = await scriptsLoadedBy(ctx, `${siteUrl}${path}`);
      expect(loaded.scripts, path).toEqual([]);
      expect(loaded.inlineScripts, path).toBe(0);
    }
    await anonymous.close();
    await context.close();
  });
});
