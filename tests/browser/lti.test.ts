import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Registration, ToolValues } from '../../plugins/lms-lti/server/src/contracts';
import { adminAuth, getJson, sendJson } from '../harness/api';
import { launchBrowser } from '../harness/browser';
import { connect, publishDoc, richText } from '../harness/content';
import { startLtiPlatform, type LtiPlatform } from '../harness/lti-platform';

/**
 * An LTI 1.3 launch as a learner sees it: the platform's course page (on `localhost`, another
 * site than the LMS on 127.0.0.1) shows the activity in an iframe; inside it the browser goes
 * through the tool's login, the platform's auth endpoint, the form_post launch and the site's
 * hand-off, and lands on the lesson, signed in by SameSite=None cookies.
 */

const run = Date.now().toString(36);
const siteUrl = inject('siteUrl');
let browser: Browser;
let platform: LtiPlatform;
let tool: ToolValues;
const lessonTitle = `Framed lesson ${run}`;
let courseId = '';
let lessonId = '';

beforeAll(async () => {
  const admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  courseId = await publishDoc(admin, 'api::course.course', { title: `LTI browser course ${run}`, slug: `lti-browser-${run}`, summary: 'LTI in a frame', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0 });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(courseId), dripType: 'none' });
  lessonId = await publishDoc(admin, 'api::lesson.lesson', { title: lessonTitle, slug: `framed-${run}`, order: 0, freePreview: false, estimatedMinutes: 3, section: connect(section), blocks: [richText(`Read me inside the platform ${run}.`)] });
  tool = (await getJson<ToolValues>('/lms-lti/tool', { headers: admin })).body;
  platform = await startLtiPlatform({ toolJwksUrl: tool.jwksUrl });
  const created = await sendJson<Registration>(
    'POST',
    '/lms-lti/registrations',
    { name: `Browser platform ${run}`, issuer: platform.issuer, clientId: platform.clientId, deploymentIds: [platform.deploymentId], authEndpoint: platform.authEndpoint, tokenEndpoint: platform.tokenEndpoint, jwksUrl: platform.jwksUrl, courseIds: [courseId] },
    admin,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('LTI launch inside the platform iframe', () => {
  it('lands on the lesson, signed in, with SameSite=None partitioned session cookies', async () => {
    platform.launches.set(`browser-${run}`, { sub: `browser-learner-${run}`, custom: { lms_course: courseId, lms_lesson: lessonId } });
    const login = `${tool.loginUrl}?${new URLSearchParams({ iss: platform.issuer, login_hint: `browser-${run}`, target_link_uri: tool.launchUrl, client_id: platform.clientId })}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const coursePage = `${platform.url.replace('127.0.0.1', 'localhost')}/course-page?${new URLSearchParams({ src: login })}`;
    await page.goto(coursePage);
    const frame = page.frameLocator('iframe[title="Activity"]');
    await frame.getByRole('heading', { level: 1, name: lessonTitle }).waitFor({ state: 'visible', timeout: 30_000 }).catch(async (error: unknown) => {
      const inner = page.frames().find((f) => f !== page.mainFrame());
      throw new Error(`${String(error)}\nframe at ${inner?.url()}: ${(await inner?.content())?.slice(0, 800)}`);
    });
    await frame.getByText(`Read me inside the platform ${run}.`).waitFor({ state: 'visible' });
    const inner = page.frames().find((f) => f !== page.mainFrame());
    expect(inner?.url()).toBe(`${siteUrl}/learn/lti-browser-${run}/framed-${run}`);
    const cookies = await context.cookies(siteUrl);
    const session = cookies.find((c) => c.name === '__Host-lms_session');
    expect(session).toMatchObject({ sameSite: 'None', secure: true, httpOnly: true });
    expect(cookies.find((c) => c.name === '__Host-lms_csrf')).toMatchObject({ sameSite: 'None' });
    // Partitioned by the platform's site: opening the LMS top-level is not signed in by it.
    const own = await context.newPage();
    await own.goto(`${siteUrl}/dashboard`);
    expect(new URL(own.url()).pathname).toBe('/login');
    await context.close();
  });
});
