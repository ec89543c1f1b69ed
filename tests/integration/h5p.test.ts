import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GradebookResponse, MyGradesResponse } from '../../plugins/lms-grading/server/src/gradebook/contracts';
import type { MyResultsResponse, PlayerResponse, XapiResponse } from '../../plugins/lms-h5p/server/src/contracts';
import { buildZip, greetingCardPackage, type ZipEntryInput } from '../../plugins/lms-h5p/server/src/testing/zip';
import { createInstructor } from '../harness/admin-users';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { createH5pCourse, draftH5pBlock, H5P_FIXTURES, MULTICHOICE, publishLesson, uploadH5p, type H5pCourse } from '../harness/h5p';
import { enroll, registerLearner, type Learner } from '../harness/learners';
import { sql } from '../harness/pg';
import { startS3Cms, type S3Cms } from '../harness/s3-cms';
import { repoRoot } from '../harness/stack';

/**
 * lms-h5p against the real stack: packages uploaded through the admin API (multipart, as the
 * admin page sends them), refused ones leaving nothing behind (no row, no media file, no extracted
 * file), the extracted package served by the upload provider (local here; S3 goes through the same
 * provider API), and xAPI statements turned into a stored result, lesson progress and an
 * `h5p.scored` event in the outbox.
 */

const run = Date.now().toString(36);
const GREETING = path.join(H5P_FIXTURES, 'greetingcard');
const UPLOADS = path.join(repoRoot, 'cms', 'public', 'uploads', 'h5p');
const card = (change: (e: ZipEntryInput[]) => ZipEntryInput[]) => greetingCardPackage(GREETING, change);
const answered = (scaled: number, extra: Record<string, unknown> = {}) => ({
  actor: { name: 'learner', mbox: 'mailto:learner@example.com', objectType: 'Agent' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  object: { id: 'http://localhost:4321/learn/x/y', objectType: 'Activity' },
  result: { score: { min: 0, max: 1, raw: scaled, scaled }, completion: true, success: scaled >= 1, duration: 'PT3S' },
  ...extra,
});

let admin: Record<string, string>;
let course: H5pCourse;
let draftBlockId: number;

const counts = async () => {
  const [packages] = await sql<{ n: string }>('SELECT count(*) AS n FROM lms_h5p_packages');
  const [files] = await sql<{ n: string }>('SELECT count(*) AS n FROM files');
  const folders = fs.existsSync(UPLOADS) ? fs.readdirSync(UPLOADS).length : 0;
  return { packages: Number(packages?.n), files: Number(files?.n), folders };
};

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  course = await createH5pCourse(admin, 'int', run);
  draftBlockId = (await draftH5pBlock(admin, course.lessonId)).block.id;
});

describe('uploading packages through the admin API', () => {
  // Each archive is built here; each must be refused with 400 naming the problem.
  const bad: Array<[string, Buffer, string, RegExp]> = [
    ['path traversal', card((e) => [...e, { name: 'content/../../../../tmp/evil.json', data: '{}' }]), 'unsafe-path', /climbs out of the package/],
    ['absolute path', card((e) => [...e, { name: '/etc/evil.txt', data: 'x' }]), 'unsafe-path', /absolute path/],
    ['symlink', card((e) => [...e, { name: 'content/passwd.txt', data: '/etc/passwd', method: 'store', unixMode: 0o120777 }]), 'symlink', /symbolic link/],
    ['zip bomb (lying header)', card((e) => [...e, { name: 'content/bomb.txt', data: Buffer.alloc(8 * 1024 * 1024), declaredSize: 100 }]), 'size-mismatch', /zip bomb/],
    ['bad h5p.json', card((e) => e.map((x) => (x.name === 'h5p.json' ? { ...x, data: '{"mainLibrary": ' } : x))), 'bad-json', /h5p\.json.*not valid JSON/],
    [
      'missing dependency',
      card((e) =>
        e.map((x) =>
          x.name === 'h5p.json'
            ? { ...x, data: JSON.stringify({ ...JSON.parse(String(x.data)), preloadedDependencies: [{ machineName: 'H5P.GreetingCard', majorVersion: '1', minorVersion: '0' }, { machineName: 'H5P.Question', majorVersion: '1', minorVersion: '4' }] }) }
            : x,
        ),
      ),
      'missing-library',
      /H5P\.Question 1\.4/,
    ],
    ['forbidden extension', card((e) => [...e, { name: 'content/shell.php', data: '<?php system($_GET[1]);' }]), 'forbidden-extension', /shell\.php/],
    ['not a zip', Buffer.from('this is not a zip archive at all, just text'), 'not-a-zip', /not a zip archive/],
    ['empty zip', buildZip([]), 'missing-h5p-json', /no h5p\.json/],
  ];

  it.each(bad)('refuses %s with 400 naming the problem, storing nothing', async (_label, bytes, code, message) => {
    const before = await counts();
    const res = await uploadH5p(admin, bytes, 'activity.h5p', { lesson: course.lessonId, block: draftBlockId });
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.code).toBe(code);
    expect(res.body.error?.message).toMatch(message);
    expect(res.body.error?.message).toMatch(/^file: "activity\.h5p" is not a usable H5P package: /);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file that is not .h5p, and a lesson or block that does not exist', async () => {
    expect((await uploadH5p(admin, MULTICHOICE, 'activity.zip')).body.error?.details?.code).toBe('not-h5p');
    const noBlock = await uploadH5p(admin, MULTICHOICE, 'activity.h5p', { lesson: course.lessonId, block: 999_999 });
    expect(noBlock.status).toBe(400);
    expect(noBlock.body.error?.message).toMatch(new RegExp(`has no H5P block 999999; its H5P blocks are ${draftBlockId}`));
    expect((await uploadH5p(admin, MULTICHOICE, 'activity.h5p', { lesson: 'nosuchlesson', block: draftBlockId })).status).toBe(404);
  });

  it('lets an instructor change only their own courses’ lessons', async () => {
    const stranger = await createInstructor(admin, 'h5p-stranger', run);
    const lessons = await getJson<{ data: Array<{ documentId: string }> }>('/lms-h5p/lessons', { headers: stranger.auth });
    expect(lessons.status).toBe(200);
    expect(lessons.body.data.map((l) => l.documentId)).not.toContain(course.lessonId);
    const before = await counts();
    const refused = await uploadH5p(stranger.auth, MULTICHOICE, 'H5P.MultiChoice.h5p', { lesson: course.lessonId, block: draftBlockId });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.details?.code).toBe('not-your-course');
    expect(await counts()).toEqual(before);
  });

  it('has extracted the demo seed’s package (the seed uploads it through the upload plugin)', async () => {
    const [seeded] = await sql<{ base_url: string; main_library: string }>(
      `SELECT p.base_url, p.main_library FROM lms_h5p_packages p JOIN files f ON f.id = p.file_id WHERE f.name = 'H5P.MultiChoice.h5p' ORDER BY p.id LIMIT 1`,
    );
    expect(seeded?.main_library).toBe('H5P.MultiChoice 1.14');
    expect((await fetch(cmsUrl(`${seeded?.base_url}content/content.json`))).status).toBe(200);
  });

  it('refuses callers without an admin session', async () => {
    const form = new FormData();
    form.append('file', new Blob([MULTICHOICE]), 'activity.h5p');
    expect((await fetch(cmsUrl('/lms-h5p/packages'), { method: 'POST', body: form })).status).toBe(401);
  });

  it('stores the MultiChoice package: media file, extracted files on the provider, row, block attached', async () => {
    const res = await uploadH5p(admin, MULTICHOICE, 'H5P.MultiChoice.h5p', { lesson: course.lessonId, block: draftBlockId });
    expect(res.status).toBe(201);
    const pkg = res.body.data.package;
    expect(pkg).toMatchObject({ title: 'Multiple Choice', mainLibrary: 'H5P.MultiChoice 1.14', fileCount: 187 });
    expect(res.body.data.attachedTo).toEqual({ lesson: course.lessonId, lessonTitle: course.lessonTitle, block: draftBlockId });
    expect(pkg.baseUrl).toMatch(/^\/uploads\/h5p\/[^/]+\/$/);

    const [media] = await sql<{ name: string; ext: string; url: string }>('SELECT name, ext, url FROM files WHERE id = $1', [pkg.fileId]);
    expect(media).toMatchObject({ name: 'H5P.MultiChoice.h5p', ext: '.h5p' });

    // The provider serves the extracted files, to the site's origin too (CORS), byte for byte.
    const h5pJson = await fetch(cmsUrl(`${pkg.baseUrl}h5p.json`), { headers: { origin: inject('cmsUrl') } });
    expect(h5pJson.status).toBe(200);
    expect(h5pJson.headers.get('access-control-allow-origin')).toBe(inject('cmsUrl'));
    expect(((await h5pJson.json()) as { mainLibrary: string }).mainLibrary).toBe('H5P.MultiChoice');
    const script = await fetch(cmsUrl(`${pkg.baseUrl}H5P.MultiChoice-1.14/js/multichoice.js`));
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(1000);

    const listed = await draftH5pBlock(admin, course.lessonId);
    expect(listed.block.packageFileId).toBe(pkg.fileId);
    expect(listed.block.package?.title).toBe('Multiple Choice');

    // Attaching an uploaded package again, or a media file that is no package, by id.
    const again = await sendJson('POST', '/lms-h5p/attachments', { lesson: course.lessonId, block: draftBlockId, fileId: pkg.fileId }, admin);
    expect(again.status).toBe(200);
    const [pdf] = await sql<{ id: number }>(`SELECT id FROM files WHERE ext <> '.h5p' ORDER BY id LIMIT 1`);
    const notPackage = await sendJson<{ error: { details: { code: string } } }>('POST', '/lms-h5p/attachments', { lesson: course.lessonId, block: draftBlockId, fileId: pdf?.id }, admin);
    expect(notPackage.status).toBe(400);
    expect(notPackage.body.error.details.code).toBe('not-a-package');
  });
});

describe('xAPI statements from the player', () => {
  let learner: Learner;
  let outsider: Learner;
  let blockId: number;

  beforeAll(async () => {
    // The package was attached to the draft's block; learners see it once the lesson is published.
    await publishLesson(admin, course.lessonId);
    learner = await registerLearner('h5p', run);
    outsider = await registerLearner('h5p-outsider', run);
    await enroll(learner, course.courseId);
    const opened = await getJson<{ data: { blocks: Array<{ __component: string; id: number }> } }>(`/api/lms-enrollment/lessons/${course.lessonId}`, { headers: learner.auth });
    expect(opened.status).toBe(200);
    blockId = opened.body.data.blocks.find((b) => b.__component === 'blocks.h5p')?.id as number;
  });

  it('tells the site where the published block’s package is', async () => {
    const player = await getJson<PlayerResponse>(`/api/lms-h5p/lessons/${course.lessonId}/blocks/${blockId}/player`);
    expect(player.status).toBe(200);
    expect(player.body.data).toMatchObject({ lesson: course.lessonId, block: blockId, graded: true, package: { title: 'Multiple Choice', mainLibrary: 'H5P.MultiChoice 1.14' } });
    // The draft's block is not published: nothing to play there.
    expect((await getJson(`/api/lms-h5p/lessons/${course.lessonId}/blocks/${draftBlockId}/player`)).status).toBe(404);
  });

  const post = (who: Learner, body: unknown) => sendJson<XapiResponse & { error?: { message: string; details?: Record<string, unknown> } }>('POST', '/api/lms-h5p/xapi', body, who.auth);

  it('validates the statement and names the field', async () => {
    const bad = await post(learner, { lesson: course.lessonId, block: blockId, statement: answered(2) });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/body\.statement\.result\.score\.scaled/);
    const noVerb = await post(learner, { lesson: course.lessonId, block: blockId, statement: { result: {} } });
    expect(noVerb.status).toBe(400);
    expect(noVerb.body.error?.message).toMatch(/body\.statement\.verb/);
    const wrongBlock = await post(learner, { lesson: course.lessonId, block: blockId + 100_000, statement: answered(1) });
    expect(wrongBlock.status).toBe(400);
    expect(wrongBlock.body.error?.message).toMatch(new RegExp(`its H5P blocks are ${blockId}`));
    expect((await sendJson('POST', '/api/lms-h5p/xapi', { lesson: course.lessonId, block: blockId, statement: answered(1) })).status).toBe(403);
    const notEnrolled = await post(outsider, { lesson: course.lessonId, block: blockId, statement: answered(1) });
    expect(notEnrolled.status).toBe(403);
    expect(notEnrolled.body.error?.details?.code).toBe('not-enrolled');
    expect(await sql('SELECT 1 FROM lms_h5p_results WHERE lesson_document_id = $1', [course.lessonId])).toHaveLength(0);
  });

  it('accepts and ignores statements without a result', async () => {
    const res = await post(learner, { lesson: course.lessonId, block: blockId, statement: { verb: { id: 'http://adlnet.gov/expapi/verbs/interacted' } } });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ recorded: false, result: null });
  });

  it('turns an answered statement into a result, lesson progress and h5p.scored', async () => {
    const first = await post(learner, { lesson: course.lessonId, block: blockId, statement: answered(0.5) });
    expect(first.status).toBe(200);
    expect(first.body.data.result).toMatchObject({ attempts: 1, latestPercent: 50, bestPercent: 50, passed: false, block: blockId });
    // The H5P block is the lesson's only requirement: the result completes the lesson.
    expect(first.body.data.lesson).toMatchObject({ completedNow: true, refused: null, progress: { status: 'completed', percent: 100 } });
    expect(first.body.data.lesson?.course).toMatchObject({ lessonsCompleted: 1, lessonsTotal: 1, progress: 100 });

    const second = await post(learner, { lesson: course.lessonId, block: blockId, statement: answered(1) });
    expect(second.body.data.result).toMatchObject({ attempts: 2, latestPercent: 100, bestPercent: 100, passed: true });
    expect(second.body.data.lesson?.completedNow).toBe(false);
    const third = await post(learner, { lesson: course.lessonId, block: blockId, statement: answered(0.25) });
    expect(third.body.data.result).toMatchObject({ attempts: 3, latestPercent: 25, bestPercent: 100 });

    const rows = await sql<{ best_bp: number; latest_bp: number; attempts: number }>('SELECT best_bp, latest_bp, attempts FROM lms_h5p_results WHERE user_id = $1', [learner.id]);
    expect(rows).toEqual([{ best_bp: 10_000, latest_bp: 2_500, attempts: 3 }]);
    const progress = await sql<{ status: string }>(
      'SELECT p.status FROM lms_lesson_progress p JOIN lms_enrollments e ON e.id = p.enrollment_id WHERE e.user_id = $1 AND p.lesson_document_id = $2',
      [learner.id, course.lessonId],
    );
    expect(progress).toEqual([{ status: 'completed' }]);
    const events = await sql<{ payload: Record<string, unknown> }>(`SELECT payload FROM lms_outbox WHERE type = 'h5p.scored' AND (payload->>'learnerId')::int = $1 ORDER BY id`, [learner.id]);
    expect(events.map((e) => e.payload.scoreBp)).toEqual([5000, 10_000, 2500]);
    expect(events[2]?.payload).toMatchObject({ courseId: course.courseId, lessonId: course.lessonId, blockId, graded: true, bestScoreBp: 10_000, attempts: 3 });

    const mine = await getJson<MyResultsResponse>(`/api/lms-h5p/me/results?course=${course.courseId}`, { headers: learner.auth });
    expect(mine.body.data).toEqual([expect.objectContaining({ lesson: course.lessonId, bestPercent: 100, latestPercent: 25, attempts: 3 })]);
  });

  it('joins lms-grading\'s gradebook as an activity column (admin JSON, CSV, the learner\'s grades)', async () => {
    const book = await getJson<GradebookResponse>(`/lms-grading/admin/gradebook/${course.courseId}`, { headers: admin });
    expect(book.status).toBe(200);
    expect(book.body.data.activities).toEqual([{ source: 'lms-h5p', key: expect.stringMatching(new RegExp(`^${course.lessonId}:\\d+$`)), title: 'What colour is a blackcurrant?', lessonDocumentId: course.lessonId }]);
    const row = book.body.data.rows.find((r) => r.learner.id === learner.id);
    expect(row?.activities).toEqual([expect.objectContaining({ percent: 100, attempts: 3, passed: true })]);
    // H5P activities do not count toward the course grade (the course has no quiz or assignment).
    expect(row?.courseGrade.totalItems).toBe(0);

    const csv = await fetch(cmsUrl(`/lms-grading/admin/gradebook/${course.courseId}.csv`), { headers: admin });
    const text = await csv.text();
    expect(text.split('\n')[0]).toContain('activity: What colour is a blackcurrant? (percent)');
    expect(text).toContain('100.00');

    const mine = await getJson<MyGradesResponse>(`/api/lms-grading/me/grades?course=${course.courseId}`, { headers: learner.auth });
    expect(mine.body.data[0]?.activities).toEqual([expect.objectContaining({ title: 'What colour is a blackcurrant?', percent: 100, attempts: 3 })]);
  });
});

/** Every file under a folder, recursively (what s3rver keeps on disk per object). */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)])) : [];

describe('with S3_BUCKET set, packages are extracted into the bucket (a local S3-compatible server)', () => {
  let stack: S3Cms;

  beforeAll(async () => {
    stack = await startS3Cms('lms_h5p_s3');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores every file of the package as an object the player can fetch; a refused package stores none', async () => {
    const { baseUrl, s3Port, bucketDir } = stack;
    const register = await fetch(`${baseUrl}/admin/register-admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'h5p-s3-admin@example.com', firstname: 'S3', lastname: 'Admin', password: 'TestPass2026!' }),
    });
    expect(register.status).toBe(200);
    const auth = await adminAuth('h5p-s3-admin@example.com', 'TestPass2026!', baseUrl);

    const refused = await uploadH5p(auth, card((e) => [...e, { name: 'content/../../evil.json', data: '{}' }]), 'evil.h5p', undefined, baseUrl);
    expect(refused.status).toBe(400);
    expect(filesUnder(bucketDir)).toEqual([]);

    const res = await uploadH5p(auth, MULTICHOICE, 'H5P.MultiChoice.h5p', undefined, baseUrl);
    expect(res.status, stack.output().slice(-2000)).toBe(201);
    const pkg = res.body.data.package;
    expect(pkg.baseUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${s3Port}/lms-media/h5p/[^/]+/$`));
    const h5pJson = await fetch(`${pkg.baseUrl}h5p.json`);
    expect(h5pJson.status).toBe(200);
    expect(((await h5pJson.json()) as { mainLibrary: string }).mainLibrary).toBe('H5P.MultiChoice');
    const library = await fetch(`${pkg.baseUrl}H5P.MultiChoice-1.14/library.json`);
    expect(library.status).toBe(200);
    // 187 extracted files and the .h5p itself (s3rver keeps a metadata file beside each object).
    const objects = filesUnder(bucketDir).filter((f) => f.endsWith('._S3rver_object'));
    expect(objects.length).toBe(188);
  }, 120_000);
});
