import type { Knex } from 'knex';
import { CONSUMED_TABLE } from '../migrations/core';

/**
 * Inserts the "consumed" marks of `events` for `consumer` in one statement inside the batch's
 * transaction and returns the events whose mark is new, in their order: one consumed before is
 * left out, and an id twice in the list goes on once.
 */
export async function markConsumed<E extends { id: string }>(trx: Knex.Transaction, consumer: string, events: readonly E[], now = new Date()): Promise<E[]> {
  if (events.length === 0) return [];
  const rows = (await trx(CONSUMED_TABLE)
    .insert(events.map((e) => ({ event_id: e.id, consumer, consumed_at: now })))
    .onConflict(['event_id', 'consumer'])
    .ignore()
    .returning('event_id')) as Array<{ event_id: string } | string>;
  const fresh = new Set(rows.map((r) => (typeof r === 'string' ? r : r.event_id)));
  return events.filter((e) => fresh.delete(e.id));
}
