import { describe, expect, inject, it } from 'vitest';
import type {
  CatalogResponse,
  CategoriesResponse,
  CourseResponse,
  LessonPreviewResponse,
} from '../../cms/src/api/catalog/contracts';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { sql } from '../harness/pg';

const publishedCount = async (where = 'TRUE', params: unknown[] = []) =>
  Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM courses WHERE published_at IS NOT NULL AND ${where}`, params))[0]?.n);

describe('GET /api/catalog/courses', () => {
  it('lists published courses with cards and pagination', async () => {
    const total = await publishedCount();
    expect(total).toBeGreaterThanOrEqual(6);
    const { status, body } = await getJson<CatalogResponse>('/api/catalog/courses?pageSize=4');
    expect(status).toBe(200);
    expect(body.meta.pagination).toEqual({ page: 1, pageSize: 4, total, pageCount: Math.ceil(total / 4) });
    expect(body.data).toHaveLength(4);
    for (const card of body.data) {
      expect(card).toMatchObject({ documentId: expect.any(String), slug: expect.any(String), title: expect.any(String) });
      expect(['free', 'one_time', 'subscription']).toContain(card.price.model);
      if (card.price.model === 'free') expect(card.price).toEqual({ model: 'free', amount: 0, currency: null });
      else expect(card.price.amount).toBeGreaterThan(0);
    }
    const page2 = await getJson<CatalogResponse>('/api/catalog/courses?pageSize=4&page=2');
    const ids = new Set([...body.data, ...page2.body.data].map((c) => c.documentId));
    expect(ids.size).toBe(body.data.length + page2.body.data.length);
  });

  it('filters by price, level, category and text', async () => {
    const free = await getJson<CatalogResponse>('/api/catalog/courses?price=free&pageSize=48');
    expect(free.body.data.length).toBe(await publishedCount("pricing_model = 'free'"));
    expect(free.body.data.every((c) => c.price.model === 'free')).toBe(true);

    const paid = await getJson<CatalogResponse>('/api/catalog/courses?price=paid&pageSize=48');
    expect(paid.body.data.every((c) => c.price.model !== 'free')).toBe(true);
    expect(paid.body.data.length).toBeGreaterThan(0);

    const beginner = await getJson<CatalogResponse>('/api/catalog/courses?level=beginner&pageSize=48');
    expect(beginner.body.data.every((c) => c.level === 'beginner')).toBe(true);
    expect(beginner.body.data.length).toBe(await publishedCount("level = 'beginner'"));

    const cats = await getJson<CategoriesResponse>('/api/catalog/categories');
    const withCourses = cats.body.data.find((c) => c.courseCount > 0);
    expect(withCourses).toBeDefined();
    const byCategory = await getJson<CatalogResponse>(`/api/catalog/courses?category=${withCourses?.slug}&pageSize=48`);
    expect(byCategory.body.data.length).toBe(withCourses?.courseCount);
    expect(byCategory.body.data.every((c) => c.category?.slug === withCourses?.slug)).toBe(true);

    const sample = free.body.data[0] ?? paid.body.data[0];
    const word = sample?.title.split(/\s+/).find((w) => w.length > 4) ?? sample?.title ?? '';
    const search = await getJson<CatalogResponse>(`/api/catalog/courses?q=${encodeURIComponent(word.toUpperCase())}`);
    expect(search.body.data.map((c) => c.documentId)).toContain(sample?.documentId);

    // LIKE wildcards in the search text are matched literally, not as patterns.
    for (const wildcard of ['%', '_', '\\']) {
      const literal = await getJson<CatalogResponse>(`/api/catalog/courses?q=${encodeURIComponent(wildcard)}`);
      expect(literal.status).toBe(200);
      expect(literal.body.data.every((c) => `${c.title} ${c.summary}`.includes(wildcard))).toBe(true);
    }
  });

  it('returns the cover, category and instructor of each card', async () => {
    const { body } = await getJson<CatalogResponse>('/api/catalog/courses?pageSize=48');
    const rows = await sql<{ slug: string; cover: number; category: number; instructor: number }>(
      `select c.slug,
              (select count(*) from files_related_mph fr where fr.related_id = c.id and fr.related_type = 'api::course.course' and fr.field = 'cover') as cover,
              (select count(*) from courses_category_lnk l where l.course_id = c.id) as category,
              (select count(*) from courses_instructor_lnk l where l.course_id = c.id) as instructor
         from courses c where c.published_at is not null`,
    );
    expect(body.data).toHaveLength(rows.length);
    for (const row of rows) {
      const card = body.data.find((c) => c.slug === row.slug);
      expect(Boolean(card?.cover?.url), row.slug).toBe(Number(row.cover) > 0);
      expect(Boolean(card?.category?.slug), row.slug).toBe(Number(row.category) > 0);
      expect(Boolean(card?.instructor?.name), row.slug).toBe(Number(row.instructor) > 0);
    }
    expect(body.data.some((c) => c.cover?.url && c.category && c.instructor)).toBe(true);
  });

  it.each([
    ['level=expert', /query parameter "level"/],
    ['price=cheap', /query parameter "price"/],
    ['page=0', /query parameter "page"/],
    ['pageSize=500', /query parameter "pageSize"/],
    ['category=../../etc', /query parameter "category"/],
    ['populate=*', /unknown query parameter "populate"/],
  ])('answers 400 naming the parameter for ?%s', async (query, message) => {
    const { status, body } = await getJson<{ error: { message: string } }>(`/api/catalog/courses?${query}`);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
  });
});

describe('GET /api/catalog/courses/:slug', () => {
  it('returns the outline without lesson bodies', async () => {
    // A seeded course (several sections); other test files add one-section courses to the stack.
    const { status, body } = await getJson<CourseResponse>('/api/catalog/courses/typescript-fundamentals');
    expect(status).toBe(200);
    const course = body.data;
    expect(course.sections.length).toBeGreaterThanOrEqual(2);
    expect(course.lessonCount).toBe(course.sections.reduce((n, s) => n + s.lessons.length, 0));
    const orders = course.sections.map((s) => s.order);
    expect([...orders].sort((x, y) => x - y)).toEqual(orders);
    for (const lesson of course.sections.flatMap((s) => s.lessons)) {
      expect(Object.keys(lesson).sort()).toEqual(['documentId', 'estimatedMinutes', 'freePreview', 'kinds', 'order', 'slug', 'title']);
    }
  });

  it('answers 404 for an unknown slug and 400 for a malformed one', async () => {
    expect((await getJson('/api/catalog/courses/no-such-course')).status).toBe(404);
    expect((await getJson('/api/catalog/courses/%3Cscript%3E')).status).toBe(400);
  });
});

describe('GET /api/catalog/courses/:course/lessons/:lesson', () => {
  async function findLessons() {
    const list = await getJson<CatalogResponse>('/api/catalog/courses?pageSize=48');
    for (const card of list.body.data) {
      const { body } = await getJson<CourseResponse>(`/api/catalog/courses/${card.slug}`);
      const lessons = body.data.sections.flatMap((s) => s.lessons);
      const preview = lessons.find((l) => l.freePreview);
      const locked = lessons.find((l) => !l.freePreview);
      if (preview && locked) return { course: body.data, preview, locked };
    }
    throw new Error('the seed has no course with both a free-preview and a locked lesson');
  }

  it('serves a free-preview lesson with its blocks to anyone', async () => {
    const { course, preview } = await findLessons();
    const { status, body } = await getJson<LessonPreviewResponse>(`/api/catalog/courses/${course.slug}/lessons/${preview.slug}`);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ slug: preview.slug, freePreview: true, course: { slug: course.slug } });
    expect(body.data.blocks.length).toBeGreaterThan(0);
  });

  it('refuses a non-preview lesson with 403 naming the course, and leaks none of it', async () => {
    const { course, locked } = await findLessons();
    const res = await fetch(`${inject('cmsUrl')}/api/catalog/courses/${course.slug}/lessons/${locked.slug}`);
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(JSON.parse(text).error.message).toContain(course.title);
    expect(text).not.toContain('"blocks"');
  });

  it('never sends answer keys: no quiz questions or correctness flags in any preview', async () => {
    const list = await getJson<CatalogResponse>('/api/catalog/courses?pageSize=48');
    for (const card of list.body.data) {
      const { body } = await getJson<CourseResponse>(`/api/catalog/courses/${card.slug}`);
      for (const lesson of body.data.sections.flatMap((s) => s.lessons).filter((l) => l.freePreview)) {
        const res = await fetch(`${inject('cmsUrl')}/api/catalog/courses/${card.slug}/lessons/${lesson.slug}`);
        const text = await res.text();
        for (const leak of ['"correct"', '"correctAnswer"', '"acceptedAnswers"', '"tolerance"', '"questions"', '"rubric"', '"pairs"']) {
          expect(text, `${card.slug}/${lesson.slug}`).not.toContain(leak);
        }
      }
    }
  });

  it('answers 404 when the lesson is not in that course', async () => {
    const { preview } = await findLessons();
    expect((await getJson(`/api/catalog/courses/no-such-course/lessons/${preview.slug}`)).status).toBe(404);
  });
});

describe('catalog response cache', () => {
  it('answers a revalidation with 304 and shows an edit at once', async () => {
    const first = await fetch(cmsUrl('/api/catalog/courses?pageSize=48'));
    const etag = first.headers.get('etag');
    const { data } = (await first.json()) as CatalogResponse;
    expect(etag).toMatch(/^W\/"/);
    const revalidated = await fetch(cmsUrl('/api/catalog/courses?pageSize=48'), { headers: { 'if-none-match': etag ?? '' } });
    expect(revalidated.status).toBe(304);

    const target = data[0];
    expect(target).toBeDefined();
    const detail = await fetch(cmsUrl(`/api/catalog/courses/${target?.slug}`));
    const detailEtag = detail.headers.get('etag');
    expect(detail.status).toBe(200);

    // An author renames and republishes the course in the admin: both the list and the course
    // page show it on the next request, not after the cache's TTL.
    const admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
    const CT = '/content-manager/collection-types/api::course.course';
    const newTitle = `${target?.title} (2nd edition)`;
    const put = await sendJson('PUT', `${CT}/${target?.documentId}`, { title: newTitle }, admin);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const pub = await sendJson('POST', `${CT}/${target?.documentId}/actions/publish`, {}, admin);
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    try {
      const after = await getJson<CatalogResponse>('/api/catalog/courses?pageSize=48');
      expect(after.body.data.find((c) => c.documentId === target?.documentId)?.title).toBe(newTitle);
      const changed = await fetch(cmsUrl(`/api/catalog/courses/${target?.slug}`), { headers: { 'if-none-match': detailEtag ?? '' } });
      expect(changed.status).toBe(200);
      expect(((await changed.json()) as CourseResponse).data.title).toBe(newTitle);
    } finally {
      await sendJson('PUT', `${CT}/${target?.documentId}`, { title: target?.title }, admin);
      await sendJson('POST', `${CT}/${target?.documentId}/actions/publish`, {}, admin);
    }
  });
});
