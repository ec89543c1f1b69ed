/**
 * The benchmarks post through the batch services as lms-core's batch consumer runs them
 * (decisions 037, 038): the "consumed" marks of the whole batch in one insert first (lms-core's own
 * markConsumed), and only the events not consumed before go on; their figures include that statement.
 */
export { markConsumed } from '../../../plugins/lms-core/server/src/queue/consumed';

/** `items` in consecutive groups of at most `size` (the consumer's batches). */
export function inGroups<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
