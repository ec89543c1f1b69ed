import type { Knex } from 'knex';
import type { JobPayload } from '../domain/jobs';
import { readDate, readJson, writeJson, type Row } from '../db';
import { FAILED_JOBS_TABLE } from '../migrations/core';
import type { QueueMode } from './types';
import type { FailedJob, FailedJobStatus } from '../contracts/failed-jobs';

/**
 * The failed set, kept in the database in both queue modes: a failure is a fact an admin must be
 * able to see and act on, and nothing in Redis is the only copy of a fact. (BullMQ keeps its own
 * failed set as well; the row here is what the admin page lists and retries.)
 */

export interface FailedJobRecord extends FailedJob {
  payload: JobPayload;
}

function toRecord(row: Row): FailedJobRecord {
  const payload = readJson<JobPayload>(row.data);
  return {
    id: Number(row.id),
    key: String(row.job_key),
    kind: row.kind === 'job' ? 'job' : 'event',
    name: String(row.name),
    eventId: row.event_id === null ? null : String(row.event_id),
    eventType: row.event_type === null ? null : String(row.event_type),
    mode: row.mode === 'redis' ? 'redis' : 'inline',
    status: String(row.status) as FailedJobStatus,
    error: String(row.error),
    stack: row.stack === null || row.stack === undefined ? null : String(row.stack),
    attempts: Number(row.attempts),
    retryCount: Number(row.retry_count),
    failedAt: (readDate(row.failed_at) as Date).toISOString(),
    retriedAt: readDate(row.retried_at)?.toISOString() ?? null,
    resolvedAt: readDate(row.resolved_at)?.toISOString() ?? null,
    payload,
  };
}

/** Records (or re-records) that a job used up its attempts. One row per job key. */
export async function recordFailure(
  knex: Knex,
  failure: { payload: JobPayload; mode: QueueMode; error: string; stack?: string | null; attempts: number; now: Date },
): Promise<void> {
  const { payload } = failure;
  const row = {
    job_key: payload.key,
    kind: payload.kind,
    name: payload.kind === 'job' ? payload.name : payload.consumer,
    event_id: payload.kind === 'event' ? payload.event.id : payload.kind === 'batch' ? (payload.events[0]?.id ?? null) : null,
    event_type: payload.kind === 'event' ? payload.event.type : payload.kind === 'batch' ? (payload.events[0]?.type ?? null) : null,
    data: writeJson({ ...payload, retried: undefined }),
    mode: failure.mode,
    status: 'failed',
    error: failure.error.slice(0, 4000),
    stack: failure.stack ? failure.stack.slice(0, 8000) : null,
    attempts: failure.attempts,
    retry_count: 0,
    failed_at: failure.now,
  };
  await knex(FAILED_JOBS_TABLE)
    .insert(row)
    .onConflict('job_key')
    .merge(['status', 'error', 'stack', 'attempts', 'failed_at', 'mode', 'data']);
}

/** Marks a job that was in the failed set as done again (after a retry succeeded). */
export async function markResolved(knex: Knex, key: string, now: Date): Promise<void> {
  await knex(FAILED_JOBS_TABLE).where({ job_key: key }).whereNot({ status: 'resolved' }).update({ status: 'resolved', resolved_at: now });
}

/**
 * Moves a failed job to "retrying" and returns it; null when there is no such row. A second
 * click while a retry is under way is allowed (the consumer is idempotent anyway).
 */
export async function markRetrying(knex: Knex, id: number, now: Date): Promise<FailedJobRecord | null> {
  const updated = await knex(FAILED_JOBS_TABLE)
    .where({ id })
    .whereNot({ status: 'resolved' })
    .update({ status: 'retrying', retried_at: now, retry_count: knex.raw('retry_count + 1') });
  if (!updated) return null;
  return getFailedJob(knex, id);
}

export async function getFailedJob(knex: Knex, id: number): Promise<FailedJobRecord | null> {
  const row = (await knex(FAILED_JOBS_TABLE).where({ id }).first()) as Row | undefined;
  return row ? toRecord(row) : null;
}

export async function listFailedJobs(
  knex: Knex,
  opts: { statuses: readonly FailedJobStatus[]; page: number; pageSize: number },
): Promise<{ rows: FailedJobRecord[]; total: number }> {
  const base = () => knex(FAILED_JOBS_TABLE).whereIn('status', opts.statuses);
  const [countRow, rows] = await Promise.all([
    base().count({ n: '*' }).first() as Promise<{ n: number | string } | undefined>,
    base()
      .orderBy([{ column: 'failed_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize) as Promise<Row[]>,
  ]);
  return { rows: rows.map(toRecord), total: Number(countRow?.n ?? 0) };
}
