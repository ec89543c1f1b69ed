import JSZip from 'jszip';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { LearnerQuestion, StartAttemptResponse, SubmitAttemptResponse } from '../../plugins/lms-grading/server/src/quizzes/contracts';
import type { SubmitAssignmentResponse } from '../../plugins/lms-grading/server/src/assignments/contracts';
import type { MyCertificatesResponse, VerifyCertificateResponse } from '../../plugins/lms-grading/server/src/certificates/contracts';
import type { ErasureRequest, PrivacyExport } from '../../plugins/lms-core/server/src/contracts/privacy';
import { createInstructor, type AdminUser } from '../harness/admin-users';
import { cmsUrl, getJson, sendJson } from '../harness/api';
import { connect, publishDoc } from '../harness/content';
import { enroll, LEARNER_PASSWORD, registerLearner, type Learner } from '../harness/learners';
import { TEST_REDIS_URL } from '../harness/db';
import { sql } from '../harness/pg';
import { instructorWithPaidCourse, sellCourse, until } from '../harness/sales';

/**
 * Learners' data rights against the real stack (decision 036): a learner who did everything the
 * platform offers (free and paid enrollment through the Stripe double, lesson progress, a quiz, an
 * assignment with an uploaded file, graded, a certificate, points, notifications and mail) exports
 * their data (the archive is unzipped and checked against what they did), asks for erasure with
 * their password, an admin completes it, and then every table of the database is scanned for their
 * email, username, full name and user id: nothing survives outside the records kept on purpose,
 * every ledger transaction still balances and the certificate verifies as "issued, holder erased".
 */

const run = `pv${Date.now().toString(36)}`;
const API = '/api/lms-core/privacy';
const ADMIN = '/lms-core/privacy';
const FULL_NAME = `Priya Vasquez ${run}`;
const SECRET_NOTE = `my private reflection ${run}`;
const FILE_TEXT = `contents of the uploaded notes ${run}\n`;
const PRICE = 4900;

let liveSession: number;
let admin: Record<string, string>;
let teacher: AdminUser;
let learner: Learner & { username: string };
let other: Learner;
let freeCourse: string;
let paidCourse: { documentId: string; price: number; currency: string };
let lesson: string;
let quiz: string;
let assignment: string;
let paymentId: number;
let refundSale: () => Promise<void>;
let certificateCode: string;
let certificatePdfUrl: string;
let assignmentFileUrl: string;

async function registerNamedLearner(): Promise<Learner & { username: string }> {
  const username = `pv-learner-${run}`;
  const email = `${username}@example.com`;
  const res = await sendJson<{ jwt: string; user: { id: number } }>('POST', '/api/auth/local/register', { username, email, password: LEARNER_PASSWORD, fullName: FULL_NAME });
  if (res.status !== 200) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, email, username, auth: { authorization: `Bearer ${res.body.jwt}` } };
}

async function takeQuiz(who: Learner): Promise<void> {
  const started = await sendJson<StartAttemptResponse>('POST', `/api/lms-grading/quizzes/${quiz}/attempts`, {}, who.auth);
  if (started.status !== 201) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  for (const q of started.body.data.paper.questions as LearnerQuestion[]) {
    const saved = await sendJson('PUT', `/api/lms-grading/attempts/${started.body.data.id}/answers/${q.id}`, { answer: { text: `Abracadabra ${run}` } }, who.auth);
    if (saved.status !== 200) throw new Error(`save: ${saved.status} ${JSON.stringify(saved.body)}`);
  }
  const submitted = await sendJson<SubmitAttemptResponse>('POST', `/api/lms-grading/attempts/${started.body.data.id}/submit`, {}, who.auth);
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
}

async function handIn(who: Learner): Promise<number> {
  const form = new FormData();
  form.append('text', SECRET_NOTE);
  form.append('files', new Blob([FILE_TEXT], { type: 'text/plain' }), `notes-${run}.txt`);
  const res = await fetch(cmsUrl(`/api/lms-grading/assignments/${assignment}/submissions`), { method: 'POST', headers: who.auth, body: form });
  const body = (await res.json()) as SubmitAssignmentResponse;
  if (res.status !== 201) throw new Error(`hand in: ${res.status} ${JSON.stringify(body)}`);
  return body.data.id;
}

/** A link the cms handed out, against the test's cms address (PUBLIC_URL may name another host). */
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, inject('cmsUrl'));

async function readyExport(who: Learner): Promise<PrivacyExport> {
  return until('the export archive', async () => {
    const res = await getJson<{ data: PrivacyExport[] }>(`${API}/me/exports`, { headers: who.auth });
    const latest = res.body.data[0];
    if (latest?.status === 'failed') throw new Error('the export job failed');
    return latest?.status === 'ready' ? latest : null;
  }, 60_000);
}

/**
 * Every place in the database where the learner still shows: their email, username, full name,
 * assignment text or file text in any text or JSON column, their id under a person key in JSON,
 * or their id in an integer column naming a users-permissions user.
 */
async function personalTraces(): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'integer', 'bigint')
      ORDER BY table_name, column_name`,
  );
  expect(columns.length).toBeGreaterThan(100);
  const found: string[] = [];
  // (The quiz answer is the course's accepted answer, authored content: not a needle.)
  const needles = [learner.email, learner.username, FULL_NAME, SECRET_NOTE, FILE_TEXT.trim()].map((s) => s.toLowerCase());
  const idInJson = `"(userId|learnerId|recipientId|user_id|learner_id|client_reference_id)"\\s*:\\s*"?${learner.id}"?\\s*[,}]`;
  // Integer columns that name a users-permissions user (in the LMS's and users-permissions'
  // tables; Strapi's admin_* and content link tables name admin users); kept on purpose where the
  // record must survive pointing at the anonymised, blocked account (decision 036).
  const personIds = /^(user_id|learner_id|recipient_id)$/;
  const kept = new Set(['lms_certificates.user_id', 'up_users_role_lnk.user_id']);
  const textByTable = new Map<string, string[]>();
  for (const c of columns) {
    const where = `${c.table_name}.${c.column_name}`;
    if (c.data_type === 'integer' || c.data_type === 'bigint') {
      if (!personIds.test(c.column_name) || !/^(lms|up)_/.test(c.table_name) || kept.has(where)) continue;
      const extra = c.table_name === 'lms_notification_mails' ? ` AND recipient_type = 'user'` : '';
      const rows = await sql(`SELECT 1 FROM "${c.table_name}" WHERE "${c.column_name}" = $1${extra} LIMIT 1`, [learner.id]);
      if (rows.length > 0) found.push(`${where} = ${learner.id}`);
      continue;
    }
    textByTable.set(c.table_name, [...(textByTable.get(c.table_name) ?? []), c.column_name]);
  }
  // Text and JSON: one query per table, every column as text.
  for (const [table, cols] of textByTable) {
    const hits = cols.map((col) => `CASE WHEN LOWER("${col}"::text) LIKE ANY($1) OR "${col}"::text ~ $2 THEN '${col}: ' || LEFT("${col}"::text, 200) END`);
    const rows = await sql<{ hit: string }>(`SELECT COALESCE(${hits.join(', ')}) AS hit FROM "${table}" WHERE COALESCE(${hits.join(', ')}) IS NOT NULL LIMIT 1`, [
      needles.map((n) => `%${n}%`),
      idInJson,
    ]);
    if (rows[0]) found.push(`${table}.${rows[0].hit}`);
  }
  return found;
}

beforeAll(async () => {
  admin = { authorization: inject('adminAuthorization') };
  const seller = await instructorWithPaidCourse(admin, 'pv-teacher', run, PRICE);
  teacher = seller.user;
  paidCourse = seller.course;
  freeCourse = await publishDoc(admin, 'api::course.course', {
    title: `Privacy course ${run}`,
    slug: `pv-free-${run}`,
    summary: 'Data rights tests',
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
    instructor: connect(seller.profile),
  });
  quiz = await publishDoc(admin, 'api::quiz.quiz', {
    title: `Privacy quiz ${run}`,
    course: connect(freeCourse),
    passingScore: 50,
    maxAttempts: 0,
    feedbackMode: 'after_submit',
    attemptPolicy: 'best',
    questions: [{ __component: 'question.short-answer', prompt: `Magic word? ${run}`, points: 1, acceptedAnswers: [{ text: `abracadabra ${run}` }], caseSensitive: false, ignoreWhitespace: true }],
  });
  assignment = await publishDoc(admin, 'api::assignment.assignment', { title: `Privacy reflection ${run}`, course: connect(freeCourse), maxScore: 10, passScore: 5, allowResubmission: false, allowedFileTypes: 'txt' });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(freeCourse), dripType: 'none' });
  lesson = await publishDoc(admin, 'api::lesson.lesson', {
    title: `Quiz and reflection ${run}`,
    slug: `pv-lesson-${run}`,
    order: 0,
    freePreview: false,
    estimatedMinutes: 10,
    section: connect(section),
    blocks: [
      { __component: 'blocks.quiz', quiz: connect(quiz), countsTowardCompletion: true },
      { __component: 'blocks.assignment', assignment: connect(assignment), countsTowardCompletion: true },
    ],
  });

  learner = await registerNamedLearner();
  other = await registerLearner('pv-other', run);
  await enroll(learner, freeCourse);
  await enroll(other, freeCourse);
  await takeQuiz(learner);
  const submission = await handIn(learner);
  const graded = await sendJson('POST', `/lms-grading/admin/submissions/${submission}/grade`, { score: '9', feedback: `Well done ${FULL_NAME}` }, teacher.auth);
  if (graded.status !== 200) throw new Error(`grade: ${graded.status} ${JSON.stringify(graded.body)}`);
  const completed = await sendJson('POST', `/api/lms-enrollment/lessons/${lesson}/complete`, {}, learner.auth);
  if (completed.status !== 200) throw new Error(`complete: ${completed.status} ${JSON.stringify(completed.body)}`);
  ({ paymentId, refund: refundSale } = await sellCourse(paidCourse, run, { buyer: learner }));
  // A seat in a live session of the free course (lms-live).
  const session = await sendJson<{ data: { id: number } }>(
    'POST',
    '/lms-live/sessions',
    { courseId: freeCourse, title: `Privacy office hours ${run}`, startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), durationMinutes: 45, capacity: 5, joinUrl: 'https://meet.jit.si/lms-privacy', timeZone: 'Africa/Johannesburg' },
    admin,
  );
  if (session.status !== 201) throw new Error(`live session: ${session.status} ${JSON.stringify(session.body)}`);
  liveSession = session.body.data.id;
  const seat = await sendJson('POST', `/api/lms-live/sessions/${liveSession}/seat`, {}, learner.auth);
  if (seat.status !== 201) throw new Error(`seat: ${seat.status} ${JSON.stringify(seat.body)}`);

  const certificate = await until('the certificate', async () => {
    const mine = await getJson<MyCertificatesResponse>('/api/lms-grading/me/certificates', { headers: learner.auth });
    return mine.body.data[0];
  }, 60_000);
  certificateCode = certificate.code;
  certificatePdfUrl = local(String(certificate.downloadUrl));
  await until('points', async () => (await sql('SELECT id FROM lms_gamification_point_events WHERE learner_id = $1', [learner.id]))[0]);
  await until('a certificate notification', async () => (await sql(`SELECT id FROM lms_notifications WHERE user_id = $1 AND kind LIKE 'certificate%'`, [learner.id]))[0]);
  await until('a mail to the learner', async () => (await sql('SELECT id FROM lms_notification_mails WHERE recipient = $1', [learner.email]))[0]);
  // Everything the learner did has been delivered to its consumers before the archive is built.
  await until('the outbox to drain', async () => Number((await sql<{ n: string }>('SELECT COUNT(*) AS n FROM lms_outbox WHERE relayed_at IS NULL'))[0]?.n) === 0);
}, 240_000);

describe('export', () => {
  let archive: JSZip;
  let data: Record<string, Record<string, Array<Record<string, unknown>>>>;

  beforeAll(async () => {
    const asked = await sendJson<{ data: PrivacyExport }>('POST', `${API}/me/export`, {}, learner.auth);
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body.data.status).toBe('pending');
    const ready = await readyExport(learner);
    expect(ready.downloadUrl).toMatch(/^https?:\/\/.+\/api\/lms-grading\/files\/v1\./);
    const res = await fetch(local(String(ready.downloadUrl)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    archive = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    data = JSON.parse(await (archive.file('data.json') as JSZip.JSZipObject).async('string')).data;
  }, 90_000);

  it('holds the profile, both enrollments, progress and the payment', () => {
    expect(data.account?.profile).toEqual([expect.objectContaining({ id: learner.id, email: learner.email, username: learner.username, full_name: FULL_NAME })]);
    const enrollments = data['lms-enrollment']?.enrollments ?? [];
    expect(enrollments.map((e) => e.course_document_id).sort()).toEqual([freeCourse, paidCourse.documentId].sort());
    expect(data['lms-enrollment']?.lesson_progress).toEqual(expect.arrayContaining([expect.objectContaining({ lesson_document_id: lesson, course_document_id: freeCourse })]));
    expect(data['lms-enrollment']?.payments).toEqual([expect.objectContaining({ id: paymentId, amount_gross: String(PRICE), status: 'paid', payment_intent_id: expect.stringMatching(/^pi_/) })]);
  });

  it('holds the quiz answers, the submission with a working link to its file, and the certificate', async () => {
    const grading = data['lms-grading'] ?? {};
    expect(grading.quiz_attempts).toHaveLength(1);
    expect(JSON.stringify(grading.quiz_answers)).toContain(`Abracadabra ${run}`);
    expect(grading.assignment_submissions).toEqual([expect.objectContaining({ text: SECRET_NOTE, status: 'graded', feedback: `Well done ${FULL_NAME}` })]);
    const [file] = grading.assignment_files ?? [];
    expect(file).toMatchObject({ original_filename: `notes-${run}.txt`, content_type: expect.stringMatching(/^text\/plain/) });
    expect(file).not.toHaveProperty('file_key');
    assignmentFileUrl = local(String(file?.download_url));
    const download = await fetch(assignmentFileUrl);
    expect(await download.text()).toBe(FILE_TEXT);
    expect(grading.certificates).toEqual([expect.objectContaining({ code: certificateCode, learner_name: FULL_NAME, status: 'valid' })]);
  });

  it('holds the live-session seat and the analytics summary rows', () => {
    expect(data['lms-live']?.seats).toEqual([expect.objectContaining({ session_id: liveSession, learner_id: learner.id, session_title: `Privacy office hours ${run}` })]);
    expect((data['lms-analytics']?.courses ?? []).map((c) => c.course_id)).toEqual(expect.arrayContaining([freeCourse]));
  });

  it('holds points, notifications and mail, and one CSV per table', async () => {
    expect((data['lms-gamification']?.points ?? []).length).toBeGreaterThan(0);
    expect((data['lms-notifications']?.notifications ?? []).some((n) => String(n.kind).startsWith('certificate'))).toBe(true);
    expect((data['lms-notifications']?.mails ?? []).every((m) => m.recipient === learner.email)).toBe(true);
    const names = Object.keys(archive.files).sort();
    expect(names).toEqual(expect.arrayContaining(['README.txt', 'data.json', 'csv/account.profile.csv', 'csv/lms-enrollment.enrollments.csv', 'csv/lms-grading.quiz_answers.csv', 'csv/lms-gamification.points.csv']));
    const csv = await (archive.file('csv/account.profile.csv') as JSZip.JSZipObject).async('string');
    const [header, row] = csv.trim().split('\r\n');
    expect(header?.split(',')).toEqual(expect.arrayContaining(['id', 'username', 'email', 'full_name']));
    expect(row).toContain(learner.email);
    expect(row).toContain(FULL_NAME);
  });

  it('is asked for at most once per cooldown, and only by a signed-in learner for themselves', async () => {
    const again = await sendJson<{ error: { status: number; message: string } }>('POST', `${API}/me/export`, {}, learner.auth);
    expect(again.status).toBe(429);
    expect(again.body.error.message).toMatch(/try again in \d+ s/);
    expect((await sendJson('POST', `${API}/me/export`, {})).status).toBe(403);
    // The other learner sees none of this learner's archives (the routes take no user id).
    const theirs = await getJson<{ data: PrivacyExport[] }>(`${API}/me/exports`, { headers: other.auth });
    expect(theirs.status).toBe(200);
    expect(theirs.body.data).toEqual([]);
  });
});

describe('erasure', () => {
  let request: ErasureRequest;
  let ledgerBefore: Array<{ transaction_id: number; account: string; amount: string }>;
  let exportFileUrl: string;
  let tracesBefore: string[];

  beforeAll(async () => {
    tracesBefore = await personalTraces();
    ledgerBefore = await sql(
      `SELECT e.transaction_id, e.account, e.amount FROM lms_ledger_entries e JOIN lms_ledger_transactions t ON t.id = e.transaction_id
        WHERE t.payment_id = $1 ORDER BY e.id`,
      [paymentId],
    );
    expect(ledgerBefore.length).toBeGreaterThan(0);
    exportFileUrl = local(String((await readyExport(learner)).downloadUrl));
    expect((await fetch(certificatePdfUrl)).status).toBe(200);
  });

  it('needs the learner password and an explicit confirmation, naming the field', async () => {
    const wrong = await sendJson<{ error: { status: number; message: string } }>('POST', `${API}/me/erasure`, { password: 'not-my-password', confirm: true }, learner.auth);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/^password: /);
    const unconfirmed = await sendJson<{ error: { message: string } }>('POST', `${API}/me/erasure`, { password: LEARNER_PASSWORD }, learner.auth);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.message).toMatch(/^body\.confirm: /);
    // The other learner's password does not erase this account, and their own request is theirs.
    const foreign = await sendJson('POST', `${API}/me/erasure`, { password: LEARNER_PASSWORD + 'x', confirm: true }, other.auth);
    expect(foreign.status).toBe(400);
    expect((await sql('SELECT id FROM lms_privacy_erasure_requests WHERE user_id = $1', [learner.id]))).toEqual([]);
  });

  it('is requested by the learner, listed for admins with the permission only', async () => {
    const asked = await sendJson<{ data: ErasureRequest }>('POST', `${API}/me/erasure`, { password: LEARNER_PASSWORD, confirm: true }, learner.auth);
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    request = asked.body.data;
    expect(request).toMatchObject({ userId: learner.id, status: 'requested' });
    expect(request.reference).toMatch(/^erased:[0-9a-f]{16}$/);
    const twice = await sendJson<{ data: ErasureRequest }>('POST', `${API}/me/erasure`, { password: LEARNER_PASSWORD, confirm: true }, learner.auth);
    expect(twice.body.data.id).toBe(request.id);

    const listed = await getJson<{ data: ErasureRequest[] }>(`${ADMIN}/erasures?status=requested`, { headers: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: request.id, email: learner.email })]));
    expect((await getJson(`${ADMIN}/erasures?status=nope`, { headers: admin })).status).toBe(400);
    // A learner's JWT is not an admin token; an instructor lacks the permission.
    expect((await getJson(`${ADMIN}/erasures`, { headers: learner.auth })).status).toBe(401);
    const instructor = await createInstructor(admin, 'pv-nosy', run);
    expect((await getJson(`${ADMIN}/erasures`, { headers: instructor.auth })).status).toBe(403);
    expect((await sendJson('POST', `${ADMIN}/erasures/${request.id}/complete`, {}, instructor.auth)).status).toBe(403);
  });

  it('is completed by an admin: the account can no longer sign in', async () => {
    const done = await sendJson<{ data: ErasureRequest }>('POST', `${ADMIN}/erasures/${request.id}/complete`, {}, admin);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.data).toMatchObject({ id: request.id, userId: null, status: 'completed', reference: request.reference });
    expect(done.body.data.providers).toEqual(expect.arrayContaining(['account', 'lms-enrollment', 'lms-grading', 'lms-gamification', 'lms-notifications', 'lms-lti', 'lms-h5p', 'lms-live', 'lms-analytics']));
    // lms-analytics' counts no longer hold the learner: they agree with lms-enrollment's rows.
    const [counts] = await sql<{ summary: string; source: string }>(
      `SELECT (SELECT enrollments FROM lms_analytics_courses WHERE course_id = $1)::text AS summary,
              (SELECT count(*) FROM lms_enrollments WHERE course_document_id = $1)::text AS source`,
      [freeCourse],
    );
    expect(counts).toEqual({ summary: '1', source: '1' });
    // The learner's seat is given back.
    expect((await sql<{ seats_taken: number }>('SELECT seats_taken FROM lms_live_sessions WHERE id = $1', [liveSession]))[0]?.seats_taken).toBe(0);
    expect((await sendJson('POST', `${ADMIN}/erasures/${request.id}/complete`, {}, admin)).status).toBe(400);
    const login = await sendJson('POST', '/api/auth/local', { identifier: learner.email, password: LEARNER_PASSWORD });
    expect(login.status).toBe(400);
    expect((await getJson('/api/users/me', { headers: learner.auth })).status).toBe(401);
  });

  it('leaves nothing personal in any table of the database', async () => {
    // Before the erasure the same scan found the learner all over (so it can fail).
    expect(tracesBefore).toEqual(
      expect.arrayContaining([expect.stringMatching(/^up_users\.email: /), expect.stringMatching(/^lms_certificates\.learner_name: /), `lms_enrollments.user_id = ${learner.id}`]),
    );
    expect(await personalTraces()).toEqual([]);
  }, 120_000);

  it('keeps the account row anonymised and blocked, and the payment with its amounts but no person', async () => {
    const [user] = await sql<{ email: string; username: string; full_name: string | null; password: string | null; blocked: boolean }>(
      'SELECT email, username, full_name, password, blocked FROM up_users WHERE id = $1',
      [learner.id],
    );
    const tag = request.reference.slice('erased:'.length);
    expect(user).toEqual({ email: `erased-${tag}@erased.invalid`, username: `erased-${tag}`, full_name: null, password: null, blocked: true });
    const [payment] = await sql<{ user_id: number | null; amount_gross: string }>('SELECT user_id, amount_gross FROM lms_payments WHERE id = $1', [paymentId]);
    expect(payment).toEqual({ user_id: null, amount_gross: String(PRICE) });
  });

  it('leaves every ledger transaction balanced, the sale unchanged', async () => {
    const unbalanced = await sql('SELECT transaction_id, currency, SUM(amount) AS total FROM lms_ledger_entries GROUP BY transaction_id, currency HAVING SUM(amount) <> 0');
    expect(unbalanced).toEqual([]);
    const after = await sql(
      `SELECT e.transaction_id, e.account, e.amount FROM lms_ledger_entries e JOIN lms_ledger_transactions t ON t.id = e.transaction_id
        WHERE t.payment_id = $1 ORDER BY e.id`,
      [paymentId],
    );
    expect(after).toEqual(ledgerBefore);
  });

  it('still reverses a refund that arrives after the erasure, without linking the person again', async () => {
    await refundSale();
    const unbalanced = await sql('SELECT transaction_id FROM lms_ledger_entries GROUP BY transaction_id, currency HAVING SUM(amount) <> 0');
    expect(unbalanced).toEqual([]);
    const [payment] = await sql<{ user_id: number | null; amount_refunded: string }>('SELECT user_id, amount_refunded FROM lms_payments WHERE id = $1', [paymentId]);
    expect(payment).toEqual({ user_id: null, amount_refunded: String(PRICE) });
    expect(await sql('SELECT id FROM lms_enrollments WHERE user_id = $1', [learner.id])).toEqual([]);
  });

  it('verifies the certificate as issued, holder erased', async () => {
    const res = await getJson<VerifyCertificateResponse>(`/api/lms-grading/certificates/verify/${certificateCode}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ code: certificateCode, status: 'valid', holderErased: true, learnerName: '' });
    const [row] = await sql<{ code: string; sha256: string }>('SELECT code, sha256 FROM lms_certificates WHERE code = $1', [certificateCode]);
    expect(row?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('removes the learner from every leaderboard in Redis', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${inject('redisPrefix')}:gamification:lb:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const members = await redis.zrange(key, 0, -1);
        expect(members.filter((m) => Number(m) === learner.id), key).toEqual([]);
      }
    } finally {
      redis.disconnect();
    }
  });

  it('deletes the uploaded file, the certificate PDF and the export archive', async () => {
    for (const url of [exportFileUrl, assignmentFileUrl, certificatePdfUrl]) expect((await fetch(url)).status, url).toBe(404);
    expect(await sql('SELECT id FROM lms_privacy_exports WHERE user_id = $1', [learner.id])).toEqual([]);
  });
});
