import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  AdminCertificateListResponse,
  AdminCertificateResponse,
  MyCertificate,
  MyCertificatesResponse,
  VerifyCertificateResponse,
} from '../../plugins/lms-grading/server/src/certificates/contracts';
import { generateVerificationCode } from '../../plugins/lms-grading/server/src/domain';
import { createDownloadSigner } from '../../plugins/lms-grading/server/src/storage/signed-url';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { connect, CONTENT_MANAGER, publishDoc, richText } from '../harness/content';
import { registerLearner, type Learner } from '../harness/learners';
import { instructorAdmins, sql } from '../harness/pg';
import { repoRoot } from '../harness/stack';

/**
 * Certificates against the real stack: courses and a certificate template authored through the
 * admin's content-manager, learners enrolling and completing lessons over HTTP, course.completed
 * going through the outbox and Redis to the consumer, the PDF downloaded through its signed link
 * and checked with qpdf and poppler. Redelivery is provoked the way it happens in production: the
 * outbox row sent again, and a second course.completed for the same enrollment.
 */

const API = '/api/lms-grading';
const run = Date.now().toString(36);
const CONSUMER = 'lms-grading-certificates';
const LEARNER_NAME = 'Zoë Ångström-Đoković';
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-cert-test-'));
/** Page renders are kept here for a person to look at (the test prints the paths). */
const LOOK_DIR = path.join(repoRoot, 'test-results', 'certificates');

let admin: Record<string, string>;

async function upload(name: string, bytes: Buffer, type: string): Promise<number> {
  const form = new FormData();
  form.append('files', new Blob([bytes], { type }), name);
  const res = await fetch(cmsUrl('/upload'), { method: 'POST', headers: admin, body: form });
  const body = (await res.json()) as Array<{ id: number }>;
  if (res.status !== 201 || !body[0]) throw new Error(`upload ${name}: ${res.status} ${JSON.stringify(body)}`);
  return body[0].id;
}

async function courseWithLessons(slug: string, title: string, lessons: number, templateId?: string): Promise<{ id: string; title: string; lessons: string[] }> {
  const id = await publishDoc(admin, 'api::course.course', {
    title,
    slug: `cert-${slug}-${run}`,
    summary: `A course for the certificate tests (${slug})`,
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
    ...(templateId ? { certificateTemplate: connect(templateId) } : {}),
  });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(id), dripType: 'none' });
  const ids: string[] = [];
  for (let i = 0; i < lessons; i += 1) {
    ids.push(
      await publishDoc(admin, 'api::lesson.lesson', {
        title: `Lesson ${i + 1} of ${slug}`,
        slug: `cert-${slug}-lesson-${i + 1}-${run}`,
        order: i,
        freePreview: false,
        estimatedMinutes: 5,
        section: connect(section),
        blocks: [richText(`Body of lesson ${i + 1}`)],
      }),
    );
  }
  return { id, title, lessons: ids };
}

async function completeCourse(learner: Learner, course: { id: string; lessons: string[] }): Promise<number> {
  const enrolled = await sendJson<{ data: { id: number } }>('POST', '/api/lms-enrollment/enrollments', { course: course.id }, learner.auth);
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
  for (const lesson of course.lessons) {
    const done = await sendJson('POST', `/api/lms-enrollment/lessons/${lesson}/complete`, {}, learner.auth);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  }
  return enrolled.body.data.id;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const myCertificates = async (learner: Learner) => {
  const res = await getJson<MyCertificatesResponse>(`${API}/me/certificates`, { headers: learner.auth });
  expect(res.status).toBe(200);
  return res.body.data;
};

const certificateRows = (enrollmentId: number) =>
  sql<{ id: number; code: string; sha256: string; file_key: string; status: string; learner_name: string; template_document_id: string | null }>(
    'SELECT * FROM lms_certificates WHERE enrollment_id = $1',
    [enrollmentId],
  );

const issuedEvents = (certificateId: number) => sql(`SELECT id FROM lms_outbox WHERE type = 'certificate.issued' AND (payload->>'certificateId')::int = $1`, [certificateId]);

const consumed = async (eventId: string) => (await sql('SELECT 1 FROM lms_consumed_events WHERE event_id = $1 AND consumer = $2', [eventId, CONSUMER])).length > 0;

/** A second course.completed for the same enrollment, as a repeated completion would write it. */
async function emitCompletedAgain(enrollmentId: number): Promise<string> {
  const [original] = await sql<{ payload: Record<string, unknown> }>(`SELECT payload FROM lms_outbox WHERE type = 'course.completed' AND (payload->>'enrollmentId')::int = $1`, [enrollmentId]);
  expect(original, `course.completed of enrollment ${enrollmentId}`).toBeDefined();
  const id = randomUUID();
  await sql(
    `INSERT INTO lms_outbox (event_id, type, version, payload, occurred_at, created_at, available_at, attempts)
     VALUES ($1, 'course.completed', 1, $2, now(), now(), now(), 0)`,
    [id, JSON.stringify(original?.payload)],
  );
  return id;
}

async function download(url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

function tool(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is missing (install qpdf and poppler-utils): ${r.error.message}`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The checks every issued PDF must pass; returns its text. */
function checkPdf(bytes: Buffer, label: string): string {
  const file = path.join(workDir, `${label}.pdf`);
  fs.writeFileSync(file, bytes);
  const check = tool('qpdf', ['--check', file]);
  expect(check.status, check.out).toBe(0);
  expect(check.out).toContain('No syntax or stream encoding errors found');
  const fonts = tool('pdffonts', [file])
    .out.split('\n')
    .slice(2)
    .filter((l) => l.trim());
  expect(fonts.length).toBeGreaterThan(0);
  for (const line of fonts) {
    // name type encoding emb sub uni object ID: "emb" is the 4th column from the right of "type"
    const columns = line.trim().split(/\s+/);
    expect(columns[columns.length - 5], line).toBe('yes');
  }
  return tool('pdftotext', ['-enc', 'UTF-8', file, '-']).out.normalize('NFC');
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let learner: Learner;
let other: Learner;
let templateId: string;
let course: { id: string; title: string; lessons: string[] };
let plainCourse: { id: string; title: string; lessons: string[] };
let enrollmentId: number;
let mine: MyCertificate;

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  const logo = await upload(`cert-logo-${run}.png`, fs.readFileSync(path.join(repoRoot, 'database/seed/media/certificate-logo.png')), 'image/png');
  // A WebP signature: the service converts what the renderer cannot place.
  const webp = await sharp({ create: { width: 360, height: 90, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: Buffer.from('<svg width="360" height="90"><path d="M10 70 C 80 10, 120 90, 200 30 S 300 60, 350 20" stroke="#1b2a4a" stroke-width="5" fill="none"/></svg>'), top: 0, left: 0 }])
    .webp()
    .toBuffer();
  const signature = await upload(`cert-signature-${run}.webp`, webp, 'image/webp');
  templateId = await publishDoc(admin, 'api::certificate-template.certificate-template', {
    name: `Certificate test template ${run}`,
    orientation: 'landscape',
    logo,
    signature,
    signatoryName: 'Thandi Nkosi',
    signatoryTitle: 'Head of Learning',
    titleText: 'Certificate of Completion',
    bodyText: 'This certifies that {learner} completed {course} on {date}. Verification code: {code}.',
    primaryColor: '#0b6b61',
    textColor: '#222222',
    font: 'serif',
  });
  course = await courseWithLessons('tmpl', `Certificates: Ελληνικά и кириллица ${run}`, 2, templateId);
  plainCourse = await courseWithLessons('plain', `Certificates without a template ${run}`, 1);

  learner = await registerLearner('cert-learner', run, { emailAsUsername: true });
  other = await registerLearner('cert-other', run, { emailAsUsername: true });
  // The name printed on certificates is the user's fullName (cms extension), set by an admin here.
  const [row] = await sql<{ document_id: string }>('SELECT document_id FROM up_users WHERE id = $1', [learner.id]);
  const named = await sendJson('PUT', `${CONTENT_MANAGER}/plugin::users-permissions.user/${row?.document_id}`, { fullName: LEARNER_NAME }, admin);
  expect(named.status, JSON.stringify(named.body)).toBe(200);

  enrollmentId = await completeCourse(learner, course);
  mine = await until('the certificate to be issued', async () => (await myCertificates(learner))[0]);
}, 240_000);

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('issuing on course.completed', () => {
  it('issues one certificate for the completed enrollment, listed for its learner', async () => {
    expect(mine).toMatchObject({ status: 'valid', course: { documentId: course.id, title: course.title }, revokedAt: null });
    expect(mine.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(mine.verificationUrl).toMatch(new RegExp(`^https?://[^/]+/verify/${mine.code}$`));
    expect(mine.downloadUrl).toMatch(new RegExp(`^${inject('cmsUrl')}/api/lms-grading/files/v1\\.`));
    expect(Date.parse(mine.downloadExpiresAt ?? '') - Date.now()).toBeGreaterThan(50 * 60 * 1000);
    const rows = await certificateRows(enrollmentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ code: mine.code, status: 'valid', learner_name: LEARNER_NAME, template_document_id: templateId });
    expect(await issuedEvents(Number(rows[0]?.id))).toHaveLength(1);
  });

  it('stays one certificate when course.completed is delivered again, with the same or a new event id', async () => {
    const [original] = await sql<{ id: number; event_id: string }>(`SELECT id, event_id FROM lms_outbox WHERE type = 'course.completed' AND (payload->>'enrollmentId')::int = $1`, [enrollmentId]);
    // The relay sends the same row again (as after a crash between sending and marking it sent).
    await sql('UPDATE lms_outbox SET relayed_at = NULL, available_at = now() WHERE id = $1', [original?.id]);
    // And a second fact for the same enrollment, with its own id (the consumer's marker does not stop it).
    const second = await emitCompletedAgain(enrollmentId);
    await until('the second event to be consumed', async () => consumed(second));
    await until('the original row to be relayed again', async () => (await sql('SELECT 1 FROM lms_outbox WHERE id = $1 AND relayed_at IS NOT NULL', [original?.id])).length > 0);
    const rows = await certificateRows(enrollmentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.code).toBe(mine.code);
    expect(await issuedEvents(Number(rows[0]?.id))).toHaveLength(1);
    expect(await myCertificates(learner)).toHaveLength(1);
  });

  it('issues once when two deliveries race for a fresh completion, with the default template when the course has none', async () => {
    const enrollment = await completeCourse(learner, plainCourse);
    const duplicate = await emitCompletedAgain(enrollment);
    await until('both deliveries', async () => consumed(duplicate));
    const [row] = await until('the certificate', async () => {
      const rows = await certificateRows(enrollment);
      return rows.length ? rows : null;
    });
    expect(await certificateRows(enrollment)).toHaveLength(1);
    expect(row?.template_document_id).toBeNull();
    expect(await issuedEvents(Number(row?.id))).toHaveLength(1);
    const listed = (await myCertificates(learner)).find((c) => c.course.documentId === plainCourse.id);
    const pdf = await download(listed?.downloadUrl ?? '');
    expect(pdf.status).toBe(200);
    const text = checkPdf(pdf.bytes, 'default-template');
    // The title is set in spaced capitals, which pdftotext reads letter by letter.
    expect(text.replace(/\s+/g, '')).toContain('CERTIFICATEOFCOMPLETION');
    expect(text).toContain(LEARNER_NAME);
    expect(text).toContain(row?.code);
    expect(sha256(pdf.bytes)).toBe(row?.sha256);
  });
});

describe('the PDF', () => {
  it('is valid, embeds its fonts, prints name, course and code, and matches the stored SHA-256', async () => {
    const pdf = await download(mine.downloadUrl ?? '');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="certificate-[a-z0-9-]+-[0-9A-Z-]{19}\.pdf"/);
    expect(pdf.headers.get('cache-control')).toBe('private, no-store');
    const text = checkPdf(pdf.bytes, 'issued');
    expect(text).toContain(LEARNER_NAME);
    expect(text.replace(/\s+/g, ' ')).toContain(course.title);
    expect(text).toContain(mine.code);
    expect(text).toContain('Thandi Nkosi');
    const [row] = await certificateRows(enrollmentId);
    expect(sha256(pdf.bytes)).toBe(row?.sha256);
    // The logo and the (converted) WebP signature are on the page.
    expect(tool('pdfimages', ['-list', path.join(workDir, 'issued.pdf')]).out.split('\n').slice(2).filter((l) => l.trim()).length).toBeGreaterThanOrEqual(2);

    // A page render for a person to look at.
    fs.mkdirSync(LOOK_DIR, { recursive: true });
    const png = path.join(LOOK_DIR, 'issued');
    expect(tool('pdftoppm', ['-png', '-r', '60', '-singlefile', path.join(workDir, 'issued.pdf'), png]).status).toBe(0);
    console.info(`certificate page rendered to ${png}.png`);
  });
});

describe('download links', () => {
  it('refuse a tampered, a foreign or an expired token, and garbage', async () => {
    const url = new URL(mine.downloadUrl ?? '');
    const token = url.pathname.split('/').pop() as string;
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const swapped = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), f: 'renamed.pdf' })).toString('base64url');
    const tampered = await getJson<{ error: { message: string } }>(`${API}/files/${version}.${swapped}.${signature}`);
    expect(tampered.status).toBe(403);
    expect(tampered.body.error.message).toMatch(/not valid/);

    const foreign = createDownloadSigner(['not-this-deployments-key']).sign({ key: 'certificates/x/y.pdf', filename: 'x.pdf', contentType: 'application/pdf', expiresInSeconds: 60 }).token;
    expect((await getJson(`${API}/files/${foreign}`)).status).toBe(403);

    // Signed with the stack's own keys (the global setup put them in this process's environment), an hour ago.
    const appKeys = inject('appKeys').split(',').filter(Boolean);
    expect(appKeys.length, 'APP_KEYS of the stack in the test environment').toBeGreaterThanOrEqual(2);
    const [row] = await certificateRows(enrollmentId);
    const expired = createDownloadSigner(appKeys).sign({ key: row?.file_key as string, filename: 'c.pdf', contentType: 'application/pdf', expiresInSeconds: 60 }, new Date(Date.now() - 3600_000)).token;
    const refused = await getJson<{ error: { message: string } }>(`${API}/files/${expired}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/expired/);
    // The same file with a fresh token of the stack's keys downloads: the expiry was the only problem.
    const fresh = createDownloadSigner(appKeys).sign({ key: row?.file_key as string, filename: 'c.pdf', contentType: 'application/pdf', expiresInSeconds: 60 }).token;
    expect((await download(cmsUrl(`${API}/files/${fresh}`))).status).toBe(200);

    const junk = await getJson<{ error: { message: string } }>(`${API}/files/not-a-token`);
    expect(junk.status).toBe(400);
    expect(junk.body.error.message).toMatch(/^params\.token:/);
  });

  it("give another learner nothing: their list is empty and the admin routes refuse them", async () => {
    expect(await myCertificates(other)).toEqual([]);
    const [row] = await certificateRows(enrollmentId);
    for (const p of ['/lms-grading/admin/certificates', `/lms-grading/admin/certificates/${row?.id}/file`]) {
      const res = await fetch(cmsUrl(p), { headers: other.auth });
      expect([401, 403], p).toContain(res.status);
    }
    expect([401, 403]).toContain((await getJson(`${API}/me/certificates`)).status);
  });
});

describe('public verification', () => {
  it('answers valid with the printed name, course and date, for the code typed any way', async () => {
    for (const typed of [mine.code, mine.code.toLowerCase().replace(/-/g, ' '), mine.verificationUrl]) {
      const res = await getJson<VerifyCertificateResponse>(`${API}/certificates/verify/${encodeURIComponent(typed)}`);
      expect(res.status, typed).toBe(200);
      expect(res.body.data).toEqual({
        code: mine.code,
        status: 'valid',
        learnerName: LEARNER_NAME,
        holderErased: false,
        course: { documentId: course.id, title: course.title },
        issuedAt: mine.issuedAt,
        revokedAt: null,
        verificationUrl: mine.verificationUrl,
      });
    }
  });

  it('answers 404 for an unknown code and 400 naming the code for one that cannot be a code', async () => {
    const unknown = await getJson<{ error: { message: string } }>(`${API}/certificates/verify/${generateVerificationCode()}`);
    expect(unknown.status).toBe(404);
    const typo = mine.code.slice(0, -1) + (mine.code.endsWith('0') ? '1' : '0');
    const bad = await getJson<{ error: { message: string; details: { field: string } } }>(`${API}/certificates/verify/${typo}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^params\.code: this code has a typo/);
    const short = await getJson<{ error: { message: string } }>(`${API}/certificates/verify/ABC`);
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/^params\.code: a verification code has 16 characters/);
  });

  it('verifies the seeded demo certificate at once', async () => {
    const [seeded] = await sql<{ code: string }>(`SELECT c.code FROM lms_certificates c JOIN up_users u ON u.id = c.user_id WHERE u.email = 'emma.vandermerwe@example.com'`);
    expect(seeded?.code).toBeDefined();
    const res = await getJson<VerifyCertificateResponse>(`${API}/certificates/verify/${seeded?.code}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'valid', learnerName: 'Emma van der Merwe', course: { title: 'Git for Everyday Work' } });
  });
});

describe('admin', () => {
  const list = (q: string) => getJson<AdminCertificateListResponse>(`/lms-grading/admin/certificates?q=${encodeURIComponent(q)}`, { headers: admin });

  it('finds a certificate by learner email, printed name, course title or code typed any way', async () => {
    for (const q of [learner.email, 'ångström', course.title.slice(0, 24), mine.code.toLowerCase().replace(/-/g, ''), mine.code.slice(0, 9)]) {
      const res = await list(q);
      expect(res.status, q).toBe(200);
      expect(res.body.data.map((c) => c.code), q).toContain(mine.code);
    }
    const hit = (await list(mine.code)).body.data.find((c) => c.code === mine.code);
    expect(hit).toMatchObject({ learner: { id: learner.id, email: learner.email, name: LEARNER_NAME }, enrollmentId, templateDocumentId: templateId, status: 'valid' });
    expect((await list('nothing-matches-this')).body).toMatchObject({ data: [], meta: { pagination: { total: 0 } } });
    expect((await getJson('/lms-grading/admin/certificates?pageSize=500', { headers: admin })).status).toBe(400);
  });

  it('is refused to an instructor (certificates.manage is for admins)', async () => {
    const [instructor] = await instructorAdmins();
    const auth = await adminAuth(instructor?.email as string, inject('seedPassword'));
    expect((await getJson('/lms-grading/admin/certificates', { headers: auth })).status).toBe(403);
  });

  it('downloads the stored PDF', async () => {
    const [row] = await certificateRows(enrollmentId);
    const res = await fetch(cmsUrl(`/lms-grading/admin/certificates/${row?.id}/file`), { headers: admin });
    expect(res.status).toBe(200);
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(row?.sha256);
  });

  it('regenerates with the current template: same code and date, new file and checksum, old link dead', async () => {
    const [before] = await certificateRows(enrollmentId);
    // The template changes after issue (a new title); regeneration renders with it.
    const updated = await sendJson('PUT', `${CONTENT_MANAGER}/api::certificate-template.certificate-template/${templateId}`, { titleText: 'Certificate of Achievement' }, admin);
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect((await sendJson('POST', `${CONTENT_MANAGER}/api::certificate-template.certificate-template/${templateId}/actions/publish`, {}, admin)).status).toBe(200);

    const res = await sendJson<AdminCertificateResponse>('POST', `/lms-grading/admin/certificates/${before?.id}/regenerate`, {}, admin);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ code: mine.code, issuedAt: mine.issuedAt, status: 'valid' });
    expect(res.body.data.regeneratedAt).not.toBeNull();
    const [after] = await certificateRows(enrollmentId);
    expect(after?.code).toBe(before?.code);
    expect(after?.sha256).not.toBe(before?.sha256);
    expect(after?.file_key).not.toBe(before?.file_key);
    expect(res.body.data.sha256).toBe(after?.sha256);

    // The link handed out before points at the removed file.
    expect((await download(mine.downloadUrl ?? '')).status).toBe(404);
    const [fresh] = await myCertificates(learner).then((l) => l.filter((c) => c.code === mine.code));
    const pdf = await download(fresh?.downloadUrl ?? '');
    expect(pdf.status).toBe(200);
    expect(sha256(pdf.bytes)).toBe(after?.sha256);
    const text = checkPdf(pdf.bytes, 'regenerated');
    expect(text.replace(/\s+/g, '')).toContain('CERTIFICATEOFACHIEVEMENT');
    expect(text).toContain(mine.code);
  });

  it('revokes with a reason (required), after which verification says revoked and nothing more can be done', async () => {
    const [row] = await certificateRows(enrollmentId);
    const noReason = await sendJson<{ error: { message: string } }>('POST', `/lms-grading/admin/certificates/${row?.id}/revoke`, {}, admin);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/^body\.reason:/);
    expect((await sendJson('POST', '/lms-grading/admin/certificates/999999999/revoke', { reason: 'no such certificate' }, admin)).status).toBe(404);

    const revoked = await sendJson<AdminCertificateResponse>('POST', `/lms-grading/admin/certificates/${row?.id}/revoke`, { reason: 'Issued in error: the final assessment was not taken' }, admin);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body.data).toMatchObject({ status: 'revoked', revokedReason: 'Issued in error: the final assessment was not taken' });
    expect(revoked.body.data.revokedBy).toMatch(/^admin:\d+$/);

    const verified = await getJson<VerifyCertificateResponse>(`${API}/certificates/verify/${mine.code}`);
    expect(verified.status).toBe(200);
    expect(verified.body.data.status).toBe('revoked');
    expect(verified.body.data.revokedAt).toBe(revoked.body.data.revokedAt);
    // The reason is kept for the record, not published.
    expect(JSON.stringify(verified.body)).not.toContain('final assessment');

    const listed = (await myCertificates(learner)).find((c) => c.code === mine.code);
    expect(listed).toMatchObject({ status: 'revoked', downloadUrl: null });
    expect((await sendJson('POST', `/lms-grading/admin/certificates/${row?.id}/revoke`, { reason: 'again' }, admin)).status).toBe(400);
    const regenerate = await sendJson<{ error: { message: string } }>('POST', `/lms-grading/admin/certificates/${row?.id}/regenerate`, {}, admin);
    expect(regenerate.status).toBe(400);
    expect(regenerate.body.error.message).toMatch(/is revoked/);
    expect((await sql(`SELECT 1 FROM lms_outbox WHERE type = 'certificate.revoked' AND (payload->>'certificateId')::int = $1`, [row?.id])).length).toBe(1);
  });
});
