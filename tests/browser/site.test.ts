import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  BlockNode,
  CatalogResponse,
  CategoriesResponse,
  CourseDetail,
  CourseResponse,
  LessonPreviewResponse,
  OutlineLesson,
} from '../../cms/src/api/catalog/contracts';
import { launchBrowser } from '../harness/browser';
import { type AxeViolation, SCROLL_TO_END, scriptsLoadedBy, seriousAxeViolations } from '../harness/page-checks';

const siteUrl = inject('siteUrl');
const cmsUrl = inject('cmsUrl');
const JS_BUDGET_BYTES = 15 * 1024;

async function api<T>(pathname: string): Promise<T> {
  const res = await fetch(`${cmsUrl}${pathname}`);
  if (!res.ok) throw new Error(`GET ${pathname} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The demo data the tests look at, chosen from the cms API rather than hard-coded titles. */
interface Fixture {
  course: CourseDetail;
  preview: OutlineLesson;
  locked: OutlineLesson;
  previewText: string;
}

const lessonsOf = (course: CourseDetail) => course.sections.flatMap((s) => s.lessons);

/** The first plain text run of a rich-text block that is long enough to be unique on the page. */
function firstSentence(nodes: BlockNode[]): string | null {
  for (const node of nodes) {
    if (node.type === 'text' && node.text && node.text.trim().length >= 20 && !node.text.includes('\n')) {
      return node.text.trim().slice(0, 60);
    }
    const inner = node.children ? firstSentence(node.children) : null;
    if (inner) return inner;
  }
  return null;
}

async function findFixture(): Promise<Fixture> {
  const catalog = await api<CatalogResponse>('/api/catalog/courses?pageSize=48');
  for (const card of catalog.data) {
    const { data: course } = await api<CourseResponse>(`/api/catalog/courses/${card.slug}`);
    const lessons = lessonsOf(course);
    const locked = lessons.find((l) => !l.freePreview);
    for (const preview of lessons.filter((l) => l.freePreview)) {
      const { data: lesson } = await api<LessonPreviewResponse>(`/api/catalog/courses/${course.slug}/lessons/${preview.slug}`);
      const text = lesson.blocks.flatMap((b) => (b.__component === 'blocks.rich-text' ? [firstSentence(b.body)] : [])).find(Boolean);
      if (locked && text) return { course, preview, locked, previewText: text };
    }
  }
  throw new Error('the demo seed has no course with both a free-preview lesson (with text) and a locked lesson');
}

describe('the site', () => {
  let browser: Browser;
  let context: BrowserContext;
  let fixture: Fixture;

  beforeAll(async () => {
    expect(siteUrl, 'the browser global setup provides the site URL').toMatch(/^http/);
    fixture = await findFixture();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('home page has one h1, the landmarks and a working skip link', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${siteUrl}/`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1').count()).resolves.toBe(1);
    await expect(page.getByRole('banner').count()).resolves.toBe(1);
    await expect(page.getByRole('main').count()).resolves.toBe(1);
    await expect(page.getByRole('contentinfo').count()).resolves.toBe(1);
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);

    // The first Tab lands on the skip link, which leads to <main>.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent.trim()')).resolves.toBe('Skip to main content');
    await expect(page.getByRole('link', { name: 'Skip to main content' }).getAttribute('href')).resolves.toBe('#main');
    await expect(page.locator('main#main').count()).resolves.toBe(1);

    // Categories with courses link into the filtered catalog.
    const { data: categories } = await api<CategoriesResponse>('/api/catalog/categories');
    const withCourses = categories.find((c) => c.courseCount > 0);
    if (withCourses) {
      const link = page.locator(`a[href="/courses?category=${withCourses.slug}"]`);
      await expect(link.innerText()).resolves.toContain(withCourses.name);
    }
    await page.close();
  });

  it('catalog filters by category and level with a plain GET form, without JavaScript', async () => {
    const { course } = fixture;
    expect(course.category, 'the fixture course has a category').not.toBeNull();
    const category = course.category!.slug;
    const expected = await api<CatalogResponse>(`/api/catalog/courses?category=${category}&level=${course.level}&page=1&pageSize=12`);

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(`${siteUrl}/courses`);
    await page.getByRole('combobox', { name: 'Category' }).selectOption(category);
    await page.getByRole('combobox', { name: 'Level' }).selectOption(course.level);
    await Promise.all([page.waitForURL(/category=/), page.getByRole('button', { name: 'Show courses' }).click()]);

    const url = new URL(page.url());
    expect(url.pathname).toBe('/courses');
    expect(url.searchParams.get('category')).toBe(category);
    expect(url.searchParams.get('level')).toBe(course.level);

    const total = expected.meta.pagination.total;
    await expect(page.getByRole('heading', { name: `${total} ${total === 1 ? 'course' : 'courses'}` }).isVisible()).resolves.toBe(true);
    const results = page.getByRole('region', { name: /^\d+ courses?$/ });
    const titles = await results.getByRole('article').getByRole('heading', { level: 3 }).allInnerTexts();
    expect(titles.map((t) => t.trim())).toEqual(expected.data.map((c) => c.title));
    expect(titles).toContain(course.title);
    // The form shows the filters that are applied.
    await expect(page.getByRole('combobox', { name: 'Category' }).inputValue()).resolves.toBe(category);
    await noJs.close();
  });

  it('catalog shows an empty state when nothing matches', async () => {
    const page = await context.newPage();
    await page.goto(`${siteUrl}/courses?q=${encodeURIComponent('zz no course has this title zz')}`);
    await expect(page.getByRole('heading', { name: '0 courses' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Clear all filters' }).isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('course page shows the outline with preview links and locks', async () => {
    const { course } = fixture;
    const page = await context.newPage();
    const response = await page.goto(`${siteUrl}/courses/${course.slug}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(course.title);

    const outline = page.locator('section', { has: page.getByRole('heading', { name: 'Course outline' }) });
    for (const lesson of lessonsOf(course)) {
      await expect(outline.getByText(lesson.title, { exact: true }).first().isVisible(), lesson.title).resolves.toBe(true);
    }
    const previews = lessonsOf(course).filter((l) => l.freePreview);
    await expect(outline.getByRole('link', { name: /^Preview/ }).count()).resolves.toBe(previews.length);
    await expect(outline.getByText('Locked: for enrolled learners').count()).resolves.toBe(lessonsOf(course).length - previews.length);

    // Visitors are asked to log in first, and come back to the course.
    const cta = page.getByRole('link', { name: /^(Enroll for free|Buy for .+|Subscribe for .+)$/ }).first();
    await expect(cta.getAttribute('href')).resolves.toBe(`/login?next=${encodeURIComponent(`/courses/${course.slug}`)}`);
    await page.close();
  });

  it('a free-preview lesson can be read from the course page', async () => {
    const { course, preview, previewText } = fixture;
    const page = await context.newPage();
    await page.goto(`${siteUrl}/courses/${course.slug}`);
    await Promise.all([
      page.waitForURL(`**/courses/${course.slug}/lessons/${preview.slug}`),
      page.getByRole('link', { name: `Preview: ${preview.title}` }).click(),
    ]);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(preview.title);
    await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).innerText()).resolves.toContain(course.title);
    await expect(page.locator('main').innerText()).resolves.toContain(previewText);
    await page.close();
  });

  it('a lesson that is not a free preview answers 403 with a way back', async () => {
    const { course, locked } = fixture;
    const page = await context.newPage();
    const response = await page.goto(`${siteUrl}/courses/${course.slug}/lessons/${locked.slug}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toMatch(/enrolled learners/i);
    await expect(page.getByRole('link', { name: `Back to ${course.title}` }).getAttribute('href')).resolves.toBe(`/courses/${course.slug}`);
    await page.close();
  });

  it('unknown courses and pages answer 404', async () => {
    const page = await context.newPage();
    for (const pathname of ['/courses/no-such-course-anywhere', `/courses/${fixture.course.slug}/lessons/no-such-lesson`, '/no/such/page']) {
      const response = await page.goto(`${siteUrl}${pathname}`);
      expect(response?.status(), pathname).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toMatch(/can't find/i);
    }
    await page.close();
  });

  it('has no serious or critical axe violations on home, catalog, course and lesson pages', async () => {
    const { course, preview } = fixture;
    const page = await context.newPage();
    const report: Record<string, AxeViolation[]> = {};
    for (const pathname of ['/', '/courses', `/courses/${course.slug}`, `/courses/${course.slug}/lessons/${preview.slug}`]) {
      await page.goto(`${siteUrl}${pathname}`, { waitUntil: 'networkidle' });
      const violations = await seriousAxeViolations(page);
      if (violations.length) report[pathname] = violations;
    }
    expect(report).toEqual({});
    await page.close();
  });

  it('catalog ships at most 15 KB of compressed JavaScript and the course page none', async () => {
    const catalog = await scriptsLoadedBy(context, `${siteUrl}/courses`);
    expect(catalog.total, JSON.stringify(catalog.scripts)).toBeLessThanOrEqual(JS_BUDGET_BYTES);

    const coursePage = await scriptsLoadedBy(context, `${siteUrl}/courses/${fixture.course.slug}`);
    expect(coursePage.scripts).toEqual([]);
    expect(coursePage.inlineScripts).toBe(0);
  });

  it('a preview lesson loads nothing from other hosts on page view', async () => {
    const { course, preview } = fixture;
    const page = await context.newPage();
    const foreign: string[] = [];
    const allowed = new Set([new URL(siteUrl).origin, new URL(cmsUrl).origin]);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && !allowed.has(url.origin)) foreign.push(request.url());
    });
    await page.goto(`${siteUrl}/courses/${course.slug}/lessons/${preview.slug}`, { waitUntil: 'networkidle' });
    await page.evaluate(SCROLL_TO_END);
    await page.waitForLoadState('networkidle');
    expect(foreign).toEqual([]);
    await page.close();
  });
});
