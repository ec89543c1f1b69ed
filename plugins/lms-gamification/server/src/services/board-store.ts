import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import { type BoardId, type PointEvent, type RankedEntry, periodBounds, periodKeys } from '../domain';
import { POINT_EVENTS_TABLE, PROFILES_TABLE } from '../migrations';

/**
 * Where leaderboards live. Redis sorted sets when REDIS_URL is set (decision 023's mapping:
 * score = −points, member = zero-padded learner id, so ZRANGE is points desc / id asc and a rank
 * is one ZCOUNT); without Redis (the SQLite quick start) the ledger itself is queried. Both answer
 * the same question the same way: competition ranks over visible learners.
 */
export interface BoardFilter {
  boardId: BoardId;
  courseId: string | null;
  /** `all`, `week:…`, `month:…` */
  periodKey: string;
}

export interface BoardAnswer {
  entries: RankedEntry[];
  /** The viewer's points on the board (null when not on it) and their competition rank. */
  me: { points: number; rank: number } | null;
}

export interface BoardStore {
  readonly kind: 'redis' | 'database';
  /** Adds newly inserted point events of visible learners (the consumer, after commit). */
  apply(events: readonly PointEvent[]): Promise<void>;
  /**
   * Top `limit`, and the viewer's place: a visible viewer by id; a hidden one by the points they
   * would have (`hiddenPoints`), ranked among the visible learners.
   */
  read(filter: BoardFilter, limit: number, viewer: { learnerId: number } | { hiddenPoints: number } | null): Promise<BoardAnswer>;
  /** Takes a learner off every board they are on (opt-out). */
  hide(learnerId: number, boards: ReadonlyMap<BoardId, number>): Promise<void>;
  /** Puts a learner back with their ledger sums (opt back in). */
  show(learnerId: number, boards: ReadonlyMap<BoardId, number>): Promise<void>;
  /** Replaces every board with `boards` (the rebuild job); returns how many boards it kept. */
  replaceAll(boards: ReadonlyMap<BoardId, ReadonlyMap<number, number>>): Promise<number>;
  /** Every board and its entries (tests, the rebuild check). */
  snapshot(): Promise<Map<BoardId, Map<number, number>>>;
}

const MEMBER_DIGITS = 12;
const member = (learnerId: number) => String(learnerId).padStart(MEMBER_DIGITS, '0');
/** Week and month boards are kept this long after their period ends, then Redis drops them. */
const PERIOD_KEEP_MS = 8 * 7 * 86_400_000;

/** Top N with scores, the viewer's score and rank, in one round trip. */
const READ_SCRIPT = `
local top = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local score = false
if ARGV[2] ~= '' then score = redis.call('ZSCORE', KEYS[1], ARGV[2]) end
if ARGV[3] ~= '' then score = ARGV[3] end
local rank = -1
if score then rank = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. score) + 1 end
return { top, score or '', rank }`;

type RedisWithRead = Redis & { lmsGamificationRead(key: string, limit: number, member: string, score: string): Promise<[string[], string, number]> };

export class RedisBoardStore implements BoardStore {
  readonly kind = 'redis' as const;
  private readonly redis: RedisWithRead;
  private readonly expiries = new Map<string, number>();

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly timeZone: string,
  ) {
    redis.defineCommand('lmsGamificationRead', { numberOfKeys: 1, lua: READ_SCRIPT });
    this.redis = redis as RedisWithRead;
  }

  key(boardId: BoardId): string {
    return `${this.prefix}:gamification:lb:${boardId}`;
  }

  /** Unix ms when a week/month board may go; null for `all`. */
  private expiryOf(boardId: BoardId): number | null {
    const period = boardId.slice(boardId.lastIndexOf('/') + 1);
    if (period === 'all') return null;
    let at = this.expiries.get(period);
    if (at === undefined) {
      at = periodBounds(period, this.timeZone).end.getTime() + PERIOD_KEEP_MS;
      this.expiries.set(period, at);
    }
    return at;
  }

  async apply(events: readonly PointEvent[]): Promise<void> {
    if (events.length === 0) return;
    const deltas = sumByBoard(events, this.timeZone);
    const pipe = this.redis.pipeline();
    const now = Date.now();
    for (const [boardId, byLearner] of deltas) {
      const expiry = this.expiryOf(boardId);
      // A late award for a long-gone week or month: that board is no longer kept.
      if (expiry !== null && expiry <= now) continue;
      const key = this.key(boardId);
      for (const [learnerId, points] of byLearner) pipe.zincrby(key, -points, member(learnerId));
      if (expiry !== null) pipe.pexpireat(key, expiry);
    }
    await execOrThrow(pipe);
  }

  async read(filter: BoardFilter, limit: number, viewer: { learnerId: number } | { hiddenPoints: number } | null): Promise<BoardAnswer> {
    const who = viewer && 'learnerId' in viewer ? member(viewer.learnerId) : '';
    const score = viewer && 'hiddenPoints' in viewer && viewer.hiddenPoints > 0 ? String(-viewer.hiddenPoints) : '';
    const [flat, myScore, rank] = await this.redis.lmsGamificationRead(this.key(filter.boardId), limit, who, score);
    const entries: RankedEntry[] = [];
    let lastPoints = Number.NaN;
    let lastRank = 0;
    for (let i = 0; i < flat.length; i += 2) {
      const points = -Number(flat[i + 1]);
      // Ranks within the top N follow from the list itself: a new score starts at its position.
      const r = points === lastPoints ? lastRank : i / 2 + 1;
      entries.push({ rank: r, learnerId: Number(flat[i]), points });
      lastPoints = points;
      lastRank = r;
    }
    const me = myScore !== '' && rank > 0 ? { points: -Number(myScore), rank } : null;
    return { entries, me };
  }

  async hide(learnerId: number, boards: ReadonlyMap<BoardId, number>): Promise<void> {
    if (boards.size === 0) return;
    const pipe = this.redis.pipeline();
    for (const boardId of boards.keys()) pipe.zrem(this.key(boardId), member(learnerId));
    await execOrThrow(pipe);
  }

  async show(learnerId: number, boards: ReadonlyMap<BoardId, number>): Promise<void> {
    const pipe = this.redis.pipeline();
    let n = 0;
    const now = Date.now();
    for (const [boardId, points] of boards) {
      const expiry = this.expiryOf(boardId);
      if (points === 0 || (expiry !== null && expiry <= now)) continue;
      pipe.zadd(this.key(boardId), -points, member(learnerId));
      if (expiry !== null) pipe.pexpireat(this.key(boardId), expiry);
      n += 1;
    }
    if (n > 0) await execOrThrow(pipe);
  }

  private async liveKeys(): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:gamification:lb:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  }

  /**
   * Writes every board under a temporary key, then renames them over the live ones and deletes
   * boards that no longer exist, in one MULTI: readers see the old boards or the new, never half.
   */
  async replaceAll(boards: ReadonlyMap<BoardId, ReadonlyMap<number, number>>): Promise<number> {
    const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const temp = (boardId: BoardId) => `${this.prefix}:gamification:rebuild:${stamp}:${boardId}`;
    const CHUNK = 5_000;
    const now = Date.now();
    const kept = new Map([...boards].filter(([boardId, scores]) => {
      const expiry = this.expiryOf(boardId);
      return (expiry === null || expiry > now) && [...scores.values()].some((p) => p !== 0);
    }));
    for (const [boardId, scores] of kept) {
      let args: Array<string | number> = [];
      const flush = async () => {
        if (args.length > 0) await this.redis.zadd(temp(boardId), ...args);
        args = [];
      };
      for (const [learnerId, points] of scores) {
        if (points === 0) continue;
        args.push(-points, member(learnerId));
        if (args.length >= CHUNK * 2) await flush();
      }
      await flush();
    }
    const stale = (await this.liveKeys()).filter((k) => !kept.has(k.slice(`${this.prefix}:gamification:lb:`.length) as BoardId));
    const multi = this.redis.multi();
    for (const boardId of kept.keys()) {
      multi.rename(temp(boardId), this.key(boardId));
      const expiry = this.expiryOf(boardId);
      if (expiry !== null) multi.pexpireat(this.key(boardId), expiry);
    }
    if (stale.length > 0) multi.del(...stale);
    await execOrThrow(multi);
    return kept.size;
  }

  async snapshot(): Promise<Map<BoardId, Map<number, number>>> {
    const out = new Map<BoardId, Map<number, number>>();
    for (const key of await this.liveKeys()) {
      const flat = await this.redis.zrange(key, 0, -1, 'WITHSCORES');
      const scores = new Map<number, number>();
      for (let i = 0; i < flat.length; i += 2) scores.set(Number(flat[i]), -Number(flat[i + 1]));
      out.set(key.slice(`${this.prefix}:gamification:lb:`.length) as BoardId, scores);
    }
    return out;
  }
}

async function execOrThrow(pipe: { exec(): Promise<Array<[Error | null, unknown]> | null> }): Promise<void> {
  const results = await pipe.exec();
  const failed = results?.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}

/**
 * No Redis: a board is a grouped sum over the ledger, visible learners only. Correct by
 * construction (nothing to update or rebuild) and fine for a quick start's few learners; not for
 * 100,000 learners (use Redis there).
 */
export class DatabaseBoardStore implements BoardStore {
  readonly kind = 'database' as const;

  constructor(
    private readonly knex: Knex,
    private readonly timeZone: string,
  ) {}

  private sums(filter: BoardFilter) {
    const q = this.knex(`${POINT_EVENTS_TABLE} as pe`)
      .leftJoin(`${PROFILES_TABLE} as pr`, 'pr.learner_id', 'pe.learner_id')
      .where((w) => w.whereNull('pr.hidden').orWhere('pr.hidden', false))
      .groupBy('pe.learner_id')
      .select('pe.learner_id as learner_id')
      .sum({ points: 'pe.points' });
    if (filter.courseId !== null) q.where('pe.course_id', filter.courseId);
    if (filter.periodKey !== 'all') {
      const { start, end } = periodBounds(filter.periodKey, this.timeZone);
      q.where('pe.occurred_at', '>=', start).where('pe.occurred_at', '<', end);
    }
    return q;
  }

  async apply(): Promise<void> {
    // The ledger is the board.
  }

  async read(filter: BoardFilter, limit: number, viewer: { learnerId: number } | { hiddenPoints: number } | null): Promise<BoardAnswer> {
    const rows = (await this.sums(filter).orderBy([{ column: 'points', order: 'desc' }, { column: 'learner_id', order: 'asc' }]).limit(limit)) as Array<{ learner_id: number; points: number | string }>;
    const entries: RankedEntry[] = [];
    rows.forEach((r, i) => {
      const points = Number(r.points);
      const previous = entries[i - 1];
      entries.push({ rank: previous && previous.points === points ? previous.rank : i + 1, learnerId: Number(r.learner_id), points });
    });
    let points: number | null = null;
    if (viewer && 'hiddenPoints' in viewer) points = viewer.hiddenPoints > 0 ? viewer.hiddenPoints : null;
    if (viewer && 'learnerId' in viewer) {
      const own = (await this.sums(filter).where('pe.learner_id', viewer.learnerId)) as Array<{ points: number | string }>;
      points = own[0] ? Number(own[0].points) : null;
    }
    if (points === null) return { entries, me: null };
    const above = (await this.knex.from(this.sums(filter).having(this.knex.raw('sum(pe.points) > ?', [points])).as('above')).count({ n: '*' })) as Array<{ n: number | string }>;
    return { entries, me: { points, rank: Number(above[0]?.n ?? 0) + 1 } };
  }

  async hide(): Promise<void> {
    // Hidden learners are filtered out by the query.
  }

  async show(): Promise<void> {}

  async replaceAll(): Promise<number> {
    return 0;
  }

  async snapshot(): Promise<Map<BoardId, Map<number, number>>> {
    throw new Error('the database leaderboard store has no stored boards; every read is computed from the ledger');
  }
}

/** Per-board, per-learner sums of point events. Period keys are cached per quarter hour (every
 * current zone offset is a multiple of 15 minutes, so all instants of a quarter share them). */
export function sumByBoard(events: Iterable<Pick<PointEvent, 'learnerId' | 'points' | 'courseId' | 'occurredAt'>>, timeZone: string, into = new Map<BoardId, Map<number, number>>()): Map<BoardId, Map<number, number>> {
  const periodCache = new Map<number, { week: string; month: string }>();
  for (const e of events) {
    const ms = Date.parse(e.occurredAt);
    const quarter = Math.floor(ms / 900_000);
    let keys = periodCache.get(quarter);
    if (!keys) {
      keys = periodKeys(new Date(ms), timeZone);
      periodCache.set(quarter, keys);
    }
    const boards: BoardId[] = [`global/all`, `global/${keys.week}` as BoardId, `global/${keys.month}` as BoardId];
    if (e.courseId !== null) boards.push(`course:${e.courseId}/all`, `course:${e.courseId}/${keys.week}` as BoardId, `course:${e.courseId}/${keys.month}` as BoardId);
    for (const b of boards) {
      let m = into.get(b);
      if (!m) into.set(b, (m = new Map()));
      m.set(e.learnerId, (m.get(e.learnerId) ?? 0) + e.points);
    }
  }
  return into;
}


