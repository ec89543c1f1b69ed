import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
import { ENROLLMENTS_TABLE, LESSON_PROGRESS_TABLE, migrations, SUBSCRIPTIONS_TABLE } from './index';

const at = new Date('2026-03-01T10:00:00Z');
const enrollment = (userId: number, course: string) => ({
  user_id: userId,
  course_document_id: course,
  status: 'active',
  source: 'free',
  enrolled_at: at,
  created_at: at,
  updated_at: at,
});

describe.each(DIALECTS)('lms-enrollment migrations on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  beforeAll(async () => {
    db = await openDialect(dialect, 'lms-enrollment');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates the three tables once', async () => {
    expect((await runMigrations(db.knex, 'lms-enrollment', migrations)).applied).toEqual(['001-enrollments-progress-subscriptions', '002-stripe-events-payments']);
    expect((await runMigrations(db.knex, 'lms-enrollment', migrations)).applied).toEqual([]);
    for (const table of [ENROLLMENTS_TABLE, LESSON_PROGRESS_TABLE, SUBSCRIPTIONS_TABLE]) expect(await db.knex.schema.hasTable(table), table).toBe(true);
  });

  it('keeps one enrollment per learner and course, and insert-or-select returns nothing for the loser', async () => {
    const [first] = await db.knex(ENROLLMENTS_TABLE).insert(enrollment(1, 'course-a')).onConflict(['user_id', 'course_document_id']).ignore().returning('*');
    expect(first).toMatchObject({ user_id: 1, course_document_id: 'course-a', status: 'active' });
    const again = await db.knex(ENROLLMENTS_TABLE).insert(enrollment(1, 'course-a')).onConflict(['user_id', 'course_document_id']).ignore().returning('*');
    expect(again).toEqual([]);
    await expect(db.knex(ENROLLMENTS_TABLE).insert(enrollment(1, 'course-a'))).rejects.toThrow();
    await db.knex(ENROLLMENTS_TABLE).insert(enrollment(2, 'course-a'));
    expect(Number((await db.knex(ENROLLMENTS_TABLE).count({ n: '*' }).first())?.n)).toBe(2);
  });

  it('refuses unknown statuses and sources, and percentages outside 0–100', async () => {
    await expect(db.knex(ENROLLMENTS_TABLE).insert({ ...enrollment(3, 'course-a'), status: 'paused' })).rejects.toThrow();
    await expect(db.knex(ENROLLMENTS_TABLE).insert({ ...enrollment(3, 'course-a'), source: 'gift' })).rejects.toThrow();
    const { id } = ((await db.knex(ENROLLMENTS_TABLE).insert(enrollment(3, 'course-b')).returning('id')) as Array<{ id: number }>)[0]!;
    const progress = { enrollment_id: id, lesson_document_id: 'lesson-1', status: 'in_progress', created_at: at, updated_at: at };
    await expect(db.knex(LESSON_PROGRESS_TABLE).insert({ ...progress, percent: 101 })).rejects.toThrow();
    await expect(db.knex(LESSON_PROGRESS_TABLE).insert({ ...progress, time_spent_seconds: -1 })).rejects.toThrow();
    await db.knex(LESSON_PROGRESS_TABLE).insert({ ...progress, percent: 100 });
    await expect(db.knex(LESSON_PROGRESS_TABLE).insert({ ...progress, percent: 50 })).rejects.toThrow();
  });

  it('removes the progress of a deleted enrollment', async () => {
    const { id } = ((await db.knex(ENROLLMENTS_TABLE).insert(enrollment(4, 'course-c')).returning('id')) as Array<{ id: number }>)[0]!;
    await db.knex(LESSON_PROGRESS_TABLE).insert({ enrollment_id: id, lesson_document_id: 'l', status: 'completed', percent: 100, created_at: at, updated_at: at });
    await db.knex(ENROLLMENTS_TABLE).where({ id }).del();
    expect(await db.knex(LESSON_PROGRESS_TABLE).where({ enrollment_id: id })).toEqual([]);
  });

  it('keeps Stripe subscription ids unique', async () => {
    const sub = { user_id: 1, stripe_customer_id: 'cus_1', stripe_subscription_id: 'sub_1', status: 'active', last_event_created: 1_770_000_000, created_at: at, updated_at: at };
    await db.knex(SUBSCRIPTIONS_TABLE).insert(sub);
    await expect(db.knex(SUBSCRIPTIONS_TABLE).insert({ ...sub, user_id: 2 })).rejects.toThrow();
    const [row] = await db.knex(SUBSCRIPTIONS_TABLE).where({ stripe_subscription_id: 'sub_1' });
    expect(Number(row.last_event_created)).toBe(1_770_000_000);
  });
});
