import { beforeAll, describe, expect, it, inject } from 'vitest';
import { adminAuth, getJson, sendJson } from '../harness/api';
import { sql } from '../harness/pg';

const CT = '/content-manager/collection-types';

let admin: Record<string, string>;

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
});

describe('content model', () => {
  it('has every authored content type, with draft & publish', async () => {
    const { status, body } = await getJson<{ data: Array<{ uid: string; options?: { draftAndPublish?: boolean } }> }>(
      '/content-manager/content-types',
      { headers: admin },
    );
    expect(status).toBe(200);
    const byUid = new Map(body.data.map((t) => [t.uid, t]));
    for (const uid of [
      'api::category.category',
      'api::instructor.instructor',
      'api::course.course',
      'api::section.section',
      'api::lesson.lesson',
      'api::quiz.quiz',
      'api::assignment.assignment',
      'api::certificate-template.certificate-template',
    ]) {
      expect(byUid.has(uid), uid).toBe(true);
      expect(byUid.get(uid)?.options?.draftAndPublish, uid).toBe(true);
    }
  });

  it('has every lesson block and question type as a component', async () => {
    const { body } = await getJson<{ data: Array<{ uid: string }> }>('/content-manager/components', { headers: admin });
    const uids = new Set(body.data.map((c) => c.uid));
    const expected = [
      ...['rich-text', 'video', 'file', 'h5p', 'quiz', 'assignment', 'external-tool'].map((n) => `blocks.${n}`),
      ...['single-choice', 'multiple-choice', 'true-false', 'short-answer', 'numeric', 'ordering', 'matching', 'fill-blanks', 'essay'].map(
        (n) => `question.${n}`,
      ),
      'assignment.criterion',
      'assignment.level',
    ];
    for (const uid of expected) expect(uids.has(uid), uid).toBe(true);
  });
});

describe('only published courses reach the content API', () => {
  let draftId: string;
  const title = `Unreleased course ${Date.now()}`;

  beforeAll(async () => {
    const created = await sendJson<{ data: { documentId: string } }>(
      'POST',
      `${CT}/api::course.course`,
      { title, slug: `unreleased-${Date.now()}`, summary: 'Not ready yet', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0 },
      admin,
    );
    expect(created.status).toBe(201);
    draftId = created.body.data.documentId;
  });

  it('hides a draft from /api/courses, even when asked for drafts', async () => {
    for (const q of ['', '?status=draft', `?filters[documentId][$eq]=${draftId}&status=draft`]) {
      const { status, body } = await getJson<{ data: Array<{ documentId: string }> }>(`/api/courses${q}`);
      expect(status).toBe(200);
      expect(body.data.map((c) => c.documentId)).not.toContain(draftId);
    }
    expect((await getJson(`/api/courses/${draftId}`)).status).toBe(404);
    expect((await getJson(`/api/courses/${draftId}?status=draft`)).status).toBe(404);
  });

  it('hides a draft from the catalog API', async () => {
    const { body } = await getJson<{ data: Array<{ documentId: string }> }>(`/api/catalog/courses?q=${encodeURIComponent(title)}`);
    expect(body.data).toHaveLength(0);
  });

  it('shows it once published', async () => {
    const published = await sendJson('POST', `${CT}/api::course.course/${draftId}/actions/publish`, {}, admin);
    expect(published.status).toBe(200);
    const { body } = await getJson<{ data: Array<{ documentId: string; title: string }> }>(`/api/courses?filters[documentId][$eq]=${draftId}`);
    expect(body.data.map((c) => c.title)).toEqual([title]);
    const catalog = await getJson<{ data: Array<{ documentId: string }> }>(`/api/catalog/courses?q=${encodeURIComponent(title)}`);
    expect(catalog.body.data.map((c) => c.documentId)).toEqual([draftId]);
  });

  it('never exposes lessons, quizzes or assignments to anonymous callers', async () => {
    for (const p of ['/api/lessons', '/api/quizzes', '/api/assignments', '/api/sections', '/api/certificate-templates']) {
      expect((await getJson(p)).status, p).toBe(403);
    }
  });
});

describe('course pricing is validated on every write', () => {
  const count = async () => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM courses'))[0]?.n);

  it.each([
    [{ pricingModel: 'one_time', priceAmount: 0, currency: 'ZAR' }, 'priceAmount', /needs a price greater than 0/],
    [{ pricingModel: 'subscription', priceAmount: 9900 }, 'currency', /needs a currency/],
    [{ pricingModel: 'free', priceAmount: 500 }, 'priceAmount', /free course cannot have a price/],
  ])('rejects %j with a 400 naming %s and writes nothing', async (pricing, field, message) => {
    const before = await count();
    const res = await sendJson<{ error: { status: number; message: string; details: { errors?: Array<{ path: string[] }> } } }>(
      'POST',
      `${CT}/api::course.course`,
      { title: 'Bad price', slug: `bad-price-${Date.now()}`, summary: 'x', level: 'beginner', language: 'en', ...pricing },
      admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.details.errors?.[0]?.path).toEqual([field]);
    expect(await count()).toBe(before);
  });

  it('rejects an update that makes a paid course free of charge but keeps its price', async () => {
    const [paid] = await sql<{ document_id: string }>(
      "SELECT document_id FROM courses WHERE pricing_model = 'one_time' AND published_at IS NULL LIMIT 1",
    );
    expect(paid).toBeDefined();
    const res = await sendJson<{ error: { message: string } }>(
      'PUT',
      `${CT}/api::course.course/${paid?.document_id}`,
      { pricingModel: 'free' },
      admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/free course cannot have a price/);
  });
});
