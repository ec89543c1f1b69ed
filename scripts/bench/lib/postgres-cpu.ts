import fs from 'node:fs';
import type { Core } from '@strapi/strapi';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** CPU time (ms) of a process so far, from /proc/<pid>/stat (utime + stime); undefined when it is gone. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU time PostgreSQL spends for this process: the backends serving connections to the benchmark's
 * database (PostgreSQL runs one process per connection, on this machine). `read()` sums their CPU
 * since `start()`; a backend opened in between counts from zero, one closed in between is lost.
 * Undefined on a machine without /proc or a server elsewhere.
 */
export async function watchPostgresCpu(strapi: Core.Strapi): Promise<() => Promise<number | undefined>> {
  const knex = strapi.db.connection;
  const backends = async () =>
    ((await knex.raw('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')) as { rows: Array<{ pid: number }> }).rows.map((r) => Number(r.pid));
  const before = new Map<number, number>();
  for (const pid of await backends()) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) before.set(pid, ms);
  }
  if (before.size === 0) return async () => undefined;
  return async () => {
    let total = 0;
    for (const pid of await backends()) total += (processCpuMs(pid) ?? 0) - (before.get(pid) ?? 0);
    return total;
  };
}
