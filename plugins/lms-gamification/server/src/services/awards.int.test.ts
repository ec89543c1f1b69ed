import type { Core } from '@strapi/strapi';
import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@lms/plugin-lms-core/server';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../../../../tests/harness/db';
import { DIALECTS, openDialect } from '../../../../../tests/harness/dialects';
import { type BoardId, type PointEvent, boardsForPointEvent, periodKeys } from '../domain';
import { BADGES_EARNED_TABLE, FACTS_TABLE, POINT_EVENTS_TABLE, PROFILES_TABLE, migrations } from '../migrations';
import { createAwardsService, pointEventOf } from './awards';
import { type BoardStore, DatabaseBoardStore, RedisBoardStore } from './board-store';
import { createSettingsService } from './settings';

/**
 * The award service and the two leaderboard stores on a real database of each kind (the SQLite
 * quick start must work too). Strapi stands in only as the holder of the connection and of the
 * plugin's own services; the leaderboard store behind the awards is the real database store.
 */
describe.each(DIALECTS)('lms-gamification awards and boards on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openDialect>>;
  let awards: ReturnType<typeof createAwardsService>;
  let boards: DatabaseBoardStore;

  beforeAll(async () => {
    db = await openDialect(dialect, 'lms-gamification');
    boards = new DatabaseBoardStore(db.knex, 'UTC');
    const services: Record<string, unknown> = {};
    const strapi = {
      db: { connection: db.knex, transaction: (work: (a: { trx: Knex.Transaction }) => Promise<unknown>) => db.knex.transaction((trx) => work({ trx })) },
      log: { warn: () => undefined, debug: () => undefined },
      plugin: () => ({ service: (name: string) => services[name] }),
    } as unknown as Core.Strapi;
    services.settings = createSettingsService({ strapi });
    const store: BoardStore = boards;
    services.leaderboards = { apply: (events: PointEvent[]) => store.apply(events) };
    awards = createAwardsService({ strapi });
    services.awards = awards;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates the tables once', async () => {
    expect((await runMigrations(db.knex, 'lms-gamification', migrations)).applied).toEqual(['001-ledger-facts-badges-profiles-settings']);
    expect((await runMigrations(db.knex, 'lms-gamification', migrations)).applied).toEqual([]);
  });

  it('an event and its replays (same or new id) insert one point event, one fact and one badge', async () => {
    const event = (id: string) => ({
      id,
      type: 'lesson.completed' as const,
      payload: { learnerId: 7, courseId: 'course-a', lessonId: 'lesson-1', enrollmentId: 1, completedAt: '2026-03-02T10:00:00Z' },
    });
    const first = await db.knex.transaction((trx) => awards.award(trx, event('9b7c0c1e-0000-4000-8000-000000000001')));
    expect(first.points.map((p) => [p.rule, p.subject, p.points, p.occurredAt])).toEqual([['lesson-completed', 'lesson:lesson-1', 10, '2026-03-02T10:00:00.000Z']]);
    expect(first.badges).toEqual(['first-lesson']);
    for (const id of ['9b7c0c1e-0000-4000-8000-000000000001', '9b7c0c1e-0000-4000-8000-000000000002']) {
      expect(await db.knex.transaction((trx) => awards.award(trx, event(id)))).toEqual({ points: [], facts: 0, badges: [] });
    }
    for (const table of [POINT_EVENTS_TABLE, FACTS_TABLE, BADGES_EARNED_TABLE]) {
      expect((await db.knex(table).where({ learner_id: 7 }).count({ n: '*' }))[0]?.n, table).toEqual(dialect === 'postgres' ? '1' : 1);
    }
  });

  it('a rolled-back award leaves nothing behind', async () => {
    await expect(
      db.knex.transaction(async (trx) => {
        await awards.award(trx, { type: 'course.completed', payload: { learnerId: 8, courseId: 'course-a', enrollmentId: 2, completedAt: '2026-03-02T10:00:00Z' } });
        throw new Error('the consumer failed later on');
      }),
    ).rejects.toThrow('failed later');
    expect(await db.knex(POINT_EVENTS_TABLE).where({ learner_id: 8 })).toEqual([]);
  });

  describe('the database store answers as the Redis store does', () => {
    let redis: Redis;
    let stored: RedisBoardStore;
    const ledger: PointEvent[] = [];

    beforeAll(async () => {
      redis = new Redis(TEST_REDIS_URL);
      stored = new RedisBoardStore(redis, uniqueRedisPrefix('gam-int'), 'UTC');
      // 60 learners with ties, two courses, two months; learners 1000, 1010, … opted out.
      let seed = 7;
      const rand = (n: number) => ((seed = (seed * 48_271) % 2_147_483_647), seed % n);
      for (let i = 0; i < 300; i += 1) {
        ledger.push({
          learnerId: 1000 + rand(60),
          rule: 'lesson-completed',
          subject: `lesson:l${i}`,
          points: 5 * (1 + rand(4)),
          courseId: rand(3) === 0 ? null : `course-${rand(2)}`,
          occurredAt: new Date(Date.now() - rand(40 * 24) * 3_600_000).toISOString(),
          sourceEventId: null,
        });
      }
      await db.knex.batchInsert(
        POINT_EVENTS_TABLE,
        ledger.map((e) => ({ learner_id: e.learnerId, rule: e.rule, subject: e.subject, points: e.points, course_id: e.courseId, occurred_at: new Date(e.occurredAt), created_at: new Date() })),
        100,
      );
      const hidden = [1000, 1010, 1020, 1030, 1040, 1050];
      await db.knex(PROFILES_TABLE).insert(hidden.map((learner_id) => ({ learner_id, hidden: true, updated_at: new Date() })));
      // Everything in the ledger (the award tests above left some) goes to Redis as well.
      const all = (await db.knex(POINT_EVENTS_TABLE).select('learner_id', 'rule', 'subject', 'points', 'course_id', 'occurred_at', 'source_event_id')) as Parameters<typeof pointEventOf>[0][];
      await stored.apply(all.map(pointEventOf).filter((e) => !hidden.includes(e.learnerId)));
    });
    afterAll(async () => {
      await redis?.quit();
    });

    it('top 10 and every learner’s rank on every board', async () => {
      const now = new Date();
      const keys = periodKeys(now, 'UTC');
      const filters = ['global', 'course:course-0', 'course:course-1'].flatMap((scope) =>
        (['all', keys.week, keys.month] as const).map((periodKey) => ({ boardId: `${scope}/${periodKey}` as BoardId, courseId: scope === 'global' ? null : scope.slice(7), periodKey })),
      );
      expect(new Set(ledger.flatMap((e) => boardsForPointEvent(e, 'UTC'))).size).toBeGreaterThan(3);
      const read = (store: BoardStore, f: (typeof filters)[number], viewer: { learnerId: number } | { hiddenPoints: number } | null) => store.read(f, 10, viewer);
      for (const f of filters) {
        expect(await read(boards, f, null), f.boardId).toEqual(await read(stored, f, null));
        for (let learnerId = 1000; learnerId < 1060; learnerId += 1) {
          expect(await read(boards, f, { learnerId }), `${f.boardId} ${learnerId}`).toEqual(await read(stored, f, { learnerId }));
        }
        for (const hiddenPoints of [5, 40, 1_000]) {
          expect(await read(boards, f, { hiddenPoints }), `${f.boardId} hidden ${hiddenPoints}`).toEqual(await read(stored, f, { hiddenPoints }));
        }
      }
    });
  });
});
