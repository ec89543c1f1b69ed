import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { Redis } from 'ioredis';
import { loadConfig } from '@lms/config';
import { readDate } from '@lms/plugin-lms-core/server';
import { type BoardId, type LeaderboardQuery, type PointEvent, periodBounds } from '../domain';
import type { LmsGamificationConfig } from '../config';
import { POINT_EVENTS_TABLE, PROFILES_TABLE } from '../migrations';
import { PLUGIN_ID } from '../utils';
import { type BoardAnswer, type BoardStore, DatabaseBoardStore, RedisBoardStore, sumByBoard } from './board-store';
import { pointEventOf } from './awards';

const REBUILD_BATCH = 20_000;

/**
 * Leaderboards: a Redis sorted set per board (global and per course; all time, ISO week, month),
 * updated as awards land and rebuilt from the ledger by the `lms-gamification.rebuild-leaderboards`
 * job; without Redis, grouped sums over the ledger (board-store.ts).
 */
export const createLeaderboardsService = ({ strapi }: { strapi: Core.Strapi }) => {
  let store: BoardStore | null = null;
  let redis: Redis | null = null;

  const timeZone = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as LmsGamificationConfig).platformTimeZone;

  function boards(): BoardStore {
    if (store) return store;
    const settings = loadConfig();
    if (settings.redis) {
      redis = new Redis(settings.redis.url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
      redis.on('error', (error: Error) => strapi.log.debug(`[lms-gamification] redis: ${error.message}`));
      store = new RedisBoardStore(redis, settings.redis.prefix, timeZone());
    } else {
      store = new DatabaseBoardStore(strapi.db.connection, timeZone());
    }
    return store;
  }

  /** A learner's sums per board, from the ledger (opt-out and opt back in). */
  async function learnerBoards(learnerId: number, trx?: Knex.Transaction): Promise<Map<BoardId, number>> {
    const rows = (await (trx ?? strapi.db.connection)(POINT_EVENTS_TABLE)
      .where({ learner_id: learnerId })
      .select('learner_id', 'rule', 'subject', 'points', 'course_id', 'occurred_at', 'source_event_id')) as Parameters<typeof pointEventOf>[0][];
    const sums = sumByBoard(rows.map(pointEventOf), timeZone());
    return new Map([...sums].map(([id, m]) => [id, m.get(learnerId) ?? 0]));
  }

  return {
    timeZone,
    kind: () => boards().kind,

    apply(events: readonly PointEvent[]): Promise<void> {
      return boards().apply(events);
    },

    /** A learner's points on one board, from the ledger (what a hidden learner would have). */
    async ledgerPoints(learnerId: number, q: Pick<LeaderboardQuery, 'courseId' | 'periodKey'>): Promise<number> {
      const query = strapi.db.connection(POINT_EVENTS_TABLE).where({ learner_id: learnerId });
      if (q.courseId !== null) query.where('course_id', q.courseId);
      if (q.periodKey !== 'all') {
        const { start, end } = periodBounds(q.periodKey, timeZone());
        query.where('occurred_at', '>=', start).where('occurred_at', '<', end);
      }
      const [row] = (await query.sum({ total: 'points' })) as Array<{ total: number | string | null }>;
      return Number(row?.total ?? 0);
    },

    async read(q: LeaderboardQuery, viewer: { learnerId: number } | { hiddenPoints: number } | null): Promise<BoardAnswer> {
      return boards().read({ boardId: q.boardId, courseId: q.courseId, periodKey: q.periodKey }, q.limit, viewer);
    },

    async hide(learnerId: number): Promise<void> {
      await boards().hide(learnerId, await learnerBoards(learnerId));
    },

    async show(learnerId: number): Promise<void> {
      await boards().show(learnerId, await learnerBoards(learnerId));
    },

    /**
     * Rebuilds every board from the ledger (visible learners only), in batches by id, and swaps
     * them in at once. Returns what it built.
     */
    async rebuild(): Promise<{ boards: number; pointEvents: number; store: 'redis' | 'database' }> {
      const target = boards();
      if (target.kind === 'database') return { boards: 0, pointEvents: 0, store: 'database' };
      const knex = strapi.db.connection;
      const hidden = new Set(((await knex(PROFILES_TABLE).where({ hidden: true }).select('learner_id')) as Array<{ learner_id: number }>).map((r) => Number(r.learner_id)));
      const sums = new Map<BoardId, Map<number, number>>();
      let lastId = 0;
      let count = 0;
      for (;;) {
        const rows = (await knex(POINT_EVENTS_TABLE)
          .where('id', '>', lastId)
          .orderBy('id')
          .limit(REBUILD_BATCH)
          .select('id', 'learner_id', 'points', 'course_id', 'occurred_at')) as Array<{ id: number; learner_id: number; points: number; course_id: string | null; occurred_at: unknown }>;
        if (rows.length === 0) break;
        lastId = Number(rows[rows.length - 1]?.id);
        count += rows.length;
        const visible = rows.filter((r) => !hidden.has(Number(r.learner_id)));
        sumByBoard(
          visible.map((r) => ({ learnerId: Number(r.learner_id), points: Number(r.points), courseId: r.course_id, occurredAt: (readDate(r.occurred_at) as Date).toISOString() })),
          timeZone(),
          sums,
        );
      }
      // Boards of weeks and months long gone are not kept (see RedisBoardStore).
      const kept = await target.replaceAll(sums);
      return { boards: kept, pointEvents: count, store: 'redis' };
    },

    /** Every stored board (Redis only): what the rebuild check and tests compare. */
    snapshot() {
      return boards().snapshot();
    },

    async close(): Promise<void> {
      const r = redis;
      redis = null;
      store = null;
      if (r) await r.quit().catch(() => r.disconnect());
    },
  };
};

export type LeaderboardsService = ReturnType<typeof createLeaderboardsService>;
