import { Queue } from 'bullmq';
import type { Knex } from 'knex';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent, EventInput } from '../domain/events';
import { deliveryJobId } from '../domain/jobs';
import { coreMigrations, CONSUMED_TABLE, FAILED_JOBS_TABLE, OUTBOX_TABLE } from '../migrations/core';
import { runMigrations } from '../migrations/runner';
import { memoryLogger, openDatabase, redisPrefixes, REDIS_URL, strapiLikeTransactions, waitFor, type Dialect, type OpenDatabase } from '../testing/databases';
import { EventBus, type EventBusOptions } from './event-bus';
import { claimDueEvents, countPendingEvents } from './outbox';
import type { EventHandler, QueueMode } from './types';

/**
 * The outbox and queue against real PostgreSQL, SQLite and Redis: every scenario runs in both
 * queue modes on both databases, with the same handlers.
 */

const RETRY = { attempts: 3, backoffMs: 150, maxBackoffMs: 2_000 };
const RELAY = { sweepMs: 200, batchSize: 50, claimMs: 1_000, sendTimeoutMs: 5_000 };
const EFFECTS = 'test_certificates';

const completed = (learnerId: number): EventInput<'course.completed'> => ({
  type: 'course.completed',
  payload: { learnerId, courseId: 'course-doc-1', enrollmentId: learnerId * 10, completedAt: '2026-03-01T10:00:00.000Z' },
  actor: { type: 'user', id: learnerId },
});

/** The consumer under test: issues a "certificate" row through the consumer's transaction. */
const issueCertificate: EventHandler<'course.completed'> = async (event, { trx, consumer }) => {
  await trx(EFFECTS).insert({ event_id: event.id, consumer, learner_id: event.payload.learnerId });
};

const effectCount = async (knex: Knex, eventId?: string) => {
  const q = knex(EFFECTS).count({ n: '*' });
  if (eventId) q.where({ event_id: eventId });
  const row = (await q.first()) as { n: number | string };
  return Number(row.n);
};

describe.each<[Dialect, QueueMode]>([
  ['postgres', 'redis'],
  ['postgres', 'inline'],
  ['sqlite', 'redis'],
  ['sqlite', 'inline'],
])('outbox and queue on %s, %s mode', (dialect, mode) => {
  let db: OpenDatabase;
  const prefixes = redisPrefixes();
  const buses: EventBus[] = [];
  let log = memoryLogger();

  /** A bus as a process would have it; in Redis mode `role` says whether it consumes. */
  function createBus(options: Partial<EventBusOptions> & { prefix?: string } = {}): EventBus {
    const bus = new EventBus({
      knex: options.knex ?? db.knex,
      redis: mode === 'redis' ? { url: REDIS_URL, prefix: options.prefix ?? currentPrefix } : null,
      role: 'worker',
      logger: log,
      retry: RETRY,
      relay: RELAY,
      ...options,
    });
    buses.push(bus);
    return bus;
  }
  let currentPrefix = '';

  beforeAll(async () => {
    db = await openDatabase(dialect);
    await runMigrations(db.knex, 'lms-core', coreMigrations);
    await db.knex.schema.createTable(EFFECTS, (t) => {
      t.string('event_id', 36).notNullable();
      t.string('consumer', 63).notNullable();
      t.integer('learner_id').notNullable();
    });
  });

  beforeEach(async () => {
    currentPrefix = prefixes.next();
    log = memoryLogger();
    for (const table of [OUTBOX_TABLE, CONSUMED_TABLE, FAILED_JOBS_TABLE, EFFECTS]) await db.knex(table).del();
  });

  afterEach(async (context) => {
    await Promise.all(buses.splice(0).map((b) => b.stop()));
    if (context.task.result?.state === 'fail') console.log(log.lines.join('\n'));
  });

  afterAll(async () => {
    await db?.close();
    await prefixes.cleanup();
  });

  it('stores an event if and only if the transaction commits', async () => {
    const bus = createBus();
    const committed = await db.knex.transaction((trx) => bus.emit(trx, completed(1)));
    let rolledBack: DomainEvent | undefined;
    await expect(
      db.knex.transaction(async (trx) => {
        rolledBack = await bus.emit(trx, completed(2));
        throw new Error('the enrollment update failed');
      }),
    ).rejects.toThrow('the enrollment update failed');

    const rows = (await db.knex(OUTBOX_TABLE).select('event_id', 'type')) as Array<{ event_id: string; type: string }>;
    expect(rows).toEqual([{ event_id: committed.id, type: 'course.completed' }]);
    expect(rolledBack?.id).toBeDefined();
    expect(rows.map((r) => r.event_id)).not.toContain(rolledBack?.id);
    await expect(bus.emit(db.knex as unknown as Knex.Transaction, completed(3))).rejects.toThrow(/needs the knex transaction of the change/);
  });

  it('delivers to every consumer once, right after commit', async () => {
    const bus = createBus();
    bus.subscribe('certificates', 'course.completed', issueCertificate);
    bus.subscribe('gamification', 'course.completed', issueCertificate);
    await bus.start();
    const event = await db.knex.transaction((trx) => bus.emit(trx, completed(1)));

    await waitFor(async () => (await effectCount(db.knex, event.id)) === 2, 'both consumers');
    const effects = await db.knex(EFFECTS).orderBy('consumer').select('consumer', 'learner_id');
    expect(effects).toEqual([
      { consumer: 'certificates', learner_id: 1 },
      { consumer: 'gamification', learner_id: 1 },
    ]);
    await waitFor(async () => (await countPendingEvents(db.knex)) === 0, 'the outbox row marked relayed');
  });

  it('relays an event committed by a process that died before sending it, exactly once', async () => {
    // Process A commits and "dies": its bus never started, so nothing was sent.
    const dead = createBus();
    const event = await db.knex.transaction((trx) => dead.emit(trx, completed(7)));
    await dead.stop();
    expect(await countPendingEvents(db.knex)).toBe(1);

    // Process B starts later; its first sweep finds the row.
    const survivor = createBus({ knex: db.connectAgain() });
    survivor.subscribe('certificates', 'course.completed', issueCertificate);
    await survivor.start();
    await waitFor(async () => (await effectCount(db.knex, event.id)) === 1, 'the orphaned event to be delivered');
    await waitFor(async () => (await countPendingEvents(db.knex)) === 0, 'the row marked relayed');

    // Nothing is sent twice: later passes find nothing, and the effect stays single.
    expect((await survivor.relayOnce()).claimed).toBe(0);
    await new Promise((r) => setTimeout(r, 400));
    expect(await effectCount(db.knex, event.id)).toBe(1);
  });

  it('takes over a claim abandoned by a relay that died mid-send, once the claim runs out', async () => {
    const producer = createBus();
    const event = await db.knex.transaction((trx) => producer.emit(trx, completed(8)));
    // A relay claims the row for a minute and dies before sending or marking it.
    const claimed = await claimDueEvents(db.knex, { now: new Date(), leaseUntil: new Date(Date.now() + 60_000), limit: 10 });
    expect(claimed.map((r) => r.event.id)).toEqual([event.id]);

    const now = createBus();
    now.subscribe('certificates', 'course.completed', issueCertificate);
    expect((await now.relayOnce()).claimed).toBe(0); // still claimed by the dead relay

    // Two minutes later (a clock moved forward rather than a test that sleeps) the claim is void.
    const later = createBus({ now: () => new Date(Date.now() + 120_000) });
    later.subscribe('certificates', 'course.completed', issueCertificate);
    await later.start();
    await waitFor(async () => (await effectCount(db.knex, event.id)) === 1, 'delivery after the claim ran out');
    await waitFor(async () => (await countPendingEvents(db.knex)) === 0, 'the row marked relayed');
  });

  it('turns a duplicate delivery into a no-op', async () => {
    const bus = createBus();
    bus.subscribe('certificates', 'course.completed', issueCertificate);
    await bus.start();
    const event = await db.knex.transaction((trx) => bus.emit(trx, completed(3)));
    await waitFor(async () => (await effectCount(db.knex, event.id)) === 1, 'first delivery');
    await waitFor(async () => (await countPendingEvents(db.knex)) === 0, 'row relayed');

    if (mode === 'redis') {
      // The same delivery arrives again under another job id (e.g. after BullMQ expired the first).
      const queue = new Queue('lms', { connection: { url: REDIS_URL }, prefix: `${currentPrefix}:bull` });
      const key = deliveryJobId(event.id, 'certificates');
      await queue.add('duplicate', { kind: 'event', key, consumer: 'certificates', event }, { jobId: `${key}.again` });
      await waitFor(async () => (await queue.getJobCounts('completed')).completed === 2, 'the duplicate to be processed');
      await queue.close();
    } else {
      // The row is relayed again (an operator re-opened it, or a claim ran out mid-delivery).
      await db.knex(OUTBOX_TABLE).where({ event_id: event.id }).update({ relayed_at: null, available_at: new Date() });
      await bus.relayOnce();
      await bus.drainInline();
      expect(await countPendingEvents(db.knex)).toBe(0);
    }
    expect(await effectCount(db.knex, event.id)).toBe(1);
    expect(log.lines.some((l) => l.includes('already consumed, skipped'))).toBe(true);
  });

  it('retries a failing handler with backoff, then parks it in the failed set; retrying from there works', async () => {
    const attempts: number[] = [];
    let broken = true;
    const bus = createBus();
    bus.subscribe('certificates', 'course.completed', async (event, ctx) => {
      attempts.push(Date.now());
      // The handler's writes roll back with the failure: the effect must not survive a failed attempt.
      await issueCertificate(event, ctx);
      if (broken) throw new Error('PDF renderer is down');
    });
    await bus.start();
    const event = await db.knex.transaction((trx) => bus.emit(trx, completed(4)));

    const failed = await waitFor(async () => (await bus.listFailedJobs()).rows[0], 'the job in the failed set', 15_000);
    expect(attempts).toHaveLength(RETRY.attempts);
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(RETRY.backoffMs - 20);
    expect(gaps[1]).toBeGreaterThanOrEqual(RETRY.backoffMs * 2 - 20);
    expect(failed).toMatchObject({
      key: deliveryJobId(event.id, 'certificates'),
      kind: 'event',
      name: 'certificates',
      eventId: event.id,
      eventType: 'course.completed',
      mode,
      status: 'failed',
      error: 'PDF renderer is down',
      attempts: RETRY.attempts,
      retryCount: 0,
    });
    expect(await effectCount(db.knex, event.id)).toBe(0);
    expect(await db.knex(CONSUMED_TABLE).where({ event_id: event.id }).count({ n: '*' }).first()).toMatchObject({ n: dialect === 'postgres' ? '0' : 0 });
    if (mode === 'redis') await waitFor(async () => (await bus.queueCounts())?.failed === 1, "the job in BullMQ's failed set");

    broken = false;
    const retried = await bus.retryFailedJob(failed.id);
    expect(retried).toMatchObject({ status: 'retrying', retryCount: 1 });
    await waitFor(async () => (await bus.getFailedJob(failed.id))?.status === 'resolved', 'the retried job to succeed');
    expect(await effectCount(db.knex, event.id)).toBe(1);
    expect((await bus.listFailedJobs()).total).toBe(0);
    expect((await bus.listFailedJobs({ statuses: ['resolved'] })).rows[0]?.resolvedAt).toBeTruthy();
    expect(await bus.retryFailedJob(failed.id)).toBeNull(); // already resolved
  });

  it('runs plain named jobs with the same retry rules and failed set', async () => {
    const seen: number[] = [];
    const bus = createBus();
    bus.defineJob<{ n: number }>('rebuild-leaderboard', async (data, { attempt }) => {
      seen.push(attempt);
      if (data.n < 0) throw new Error(`cannot rebuild leaderboard ${data.n}`);
    });
    await bus.start();
    await bus.enqueueJob('rebuild-leaderboard', { n: 1 }, { id: 'weekly-1' });
    await bus.enqueueJob('rebuild-leaderboard', { n: -1 }, { id: 'weekly-2' });
    const failed = await waitFor(async () => (await bus.listFailedJobs()).rows[0], 'the failing job in the failed set', 15_000);
    expect(failed).toMatchObject({ key: 'job.rebuild-leaderboard.weekly-2', kind: 'job', name: 'rebuild-leaderboard', attempts: 3, eventId: null });
    expect(seen.filter((a) => a === 1)).toHaveLength(2);
    await expect(bus.enqueueJob('nope')).rejects.toThrow(/job "nope" is not defined; call defineJob/);
  });

  it('gives handlers woken after a commit a fresh transaction, not the finished one (Strapi-style context)', async () => {
    const runInTransaction = strapiLikeTransactions(db.knex);
    const bus = createBus({ runInTransaction });
    bus.subscribe('certificates', 'course.completed', issueCertificate);
    await bus.start();
    // Emitted inside a "Strapi" transaction; the relay is woken from that (finished) context.
    const event = await runInTransaction((trx) => bus.emit(trx, completed(5)));
    await waitFor(async () => (await effectCount(db.knex, event.id)) === 1, 'delivery in a fresh transaction');
    expect(log.lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  it('refuses subscriptions after start, naming where they belong', async () => {
    const bus = createBus();
    await bus.start();
    expect(() => bus.subscribe('late', 'course.completed', issueCertificate)).toThrow(/in your plugin's register\(\)/);
    expect(() => bus.subscribe('Bad Name', 'course.completed', issueCertificate)).toThrow(/consumer name "Bad Name" is not valid/);
  });

  if (mode === 'inline') {
    it('hands a delivery cut short by shutdown back to the outbox; the next start completes it', async () => {
      let calls = 0;
      const first = createBus({ retry: { ...RETRY, backoffMs: 5_000, maxBackoffMs: 5_000 } });
      first.subscribe('certificates', 'course.completed', async () => {
        calls += 1;
        throw new Error('mail server unreachable');
      });
      await first.start();
      const event = await db.knex.transaction((trx) => first.emit(trx, completed(9)));
      await waitFor(() => calls === 1, 'the first attempt');
      await first.stop(); // during the 5 s backoff
      const row = await db.knex(OUTBOX_TABLE).where({ event_id: event.id }).first();
      expect(row.relayed_at).toBeNull();
      expect(row.last_error).toBe('delivery interrupted by shutdown');

      const second = createBus();
      second.subscribe('certificates', 'course.completed', issueCertificate);
      await second.start();
      await waitFor(async () => (await effectCount(db.knex, event.id)) === 1, 'delivery after restart');
      expect((await second.listFailedJobs()).total).toBe(0);
    });

    it('says once that jobs run inline', async () => {
      const bus = createBus();
      await bus.start();
      expect(log.lines.filter((l) => l === 'info: No REDIS_URL: jobs run inline in this process')).toHaveLength(1);
    });
  }

  it('hands a burst to a batch handler in one transaction, skipping events it consumed before', async () => {
    const bus = createBus();
    const batchSizes: number[] = [];
    const issueMany = async (events: Array<DomainEvent<'course.completed'>>, ctx: { trx: Knex.Transaction; consumer: string; attempt: number }) => {
      batchSizes.push(events.length);
      for (const event of events) await issueCertificate(event, ctx);
    };
    bus.subscribe('certificates', 'course.completed', issueCertificate, { batch: issueMany, maxBatch: 4 });
    // One event of the burst was consumed already (a redelivery): it must not run again.
    const events = await db.knex.transaction(async (trx) => {
      const list: DomainEvent[] = [];
      for (let i = 1; i <= 10; i += 1) list.push(await bus.emit(trx, completed(100 + i)));
      return list;
    });
    await db.knex(CONSUMED_TABLE).insert({ event_id: events[2]!.id, consumer: 'certificates', consumed_at: new Date() });
    await bus.start();
    await waitFor(async () => (await effectCount(db.knex)) === 9, 'nine certificates');
    await waitFor(async () => (await countPendingEvents(db.knex)) === 0, 'the rows marked relayed');
    // 10 events in groups of at most 4 (4, 4, 2), the already-consumed one left out of its group.
    expect(batchSizes.sort()).toEqual([2, 3, 4]);
    expect(await effectCount(db.knex, events[2]!.id)).toBe(0);
    const marks = (await db.knex(CONSUMED_TABLE).where({ consumer: 'certificates' }).count({ n: '*' }).first()) as { n: number | string };
    expect(Number(marks.n)).toBe(10);
  });

  it('delivers the events of a failed batch one by one: the bad one fails alone, the rest once', async () => {
    const bus = createBus();
    const poison = 203;
    const single: EventHandler<'course.completed'> = async (event, ctx) => {
      if (event.payload.learnerId === poison) throw new Error(`learner ${poison} cannot be issued a certificate`);
      await issueCertificate(event, ctx);
    };
    let batches = 0;
    bus.subscribe('certificates', 'course.completed', single, {
      batch: async (events, ctx) => {
        batches += 1;
        // Writes, then fails: the whole batch must roll back, marks included.
        for (const event of events) await single(event, ctx);
      },
    });
    await db.knex.transaction(async (trx) => {
      for (let i = 1; i <= 5; i += 1) await bus.emit(trx, completed(200 + i));
    });
    await bus.start();
    await waitFor(async () => (await db.knex(FAILED_JOBS_TABLE).count({ n: '*' }).first().then((r) => Number((r as { n: number | string }).n))) === 1, 'the poison event in the failed set');
    expect(batches).toBe(1);
    const effects = (await db.knex(EFFECTS).orderBy('learner_id').select('learner_id')) as Array<{ learner_id: number }>;
    expect(effects.map((e) => e.learner_id)).toEqual([201, 202, 204, 205]);
    const failed = (await db.knex(FAILED_JOBS_TABLE).select('kind', 'event_type', 'error')) as Array<{ kind: string; event_type: string; error: string }>;
    expect(failed).toEqual([{ kind: 'event', event_type: 'course.completed', error: `learner ${poison} cannot be issued a certificate` }]);
    expect(log.lines.some((l) => /batch failed .*one by one/.test(l))).toBe(true);
  });

  if (mode === 'redis') {
    it('relays but does not consume in the cms role; the worker consumes', async () => {
      const cms = createBus({ role: 'cms' });
      const worker = createBus({ role: 'worker', knex: db.connectAgain() });
      const ran: string[] = [];
      for (const bus of [cms, worker]) {
        bus.subscribe('certificates', 'course.completed', async (event, ctx) => {
          ran.push(bus === cms ? 'cms' : 'worker');
          await issueCertificate(event, ctx);
        });
      }
      await cms.start();
      const event = await db.knex.transaction((trx) => cms.emit(trx, completed(6)));
      await waitFor(async () => (await cms.queueCounts())?.waiting === 1, 'the job waiting in Redis');
      expect(ran).toEqual([]);
      await worker.start();
      await waitFor(async () => (await effectCount(db.knex, event.id)) === 1, 'the worker to consume');
      expect(ran).toEqual(['worker']);
    });
  }

  if (dialect === 'postgres') {
    it('never lets two relays send the same row (FOR UPDATE SKIP LOCKED)', async () => {
      const producer = createBus();
      const total = 300;
      await db.knex.transaction(async (trx) => {
        for (let i = 0; i < total; i += 1) await producer.emit(trx, completed(1000 + i));
      });
      // Two processes relay at once, in small batches so their passes interleave.
      const relays = [0, 1].map(() =>
        // Redis mode: cms processes (relay only). Inline mode: relaying is delivering.
        createBus({ knex: db.connectAgain(), role: mode === 'redis' ? 'cms' : 'worker', relay: { ...RELAY, batchSize: 7 } }),
      );
      for (const relay of relays) relay.subscribe('certificates', 'course.completed', issueCertificate);
      const sent: string[][] = [[], []];
      await Promise.all(
        relays.map(async (relay, i) => {
          for (;;) {
            const pass = await relay.relayOnce();
            sent[i]!.push(...pass.sent);
            if (pass.claimed === 0) return;
          }
        }),
      );
      const all = [...sent[0]!, ...sent[1]!];
      expect(new Set(all).size).toBe(total);
      expect(all).toHaveLength(total);
      expect(sent[0]!.length).toBeGreaterThan(0);
      expect(sent[1]!.length).toBeGreaterThan(0);
      // Inline, a row counts as relayed once its deliveries settled.
      if (mode === 'inline') await Promise.all(relays.map((r) => r.drainInline()));
      expect(await countPendingEvents(db.knex)).toBe(0);
      if (mode === 'redis') expect((await relays[0]!.queueCounts())?.waiting).toBe(total);
      else expect(await effectCount(db.knex)).toBe(total);
    });
  }
});
