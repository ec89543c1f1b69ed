import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  AdminGradingCoursesResponse,
  AdminSubmissionListResponse,
  AdminSubmissionResponse,
  AssignmentOverviewResponse,
  SubmitAssignmentResponse,
} from '../../plugins/lms-grading/server/src/assignments/contracts';
import type { ApiErrorBody } from '../../plugins/lms-grading/server/src/quizzes/contracts';
import { makeDocx, makePdf, makeZip } from '../../plugins/lms-grading/server/src/assignments/testing/files';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { createInstructor, type AdminUser } from '../harness/admin-users';
import { connect, CONTENT_MANAGER, publishDoc, richText } from '../harness/content';
import { enroll, registerLearner, type Learner } from '../harness/learners';
import { repoRoot } from '../harness/stack';
import { sql } from '../harness/pg';

/**
 * Assignments of lms-grading against the real stack: content authored through the admin's
 * content-manager API, learners registered through users-permissions, instructors created as
 * admin users with the Instructor role, submissions sent as real multipart/form-data, files
 * read back through their signed links, rows and outbox events checked in PostgreSQL. "Now" is
 * moved per request with x-lms-test-now (NODE_ENV=test and LMS_TEST_CLOCK=true in the harness).
 */

const API = '/api/lms-grading';
const ADMIN = '/lms-grading/admin';
const run = Date.now().toString(36);
const DAY = 24 * 60 * 60 * 1000;
/**
 * The stack's private file folder (the harness gives each stack its own PRIVATE_FILES_DIR and
 * provides it to the test files). The successful submission below finds its files
 * there, which proves the "nothing stored" checks look in the right place.
 */
function privateDir(): string {
  const dir = inject('privateFilesDir');
  if (!dir) throw new Error('privateFilesDir is not provided; the harness sets it for the stack');
  return path.resolve(repoRoot, dir);
}

let admin: Record<string, string>;

const at = (ms: number) => ({ 'x-lms-test-now': new Date(ms).toISOString() });
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Sends a real multipart/form-data request (text and files) the way a browser form does. */
async function submit(
  assignmentId: string,
  learner: Learner,
  parts: { text?: string; files?: Array<{ name: string; bytes: Buffer; type?: string; field?: string }>; extra?: Record<string, string> },
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  if (parts.text !== undefined) form.append('text', parts.text);
  for (const [k, v] of Object.entries(parts.extra ?? {})) form.append(k, v);
  for (const f of parts.files ?? []) form.append(f.field ?? 'files', new Blob([f.bytes], { type: f.type ?? 'application/octet-stream' }), f.name);
  const res = await fetch(cmsUrl(`${API}/assignments/${assignmentId}/submissions`), { method: 'POST', headers: { ...learner.auth, ...headers }, body: form });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as SubmitAssignmentResponse & Omit<ApiErrorBody, 'data'> };
}

const storedFiles = (assignmentId: string): string[] => {
  const dir = path.join(privateDir(), 'assignments', assignmentId);
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(dir, p)).isFile());
};
const submissionRows = (assignmentId: string) =>
  sql<{ id: number; user_id: number; attempt: number; is_current: boolean; status: string; late: boolean; score: number | null; max_score: number | null; pass_score: number | null; passed: boolean | null; grader_admin_id: number | null; grader_name: string | null; rubric_breakdown: string | null; feedback: string | null; return_feedback: string | null; text: string | null }>(
    'SELECT * FROM lms_assignment_submissions WHERE assignment_document_id = $1 ORDER BY user_id, attempt',
    [assignmentId],
  );
const outbox = (type: string, submissionId: number) =>
  sql<{ payload: Record<string, unknown>; actor: Record<string, unknown> | null }>(`SELECT payload, actor FROM lms_outbox WHERE type = $1 AND (payload->>'submissionId')::int = $2 ORDER BY id`, [type, submissionId]);

// Fixture: a free course taught by instructor X with one lesson embedding assignment "Essay"
// (rubric 2 × 3 levels, max 100, pass 60, pdf/docx/txt/zip up to 1 MB, due in a week); a second
// assignment "Reflection" of the same course (no rubric, no resubmission, not in a lesson); a
// second course taught by nobody here.
let course: string;
let otherCourse: string;
let lessonId: string;
let essay: string;
let reflection: string;
let dueDate: number;
let ann: Learner; // enrolled
let ben: Learner; // enrolled
let eve: Learner; // not enrolled
let teacher: AdminUser; // teaches the course
let stranger: AdminUser; // teaches another course

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  teacher = await createInstructor(admin, 'asg-teacher', run);
  stranger = await createInstructor(admin, 'asg-stranger', run);
  const profile = await publishDoc(admin, 'api::instructor.instructor', { name: `Assignment Teacher ${run}`, slug: `asg-teacher-${run}`, adminUser: { connect: [{ id: teacher.id }] } });
  const strangerProfile = await publishDoc(admin, 'api::instructor.instructor', { name: `Other Teacher ${run}`, slug: `asg-stranger-${run}`, adminUser: { connect: [{ id: stranger.id }] } });

  const courseFields = (slug: string) => ({ title: `Assignments ${slug} ${run}`, slug: `asg-${slug}-${run}`, summary: 'Assignment tests', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0 });
  course = await publishDoc(admin, 'api::course.course', { ...courseFields('main'), instructor: connect(profile) });
  otherCourse = await publishDoc(admin, 'api::course.course', { ...courseFields('other'), instructor: connect(strangerProfile) });

  dueDate = Date.now() + 7 * DAY;
  essay = await publishDoc(admin, 'api::assignment.assignment', {
    title: `Essay ${run}`,
    course: connect(course),
    instructions: [{ type: 'paragraph', children: [{ type: 'text', text: 'Argue for or against static types.' }] }],
    maxScore: 100,
    passScore: 60,
    allowResubmission: false,
    allowedFileTypes: 'pdf,docx,txt,zip',
    maxFileSizeMb: 1,
    dueDate: new Date(dueDate).toISOString(),
    rubric: [
      { title: 'Argument', levels: [{ label: 'Weak', points: 0 }, { label: 'Fair', points: 2 }, { label: 'Good', points: 4 }] },
      { title: 'Evidence', levels: [{ label: 'None', points: 0 }, { label: 'Some', points: 2 }, { label: 'Strong', points: 4 }] },
    ],
  });
  reflection = await publishDoc(admin, 'api::assignment.assignment', { title: `Reflection ${run}`, course: connect(course), maxScore: 10, passScore: 5, allowResubmission: false, allowedFileTypes: 'txt' });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(course), dripType: 'none' });
  lessonId = await publishDoc(admin, 'api::lesson.lesson', {
    title: `Write the essay ${run}`,
    slug: `asg-lesson-${run}`,
    order: 0,
    freePreview: false,
    estimatedMinutes: 30,
    section: connect(section),
    blocks: [
      richText('Read, then write.'),
      { __component: 'blocks.assignment', assignment: connect(essay), countsTowardCompletion: true },
    ],
  });

  [ann, ben, eve] = await Promise.all([registerLearner('asg-ann', run), registerLearner('asg-ben', run), registerLearner('asg-eve', run)]);
  for (const l of [ann, ben]) await enroll(l, course);
}, 240_000);

describe('learner routes', () => {
  it('are granted to Authenticated only', async () => {
    const rows = await sql<{ action: string; type: string }>(
      `SELECT p.action, r.type FROM up_permissions p JOIN up_permissions_role_lnk l ON l.permission_id = p.id JOIN up_roles r ON r.id = l.role_id WHERE p.action LIKE 'plugin::lms-grading.assignmentLearner.%'`,
    );
    expect(rows.map((r) => `${r.type} ${r.action}`).sort()).toEqual([
      'authenticated plugin::lms-grading.assignmentLearner.overview',
      'authenticated plugin::lms-grading.assignmentLearner.submit',
    ]);
    expect((await getJson(`${API}/assignments/${essay}`)).status).toBe(403);
  });

  it('refuse a learner who is not enrolled (403), storing nothing', async () => {
    const brief = await getJson<ApiErrorBody>(`${API}/assignments/${essay}`, { headers: eve.auth });
    expect(brief.status).toBe(403);
    expect(brief.body.error).toMatchObject({ message: expect.stringContaining('enroll in'), details: { code: 'not-enrolled' } });
    const res = await submit(essay, eve, { text: 'let me in', files: [{ name: 'essay.pdf', bytes: makePdf('eve') }] });
    expect(res.status).toBe(403);
    expect(await submissionRows(essay)).toEqual([]);
    expect(storedFiles(essay)).toEqual([]);
  });

  it('404 for an unknown or draft assignment', async () => {
    expect((await getJson(`${API}/assignments/nosuchassignment0`, { headers: ann.auth })).status).toBe(404);
    const created = await sendJson<{ data: { documentId: string } }>('POST', `${CONTENT_MANAGER}/api::assignment.assignment`, { title: 'Draft only', course: connect(course), maxScore: 10 }, admin);
    expect((await getJson(`${API}/assignments/${created.body.data.documentId}`, { headers: ann.auth })).status).toBe(404);
  });

  it('show the brief with the rubric and what may be handed in', async () => {
    const res = await getJson<AssignmentOverviewResponse>(`${API}/assignments/${essay}`, { headers: ann.auth });
    expect(res.status).toBe(200);
    expect(res.body.data.assignment).toMatchObject({
      documentId: essay,
      course: { documentId: course },
      dueDate: new Date(dueDate).toISOString(),
      maxScore: 100,
      passScore: 60,
      allowResubmission: false,
      acceptedFileTypes: ['pdf', 'docx', 'txt', 'zip'],
      maxFileSizeMb: 1,
      maxFiles: 5,
    });
    expect(res.body.data.assignment.rubric?.map((c) => [c.title, c.levels.map((l) => `${l.label}:${l.points}`)])).toEqual([
      ['Argument', ['Weak:0', 'Fair:2', 'Good:4']],
      ['Evidence', ['None:0', 'Some:2', 'Strong:4']],
    ]);
    expect(res.body.data.submissions).toEqual([]);
    expect(res.body.data.submit).toEqual({ canSubmit: true, nextAttempt: 1, lateIfNow: false });
    expect((await getJson<AssignmentOverviewResponse>(`${API}/assignments/${essay}`, { headers: { ...ann.auth, ...at(dueDate + 1000) } })).body.data.submit).toMatchObject({ lateIfNow: true });
  });
});

describe('bad submissions are refused with 4xx naming the field, and nothing is written', () => {
  const cases: Array<[string, Parameters<typeof submit>[2], number, string]> = [
    // koa-body lists a form's files in the order their uploads finish, not always the form's: the
    // message names the file itself, which is what the learner reads.
    ['a type the assignment does not accept', { files: [{ name: 'essay.pdf', bytes: makePdf('ok') }, { name: 'tool.exe', bytes: Buffer.from('MZ\x90\x00') }] }, 400, '"tool.exe"'],
    ['a .pdf that is not a PDF', { files: [{ name: 'essay.pdf', bytes: Buffer.from('MZ\x90\x00 an executable renamed') }] }, 400, 'files[0]'],
    ['a .docx that is a PDF', { files: [{ name: 'essay.docx', bytes: makePdf('not word') }] }, 400, 'files[0]'],
    ['a file over the size limit', { files: [{ name: 'big.txt', bytes: Buffer.alloc(1024 * 1024 + 1, 'a') }] }, 413, 'files[0]'],
    ['a path-traversal file name', { files: [{ name: '../../../etc/cron.d/evil.txt', bytes: Buffer.from('x') }] }, 400, 'files[0]'],
    ['a zip-slip archive', { files: [{ name: 'project.zip', bytes: makeZip([{ name: '../../outside.sh', data: 'rm -rf ~' }]) }] }, 400, 'files[0]'],
    ['a zip bomb', { files: [{ name: 'project.zip', bytes: makeZip([{ name: 'zeros.bin', data: Buffer.alloc(32 * 1024 * 1024) }]) }] }, 400, 'files[0]'],
    ['too many files', { files: Array.from({ length: 6 }, (_, i) => ({ name: `n${i}.txt`, bytes: Buffer.from('x') })) }, 400, 'files'],
    ['a file in another field', { files: [{ name: 'essay.pdf', bytes: makePdf('x'), field: 'attachment' }] }, 400, 'attachment'],
    ['an unknown field', { text: 'hi', extra: { score: '100' } }, 400, 'body.score'],
    ['nothing at all', { text: '   ' }, 400, 'text'],
    ['text with NUL characters', { text: 'a\u0000b' }, 400, 'text'],
  ];

  it.each(cases)('%s', async (_what, parts, status, field) => {
    const res = await submit(essay, ann, parts);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const named = field.startsWith('"') ? /^files\[\d\]: /.test(res.body.error.message) && res.body.error.message.includes(field) : res.body.error.message.startsWith(`${field}: `) || res.body.error.details?.field === field;
    expect(named, res.body.error.message).toBe(true);
    expect(await submissionRows(essay)).toEqual([]);
    expect(storedFiles(essay)).toEqual([]);
  });
});

let annSubmission: SubmitAssignmentResponse['data'];
const pdf = makePdf('Static types: an essay by Ann');
const docx = makeDocx('Appendix');

describe('a learner hands in text and files', () => {
  it('stores the attempt, its files (verified types, SHA-256) and the event', async () => {
    const res = await submit(essay, ann, { text: 'My essay is attached.', files: [{ name: 'Essay – final.pdf', bytes: pdf, type: 'application/pdf' }, { name: 'appendix.docx', bytes: docx, type: 'text/plain' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    annSubmission = res.body.data;
    expect(annSubmission).toMatchObject({ attempt: 1, current: true, status: 'submitted', text: 'My essay is attached.', late: false, grade: null, returned: null });
    expect(annSubmission.files.map((f) => [f.filename, f.contentType, f.size, f.sha256])).toEqual([
      ['Essay – final.pdf', 'application/pdf', pdf.length, sha256(pdf)],
      // The client said text/plain; the content says Word.
      ['appendix.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx.length, sha256(docx)],
    ]);
    const [row] = await submissionRows(essay);
    expect(row).toMatchObject({ user_id: ann.id, attempt: 1, is_current: true, status: 'submitted', late: false, score: null });
    const files = await sql<{ file_key: string; sha256: string }>('SELECT file_key, sha256 FROM lms_assignment_files WHERE submission_id = $1 ORDER BY position', [annSubmission.id]);
    expect(files.map((f) => f.sha256)).toEqual([sha256(pdf), sha256(docx)]);
    // Keys are random: the learner's file name never reaches storage.
    for (const f of files) expect(f.file_key).toMatch(new RegExp(`^assignments/${essay}/${ann.id}/[0-9a-f-]{36}$`));
    expect(storedFiles(essay)).toHaveLength(4); // two files and their content-type sidecars
    const [event] = await outbox('assignment.submitted', annSubmission.id);
    expect(event?.payload).toMatchObject({ learnerId: ann.id, courseId: course, assignmentId: essay, attempt: 1, late: false, fileCount: 2 });
  });

  it('refuses a second attempt when resubmission is not allowed (409), writing nothing', async () => {
    const res = await submit(essay, ann, { text: 'second try' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ code: 'already-submitted' });
    expect(await submissionRows(essay)).toHaveLength(1);
  });

  it('flags a submission after the due date as late (server clock)', async () => {
    const res = await submit(essay, ben, { text: 'Sorry, this is late.' }, at(dueDate + 60_000));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ late: true, submittedAt: new Date(dueDate + 60_000).toISOString() });
    const rows = await submissionRows(essay);
    expect(rows.find((r) => r.user_id === ben.id)).toMatchObject({ late: true });
  });

  it('serves the files through the signed links; a tampered or malformed link is refused', async () => {
    const brief = await getJson<AssignmentOverviewResponse>(`${API}/assignments/${essay}`, { headers: ann.auth });
    const [file] = brief.body.data.submissions[0]?.files ?? [];
    expect(file?.downloadUrl).toMatch(/^\/api\/lms-grading\/files\//);
    const download = await fetch(cmsUrl(file!.downloadUrl));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''Essay%20%E2%80%93%20final\.pdf$/);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);

    // Another learner of the course sees only their own submission, never Ann's links.
    const bens = await getJson<AssignmentOverviewResponse>(`${API}/assignments/${essay}`, { headers: ben.auth });
    expect(bens.body.data.submissions.map((s) => s.text)).toEqual(['Sorry, this is late.']);

    // Tampering: point the payload at another key, keep the signature.
    const token = file!.downloadUrl.split('/').pop() as string;
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { k: string };
    forged.k = forged.k.replace(/[0-9a-f-]{36}$/, '00000000-0000-0000-0000-000000000000');
    const tampered = `${version}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expect((await fetch(cmsUrl(`${API}/files/${tampered}`))).status).toBe(403);
    const flipped = `${version}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    expect((await fetch(cmsUrl(`${API}/files/${flipped}`))).status).toBe(403);
    expect((await fetch(cmsUrl(`${API}/files/not-a-token`))).status).toBe(400);
  });
});

describe('admin grading queue, scoped to the instructor’s courses', () => {
  it('lists the course’s submitted work for its instructor and for admins', async () => {
    for (const who of [teacher.auth, admin]) {
      const res = await getJson<AdminSubmissionListResponse>(`${ADMIN}/submissions?status=submitted&course=${course}`, { headers: who });
      expect(res.status).toBe(200);
      expect(res.body.data.map((s) => [s.learner.id, s.assignment.title, s.late, s.fileCount])).toEqual([
        [ann.id, `Essay ${run}`, false, 2],
        [ben.id, `Essay ${run}`, true, 0],
      ]);
      expect(res.body.meta.pagination.total).toBe(2);
    }
    const courses = await getJson<AdminGradingCoursesResponse>(`${ADMIN}/grading-courses`, { headers: teacher.auth });
    expect(courses.body.data).toEqual([{ documentId: course, title: `Assignments main ${run}`, submitted: 2 }]);
  });

  it('hides it from an instructor of another course (403 on the filter, 404 on the submission)', async () => {
    const all = await getJson<AdminSubmissionListResponse>(`${ADMIN}/submissions`, { headers: stranger.auth });
    expect(all.status).toBe(200);
    expect(all.body.data.filter((s) => s.course.documentId === course)).toEqual([]);
    expect((await getJson(`${ADMIN}/submissions?course=${course}`, { headers: stranger.auth })).status).toBe(403);
    expect((await getJson(`${ADMIN}/submissions?course=${otherCourse}`, { headers: stranger.auth })).status).toBe(200);
    expect((await getJson(`${ADMIN}/submissions/${annSubmission.id}`, { headers: stranger.auth })).status).toBe(404);
    expect((await sendJson('POST', `${ADMIN}/submissions/${annSubmission.id}/grade`, { score: '100' }, stranger.auth)).status).toBe(404);
    expect((await sendJson('POST', `${ADMIN}/submissions/${annSubmission.id}/return`, { feedback: 'Please redo' }, stranger.auth)).status).toBe(404);
    expect((await getJson<AdminGradingCoursesResponse>(`${ADMIN}/grading-courses`, { headers: stranger.auth })).body.data.map((c) => c.documentId)).toEqual([otherCourse]);
    expect((await submissionRows(essay)).every((r) => r.status === 'submitted')).toBe(true);
  });

  it('refuses anonymous callers and bad filters', async () => {
    expect((await getJson(`${ADMIN}/submissions`)).status).toBe(401);
    const bad = await getJson<ApiErrorBody>(`${ADMIN}/submissions?status=lost`, { headers: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^query\.status: expected one of submitted, graded, returned/);
  });

  it('shows the submission with the rubric, files (signed links) and text to the course instructor', async () => {
    const res = await getJson<AdminSubmissionResponse>(`${ADMIN}/submissions/${annSubmission.id}`, { headers: teacher.auth });
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.learner).toMatchObject({ id: ann.id, email: `asg-ann-${run}@example.com` });
    expect(d.submission).toMatchObject({ text: 'My essay is attached.', status: 'submitted' });
    expect(d.assignment.rubric?.map((c) => c.levels.length)).toEqual([3, 3]);
    expect(d.actions).toEqual({ grade: null, return: null });
    const download = await fetch(cmsUrl(d.submission.files[1]!.downloadUrl));
    expect(Buffer.from(await download.arrayBuffer()).equals(docx)).toBe(true);
  });
});

describe('grading', () => {
  let lessonDone = false;
  const rubricOf = async () => (await getJson<AdminSubmissionResponse>(`${ADMIN}/submissions/${annSubmission.id}`, { headers: teacher.auth })).body.data.assignment.rubric!;
  const enrollmentStatus = async (userId: number) => (await sql<{ status: string }>('SELECT status FROM lms_enrollments WHERE user_id = $1 AND course_document_id = $2', [userId, course]))[0]?.status;

  it('refuses bad selections and scores naming the field, changing nothing', async () => {
    const rubric = await rubricOf();
    const [argument, evidence] = rubric as [(typeof rubric)[0], (typeof rubric)[0]];
    const cases: Array<[unknown, string]> = [
      [{ selections: [{ criterionId: argument.id, levelId: 'nope' }, { criterionId: evidence.id, levelId: evidence.levels[0]!.id }] }, 'selections'],
      [{ selections: [{ criterionId: argument.id, levelId: argument.levels[0]!.id }] }, 'selections'],
      [{ score: '100.5' }, 'score'],
      [{ score: '-1' }, 'score'],
      [{ score: '87.12345' }, 'score'],
      [{ score: '50', selections: [] }, 'body.score'],
      [{ feedback: 'no grade' }, 'body.selections'],
    ];
    for (const [body, field] of cases) {
      const res = await sendJson<ApiErrorBody>('POST', `${ADMIN}/submissions/${annSubmission.id}/grade`, body, teacher.auth);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.message.startsWith(`${field}`), res.body.error.message).toBe(true);
    }
    expect((await submissionRows(essay)).find((r) => r.user_id === ann.id)).toMatchObject({ status: 'submitted', score: null });
  });

  it('keeps the course open while the assignment is ungraded', async () => {
    const done = await sendJson('POST', `/api/lms-enrollment/lessons/${lessonId}/complete`, {}, ann.auth);
    expect(done.status).toBe(200);
    lessonDone = true;
    expect(await enrollmentStatus(ann.id)).toBe('active');
  });

  it('a grade below the pass score keeps the course open', async () => {
    const rubric = await rubricOf();
    const res = await sendJson<AdminSubmissionResponse>(
      'POST',
      `${ADMIN}/submissions/${annSubmission.id}/grade`,
      { selections: rubric.map((c) => ({ criterionId: c.id, levelId: c.levels[1]!.id })), feedback: 'Fair throughout.' },
      teacher.auth,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Fair 2 + Some 2 = 4 of 8 → 50 of 100, below 60.
    expect(res.body.data.submission.grade).toMatchObject({ score: 50, maxScore: 100, passScore: 60, passed: false, percent: 50 });
    expect(lessonDone).toBe(true);
    expect(await enrollmentStatus(ann.id)).toBe('active');
  });

  it('rubric grading computes the score, stores titles and labels, emits the event and completes the course', async () => {
    const rubric = await rubricOf();
    const [argument, evidence] = rubric as [(typeof rubric)[0], (typeof rubric)[0]];
    const res = await sendJson<AdminSubmissionResponse>(
      'POST',
      `${ADMIN}/submissions/${annSubmission.id}/grade`,
      {
        selections: [
          { criterionId: evidence.id, levelId: evidence.levels[1]!.id },
          { criterionId: argument.id, levelId: argument.levels[2]!.id },
        ],
        feedback: 'Strong argument; cite more sources.',
      },
      teacher.auth,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Good 4 + Some 2 = 6 of 8, scaled to 100 → 75.
    const grade = res.body.data.submission.grade;
    expect(grade).toMatchObject({ score: 75, maxScore: 100, passed: true, percent: 75, feedback: 'Strong argument; cite more sources.', graderName: 'asg-teacher Teacher' });
    expect(grade?.rubric?.map((l) => `${l.title}: ${l.label} ${l.points}/${l.maxPoints}`)).toEqual(['Argument: Good 4/4', 'Evidence: Some 2/4']);
    expect(grade?.summary).toContain('6 of 8, scaled to 100');

    const row = (await submissionRows(essay)).find((r) => r.user_id === ann.id);
    expect(row).toMatchObject({ status: 'graded', score: 75_000, max_score: 100_000, pass_score: 60_000, passed: true, grader_admin_id: teacher.id, grader_name: 'asg-teacher Teacher' });
    expect(JSON.parse(row!.rubric_breakdown!)).toEqual([
      { criterionId: argument.id, title: 'Argument', levelId: argument.levels[2]!.id, label: 'Good', points: 4000, maxPoints: 4000 },
      { criterionId: evidence.id, title: 'Evidence', levelId: evidence.levels[1]!.id, label: 'Some', points: 2000, maxPoints: 4000 },
    ]);
    const events = await outbox('assignment.graded', annSubmission.id);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ scoreMillipoints: 50_000, passed: false }),
      expect.objectContaining({ learnerId: ann.id, courseId: course, assignmentId: essay, submissionId: annSubmission.id, scoreMillipoints: 75_000, maxMillipoints: 100_000, passed: true, graderId: teacher.id }),
    ]);
    expect(await enrollmentStatus(ann.id)).toBe('completed');
    expect(await sql(`SELECT 1 FROM lms_outbox WHERE type = 'course.completed' AND (payload->>'learnerId')::int = $1 AND payload->>'courseId' = $2`, [ann.id, course])).toHaveLength(1);
  });

  it('the learner sees the grade, the rubric lines and the feedback', async () => {
    const res = await getJson<AssignmentOverviewResponse>(`${API}/assignments/${essay}`, { headers: ann.auth });
    const [s] = res.body.data.submissions;
    expect(s?.grade).toMatchObject({ score: 75, maxScore: 100, passed: true, feedback: 'Strong argument; cite more sources.', graderName: 'asg-teacher Teacher' });
    expect(s?.grade?.rubric).toHaveLength(2);
    expect(res.body.data.submit).toMatchObject({ canSubmit: false, code: 'already-graded' });
  });

  it('a typed score grades without the rubric', async () => {
    const [ben1] = (await getJson<AdminSubmissionListResponse>(`${ADMIN}/submissions?course=${course}`, { headers: admin })).body.data;
    expect(ben1?.learner.id).toBe(ben.id);
    const res = await sendJson<AdminSubmissionResponse>('POST', `${ADMIN}/submissions/${ben1!.id}/grade`, { score: '87.5' }, admin);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.submission.grade).toMatchObject({ score: 87.5, rubric: null, passed: true, feedback: null });
    expect((await submissionRows(essay)).find((r) => r.user_id === ben.id)).toMatchObject({ score: 87_500, passed: true });
  });
});

describe('return for resubmission', () => {
  let first: number;
  it('returns the attempt with feedback; the learner may hand in again; history is kept', async () => {
    const sent = await submit(reflection, ben, { text: 'Short reflection.' });
    expect(sent.status).toBe(201);
    first = sent.body.data.id;
    expect((await submit(reflection, ben, { text: 'Again?' })).status).toBe(409);

    const tooShort = await sendJson<ApiErrorBody>('POST', `${ADMIN}/submissions/${first}/return`, { feedback: '' }, teacher.auth);
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.message).toMatch(/^body\.feedback: /);

    const returned = await sendJson<AdminSubmissionResponse>('POST', `${ADMIN}/submissions/${first}/return`, { feedback: 'Please reflect on week two as well.' }, teacher.auth);
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.data.submission).toMatchObject({ status: 'returned', returned: { feedback: 'Please reflect on week two as well.', byName: 'asg-teacher Teacher' } });
    expect(returned.body.data.actions.grade).toContain('returned');
    expect((await outbox('assignment.returned', first)).map((e) => e.payload)).toEqual([expect.objectContaining({ learnerId: ben.id, assignmentId: reflection })]);
    // Grading a returned attempt is refused.
    const refused = await sendJson<ApiErrorBody>('POST', `${ADMIN}/submissions/${first}/grade`, { score: '5' }, teacher.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ code: 'submission-returned' });

    const brief = await getJson<AssignmentOverviewResponse>(`${API}/assignments/${reflection}`, { headers: ben.auth });
    expect(brief.body.data.submissions[0]).toMatchObject({ status: 'returned', returned: { feedback: 'Please reflect on week two as well.' } });
    expect(brief.body.data.submit).toMatchObject({ canSubmit: true, nextAttempt: 2 });

    const again = await submit(reflection, ben, { text: 'Longer reflection, weeks one and two.' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.data).toMatchObject({ attempt: 2, current: true, status: 'submitted' });
    const rows = await submissionRows(reflection);
    expect(rows.map((r) => [r.attempt, r.is_current, r.status])).toEqual([
      [1, false, 'returned'],
      [2, true, 'submitted'],
    ]);

    const detail = await getJson<AdminSubmissionResponse>(`${ADMIN}/submissions/${again.body.data.id}`, { headers: teacher.auth });
    expect(detail.body.data.history.map((h) => [h.attempt, h.status])).toEqual([[1, 'returned']]);
    // The older attempt can no longer be graded.
    const old = await sendJson<ApiErrorBody>('POST', `${ADMIN}/submissions/${first}/grade`, { score: '5' }, teacher.auth);
    expect(old.status).toBe(409);
  });

  it('a text-only assignment says so when a file is sent', async () => {
    const res = await submit(reflection, ann, { files: [{ name: 'notes.pdf', bytes: makePdf('x') }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^files\[0\]: "notes\.pdf": \.pdf not accepted; accepted: \.txt/);
  });
});

describe('an assignment inside a lesson that drips later', () => {
  it('cannot be handed in before the lesson opens (403 lesson-locked, nothing stored), and can after', async () => {
    const opens = Date.now() + 10 * DAY;
    // A course of its own: a dripping lesson must not hold the main course's completion open.
    const dripCourse = await publishDoc(admin, 'api::course.course', { title: `Assignments drip ${run}`, slug: `asg-drip-${run}`, summary: 'Assignment tests', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0 });
    await enroll(ben, dripCourse);
    const later = await publishDoc(admin, 'api::assignment.assignment', { title: `Later ${run}`, course: connect(dripCourse), maxScore: 10, passScore: 5, allowResubmission: false, allowedFileTypes: 'txt' });
    const dripSection = await publishDoc(admin, 'api::section.section', { title: 'Week 2', order: 0, course: connect(dripCourse), dripType: 'on_date', dripDate: new Date(opens).toISOString() });
    await publishDoc(admin, 'api::lesson.lesson', {
      title: `Week two task ${run}`,
      slug: `asg-later-${run}`,
      order: 0,
      freePreview: false,
      estimatedMinutes: 10,
      section: connect(dripSection),
      blocks: [{ __component: 'blocks.assignment', assignment: connect(later), countsTowardCompletion: true }],
    });
    const overview = await getJson<AssignmentOverviewResponse>(`${API}/assignments/${later}`, { headers: ben.auth });
    expect(overview.body.data.submit).toMatchObject({ canSubmit: false, code: 'lesson-locked' });
    const refused = await submit(later, ben, { files: [{ name: 'notes.txt', bytes: Buffer.from('early notes'), type: 'text/plain' }] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ code: 'lesson-locked', lock: { reason: 'drip' } });
    expect(refused.body.error.message).toContain(`lesson "Week two task ${run}"`);
    expect(storedFiles(later)).toEqual([]);
    expect(await submissionRows(later)).toEqual([]);

    const accepted = await submit(later, ben, { text: 'On time now.' }, at(opens + DAY));
    expect(accepted.status).toBe(201);
  });
});

describe('simultaneous submissions', () => {
  it('takes one of several simultaneous first submissions; the others’ stored files are removed', async () => {
    const cat = await registerLearner('asg-cat', run);
    expect((await sendJson('POST', '/api/lms-enrollment/enrollments', { course }, cat.auth)).status).toBe(201);
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => submit(essay, cat, { text: `try ${i}`, files: [{ name: `try${i}.txt`, bytes: Buffer.from(`attempt ${i}`) }] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const codes = results.filter((x) => x.status === 409).map((r) => r.body.error.details?.code);
    for (const code of codes) expect(['submission-race', 'already-submitted']).toContain(code);
    const rows = (await submissionRows(essay)).filter((r) => r.user_id === cat.id);
    expect(rows).toHaveLength(1);
    // Only the winner's file (and its sidecar) remains in private storage.
    const mine = storedFiles(essay).filter((p) => p.startsWith(`${cat.id}${path.sep}`));
    expect(mine).toHaveLength(2);
    const [key] = await sql<{ file_key: string }>('SELECT file_key FROM lms_assignment_files WHERE submission_id = $1', [rows[0]!.id]);
    expect(mine.map((p) => `assignments/${essay}/${p.split(path.sep).join('/')}`)).toContain(key!.file_key);
  });
});
