import type { Knex } from 'knex';
import type { DomainEvent, EventActor } from '../domain/events';
import { isPostgres, readDate, readJson, writeJson, type Row } from '../db';
import { OUTBOX_TABLE } from '../migrations/core';

export interface OutboxRow {
  id: number;
  event: DomainEvent;
  attempts: number;
  createdAt: Date;
  relayedAt: Date | null;
}

function toOutboxRow(row: Row): OutboxRow {
  const actor = row.actor === null || row.actor === undefined ? undefined : readJson<EventActor>(row.actor);
  return {
    id: Number(row.id),
    event: {
      id: String(row.event_id),
      type: String(row.type) as DomainEvent['type'],
      version: Number(row.version),
      occurredAt: (readDate(row.occurred_at) as Date).toISOString(),
      payload: readJson(row.payload),
      ...(actor ? { actor } : {}),
    } as DomainEvent,
    attempts: Number(row.attempts),
    createdAt: readDate(row.created_at) as Date,
    relayedAt: readDate(row.relayed_at),
  };
}

/** Writes the event in the caller's transaction: it exists if and only if that transaction commits. */
export async function insertOutboxEvent(trx: Knex.Transaction, event: DomainEvent, now: Date): Promise<void> {
  await trx(OUTBOX_TABLE).insert({
    event_id: event.id,
    type: event.type,
    version: event.version,
    payload: writeJson(event.payload),
    actor: event.actor ? writeJson(event.actor) : null,
    occurred_at: new Date(event.occurredAt),
    created_at: now,
    available_at: now,
    relayed_at: null,
    attempts: 0,
  });
}

/**
 * Claims up to `limit` due rows for one relay: pushes their available_at to `leaseUntil` and
 * returns them, in one statement. On PostgreSQL the inner SELECT takes row locks with SKIP LOCKED,
 * so two relays never claim the same row; on SQLite the single UPDATE is atomic by itself
 * (one writer at a time). A relay that dies holding a claim loses it when the lease runs out.
 */
export async function claimDueEvents(
  knex: Knex,
  opts: { now: Date; leaseUntil: Date; limit: number; excludeIds?: readonly number[] },
): Promise<OutboxRow[]> {
  const due = knex(OUTBOX_TABLE)
    .select('id')
    .whereNull('relayed_at')
    .where('available_at', '<=', opts.now)
    .orderBy('id', 'asc')
    .limit(opts.limit);
  if (opts.excludeIds?.length) due.whereNotIn('id', opts.excludeIds);
  if (isPostgres(knex)) due.forUpdate().skipLocked();
  const rows = (await knex(OUTBOX_TABLE)
    .whereIn('id', due)
    .update({ available_at: opts.leaseUntil, attempts: knex.raw('attempts + 1') })
    .returning('*')) as Row[];
  return rows.map(toOutboxRow).sort((a, b) => a.id - b.id);
}

export async function markEventsRelayed(knex: Knex, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await knex(OUTBOX_TABLE).whereIn('id', ids).update({ relayed_at: now, last_error: null });
}

/** Gives a claimed row back, to be tried again at `availableAt`, with the reason it failed. */
export async function releaseEvent(knex: Knex, id: number, availableAt: Date, error: string): Promise<void> {
  await knex(OUTBOX_TABLE).where({ id }).whereNull('relayed_at').update({ available_at: availableAt, last_error: error.slice(0, 2000) });
}

/** Counts rows not yet relayed (for health checks and tests). */
export async function countPendingEvents(knex: Knex): Promise<number> {
  const row = (await knex(OUTBOX_TABLE).whereNull('relayed_at').count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}
