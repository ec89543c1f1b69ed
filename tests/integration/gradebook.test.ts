import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiErrorBody } from '../../plugins/lms-grading/server/src/quizzes/contracts';
import type {
  GradebookCoursesResponse,
  GradebookResponse,
  GradebookRow,
  ItemAnalysisResponse,
  MyGradesResponse,
} from '../../plugins/lms-grading/server/src/gradebook/contracts';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { createGradebookFixture, type GradebookFixture } from '../harness/gradebook-fixture';
import type { Learner } from '../harness/learners';
import { sql } from '../harness/pg';

/**
 * The gradebook of lms-grading against the real stack (fixture: tests/harness/gradebook-fixture.ts,
 * a course with minimum course grade 70%, one lesson embedding a three-question quiz and an
 * assignment; four learners took the quiz over HTTP with right/wrong patterns worked out by hand,
 * the same table as the domain's item-analysis test, and two were graded by the course's
 * instructor). Then: the gradebook's cells and course grades, the CSV, scoping (another
 * instructor → 403), the minimum course grade holding completion until a better quiz attempt, the
 * learner's own grades, and the item analysis the background job computed from `quiz.graded`.
 */

const API = '/api/lms-grading';
const ADMIN = '/lms-grading/admin';
const run = Date.now().toString(36);

let admin: Record<string, string>;
let fx: GradebookFixture;
// Shorthands for the fixture's documents and people.
let course: string;
let otherCourse: string;
let lesson: string;
let quiz: string;
let assignment: string;
let teacher: GradebookFixture['teacher'];
let stranger: GradebookFixture['stranger'];
let ann: Learner;
let ben: Learner;
let cid: Learner;
let dee: Learner;
let eve: Learner;
let COURSE_TITLE: string;
let QUIZ_TITLE: string;
let ASSIGNMENT_TITLE: string;
let PROMPTS: GradebookFixture['prompts'];

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  fx = await createGradebookFixture(admin, run, { formulaUsername: true });
  ({ course, otherCourse, lesson, quiz, assignment, teacher, stranger } = fx);
  ({ ann, ben, cid, dee, eve } = fx.learners);
  COURSE_TITLE = fx.courseTitle;
  QUIZ_TITLE = fx.quizTitle;
  ASSIGNMENT_TITLE = fx.assignmentTitle;
  PROMPTS = fx.prompts;
}, 240_000);

const enrollmentStatus = async (userId: number) =>
  (await sql<{ status: string }>('SELECT status FROM lms_enrollments WHERE user_id = $1 AND course_document_id = $2', [userId, course]))[0]?.status;

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}

const runsOf = (quizId: string) =>
  sql<{ graded_events: number; analysed_events: number; attempts_analysed: number }>(
    'SELECT graded_events, analysed_events, attempts_analysed FROM lms_item_analysis_runs WHERE quiz_document_id = $1',
    [quizId],
  );
/** When the on-demand recomputation ran: the debounce window starts there. */
let recomputedAt = 0;

const rowOf = (rows: GradebookRow[], learner: Learner) => {
  const row = rows.find((r) => r.learner.id === learner.id);
  if (!row) throw new Error(`no row for learner ${learner.id}`);
  return row;
};

describe('gradebook (admin)', () => {
  it('lists the courses an instructor may see: their own only; all for a super admin', async () => {
    const mine = await getJson<GradebookCoursesResponse>(`${ADMIN}/gradebook/courses`, { headers: teacher.auth });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toEqual([{ documentId: course, slug: `gb-main-${run}`, title: COURSE_TITLE, published: true, minimumCourseGrade: 70 }]);
    const theirs = await getJson<GradebookCoursesResponse>(`${ADMIN}/gradebook/courses`, { headers: stranger.auth });
    expect(theirs.body.data.map((c) => c.documentId)).toEqual([otherCourse]);
    const all = await getJson<GradebookCoursesResponse>(`${ADMIN}/gradebook/courses`, { headers: admin });
    expect(all.body.data.map((c) => c.documentId)).toEqual(expect.arrayContaining([course, otherCourse]));
  });

  it('shows learners × items with the course grade (equal weights, a missing grade counts 0)', async () => {
    const res = await getJson<GradebookResponse>(`${ADMIN}/gradebook/${course}?pageSize=50`, { headers: teacher.auth });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { data, meta } = res.body;
    expect(data.items).toEqual([
      { kind: 'quiz', documentId: quiz, title: QUIZ_TITLE, lessonDocumentId: lesson },
      { kind: 'assignment', documentId: assignment, title: ASSIGNMENT_TITLE, lessonDocumentId: lesson },
    ]);
    expect(meta.pagination).toEqual({ page: 1, pageSize: 50, pageCount: 1, total: 4 });
    const summary = (l: Learner) => {
      const r = rowOf(data.rows, l);
      return [r.cells.map((c) => `${c.status}:${c.percent}:${c.passed}`), r.courseGrade.percent, r.courseGrade.meetsMinimum, r.courseGrade.gradedItems];
    };
    // ann: 3/3 and 9/10 → (100 + 90) / 2; ben: 2/3 and 6/10 → (2/3 + 3/5) / 2 = 19/30;
    // cid: 1/3 and nothing → 1/6; dee: 1/3 and a submission not graded yet → 1/6.
    expect(summary(ann)).toEqual([['graded:100:true', 'graded:90:true'], 95, true, 2]);
    expect(summary(ben)).toEqual([['graded:66.66:true', 'graded:60:true'], 63.33, false, 2]);
    expect(summary(cid)).toEqual([['graded:33.33:false', 'not-submitted:null:null'], 16.66, false, 1]);
    expect(summary(dee)).toEqual([['graded:33.33:false', 'submitted:null:null'], 16.66, false, 1]);
    expect(rowOf(data.rows, dee).cells[1]).toMatchObject({ pending: true, attempts: 1, basis: 'attempt 1 waiting for a grade' });
    expect(rowOf(data.rows, ann).cells[0]).toMatchObject({ attempts: 1, basis: 'best of 1 graded attempt(s): attempt 1' });
    expect(rowOf(data.rows, cid).completion).toEqual({
      status: 'in-progress',
      completedAt: null,
      missing: [
        'lessons: 0% completed',
        `"${QUIZ_TITLE}": quiz not passed yet (best of 1 graded attempt(s): attempt 1)`,
        `"${ASSIGNMENT_TITLE}": assignment not submitted`,
        "course grade 16.66% is below the course's minimum of 70% (1 of 2 graded item(s) have no grade yet and count 0)",
      ],
    });
  });

  it('pages and searches by learner', async () => {
    const page = await getJson<GradebookResponse>(`${ADMIN}/gradebook/${course}?pageSize=3&page=2`, { headers: teacher.auth });
    expect(page.body.meta.pagination).toEqual({ page: 2, pageSize: 3, pageCount: 2, total: 4 });
    expect(page.body.data.rows).toHaveLength(1);
    const found = await getJson<GradebookResponse>(`${ADMIN}/gradebook/${course}?learner=${encodeURIComponent(`gb-ben-${run}`)}`, { headers: teacher.auth });
    expect(found.body.data.rows.map((r) => r.learner.id)).toEqual([ben.id]);
  });

  it('refuses another course’s instructor (403), an unknown course (404) and bad input (400 naming it)', async () => {
    for (const path of [`${ADMIN}/gradebook/${course}`, `${ADMIN}/gradebook/${course}.csv`, `${ADMIN}/gradebook/quizzes/${quiz}/item-analysis`]) {
      const res = await getJson<ApiErrorBody>(path, { headers: stranger.auth });
      expect(res.status, path).toBe(403);
      expect(res.body.error.details).toMatchObject({ code: 'not-your-course' });
    }
    expect((await sendJson('POST', `${ADMIN}/gradebook/quizzes/${quiz}/item-analysis`, {}, stranger.auth)).status).toBe(403);
    expect((await getJson(`${ADMIN}/gradebook/nosuchcourse000`, { headers: teacher.auth })).status).toBe(404);
    const bad = await getJson<ApiErrorBody>(`${ADMIN}/gradebook/${course}?pageSize=500`, { headers: teacher.auth });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject({ field: 'query.pageSize' });
    const unknown = await getJson<ApiErrorBody>(`${ADMIN}/gradebook/${course}?sort=name`, { headers: teacher.auth });
    expect(unknown.status).toBe(400);
    // Learners have no admin token at all.
    expect((await getJson(`${ADMIN}/gradebook/${course}`, { headers: ann.auth })).status).toBe(401);
  });

  it('exports the same content as CSV, defusing formulas', async () => {
    const res = await fetch(cmsUrl(`${ADMIN}/gradebook/${course}.csv`), { headers: teacher.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="gradebook-gb-main-${run}-\\d{4}-\\d{2}-\\d{2}\\.csv"`));
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      [
        'learner_id',
        'learner_email',
        'learner_username',
        'enrollment_status',
        'lesson_progress_percent',
        `quiz: ${QUIZ_TITLE} (percent)`,
        `quiz: ${QUIZ_TITLE} (status)`,
        `assignment: ${ASSIGNMENT_TITLE} (percent)`,
        `assignment: ${ASSIGNMENT_TITLE} (status)`,
        'course_grade_percent',
        'minimum_course_grade',
        'completion_status',
        'completed_at',
        'missing',
      ].join(','),
    );
    expect(lines).toHaveLength(1 + 4 + 1);
    const line = (l: Learner) => lines.find((x) => x.startsWith(`${l.id},`));
    expect(line(ann)).toMatch(new RegExp(`^${ann.id},${ann.email},gb-ann-${run},active,0,100.00,graded,90.00,graded,95.00,70,in-progress,,lessons: 0% completed$`));
    expect(line(cid)).toContain(',33.33,graded,,not-submitted,16.66,70,in-progress,,');
    // The formula username is prefixed with an apostrophe, so a spreadsheet shows it as text.
    expect(line(dee)).toContain(`,'=1+2+dee-${run},active,`);
    expect(text).not.toContain(`,=1+2`);
    const filtered = await (await fetch(cmsUrl(`${ADMIN}/gradebook/${course}.csv?learner=gb-cid-${run}`), { headers: teacher.auth })).text();
    expect(filtered.split('\r\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('item analysis (background job off quiz.graded)', () => {
  it('is computed from the four first attempts, as worked by hand', async () => {
    // Four quiz.graded events consumed, and a computation that covered all four (the first event
    // computes at once, the later ones within the debounce window are coalesced into one job).
    await until('the four gradings to be analysed', () => runsOf(quiz), (r) => r[0]?.graded_events === 4 && r[0]?.analysed_events === 4);
    const view = (await getJson<ItemAnalysisResponse>(`${ADMIN}/gradebook/quizzes/${quiz}/item-analysis`, { headers: teacher.auth })).body.data;
    expect(view).toMatchObject({ attemptsAnalysed: 4, stale: false });
    expect(view.quiz).toEqual({ documentId: quiz, title: QUIZ_TITLE, course: { documentId: course, title: COURSE_TITLE } });
    expect(view.questions.map((q) => [q.position, q.type, q.prompt, q.n, q.facility, q.discrimination, q.topWrongOption])).toEqual([
      [1, 'single-choice', PROMPTS.capital, 4, 0.75, 0, { text: 'Lyon', count: 1 }],
      [2, 'true-false', PROMPTS.sky, 4, 0.5, 0.5774, { text: 'False', count: 2 }],
      [3, 'short-answer', PROMPTS.word, 4, 0.5, -0.3015, null],
    ]);
    expect(view.questions[2]?.flags).toContain('negative discrimination: stronger learners do worse here; check the answer key and wording');
    expect(await runsOf(quiz)).toEqual([{ graded_events: 4, analysed_events: 4, attempts_analysed: 4 }]);
    const rows = await sql<{ question_id: string; n: number; facility: number }>('SELECT question_id, n, facility FROM lms_item_analysis WHERE quiz_document_id = $1 ORDER BY position', [quiz]);
    expect(rows.map((r) => [r.n, Number(r.facility)])).toEqual([
      [4, 0.75],
      [4, 0.5],
      [4, 0.5],
    ]);
    expect(new Set(rows.map((r) => r.question_id)).size).toBe(3);
  });

  it('an instructor can recompute on demand; the result is the same', async () => {
    const res = await sendJson<ItemAnalysisResponse>('POST', `${ADMIN}/gradebook/quizzes/${quiz}/item-analysis`, {}, teacher.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.questions.map((q) => [q.facility, q.discrimination])).toEqual([
      [0.75, 0],
      [0.5, 0.5774],
      [0.5, -0.3015],
    ]);
    expect(res.body.data.stale).toBe(false);
    recomputedAt = Date.parse(res.body.data.computedAt ?? '');
  });
});

describe('minimum course grade and completion', () => {
  it('a learner meeting every rule completes the course', async () => {
    await fx.completeLesson(ann);
    expect(await enrollmentStatus(ann.id)).toBe('completed');
  });

  it('holds completion while the course grade is below the minimum, saying so', async () => {
    await fx.completeLesson(ben);
    // Quiz passed (66.66 ≥ 50), assignment passed (6 ≥ 5), lessons done: only the course grade (63.33 < 70) is missing.
    expect(await enrollmentStatus(ben.id)).toBe('active');
    const mine = await getJson<MyGradesResponse>(`${API}/me/grades?course=${course}`, { headers: ben.auth });
    expect(mine.status).toBe(200);
    expect(mine.body.data[0]?.completion).toEqual({
      status: 'in-progress',
      completedAt: null,
      missing: ["course grade 63.33% is below the course's minimum of 70% (raise it by improving quiz or assignment grades)"],
    });
  });

  it('a better quiz attempt raises the course grade and the quiz.graded recheck completes the course', async () => {
    const second = await fx.takeQuiz(ben, [1, 1, 1]);
    expect(second).toMatchObject({ status: 'graded', percent: 100 });
    // Best of 100 and 60 → 80 ≥ 70: completed in the submit's own transaction.
    expect(await enrollmentStatus(ben.id)).toBe('completed');
    const book = await getJson<GradebookResponse>(`${ADMIN}/gradebook/${course}?learner=${encodeURIComponent(`gb-ben-${run}`)}`, { headers: teacher.auth });
    expect(book.body.data.rows[0]).toMatchObject({ courseGrade: { percent: 80, meetsMinimum: true }, completion: { status: 'completed', missing: [] } });
  });

  it('item analysis keeps to first attempts: the second attempt is counted as a change but not analysed', async () => {
    await until('the fifth grading to be analysed', () => runsOf(quiz), (r) => r[0]?.graded_events === 5 && r[0]?.analysed_events === 5);
    const view = (await getJson<ItemAnalysisResponse>(`${ADMIN}/gradebook/quizzes/${quiz}/item-analysis`, { headers: teacher.auth })).body.data;
    expect(view).toMatchObject({ attemptsAnalysed: 4, stale: false });
    expect(view.questions.map((q) => q.facility)).toEqual([0.75, 0.5, 0.5]);
    // Debounced: the fifth grading arrived within 5 s of the on-demand computation, so it was not
    // computed on arrival but by the delayed job at the end of the window.
    const [timing] = await sql<{ requested_at: Date; computed_at: Date }>('SELECT requested_at, computed_at FROM lms_item_analysis_runs WHERE quiz_document_id = $1', [quiz]);
    expect(timing!.requested_at.getTime() - recomputedAt).toBeLessThan(5_000);
    expect(timing!.computed_at.getTime() - recomputedAt).toBeGreaterThanOrEqual(5_000);
  });
});

describe('the learner’s own grades', () => {
  it('lists items, statuses, feedback availability and the course grade', async () => {
    const res = await getJson<MyGradesResponse>(`${API}/me/grades`, { headers: ann.auth });
    expect(res.status).toBe(200);
    const mine = res.body.data.find((c) => c.course.documentId === course);
    expect(mine).toMatchObject({
      course: { documentId: course, slug: `gb-main-${run}`, title: COURSE_TITLE },
      enrollment: { status: 'completed' },
      courseGrade: { percent: 95, minimum: 70, meetsMinimum: true, gradedItems: 2, totalItems: 2 },
      completion: { status: 'completed', missing: [] },
    });
    expect(mine?.items.map((i) => [i.kind, i.documentId, i.status, i.percent, i.passed, i.feedback.available])).toEqual([
      ['quiz', quiz, 'graded', 100, true, true],
      ['assignment', assignment, 'graded', 90, true, true],
    ]);
    expect(mine?.items[0]?.feedback).toMatchObject({ reason: 'released on submission', attemptId: expect.any(Number) });
    expect(mine?.items[1]?.feedback).toMatchObject({ assignmentDocumentId: assignment, attemptId: null });
    const cidGrades = await getJson<MyGradesResponse>(`${API}/me/grades?course=${course}`, { headers: cid.auth });
    expect(cidGrades.body.data[0]?.items[1]).toMatchObject({ status: 'not-submitted', feedback: { available: false, reason: 'nothing submitted yet' } });
  });

  it('shows only the caller’s own grades, and refuses what is not theirs', async () => {
    const notEnrolled = await getJson<ApiErrorBody>(`${API}/me/grades?course=${course}`, { headers: eve.auth });
    expect(notEnrolled.status).toBe(403);
    expect(notEnrolled.body.error.details).toMatchObject({ code: 'not-enrolled' });
    expect((await getJson<MyGradesResponse>(`${API}/me/grades`, { headers: eve.auth })).body.data).toEqual([]);
    expect((await getJson(`${API}/me/grades?course=nosuchcourse000`, { headers: eve.auth })).status).toBe(404);
    const bad = await getJson<ApiErrorBody>(`${API}/me/grades?course=${encodeURIComponent('x; drop')}`, { headers: eve.auth });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject({ field: 'query.course' });
    expect((await getJson(`${API}/me/grades?learner=${ann.id}`, { headers: eve.auth })).status).toBe(400);
    expect((await getJson(`${API}/me/grades`)).status).toBe(403);
  });
});
