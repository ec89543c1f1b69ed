import { beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  ApiErrorBody,
  CompleteLessonResponse,
  CourseOutlineResponse,
  EnrollmentProgressResponse,
  EnrollResponse,
  LessonContentResponse,
  MyEnrollmentsResponse,
  PaymentRequiredDetails,
  VideoProgressResponse,
} from '../../plugins/lms-enrollment/server/src/contracts';
import type { AdminEnrollmentListResponse, AdminEnrollmentResponse } from '../../plugins/lms-enrollment/server/src/contracts/admin';
import type { LessonBlock } from '../../cms/src/api/catalog/contracts';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { connect, publishDoc, richText } from '../harness/content';
import { registerLearner, type Learner } from '../harness/learners';
import { instructorAdmins, sql } from '../harness/pg';

/**
 * lms-enrollment against the real stack: courses authored through the admin's content-manager
 * API, learners registered through users-permissions, every call over HTTP, rows and outbox
 * events read back from PostgreSQL. "Now" is moved per request with the x-lms-test-now header
 * (honoured because the harness runs with NODE_ENV=test and LMS_TEST_CLOCK=true).
 */

const API = '/api/lms-enrollment';
const run = Date.now().toString(36);
const DAY = 24 * 60 * 60 * 1000;

let admin: Record<string, string>;
let adminId: number;

async function course(slug: string, pricing: Record<string, unknown>, prerequisites: string[] = []): Promise<{ id: string; title: string }> {
  const title = `Enrollment test ${slug} ${run}`;
  const id = await publishDoc(admin, 'api::course.course', {
    title,
    slug: `enr-${slug}-${run}`,
    summary: `A course for the enrollment tests (${slug})`,
    level: 'beginner',
    language: 'en',
    ...pricing,
    ...(prerequisites.length ? { prerequisites: { connect: prerequisites.map((documentId) => ({ documentId })) } } : {}),
  });
  return { id, title };
}

async function section(courseId: string, title: string, order: number, drip: Record<string, unknown> = { dripType: 'none' }): Promise<string> {
  return publishDoc(admin, 'api::section.section', { title, order, course: connect(courseId), ...drip });
}

async function lesson(sectionId: string, title: string, order: number, extra: Record<string, unknown> = {}): Promise<{ id: string; title: string }> {
  const id = await publishDoc(admin, 'api::lesson.lesson', {
    title,
    slug: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${run}`,
    order,
    freePreview: false,
    estimatedMinutes: 5,
    section: connect(sectionId),
    blocks: [richText(`Body of ${title}`)],
    ...extra,
  });
  return { id, title };
}

const at = (ms: number) => ({ 'x-lms-test-now': new Date(ms).toISOString() });
const outboxEvents = (type: string, enrollmentId: number) =>
  sql<{ payload: Record<string, unknown> }>(`SELECT payload FROM lms_outbox WHERE type = $1 AND (payload->>'enrollmentId')::int = $2`, [type, enrollmentId]);
const enrollmentRows = (userId: number, courseId: string) =>
  sql<{ id: number; status: string; source: string; source_ref: string | null; reason: string | null; ended_by: string | null; completed_at: Date | null; enrolled_at: Date }>(
    'SELECT * FROM lms_enrollments WHERE user_id = $1 AND course_document_id = $2',
    [userId, courseId],
  );

// The fixture: a free course A with a preview, a prerequisite chain, a video lesson and two
// dripping sections; a paid course, a subscription course, and a free course that requires A.
let free: { id: string; title: string };
let paid: { id: string; title: string };
let subscription: { id: string; title: string };
let advanced: { id: string; title: string };
const L: Record<'preview' | 'setup' | 'types' | 'video' | 'week2' | 'launch', { id: string; title: string }> = {} as never;
let videoBlockId: number;
let launchDate: number;

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  adminId = Number((await sql<{ id: number }>('SELECT id FROM admin_users WHERE email = $1', [inject('adminEmail')]))[0]?.id);

  free = await course('free', { pricingModel: 'free', priceAmount: 0 });
  paid = await course('paid', { pricingModel: 'one_time', priceAmount: 4900, currency: 'ZAR' });
  subscription = await course('sub', { pricingModel: 'subscription', priceAmount: 9900, currency: 'ZAR' });
  advanced = await course('advanced', { pricingModel: 'free', priceAmount: 0 }, [free.id]);

  launchDate = Date.now() + 30 * DAY;
  const week1 = await section(free.id, 'Week 1', 0);
  const week2 = await section(free.id, 'Week 2', 1, { dripType: 'after_days', dripDays: 7 });
  const launch = await section(free.id, 'Launch', 2, { dripType: 'on_date', dripDate: new Date(launchDate).toISOString() });
  L.preview = await lesson(week1, 'Welcome preview', 0, { freePreview: true });
  L.setup = await lesson(week1, 'Setup', 1);
  L.types = await lesson(week1, 'Types', 2, { prerequisites: connect(L.setup.id) });
  L.video = await lesson(week1, 'Watch this', 3, {
    blocks: [richText('Intro'), { __component: 'blocks.video', title: 'Talk', provider: 'url', url: 'https://media.example.com/talk.mp4', completionThreshold: 80, durationSeconds: 600 }],
  });
  L.week2 = await lesson(week2, 'Week two', 0);
  L.launch = await lesson(launch, 'Launch day', 0);

  for (const other of [paid, subscription, advanced]) {
    const s = await section(other.id, 'Only section', 0);
    await lesson(s, `Lesson of ${other.title.split(' ')[2]}`, 0);
  }

  // The video block's id, as the lesson API will return it.
  const [row] = await sql<{ cmp_id: number }>(
    `SELECT c.cmp_id FROM lessons_cmps c JOIN lessons l ON l.id = c.entity_id
      WHERE l.document_id = $1 AND l.published_at IS NOT NULL AND c.component_type = 'blocks.video'`,
    [L.video.id],
  );
  videoBlockId = Number(row?.cmp_id);
}, 240_000);

describe('learner route permissions', () => {
  it('grants the learner actions to the Authenticated role only', async () => {
    const rows = await sql<{ type: string; action: string }>(
      `SELECT r.type, p.action FROM up_permissions p
         JOIN up_permissions_role_lnk l ON l.permission_id = p.id JOIN up_roles r ON r.id = l.role_id
        WHERE p.action LIKE 'plugin::lms-enrollment.%' ORDER BY p.action`,
    );
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['authenticated']));
    expect(rows.map((r) => r.action).filter((a) => a.startsWith('plugin::lms-enrollment.learner.'))).toEqual([
      'plugin::lms-enrollment.learner.completeLesson',
      'plugin::lms-enrollment.learner.enroll',
      'plugin::lms-enrollment.learner.enrollmentProgress',
      'plugin::lms-enrollment.learner.myEnrollments',
      'plugin::lms-enrollment.learner.outline',
      'plugin::lms-enrollment.learner.reportProgress',
    ]);
  });

  it('refuses anonymous callers on every guarded route', async () => {
    expect((await sendJson('POST', `${API}/enrollments`, { course: free.id })).status).toBe(403);
    expect((await getJson(`${API}/me/enrollments`)).status).toBe(403);
    expect((await getJson(`${API}/courses/${free.id}/outline`)).status).toBe(403);
    expect((await sendJson('POST', `${API}/lessons/${L.setup.id}/complete`, {})).status).toBe(403);
  });
});

describe('POST /api/lms-enrollment/enrollments', () => {
  it('enrolls in a free course (201), then answers 200 with the same enrollment', async () => {
    const ann = await registerLearner('ann', run);
    const first = await sendJson<EnrollResponse>('POST', `${API}/enrollments`, { course: free.id }, ann.auth);
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ course: { documentId: free.id, title: free.title }, status: 'active', source: 'free', progress: 0, lessonsTotal: 6 });
    const again = await sendJson<EnrollResponse>('POST', `${API}/enrollments`, { course: free.id }, ann.auth);
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(again.body.meta.created).toBe(false);
    expect(await enrollmentRows(ann.id, free.id)).toHaveLength(1);
    const granted = await outboxEvents('enrollment.granted', first.body.data.id);
    expect(granted.map((e) => e.payload)).toEqual([expect.objectContaining({ learnerId: ann.id, courseId: free.id, source: 'free', reactivated: false })]);
  });

  it('sends a paid course to checkout with 402 and writes nothing', async () => {
    const bob = await registerLearner('bob', run);
    const res = await sendJson<ApiErrorBody<PaymentRequiredDetails>>('POST', `${API}/enrollments`, { course: paid.id }, bob.auth);
    expect(res.status).toBe(402);
    expect(res.body.error.message).toContain('POST /api/lms-enrollment/checkout');
    expect(res.body.error.details).toMatchObject({ pricingModel: 'one_time', price: { amount: 4900, currency: 'ZAR' }, checkout: { method: 'POST', path: '/api/lms-enrollment/checkout' } });
    expect(await enrollmentRows(bob.id, paid.id)).toHaveLength(0);
  });

  it('enrolls a subscriber in a subscription course, and sends others to checkout', async () => {
    const cid = await registerLearner('cid', run);
    const refused = await sendJson<ApiErrorBody>('POST', `${API}/enrollments`, { course: subscription.id }, cid.auth);
    expect(refused.status).toBe(402);
    expect(refused.body.error.message).toContain('POST /api/lms-enrollment/checkout');
    // The row the payments side writes from Stripe's subscription events.
    const now = new Date();
    await sql(
      `INSERT INTO lms_subscriptions (user_id, stripe_customer_id, stripe_subscription_id, status, current_period_end, last_event_created, created_at, updated_at)
       VALUES ($1, $2, $3, 'active', $4, 1, $5, $5)`,
      [cid.id, `cus_${run}`, `sub_${run}_${cid.id}`, new Date(now.getTime() + 30 * DAY), now],
    );
    const res = await sendJson<EnrollResponse>('POST', `${API}/enrollments`, { course: subscription.id }, cid.auth);
    expect(res.status).toBe(201);
    expect(res.body.data.source).toBe('subscription');
    // A subscription whose paid period is over opens nothing.
    const dee = await registerLearner('dee', run);
    await sql(
      `INSERT INTO lms_subscriptions (user_id, stripe_customer_id, stripe_subscription_id, status, current_period_end, last_event_created, created_at, updated_at)
       VALUES ($1, $2, $3, 'active', $4, 1, $5, $5)`,
      [dee.id, `cus_${run}_dee`, `sub_${run}_${dee.id}`, new Date(now.getTime() - DAY), now],
    );
    expect((await sendJson('POST', `${API}/enrollments`, { course: subscription.id }, dee.auth)).status).toBe(402);
  });

  it('answers 404 naming an unknown course, and 400 naming a bad field', async () => {
    const dan = await registerLearner('dan', run);
    const missing = await sendJson<ApiErrorBody>('POST', `${API}/enrollments`, { course: 'nosuchcourse123' }, dan.auth);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('"nosuchcourse123"');
    const bad = await sendJson<ApiErrorBody>('POST', `${API}/enrollments`, { course: 'not a/slug!' }, dan.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.course: /);
    const none = await sendJson<ApiErrorBody>('POST', `${API}/enrollments`, {}, dan.auth);
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/^body\.course: /);
  });

  it('requires the prerequisite courses to be completed, naming them', async () => {
    const eve = await registerLearner('eve', run);
    const res = await sendJson<ApiErrorBody<{ missing: Array<{ documentId: string }> }>>('POST', `${API}/enrollments`, { course: advanced.id }, eve.auth);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(`"${free.title}"`);
    expect(res.body.error.details?.missing.map((m) => m.documentId)).toEqual([free.id]);
    expect(await enrollmentRows(eve.id, advanced.id)).toHaveLength(0);
  });

  it('leaves exactly one row after 50 parallel requests of one learner', async () => {
    const fay = await registerLearner('fay', run);
    const results = await Promise.all(Array.from({ length: 50 }, () => sendJson<EnrollResponse>('POST', `${API}/enrollments`, { course: free.id }, fay.auth)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
    expect(await enrollmentRows(fay.id, free.id)).toHaveLength(1);
    expect(await outboxEvents('enrollment.granted', results[0]!.body.data.id)).toHaveLength(1);
  });

  it('rate-limits a learner who hammers the write routes (429 with the wait)', async () => {
    const gus = await registerLearner('gus', run);
    const results = await Promise.all(Array.from({ length: 70 }, () => sendJson<ApiErrorBody>('POST', `${API}/enrollments`, { course: paid.id }, gus.auth)));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.body.error.message).toMatch(/too many requests; try again in \d+ s/);
    expect(results.filter((r) => r.status === 402).length).toBeGreaterThanOrEqual(50);
  });
});

describe('lessons: previews, prerequisites, drip, completion', () => {
  let hal: Learner;
  let enrollmentId: number;
  let enrolledAt: number;

  beforeAll(async () => {
    hal = await registerLearner('hal', run);
    const res = await sendJson<EnrollResponse>('POST', `${API}/enrollments`, { course: free.id }, hal.auth);
    enrollmentId = res.body.data.id;
    enrolledAt = Date.parse(res.body.data.enrolledAt);
  });

  it('serves a free-preview lesson to anyone, without signing in', async () => {
    const res = await getJson<LessonContentResponse<LessonBlock>>(`${API}/lessons/${L.preview.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: L.preview.id, freePreview: true, course: { documentId: free.id }, enrollment: null, progress: null });
    expect(res.body.data.blocks).toEqual([{ __component: 'blocks.rich-text', id: expect.any(Number), body: expect.any(Array) }]);
  });

  it('asks anonymous readers of other lessons to sign in, and not-enrolled learners to enroll', async () => {
    const anon = await getJson<ApiErrorBody>(`${API}/lessons/${L.setup.id}`);
    expect(anon.status).toBe(401);
    expect(anon.body.error.message).toContain(`enroll in "${free.title}"`);
    const stranger = await registerLearner('stranger', run);
    const res = await getJson<ApiErrorBody<{ reason: string }>>(`${API}/lessons/${L.setup.id}`, { headers: stranger.auth });
    expect(res.status).toBe(403);
    expect(res.body.error.details?.reason).toBe('not-enrolled');
    expect(res.body.error.message).toBe(`enroll in "${free.title}" to open lesson "Setup"`);
  });

  it('gives the full lesson to an enrolled learner and records the visit', async () => {
    const res = await getJson<LessonContentResponse<LessonBlock>>(`${API}/lessons/${L.video.id}`, { headers: hal.auth });
    expect(res.status).toBe(200);
    const video = res.body.data.blocks.find((b) => b.__component === 'blocks.video');
    expect(video).toMatchObject({ id: videoBlockId, completionThreshold: 80, url: 'https://media.example.com/talk.mp4' });
    expect(res.body.data.enrollment).toEqual({ id: enrollmentId, status: 'active' });
    expect(res.body.data.previous?.documentId).toBe(L.types.id);
    const [row] = await sql<{ last_accessed_at: Date | null; status: string }>('SELECT * FROM lms_lesson_progress WHERE enrollment_id = $1 AND lesson_document_id = $2', [enrollmentId, L.video.id]);
    expect(row?.status).toBe('in_progress');
    expect(row?.last_accessed_at).not.toBeNull();
  });

  it('locks a lesson until its prerequisite is completed, naming it', async () => {
    const locked = await getJson<ApiErrorBody<{ reason: string; lessons: Array<{ documentId: string }> }>>(`${API}/lessons/${L.types.id}`, { headers: hal.auth });
    expect(locked.status).toBe(403);
    expect(locked.body.error.message).toBe('complete lesson "Setup" before lesson "Types"');
    expect(locked.body.error.details).toMatchObject({ reason: 'prerequisite', lessons: [{ documentId: L.setup.id }] });
    expect((await sendJson('POST', `${API}/lessons/${L.types.id}/complete`, {}, hal.auth)).status).toBe(403);

    const done = await sendJson<CompleteLessonResponse>('POST', `${API}/lessons/${L.setup.id}/complete`, {}, hal.auth);
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ changed: true, course: { progress: 16, lessonsCompleted: 1, lessonsTotal: 6, status: 'active' } });
    expect((await getJson(`${API}/lessons/${L.types.id}`, { headers: hal.auth })).status).toBe(200);
  });

  it('drips a section N days after enrolling, following the clock', async () => {
    const before = await getJson<ApiErrorBody<{ reason: string; unlocksAt: string }>>(`${API}/lessons/${L.week2.id}`, { headers: { ...hal.auth, ...at(enrolledAt + 7 * DAY - 60_000) } });
    expect(before.status).toBe(403);
    expect(before.body.error.details?.reason).toBe('drip');
    expect(before.body.error.details?.unlocksAt).toBe(new Date(enrolledAt + 7 * DAY).toISOString());
    expect(before.body.error.message).toContain(`opens on ${new Date(enrolledAt + 7 * DAY).toISOString()}`);
    const after = await getJson(`${API}/lessons/${L.week2.id}`, { headers: { ...hal.auth, ...at(enrolledAt + 7 * DAY) } });
    expect(after.status).toBe(200);
  });

  it('drips a section on a date, following the clock', async () => {
    const before = await getJson<ApiErrorBody<{ reason: string; unlocksAt: string }>>(`${API}/lessons/${L.launch.id}`, { headers: { ...hal.auth, ...at(launchDate - 1000) } });
    expect(before.status).toBe(403);
    expect(before.body.error.details).toMatchObject({ reason: 'drip', unlocksAt: new Date(launchDate).toISOString() });
    expect((await getJson(`${API}/lessons/${L.launch.id}`, { headers: { ...hal.auth, ...at(launchDate + 1000) } })).status).toBe(200);
  });

  it('shows each lesson state and reason in the outline', async () => {
    const res = await getJson<CourseOutlineResponse>(`${API}/courses/${free.id}/outline`, { headers: hal.auth });
    expect(res.status).toBe(200);
    const lessons = Object.fromEntries(res.body.data.sections.flatMap((s) => s.lessons).map((l) => [l.documentId, l]));
    expect(lessons[L.preview.id]?.state).toBe('open');
    expect(lessons[L.setup.id]?.state).toBe('done');
    expect(lessons[L.types.id]?.state).toBe('open');
    expect(lessons[L.week2.id]).toMatchObject({ state: 'locked', lock: { reason: 'drip' } });
    expect(lessons[L.launch.id]).toMatchObject({ state: 'locked', lock: { reason: 'drip', unlocksAt: new Date(launchDate).toISOString() } });
    expect(res.body.data).toMatchObject({ progress: 16, enrollment: { id: enrollmentId, status: 'active' } });
    // "Types" was the last lesson opened that is open and not done (the dripping ones were
    // opened "in the future" and are locked today): continue there.
    expect(res.body.data.nextLesson?.documentId).toBe(L.types.id);

    const stranger = await registerLearner('outsider', run);
    const theirs = await getJson<CourseOutlineResponse>(`${API}/courses/${free.id}/outline`, { headers: stranger.auth });
    const states = theirs.body.data.sections.flatMap((s) => s.lessons).map((l) => [l.documentId, l.state, l.lock?.reason ?? null]);
    expect(states).toContainEqual([L.preview.id, 'open', null]);
    expect(states.filter(([, state]) => state === 'locked').every(([, , reason]) => reason === 'not-enrolled')).toBe(true);
    expect(theirs.body.data.enrollment).toBeNull();
  });

  it('records video progress and completes the lesson at the threshold', async () => {
    const bad = await sendJson<ApiErrorBody>('POST', `${API}/lessons/${L.video.id}/progress`, { blockId: videoBlockId, position: 'half', duration: 600 }, hal.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.position: /);
    const wrongBlock = await sendJson<ApiErrorBody>('POST', `${API}/lessons/${L.video.id}/progress`, { blockId: 999999, position: 1, duration: 600 }, hal.auth);
    expect(wrongBlock.status).toBe(400);
    expect(wrongBlock.body.error.message).toMatch(/^body\.blockId: lesson "Watch this" has no video block 999999/);

    const half = await sendJson<VideoProgressResponse>('POST', `${API}/lessons/${L.video.id}/progress`, { blockId: videoBlockId, position: 300, duration: 600, secondsWatched: 300 }, hal.auth);
    expect(half.status).toBe(200);
    expect(half.body.data).toMatchObject({ completedNow: false, completionThreshold: 80, lesson: { progress: { status: 'in_progress', percent: 50, timeSpentSeconds: 300 } } });
    // Seeking back does not lower the share reached.
    const back = await sendJson<VideoProgressResponse>('POST', `${API}/lessons/${L.video.id}/progress`, { blockId: videoBlockId, position: 60, duration: 600, secondsWatched: 10 }, hal.auth);
    expect(back.body.data.lesson.progress).toMatchObject({ percent: 50, timeSpentSeconds: 310 });
    const most = await sendJson<VideoProgressResponse>('POST', `${API}/lessons/${L.video.id}/progress`, { blockId: videoBlockId, position: 480, duration: 600, secondsWatched: 180 }, hal.auth);
    expect(most.body.data).toMatchObject({ completedNow: true, lesson: { progress: { status: 'completed', percent: 100, timeSpentSeconds: 490 } } });
    expect((await sql('SELECT 1 FROM lms_outbox WHERE type = $1 AND payload->>$2 = $3', ['lesson.completed', 'lessonId', L.video.id])).length).toBe(1);
  });

  it('completes the course when every lesson is done: progress 100, one course.completed even under parallel repeats', async () => {
    const later = at(launchDate + DAY);
    for (const l of [L.preview, L.types, L.week2]) {
      const res = await sendJson<CompleteLessonResponse>('POST', `${API}/lessons/${l.id}/complete`, {}, { ...hal.auth, ...later });
      expect(res.status, l.title).toBe(200);
      expect(res.body.data.course.status).toBe('active');
    }
    // The last lesson, completed five times at once, and again afterwards.
    const last = await Promise.all(Array.from({ length: 5 }, () => sendJson<CompleteLessonResponse>('POST', `${API}/lessons/${L.launch.id}/complete`, {}, { ...hal.auth, ...later })));
    expect(last.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(last.filter((r) => r.body.data.changed)).toHaveLength(1);
    for (const r of last) expect(r.body.data.course).toMatchObject({ progress: 100, lessonsCompleted: 6, status: 'completed' });
    const repeat = await sendJson<CompleteLessonResponse>('POST', `${API}/lessons/${L.launch.id}/complete`, {}, { ...hal.auth, ...later });
    expect(repeat.body.data.changed).toBe(false);

    const [row] = await enrollmentRows(hal.id, free.id);
    expect(row?.status).toBe('completed');
    expect(row?.completed_at?.toISOString()).toBe(new Date(launchDate + DAY).toISOString());
    const completed = await outboxEvents('course.completed', enrollmentId);
    expect(completed.map((e) => e.payload)).toEqual([
      { learnerId: hal.id, courseId: free.id, enrollmentId, completedAt: new Date(launchDate + DAY).toISOString() },
    ]);
    const lessonEvents = await outboxEvents('lesson.completed', enrollmentId);
    expect(lessonEvents.map((e) => e.payload.lessonId).sort()).toEqual(Object.values(L).map((l) => l.id).sort());

    const mine = await getJson<MyEnrollmentsResponse>(`${API}/me/enrollments`, { headers: hal.auth });
    expect(mine.body.data).toEqual([expect.objectContaining({ id: enrollmentId, status: 'completed', progress: 100, lastLesson: null, course: { documentId: free.id, slug: `enr-free-${run}`, title: free.title } })]);

    // A completed course A opens course B, which requires it.
    expect((await sendJson('POST', `${API}/enrollments`, { course: advanced.id }, hal.auth)).status).toBe(201);
  });

  it('lets learners read only their own progress', async () => {
    const own = await getJson<EnrollmentProgressResponse>(`${API}/enrollments/${enrollmentId}/progress`, { headers: hal.auth });
    expect(own.status).toBe(200);
    expect(own.body.data.enrollment.id).toBe(enrollmentId);
    expect(own.body.data.lessons).toHaveLength(6);
    const ivy = await registerLearner('ivy', run);
    const theirs = await getJson<ApiErrorBody>(`${API}/enrollments/${enrollmentId}/progress`, { headers: ivy.auth });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.message).toContain('another learner');
    const mine = await getJson<MyEnrollmentsResponse>(`${API}/me/enrollments`, { headers: ivy.auth });
    expect(mine.body.data).toEqual([]);
  });
});

describe('admin: grant, revoke, search and CSV export', () => {
  let jo: Learner;
  const formula = '=HYPERLINK("http://evil.example","click")';

  beforeAll(async () => {
    jo = await registerLearner('jo', run);
  });

  it('grants a paid course by hand, keeping the reason and the admin', async () => {
    const res = await sendJson<AdminEnrollmentResponse>('POST', '/lms-enrollment/admin/enrollments', { learner: jo.email, course: paid.id, reason: formula }, admin);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ learner: { id: jo.id, email: jo.email }, course: { documentId: paid.id, title: paid.title }, status: 'active', source: 'admin', sourceRef: `admin:${adminId}`, reason: formula });
    const [row] = await enrollmentRows(jo.id, paid.id);
    expect(row).toMatchObject({ status: 'active', source: 'admin', source_ref: `admin:${adminId}`, reason: formula });
    // The learner can now study it.
    const outline = await getJson<CourseOutlineResponse>(`${API}/courses/${paid.id}/outline`, { headers: jo.auth });
    expect(outline.body.data.sections[0]?.lessons[0]?.state).toBe('open');
    const again = await sendJson<AdminEnrollmentResponse>('POST', '/lms-enrollment/admin/enrollments', { learner: jo.email, course: paid.id, reason: 'twice' }, admin);
    expect(again.status).toBe(200);
    expect(again.body.meta.changed).toBe(false);
  });

  it('refuses a grant without a reason or for an unknown learner, naming the field', async () => {
    const noReason = await sendJson<ApiErrorBody>('POST', '/lms-enrollment/admin/enrollments', { learner: jo.email, course: free.id }, admin);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/^body\.reason: /);
    const nobody = await sendJson<ApiErrorBody>('POST', '/lms-enrollment/admin/enrollments', { learner: 'nobody@example.com', course: free.id, reason: 'test' }, admin);
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.message).toContain('learner "nobody@example.com"');
  });

  it('revokes with a reason; the learner loses access and cannot re-enroll by themselves', async () => {
    const granted = await sendJson<AdminEnrollmentResponse>('POST', '/lms-enrollment/admin/enrollments', { learner: jo.id, course: free.id, reason: 'support ticket 42' }, admin);
    expect(granted.status).toBe(201);
    const revoked = await sendJson<AdminEnrollmentResponse>('POST', `/lms-enrollment/admin/enrollments/${granted.body.data.id}/revoke`, { reason: 'chargeback on another order' }, admin);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data).toMatchObject({ status: 'revoked', reason: 'chargeback on another order', endedBy: `admin:${adminId}` });
    expect((await enrollmentRows(jo.id, free.id))[0]).toMatchObject({ status: 'revoked', ended_by: `admin:${adminId}`, reason: 'chargeback on another order' });
    expect(await outboxEvents('enrollment.ended', granted.body.data.id)).toEqual([{ payload: expect.objectContaining({ status: 'revoked', learnerId: jo.id }) }]);

    const lesson = await getJson<ApiErrorBody<{ reason: string }>>(`${API}/lessons/${L.setup.id}`, { headers: jo.auth });
    expect(lesson.status).toBe(403);
    expect(lesson.body.error.details?.reason).toBe('not-enrolled');
    const selfEnroll = await sendJson<ApiErrorBody>('POST', `${API}/enrollments`, { course: free.id }, jo.auth);
    expect(selfEnroll.status).toBe(403);
    expect(selfEnroll.body.error.message).toContain('revoked (chargeback on another order)');
  });

  it('searches by learner and by course title, paginated', async () => {
    const byLearner = await getJson<AdminEnrollmentListResponse>(`/lms-enrollment/admin/enrollments?learner=${encodeURIComponent(`JO-${run}`)}`, { headers: admin });
    expect(byLearner.status).toBe(200);
    expect(byLearner.body.data.map((e) => e.course.documentId).sort()).toEqual([free.id, paid.id].sort());
    const byCourse = await getJson<AdminEnrollmentListResponse>(`/lms-enrollment/admin/enrollments?course=${encodeURIComponent(`test free ${run}`)}&pageSize=2&page=1`, { headers: admin });
    const total = Number((await sql<{ n: string }>('SELECT count(*) AS n FROM lms_enrollments WHERE course_document_id = $1', [free.id]))[0]?.n);
    expect(byCourse.body.meta.pagination).toEqual({ page: 1, pageSize: 2, total, pageCount: Math.ceil(total / 2) });
    expect(byCourse.body.data.every((e) => e.course.documentId === free.id)).toBe(true);
    const bad = await getJson<ApiErrorBody>('/lms-enrollment/admin/enrollments?status=paused', { headers: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^query\.status: /);
  });

  it('exports the search as CSV with escaping and the formula guard', async () => {
    const res = await fetch(cmsUrl(`/lms-enrollment/admin/enrollments.csv?learner=${encodeURIComponent(jo.email)}`), { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="enrollments-\d{4}-\d{2}-\d{2}\.csv"$/);
    const csv = await res.text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'enrollment_id,learner_id,learner_email,learner_username,course_document_id,course_title,status,source,source_ref,reason,ended_by,progress_percent,enrolled_at,completed_at,ended_at,last_activity_at',
    );
    expect(lines).toHaveLength(3);
    const paidLine = lines.find((l) => l.includes(paid.id));
    expect(paidLine).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(lines.find((l) => l.includes(free.id))).toContain(',revoked,admin,');
  });

  it('keeps the admin routes from instructors and anonymous callers', async () => {
    const [instructor] = await instructorAdmins();
    const auth = await adminAuth(instructor!.email, inject('seedPassword'));
    expect((await getJson('/lms-enrollment/admin/enrollments', { headers: auth })).status).toBe(403);
    expect((await getJson('/lms-enrollment/admin/enrollments.csv', { headers: auth })).status).toBe(403);
    expect((await sendJson('POST', '/lms-enrollment/admin/enrollments', { learner: jo.email, course: free.id, reason: 'mine' }, auth)).status).toBe(403);
    expect((await getJson('/lms-enrollment/admin/enrollments')).status).toBe(401);
  });
});
