import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
// The tables the rebuild and the ledger refresh read, created by their owners' own migrations, so
// this test breaks when a column the SQL relies on changes (docs/decisions/034).
import { migrations as enrollmentMigrations } from '../../../../lms-enrollment/server/src/migrations';
import { migrations as revenueMigrations } from '../../../../lms-revenue/server/src/migrations';
import { checkAnalyticsEvent } from '../domain';
import { TABLES, migrations } from '../migrations';
import { LEDGER_SETTLE_MS, applyFact, createSummariesService } from './summaries';

/**
 * The summaries' writer on a real database of each kind (the SQLite quick start must work too):
 * facts applied as the consumer applies them, the rebuild from the enrollment tables and the
 * ledger refresh with its watermark. Strapi stands in only as the holder of the connection.
 */
describe.each(DIALECTS)('lms-analytics summaries on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  let summaries: ReturnType<typeof createSummariesService>;
  const apply = (type: string, payload: Record<string, unknown>) => db.knex.transaction((trx: Knex.Transaction) => applyFact(trx, checkAnalyticsEvent({ type, payload })));
  const rows = (table: string, order: string[]) => db.knex(table).select('*').orderBy(order) as Promise<Array<Record<string, unknown>>>;

  beforeAll(async () => {
    db = await openDialect(dialect, 'lms_analytics');
    await runMigrations(db.knex, 'lms-enrollment', enrollmentMigrations);
    await runMigrations(db.knex, 'lms-revenue', revenueMigrations);
    summaries = createSummariesService({ strapi: { db: { connection: db.knex } } as unknown as Core.Strapi });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates its tables once', async () => {
    expect((await runMigrations(db.knex, 'lms-analytics', migrations)).applied).toEqual(['001-summaries']);
    expect((await runMigrations(db.knex, 'lms-analytics', migrations)).applied).toEqual([]);
  });

  it('applies facts once each, whatever the event id, and re-grades by the difference', async () => {
    const at = '2026-03-02T10:00:00.000Z';
    expect(await apply('enrollment.granted', { learnerId: 1, courseId: 'c1', enrollmentId: 1, reactivated: false, grantedAt: at })).toBe('enrollment counted');
    expect(await apply('enrollment.granted', { learnerId: 1, courseId: 'c1', enrollmentId: 1, reactivated: false, grantedAt: at })).toBe('enrollment already counted');
    await apply('enrollment.granted', { learnerId: 2, courseId: 'c1', enrollmentId: 2, reactivated: false, grantedAt: at });
    expect(await apply('lesson.completed', { learnerId: 1, courseId: 'c1', lessonId: 'l1', completedAt: '2026-03-03T09:00:00Z' })).toBe('lesson counted');
    expect(await apply('lesson.completed', { learnerId: 1, courseId: 'c1', lessonId: 'l1', completedAt: '2026-03-03T09:00:00Z' })).toBe('lesson already counted');
    expect(await apply('course.completed', { learnerId: 1, courseId: 'c1', completedAt: '2026-03-04T09:00:00Z' })).toBe('completion counted');
    expect(await apply('course.completed', { learnerId: 1, courseId: 'c1', completedAt: '2026-03-04T09:00:00Z' })).toMatch(/already/);
    expect(await apply('enrollment.ended', { learnerId: 2, courseId: 'c1', enrollmentId: 2, status: 'refunded', endedAt: at })).toBe('enrollment ended');
    await apply('quiz.graded', { learnerId: 1, courseId: 'c1', quizId: 'q1', attemptId: 10, score: 1, maxScore: 4, passed: false, gradedAt: at });
    await apply('quiz.graded', { learnerId: 1, courseId: 'c1', quizId: 'q1', attemptId: 11, score: 2, maxScore: 4, passed: false, gradedAt: at });
    expect(await apply('quiz.graded', { learnerId: 1, courseId: 'c1', quizId: 'q1', attemptId: 10, score: 4, maxScore: 4, passed: true, gradedAt: at })).toBe('attempt re-graded');
    await apply('assignment.graded', { learnerId: 1, courseId: 'c1', assignmentId: 'a1', submissionId: 5, gradedAt: '2026-03-05T00:00:00Z' });
    // An older "submitted" arriving after the grade does not reopen it.
    await apply('assignment.submitted', { learnerId: 1, courseId: 'c1', assignmentId: 'a1', submissionId: 5, submittedAt: '2026-03-04T00:00:00Z' });

    const [course] = await rows(TABLES.courses, ['course_id']);
    expect(course).toMatchObject({ course_id: 'c1', enrollments: 2, active: 1, completions: 1, lessons_completed: 1 });
    expect((await rows(TABLES.courseDays, ['day'])).map((r) => [r.day, r.enrollments, r.completions, r.lessons_completed])).toEqual([
      ['2026-03-02', 2, 0, 0],
      ['2026-03-03', 0, 0, 1],
      ['2026-03-04', 0, 1, 0],
    ]);
    const [quiz] = await rows(TABLES.quizzes, ['quiz_id']);
    expect(quiz).toMatchObject({ quiz_id: 'q1', course_id: 'c1', attempts: 2, learners: 1, passed: 1 });
    expect([Number(quiz?.score_sum), Number(quiz?.max_sum)]).toEqual([6, 8]);
    const [submission] = await rows(TABLES.submissions, ['submission_id']);
    expect(submission?.state).toBe('graded');
  });

  it('rebuilds the learning summaries from the enrollment tables and folds the ledger after its watermark', async () => {
    const k = db.knex;
    const t = (iso: string) => new Date(iso);
    const now = new Date();
    const enrollment = (user: number, course: string, status: string, completed: string | null) => ({
      user_id: user,
      course_document_id: course,
      status,
      source: 'free',
      enrolled_at: t('2026-03-01T08:00:00Z'),
      completed_at: completed ? t(completed) : null,
      last_activity_at: t('2026-03-06T08:00:00Z'),
      created_at: now,
      updated_at: now,
    });
    await k('lms_enrollments').insert([enrollment(7, 'c2', 'completed', '2026-03-06T08:00:00Z'), enrollment(8, 'c2', 'refunded', null)]);
    const ids = (await k('lms_enrollments').orderBy('user_id').select('id')) as Array<{ id: number }>;
    const progress = (enrollmentId: number, lesson: string, completed: string) => ({
      enrollment_id: enrollmentId,
      lesson_document_id: lesson,
      status: 'completed',
      percent: 100,
      time_spent_seconds: 0,
      completed_at: t(completed),
      created_at: now,
      updated_at: now,
    });
    await k('lms_lesson_progress').insert([progress(ids[0]!.id, 'm1', '2026-03-05T08:00:00Z'), progress(ids[0]!.id, 'm2', '2026-03-06T08:00:00Z'), progress(ids[1]!.id, 'm1', '2026-03-05T09:00:00Z')]);
    // One sale of 100.00 posted a minute ago, and one just now (inside the settle window).
    const sale = async (reference: string, createdAt: Date) => {
      const [row] = (await k('lms_ledger_transactions')
        .insert({ reference, kind: 'sale', currency: 'ZAR', occurred_at: t('2026-03-06T08:00:00Z'), course_id: 'c2', details: '{}', created_at: createdAt })
        .returning('id')) as Array<{ id: number } | number>;
      const id = typeof row === 'object' ? row.id : (row as number);
      await k('lms_ledger_entries').insert([
        { transaction_id: id, account: 'customer_payments', currency: 'ZAR', course_id: 'c2', amount: -10_000 },
        { transaction_id: id, account: 'platform_revenue', currency: 'ZAR', course_id: 'c2', amount: 3_000 },
        { transaction_id: id, account: 'instructor:ann', instructor_id: 'ann', currency: 'ZAR', course_id: 'c2', amount: 7_000 },
      ]);
    };
    await sale('payment:1', new Date(now.getTime() - 60_000));
    await sale('payment:2', now);

    const result = await summaries.rebuild(now);
    expect(result).toMatchObject({ learnerCourses: 2, lessonCompletions: 3, ledgerEntries: 3 });
    // The rebuild replaced the fact-built rows of c1 with what the enrollment tables hold.
    expect((await rows(TABLES.courses, ['course_id'])).map((r) => [r.course_id, r.enrollments, r.active, r.completions, r.lessons_completed])).toEqual([['c2', 2, 1, 1, 3]]);
    expect((await rows(TABLES.lessons, ['lesson_id'])).map((r) => [r.lesson_id, r.completions])).toEqual([
      ['m1', 2],
      ['m2', 1],
    ]);
    expect((await rows(TABLES.learnerCourses, ['learner_id'])).map((r) => [r.learner_id, r.status, r.lessons_completed])).toEqual([
      [7, 'completed', 2],
      [8, 'ended', 1],
    ]);
    expect((await rows(TABLES.courseDays, ['day'])).map((r) => [r.day, r.enrollments, r.completions, r.lessons_completed])).toEqual([
      ['2026-03-01', 2, 0, 0],
      ['2026-03-05', 0, 0, 2],
      ['2026-03-06', 0, 1, 1],
    ]);
    const revenue = async () => (await rows(TABLES.revenueMonths, ['month'])).map((r) => [r.course_id, r.month, Number(r.sales), Number(r.gross), Number(r.platform), Number(r.instructors)]);
    expect(await revenue()).toEqual([['c2', '2026-03', 1, 10_000, 3_000, 7_000]]);
    // Past the settle window the second sale is folded, once.
    const later = new Date(now.getTime() + LEDGER_SETTLE_MS + 1_000);
    expect((await summaries.refreshLedger(later)).ledgerEntries).toBe(3);
    expect((await summaries.refreshLedger(later)).ledgerEntries).toBe(0);
    expect(await revenue()).toEqual([['c2', '2026-03', 2, 20_000, 6_000, 14_000]]);
    expect((await rows(TABLES.liabilities, ['instructor_id'])).map((r) => [r.instructor_id, r.currency, Number(r.owed)])).toEqual([['ann', 'ZAR', 14_000]]);
    expect(await summaries.ledgerRefreshedAt()).toBe(later.toISOString());
  });
});
