import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, runMigrations } from '@lms/plugin-lms-core/server';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
import { assignmentMigrations, FILES_TABLE, SUBMISSIONS_TABLE } from './migrations';

/**
 * The assignment tables on both databases the project supports: constraints hold (one current
 * submission, unique attempts, score within [0, max], files cascade with their submission).
 * Run with the integration project: npx vitest run --project integration plugins/lms-grading/server/src/assignments/migrations.int.test.ts
 */
const at = new Date('2026-03-01T10:00:00Z');
const submission = (attempt: number, isCurrent: boolean, extra: Record<string, unknown> = {}) => ({
  user_id: 7,
  assignment_document_id: 'asg1',
  course_document_id: 'course1',
  attempt,
  is_current: isCurrent,
  status: 'submitted',
  submitted_at: at,
  late: false,
  created_at: at,
  updated_at: at,
  ...extra,
});

async function rejects(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe.each(DIALECTS)('assignment migrations on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  beforeAll(async () => {
    db = await openDialect(dialect, 'lms_grading_asg');
    const result = await runMigrations(db.knex, 'lms-grading', assignmentMigrations);
    expect(result.applied).toEqual(['201-assignment-submissions']);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps one current submission per learner and assignment, and unique attempt numbers', async () => {
    const [first] = (await db.knex(SUBMISSIONS_TABLE).insert(submission(1, true)).returning('id')) as Array<{ id: number }>;
    expect(isUniqueViolation(await rejects(db.knex(SUBMISSIONS_TABLE).insert(submission(2, true))))).toBe(true);
    expect(isUniqueViolation(await rejects(db.knex(SUBMISSIONS_TABLE).insert(submission(1, false))))).toBe(true);
    // Replacing the current attempt: clear the flag, then insert the next one.
    await db.knex(SUBMISSIONS_TABLE).where({ id: first?.id }).update({ is_current: false });
    await db.knex(SUBMISSIONS_TABLE).insert(submission(2, true));
    await db.knex(SUBMISSIONS_TABLE).insert(submission(1, true, { user_id: 8 }));
    const current = await db.knex(SUBMISSIONS_TABLE).where({ is_current: true }).orderBy('user_id').select('user_id', 'attempt');
    expect(current).toEqual([
      { user_id: 7, attempt: 2 },
      { user_id: 8, attempt: 1 },
    ]);
  });

  it('refuses a score outside [0, max] and an attempt below 1', async () => {
    await rejects(db.knex(SUBMISSIONS_TABLE).insert(submission(1, true, { user_id: 20, score: 101_000, max_score: 100_000, status: 'graded' })));
    await rejects(db.knex(SUBMISSIONS_TABLE).insert(submission(1, true, { user_id: 21, score: -1, max_score: 100_000, status: 'graded' })));
    await rejects(db.knex(SUBMISSIONS_TABLE).insert(submission(0, true, { user_id: 22 })));
    await db.knex(SUBMISSIONS_TABLE).insert(submission(1, true, { user_id: 23, score: 100_000, max_score: 100_000, status: 'graded', passed: true }));
  });

  it('stores files with unique keys and removes them with their submission', async () => {
    const [row] = (await db.knex(SUBMISSIONS_TABLE).insert(submission(1, true, { user_id: 30 })).returning('id')) as Array<{ id: number }>;
    const file = (position: number, key: string) => ({
      submission_id: row?.id,
      position,
      file_key: key,
      original_filename: 'essay.pdf',
      content_type: 'application/pdf',
      size_bytes: 1234,
      sha256: 'a'.repeat(64),
      created_at: at,
    });
    await db.knex(FILES_TABLE).insert(file(0, 'k1'));
    expect(isUniqueViolation(await rejects(db.knex(FILES_TABLE).insert(file(1, 'k1'))))).toBe(true);
    await db.knex(FILES_TABLE).insert(file(1, 'k2'));
    await db.knex(SUBMISSIONS_TABLE).where({ id: row?.id }).delete();
    expect(await db.knex(FILES_TABLE).where({ submission_id: row?.id })).toEqual([]);
  });
});
