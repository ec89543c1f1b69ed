import crypto from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { AdminDashboardResponse, ApiErrorBody, InstructorDashboard, InstructorDashboardResponse, LearnerAnalyticsResponse, RefreshResponse } from '../../plugins/lms-analytics/server/src/contracts';
import { createInstructor, type AdminUser } from '../harness/admin-users';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { connect, publishDoc, richText } from '../harness/content';
import { enroll, registerLearner, type Learner } from '../harness/learners';
import { sql } from '../harness/pg';
import { instructorWithPaidCourse, sellCourse, until } from '../harness/sales';

/**
 * lms-analytics against the real stack: enrollments and lesson completions over HTTP, quiz and
 * assignment facts put in the real outbox, sales through the Stripe webhook into lms-revenue's
 * ledger; the summaries are filled by the consumer and the ledger refresh, and every figure the
 * dashboards answer is compared with the same figure computed in SQL from the source tables.
 */

const ADMIN = '/lms-analytics';
const run = `an${Date.now().toString(36)}`;

let admin: Record<string, string>;
let ann: AdminUser;
let annProfile: string;
let courseA: string;
let lessons: string[];
let ben: Awaited<ReturnType<typeof instructorWithPaidCourse>>;
let learners: Learner[];
const quizId = `quiz-${run}`;
const assignmentId = `asg-${run}`;

async function emit(type: string, payload: Record<string, unknown>): Promise<string> {
  const id = crypto.randomUUID();
  await sql('INSERT INTO lms_outbox (event_id, type, version, payload, occurred_at, created_at, available_at) VALUES ($1, $2, 1, $3::jsonb, now(), now(), now())', [id, type, JSON.stringify(payload)]);
  return id;
}

async function consumed(eventIds: string[]): Promise<void> {
  await until(`${eventIds.length} events consumed by lms-analytics`, async () => {
    const [row] = await sql<{ n: string }>("SELECT count(*)::text AS n FROM lms_consumed_events WHERE consumer = 'lms-analytics-summaries' AND event_id = ANY($1::text[])", [eventIds]);
    return Number(row?.n) === eventIds.length;
  }, 60_000);
}

const dashboard = async (auth: Record<string, string>, query = '') => {
  const res = await getJson<InstructorDashboardResponse>(`${ADMIN}/instructor${query}`, { headers: auth });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
};

/** Polls the dashboard until `ready` holds (the consumer runs in the background). */
async function dashboardWhen(auth: Record<string, string>, query: string, ready: (d: InstructorDashboard) => boolean): Promise<InstructorDashboard> {
  let last: InstructorDashboard | undefined;
  try {
    return await until('the dashboard to show the events', async () => {
      last = await dashboard(auth, query);
      return ready(last) ? last : null;
    }, 60_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last answer: ${JSON.stringify(last)}`);
  }
}

async function completeLesson(l: Learner, lessonId: string): Promise<void> {
  const res = await sendJson('POST', `/api/lms-enrollment/lessons/${lessonId}/complete`, {}, l.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  ann = await createInstructor(admin, 'ann', run);
  annProfile = await publishDoc(admin, 'api::instructor.instructor', { name: `Ann ${run}`, slug: `ann-${run}`, adminUser: { connect: [{ id: ann.id }] } });
  courseA = await publishDoc(admin, 'api::course.course', {
    title: `Analytics course ${run}`,
    slug: `analytics-${run}`,
    summary: 'A course whose learners the analytics tests follow',
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
    instructor: connect(annProfile),
  });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 1, course: connect(courseA), dripType: 'none' });
  lessons = [];
  for (const n of [1, 2, 3]) {
    lessons.push(
      await publishDoc(admin, 'api::lesson.lesson', { title: `Step ${n}`, slug: `an-step-${n}-${run}`, order: n, freePreview: false, estimatedMinutes: 5, section: connect(section), blocks: [richText(`Body ${n}`)] }),
    );
  }
  ben = await instructorWithPaidCourse(admin, 'ben', run, 25_000, 'ZAR');

  // Four learners: the first finishes every lesson, the second two, the third one, the fourth none.
  learners = [];
  for (const n of [1, 2, 3, 4]) {
    const l = await registerLearner(`an-learner-${n}`, run);
    await enroll(l, courseA);
    learners.push(l);
  }
  for (const [i, l] of learners.entries()) for (const lesson of lessons.slice(0, 3 - i)) await completeLesson(l, lesson);
}, 180_000);

describe('instructor dashboard from real events', () => {
  it('counts enrollments, activity and the completion funnel as the enrollment tables say', async () => {
    // Both figures come from the same consumer transactions, but the dashboard reads its tables in
    // parallel: wait until the two reads agree.
    const d = await dashboardWhen(ann.auth, '', (x) => x.funnel.steps.map((s) => s.completed).join() === '3,2,1' && x.courses[0]?.lessonsCompleted === 6);
    // The oracle: lms-enrollment's own rows for this course.
    const [enr] = await sql<{ n: string; done: string }>("SELECT count(*)::text AS n, count(*) FILTER (WHERE status = 'completed')::text AS done FROM lms_enrollments WHERE course_document_id = $1", [courseA]);
    const perLesson = await sql<{ lesson: string; n: string }>(
      'SELECT p.lesson_document_id AS lesson, count(*)::text AS n FROM lms_lesson_progress p JOIN lms_enrollments e ON e.id = p.enrollment_id WHERE e.course_document_id = $1 AND p.completed_at IS NOT NULL GROUP BY 1',
      [courseA],
    );
    expect(d.scope.kind).toBe('own');
    expect(d.courses.map((c) => c.course.documentId)).toEqual([courseA]);
    const c = d.courses[0];
    expect(c?.enrollments).toBe(Number(enr?.n));
    expect(c?.enrollments).toBe(4);
    expect(c?.completions).toBe(Number(enr?.done));
    expect(c?.lessonsCompleted).toBe(6);
    expect(d.active).toEqual({ last7: 4, last30: 4 });
    expect(d.funnel.course?.documentId).toBe(courseA);
    expect(d.funnel.learners).toBe(4);
    expect(d.funnel.steps.map((s) => [s.lessonId, s.title, s.completed, s.dropFromPrevious])).toEqual(
      lessons.map((id, i) => [id, `Step ${i + 1}`, Number(perLesson.find((r) => r.lesson === id)?.n ?? 0), 1]),
    );
    const today = new Date().toISOString().slice(0, 10);
    expect(d.days.find((p) => p.day === today)).toMatchObject({ enrollments: 4, lessonsCompleted: 6 });
  });

  it('averages quiz scores and counts the grading backlog from graded and submitted work', async () => {
    const [l1, l2] = learners as [Learner, Learner];
    const at = new Date().toISOString();
    const ids = [
      await emit('quiz.graded', { learnerId: l1.id, courseId: courseA, quizId, attemptId: 900_001, score: 3, maxScore: 4, passed: true, gradedAt: at }),
      await emit('quiz.graded', { learnerId: l2.id, courseId: courseA, quizId, attemptId: 900_002, score: 1, maxScore: 4, passed: false, gradedAt: at }),
      await emit('assignment.submitted', { learnerId: l1.id, courseId: courseA, assignmentId, submissionId: 900_001, attempt: 1, late: false, fileCount: 1, submittedAt: at }),
      await emit('assignment.submitted', { learnerId: l2.id, courseId: courseA, assignmentId, submissionId: 900_002, attempt: 1, late: false, fileCount: 1, submittedAt: at }),
      await emit('assignment.graded', { learnerId: l1.id, courseId: courseA, assignmentId, submissionId: 900_001, scoreMillipoints: 5000, maxMillipoints: 10000, passed: true, gradedAt: at, graderId: ann.id }),
    ];
    await consumed(ids);
    // A re-grade of the first attempt replaces its score (not a third attempt).
    await consumed([await emit('quiz.graded', { learnerId: l1.id, courseId: courseA, quizId, attemptId: 900_001, score: 4, maxScore: 4, passed: true, gradedAt: at })]);
    const d = await dashboard(ann.auth);
    expect(d.quizzes).toEqual([{ quiz: { documentId: quizId, title: null }, course: { documentId: courseA }, attempts: 2, learners: 2, averageScoreBp: 6250, passRateBp: 5000 }]);
    expect(d.backlog).toEqual([{ course: { documentId: courseA }, assignment: { documentId: assignmentId, title: null }, waiting: 1, oldestSubmittedAt: at }]);
  });

  it('counts a fact delivered twice (a new event id for the same completion) once', async () => {
    const [l1] = learners as [Learner];
    await consumed([await emit('lesson.completed', { learnerId: l1.id, courseId: courseA, lessonId: lessons[0], enrollmentId: 1, completedAt: new Date().toISOString() })]);
    const d = await dashboard(ann.auth);
    expect(d.funnel.steps.map((s) => s.completed)).toEqual([3, 2, 1]);
  });

  it('a malformed payload fails in the consumer and lands in the failed set, naming the field', async () => {
    const id = await emit('lesson.completed', { learnerId: 'nobody', courseId: courseA, lessonId: lessons[0], completedAt: new Date().toISOString() });
    const row = await until('the failed job', async () => (await sql<{ error: string }>("SELECT error FROM lms_failed_jobs WHERE event_id = $1 AND name = 'lms-analytics-summaries'", [id]))[0], 90_000);
    expect(row.error).toMatch(/payload\.learnerId/);
  });
});

describe('scoping and guards', () => {
  it('an instructor sees only their own courses: another course or instructor is a 403', async () => {
    const other = await getJson<ApiErrorBody>(`${ADMIN}/instructor?course=${ben.course.documentId}`, { headers: ann.auth });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/not one you teach/);
    const otherInstructor = await getJson<ApiErrorBody>(`${ADMIN}/instructor?instructor=${ben.profile}`, { headers: ann.auth });
    expect(otherInstructor.status).toBe(403);
    const bens = await dashboard(ben.user.auth);
    expect(bens.courses.map((c) => c.course.documentId)).toEqual([]);
    expect((await getJson(`${ADMIN}/platform`, { headers: ann.auth })).status).toBe(403);
    expect((await getJson(`${ADMIN}/options`, { headers: ann.auth })).status).toBe(403);
    expect((await sendJson('POST', `${ADMIN}/refresh`, {}, ann.auth)).status).toBe(403);
  });

  it('a learner or nobody cannot read admin analytics; the admin may pick any instructor', async () => {
    expect((await getJson(`${ADMIN}/instructor`, { headers: (learners[0] as Learner).auth })).status).toBe(401);
    expect((await getJson(`${ADMIN}/instructor`)).status).toBe(401);
    expect((await getJson('/api/lms-analytics/me')).status).toBe(403);
    const d = await dashboard(admin, `?instructor=${annProfile}`);
    expect(d.scope).toMatchObject({ kind: 'instructor', instructor: { documentId: annProfile } });
    expect(d.courses.map((c) => c.course.documentId)).toEqual([courseA]);
    const one = await dashboard(admin, `?course=${courseA}`);
    expect(one.courses.map((c) => c.course.documentId)).toEqual([courseA]);
  });

  it('bad input is a 400 naming the field', async () => {
    const badDay = await getJson<ApiErrorBody>(`${ADMIN}/instructor?from=2026-13-01`, { headers: ann.auth });
    expect(badDay.status).toBe(400);
    expect(badDay.body.error.message).toMatch(/^query\.from: /);
    const reversed = await getJson<ApiErrorBody>(`${ADMIN}/instructor?from=2026-03-02&to=2026-03-01`, { headers: ann.auth });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toMatch(/^query\.to: must not be before from/);
    const unknown = await getJson<ApiErrorBody>(`${ADMIN}/instructor?colour=red`, { headers: ann.auth });
    expect(unknown.status).toBe(400);
    const report = await getJson<ApiErrorBody>(`${ADMIN}/instructor/csv/everything`, { headers: ann.auth });
    expect(report.status).toBe(400);
    expect(report.body.error.message).toMatch(/^params\.report: expected one of courses, enrollments/);
  });
});

describe('CSV exports', () => {
  it('the funnel and courses CSVs hold the dashboard numbers', async () => {
    const res = await fetch(cmsUrl(`${ADMIN}/instructor/csv/funnel`), { headers: ann.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="analytics-funnel-/);
    expect(await res.text()).toBe(
      ['position,lesson_id,title,completed,reached_pct,stopped_before', `1,${lessons[0]},Step 1,3,75,1`, `2,${lessons[1]},Step 2,2,50,1`, `3,${lessons[2]},Step 3,1,25,1`, ''].join('\r\n'),
    );
    const courses = await (await fetch(cmsUrl(`${ADMIN}/instructor/csv/courses`), { headers: ann.auth })).text();
    const [header, row, end] = courses.split('\r\n');
    expect(header).toBe('course_id,title,enrollments,active,completions,completion_rate_pct,lessons_completed');
    expect(row).toMatch(new RegExp(`^${courseA},Analytics course ${run},4,4,\\d,\\d+(\\.\\d+)?,6$`));
    expect(end).toBe('');
  });
});

describe('revenue from the ledger and the platform dashboard', () => {
  it('sales and a refund reach the revenue summaries; every figure matches the ledger', async () => {
    const first = await sellCourse(ben.course, run);
    await sellCourse(ben.course, run);
    await first.refund();
    await new Promise((r) => setTimeout(r, 2_200)); // past the refresh's settle window
    const refreshed = await sendJson<RefreshResponse>('POST', `${ADMIN}/refresh`, {}, admin);
    expect(refreshed.status).toBe(200);

    const [ledger] = await sql<{ gross: string; returned: string; instructors: string }>(
      `SELECT (-sum(e.amount) FILTER (WHERE e.account = 'customer_payments' AND t.kind = 'sale'))::text AS gross,
              coalesce(sum(e.amount) FILTER (WHERE e.account = 'customer_payments' AND t.kind IN ('refund', 'chargeback')), 0)::text AS returned,
              sum(e.amount) FILTER (WHERE e.instructor_id IS NOT NULL AND e.account NOT LIKE '%:requested' AND e.account NOT LIKE 'payouts:%' AND t.kind IN ('sale', 'refund', 'chargeback'))::text AS instructors
       FROM lms_ledger_entries e JOIN lms_ledger_transactions t ON t.id = e.transaction_id WHERE t.course_id = $1`,
      [ben.course.documentId],
    );
    // Two purchases granted two enrollments; the refund ended one (consumed in the background).
    const d = await dashboardWhen(ben.user.auth, '', (x) => x.courses[0]?.enrollments === 2 && x.courses[0]?.active === 1);
    expect(d.courses.map((c) => c.course.documentId)).toEqual([ben.course.documentId]);
    const zar = d.revenue.filter((r) => r.currency === 'ZAR');
    expect(zar.reduce((s, r) => s + r.gross, 0)).toBe(Number(ledger?.gross));
    expect(zar.reduce((s, r) => s + r.gross, 0)).toBe(50_000);
    expect(zar.reduce((s, r) => s + r.returned, 0)).toBe(Number(ledger?.returned));
    expect(zar.reduce((s, r) => s + r.sales, 0)).toBe(2);
    expect(zar.reduce((s, r) => s + r.instructors, 0)).toBe(Number(ledger?.instructors));
    expect(d.earnings.reduce((s, r) => s + r.earned, 0)).toBe(Number(ledger?.instructors));

    // Platform-wide figures against the whole ledger and enrollment tables (other files may add rows: poll).
    let last = '';
    const platformReady = until('platform figures equal to the source tables', async () => {
      await sendJson('POST', `${ADMIN}/refresh`, {}, admin);
      const res = await getJson<AdminDashboardResponse>(`${ADMIN}/platform`, { headers: admin });
      expect(res.status).toBe(200);
      const p = res.body.data;
      const [src] = await sql<{ enrollments: string; users: string; gross: string; owed: string }>(
        `SELECT (SELECT count(*) FROM (SELECT DISTINCT user_id, course_document_id FROM lms_enrollments) x)::text AS enrollments,
                (SELECT count(*) FROM up_users)::text AS users,
                (SELECT -sum(e.amount) FROM lms_ledger_entries e JOIN lms_ledger_transactions t ON t.id = e.transaction_id WHERE e.account = 'customer_payments' AND t.kind = 'sale' AND e.currency = 'ZAR')::text AS gross,
                (SELECT coalesce(sum(amount), 0) FROM lms_ledger_entries WHERE instructor_id IS NOT NULL AND account NOT LIKE 'payouts:%' AND currency = 'ZAR')::text AS owed`,
      );
      const zarTotals = p.revenue.find((r) => r.currency === 'ZAR');
      last = JSON.stringify({ dashboard: [p.enrollments, p.users, zarTotals?.gross, zarTotals?.liabilities], source: src });
      const same = p.enrollments === Number(src?.enrollments) && p.users === Number(src?.users) && zarTotals?.gross === Number(src?.gross) && zarTotals?.liabilities === Number(src?.owed);
      return same ? p : null;
    });
    await platformReady.catch((error: Error) => {
      throw new Error(`${error.message}; last seen ${last}`);
    });
    const p = (await getJson<AdminDashboardResponse>(`${ADMIN}/platform`, { headers: admin })).body.data;
    expect(p.topCourses.some((c) => c.course.documentId === courseA && c.enrollments === 4)).toBe(true);
    const annRow = p.instructors.find((i) => i.instructor.documentId === annProfile);
    expect(annRow).toMatchObject({ courses: 1, enrollments: 4 });
    const benRow = p.instructors.find((i) => i.instructor.documentId === ben.profile);
    expect(benRow?.earned).toEqual([{ currency: 'ZAR', amount: Number(ledger?.instructors) }]);
    expect(p.failedJobs.total).toBeGreaterThanOrEqual(1); // the malformed event above

    const csv = await (await fetch(cmsUrl(`${ADMIN}/platform/csv/revenue`), { headers: admin })).text();
    expect(csv.split('\r\n')[0]).toBe('month,currency,sales,gross_minor,returned_minor,vat_minor,fees_minor,platform_minor,instructors_minor');
  });
});

describe("the learner's own analytics", () => {
  it('answers progress, the time line of completed lessons and the quiz average for the caller only', async () => {
    const [, l2] = learners as [Learner, Learner];
    const res = await getJson<LearnerAnalyticsResponse>('/api/lms-analytics/me', { headers: l2.auth });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const me = res.body.data;
    expect(me.courses).toHaveLength(1);
    expect(me.courses[0]).toMatchObject({ course: { documentId: courseA, title: `Analytics course ${run}` }, status: 'active', lessonsCompleted: 2, lessonsTotal: 3, progressBp: 6666 });
    expect(me.timeline.map((t) => t.lesson.title).sort()).toEqual(['Step 1', 'Step 2']);
    expect(me.quizzes).toEqual({ attempts: 1, averageScoreBp: 2500, passed: 0 });
    const l4 = (await getJson<LearnerAnalyticsResponse>('/api/lms-analytics/me', { headers: (learners[3] as Learner).auth })).body.data;
    expect(l4.timeline).toEqual([]);
    expect(l4.courses[0]?.progressBp).toBe(0);
  });
});
