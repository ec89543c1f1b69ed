import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CatalogResponse, CourseCard, CourseResponse } from '../../cms/src/api/catalog/contracts';
import type { MyEnrollmentsResponse } from '../../plugins/lms-enrollment/server/src/contracts';
import { launchBrowser } from '../harness/browser';
import type { WebhookDelivery } from '../harness/stripe-double';

/**
 * The paid journey in Chromium: a learner signs up on the site, presses Buy on a course page,
 * pays on the (local) Stripe Checkout page, Stripe's signed webhook reaches the cms, and the
 * return page opens the course.
 */

const siteUrl = inject('siteUrl');
const cmsUrl = inject('cmsUrl');
const stripeUrl = inject('stripeUrl');
const PASSWORD = 'Buyer-2026-pass';

/** A one-time course a new learner may buy (no prerequisite courses), found through the catalog API. */
async function buyableCourse(): Promise<CourseCard> {
  const catalog = (await (await fetch(`${cmsUrl}/api/catalog/courses?price=paid&pageSize=48`)).json()) as CatalogResponse;
  for (const card of catalog.data.filter((c) => c.price.model === 'one_time').sort((a, b) => a.price.amount - b.price.amount)) {
    const { data } = (await (await fetch(`${cmsUrl}/api/catalog/courses/${card.slug}`)).json()) as CourseResponse;
    // A course with lessons to open (other tests publish paid courses that have none).
    if (data.prerequisites.length === 0 && data.lessonCount > 0) return card;
  }
  throw new Error('the demo seed has no one-time course with lessons and without prerequisites');
}

describe('buying a course', () => {
  let browser: Browser;
  let course: CourseCard;

  beforeAll(async () => {
    expect(siteUrl, 'the browser global setup provides the site URL').toMatch(/^http/);
    course = await buyableCourse();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Buy → Stripe Checkout → Pay → signed webhook → return page → the course opens', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = `buyer.${Date.now().toString(36)}@example.com`;

    await page.goto(`${siteUrl}/register`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('button', { name: 'Create account' }).click()]);

    await page.goto(`${siteUrl}/courses/${course.slug}`);
    const buy = page.getByRole('button', { name: /^Buy for / });
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${stripeUrl}/c/pay/`) || url.hash === '#enroll'), buy.click()]);
    // A refused checkout comes back to the course page with the reason in a notice.
    expect(page.url(), (await page.locator('[role=alert], .notice').allTextContents()).join(' ')).toMatch(new RegExp(`^${stripeUrl}/c/pay/cs_`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(course.title);
    expect(await page.locator('#amount').textContent()).toContain(`${(course.price.amount / 100).toFixed(2)} ${course.price.currency}`);

    await page.getByRole('button', { name: 'Pay' }).click();
    // The return page waits for the webhook, then opens the first lesson.
    await page.waitForURL(`${siteUrl}/learn/${course.slug}/**`, { timeout: 45_000 });

    const deliveries = (await (await fetch(`${stripeUrl}/__double/deliveries`)).json()) as WebhookDelivery[];
    const completed = deliveries.filter((d) => d.type === 'checkout.session.completed').at(-1);
    expect(completed?.status).toBe(200);

    // The cms agrees: an active purchase enrollment in that course.
    const login = await fetch(`${cmsUrl}/api/auth/local`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: email, password: PASSWORD }),
    });
    const { jwt } = (await login.json()) as { jwt: string };
    const mine = (await (await fetch(`${cmsUrl}/api/lms-enrollment/me/enrollments`, { headers: { authorization: `Bearer ${jwt}` } })).json()) as MyEnrollmentsResponse;
    expect(mine.data.map((e) => [e.course.slug, e.status, e.source])).toEqual([[course.slug, 'active', 'purchase']]);

    // Back on the course page, Buy has become Continue.
    await page.goto(`${siteUrl}/courses/${course.slug}`);
    expect(await page.getByRole('button', { name: /^Buy for / }).count()).toBe(0);
    await context.close();
  });
});
