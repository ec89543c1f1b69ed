import type { Knex } from 'knex';

/**
 * What PostgreSQL's autovacuum daemon would do while a benchmark fills tables from empty: keep the
 * planner's statistics current. Production PostgreSQL runs autovacuum (it is on by default); some
 * machines run it switched off, where a table that grew from 0 to a million rows since its last
 * ANALYZE is planned as if its values were unknown (sequential scans where an index fits), and a
 * figure measured there says nothing about the code. When the server reports `autovacuum = off`,
 * this runs ANALYZE on `tables` every `everyMs` (autovacuum's naptime is 1 minute; its analyze
 * threshold is 10 % growth) until stopped, and says so once; with autovacuum on it does nothing.
 */
export async function emulateAutoAnalyze(knex: Knex, tables: readonly string[], everyMs = 10_000): Promise<() => Promise<void>> {
  const setting = (await knex.raw('SHOW autovacuum')) as { rows: Array<{ autovacuum: string }> };
  if (setting.rows[0]?.autovacuum !== 'off') return async () => undefined;
  console.log(`PostgreSQL here runs with autovacuum off: ANALYZE ${tables.join(', ')} every ${everyMs / 1000} s, as autovacuum's autoanalyze would in production`);
  let running: Promise<unknown> = Promise.resolve();
  const analyze = () => {
    running = knex.raw(`ANALYZE ${tables.map((t) => `"${t}"`).join(', ')}`).catch((error: unknown) => console.warn(`ANALYZE failed: ${String(error)}`));
  };
  const timer = setInterval(analyze, everyMs);
  timer.unref?.();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
