import type { Knex } from 'knex';
import { CONSUMED_TABLE } from '../../../plugins/lms-core/server/src/migrations/core';

/**
 * What lms-core's batch consumer does in its transaction before it hands a batch to the handler
 * (decision 037): the "consumed" marks of the whole batch in one insert, and only the events not
 * consumed before go on. The benchmarks post through the batch services the same way, so their
 * figures include this statement.
 */
export async function markConsumed<E extends { id: string }>(trx: Knex.Transaction, consumer: string, events: readonly E[]): Promise<E[]> {
  if (events.length === 0) return [];
  const rows = (await trx(CONSUMED_TABLE)
    .insert(events.map((e) => ({ event_id: e.id, consumer, consumed_at: new Date() })))
    .onConflict(['event_id', 'consumer'])
    .ignore()
    .returning('event_id')) as Array<{ event_id: string }>;
  const fresh = new Set(rows.map((r) => r.event_id));
  // An id twice in one batch is consumed once.
  return events.filter((e) => fresh.delete(e.id));
}

/** `items` in consecutive groups of at most `size` (the consumer's batches). */
export function inGroups<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
