import { beforeAll, describe, expect, it, inject } from 'vitest';
import { adminAuth, getJson, sendJson } from '../harness/api';
import { instructorAdmins, sql } from '../harness/pg';

const COURSES = '/content-manager/collection-types/api::course.course';

interface Instructor {
  id: number;
  email: string;
  auth: Record<string, string>;
  courseId: string;
}

let a: Instructor;
let b: Instructor;

async function ownCourse(adminUserId: number): Promise<string> {
  const rows = await sql<{ document_id: string }>(
    'SELECT document_id FROM courses WHERE created_by_id = $1 AND published_at IS NULL ORDER BY id LIMIT 1',
    [adminUserId],
  );
  if (!rows[0]) throw new Error(`admin user ${adminUserId} owns no course: the seed must set createdBy`);
  return rows[0].document_id;
}

beforeAll(async () => {
  const instructors = await instructorAdmins();
  expect(instructors.length).toBeGreaterThanOrEqual(2);
  const [first, second] = instructors as [{ id: number; email: string }, { id: number; email: string }];
  const password = inject('seedPassword');
  a = { ...first, auth: await adminAuth(first.email, password), courseId: await ownCourse(first.id) };
  b = { ...second, auth: await adminAuth(second.email, password), courseId: await ownCourse(second.id) };
});

describe('Instructor admin role (is-creator)', () => {
  it('can update their own course', async () => {
    const summary = `Updated by its instructor at ${new Date().toISOString()}`;
    const res = await sendJson<{ data: { summary: string } }>('PUT', `${COURSES}/${a.courseId}`, { summary }, a.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.summary).toBe(summary);
    const [row] = await sql<{ summary: string }>('SELECT summary FROM courses WHERE document_id = $1 AND published_at IS NULL', [a.courseId]);
    expect(row?.summary).toBe(summary);
  });

  it("cannot update another instructor's course (403) and nothing changes", async () => {
    const [before] = await sql<{ summary: string }>('SELECT summary FROM courses WHERE document_id = $1 AND published_at IS NULL', [b.courseId]);
    const res = await sendJson('PUT', `${COURSES}/${b.courseId}`, { summary: 'hijacked' }, a.auth);
    expect(res.status).toBe(403);
    const [after] = await sql<{ summary: string }>('SELECT summary FROM courses WHERE document_id = $1 AND published_at IS NULL', [b.courseId]);
    expect(after?.summary).toBe(before?.summary);
  });

  it("cannot read, publish or delete another instructor's course", async () => {
    expect((await getJson(`${COURSES}/${b.courseId}`, { headers: a.auth })).status).toBe(403);
    expect((await sendJson('POST', `${COURSES}/${b.courseId}/actions/publish`, {}, a.auth)).status).toBe(403);
    expect((await getJson(`${COURSES}/${b.courseId}`, { method: 'DELETE', headers: a.auth })).status).toBe(403);
  });

  it("lists only their own courses, never another instructor's drafts", async () => {
    const res = await getJson<{ results: Array<{ documentId: string }> }>(`${COURSES}?page=1&pageSize=100`, { headers: a.auth });
    expect(res.status).toBe(200);
    const ids = res.body.results.map((c) => c.documentId);
    expect(ids).toContain(a.courseId);
    expect(ids).not.toContain(b.courseId);
    const owned = await sql<{ document_id: string }>('SELECT DISTINCT document_id FROM courses WHERE created_by_id = $1', [a.id]);
    expect(new Set(ids)).toEqual(new Set(owned.map((r) => r.document_id)));
  });

  it('can create a course, which then belongs to them', async () => {
    const res = await sendJson<{ data: { documentId: string } }>(
      'POST',
      COURSES,
      { title: 'Instructor-made course', slug: `instructor-made-${Date.now()}`, summary: 'Made in a test', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0 },
      a.auth,
    );
    expect(res.status).toBe(201);
    const [row] = await sql<{ created_by_id: number }>('SELECT created_by_id FROM courses WHERE document_id = $1', [res.body.data.documentId]);
    expect(row?.created_by_id).toBe(a.id);
    // ...and the other instructor cannot touch it.
    expect((await sendJson('PUT', `${COURSES}/${res.body.data.documentId}`, { summary: 'x' }, b.auth)).status).toBe(403);
  });

  it('cannot manage admin users or roles', async () => {
    expect((await getJson('/admin/users', { headers: a.auth })).status).toBe(403);
    expect((await getJson('/admin/roles', { headers: a.auth })).status).toBe(403);
  });

  it('cannot edit categories (read-only reference data)', async () => {
    const [cat] = await sql<{ document_id: string }>('SELECT document_id FROM categories LIMIT 1');
    const res = await sendJson('PUT', `/content-manager/collection-types/api::category.category/${cat?.document_id}`, { name: 'Renamed' }, a.auth);
    expect(res.status).toBe(403);
  });
});

describe('learner registration', () => {
  const run = Date.now().toString(36);
  it('accepts the full name printed on certificates, and nothing else beyond the account fields', async () => {
    const email = `named-${run}@example.com`;
    const res = await sendJson<{ user: { id: number; fullName?: string } }>('POST', '/api/auth/local/register', { username: email, email, password: 'Learner-2026-pass', fullName: 'Zoë Ndlovu' });
    expect(res.status).toBe(200);
    const [row] = await sql<{ full_name: string | null }>('SELECT full_name FROM up_users WHERE id = $1', [res.body.user.id]);
    expect(row?.full_name).toBe('Zoë Ndlovu');
    const sneaky = await sendJson<{ error: { message: string } }>('POST', '/api/auth/local/register', {
      username: `x-${email}`,
      email: `x-${email}`,
      password: 'Learner-2026-pass',
      confirmed: true,
      role: 1,
    });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.message).toMatch(/confirmed|role|Invalid parameters/i);
    expect(await sql('SELECT id FROM up_users WHERE email = $1', [`x-${email}`])).toEqual([]);
  });
});
