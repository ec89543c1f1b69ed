import type { BenchCms } from './stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the outbox relay of the cms has sent every event emitted so far (while generating
 * data, say), so that its work does not run inside a measurement.
 */
export async function waitForOutbox(cms: BenchCms, timeoutMs = 600_000): Promise<void> {
  const knex = cms.strapi.db.connection;
  const deadline = Date.now() + timeoutMs;
  let printed = 0;
  for (;;) {
    const [row] = (await knex('lms_outbox').whereNull('relayed_at').count({ n: '*' })) as Array<{ n: number | string }>;
    const pending = Number(row?.n ?? 0);
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} outbox events still not relayed after ${timeoutMs / 1000} s`);
    if (Date.now() - printed > 5000) {
      console.log(`  waiting for the outbox relay: ${pending} events to go`);
      printed = Date.now();
    }
    await sleep(500);
  }
}
