import { type PointEvent, dedupeByKey } from './awards';
import { GamificationError, ID_PATTERN, describeValue, isPlainObject } from './errors';
import { LEADERBOARD_PERIODS, type LeaderboardPeriod, type PeriodKey, periodKey, periodKeys } from './local-time';

/**
 * Leaderboard math (decision 023). A board is a scope and a period:
 * `global/all`, `global/week:2026-W13`, `course:<documentId>/month:2026-03`. Weeks (ISO 8601)
 * and months are cut in one platform zone, so everybody's board resets at the same instant; an
 * award falls in the period of the moment its fact happened.
 *
 * Ranking: points descending; equal points share a rank, and the next rank skips
 * ("competition" ranking: 1, 2, 2, 4). A rank is then 1 + the number of learners with strictly
 * more points, which Redis answers with one ZCOUNT. Within a tie, lower learner id first (only
 * the listing order; the rank is shared).
 *
 * Opt-out: a hidden learner is not on any board, so others never see them and nobody's rank
 * counts them; the learner still sees the rank they would have (1 + visible learners with more).
 *
 * `RankedBoard` is the in-process model of one Redis sorted set (same operations, same answers);
 * `Leaderboards` applies point events one by one as the consumer will, and
 * `rebuildLeaderboards` builds the same boards from the whole ledger as the rebuild job will.
 */
export type LeaderboardScope = 'global' | `course:${string}`;
export type BoardId = `${LeaderboardScope}/${PeriodKey}`;

export function boardId(scope: LeaderboardScope, period: PeriodKey): BoardId {
  return `${scope}/${period}` as BoardId;
}

/** The boards a point event counts on: global all/week/month, and the same for its course. */
export function boardsForPointEvent(event: Pick<PointEvent, 'courseId' | 'occurredAt'>, timeZone: string): BoardId[] {
  const { week, month } = periodKeys(event.occurredAt, timeZone);
  const ids: BoardId[] = [boardId('global', 'all'), boardId('global', week), boardId('global', month)];
  if (event.courseId !== null) {
    const scope: LeaderboardScope = `course:${event.courseId}`;
    ids.push(boardId(scope, 'all'), boardId(scope, week), boardId(scope, month));
  }
  return ids;
}

export interface RankedEntry {
  rank: number;
  learnerId: number;
  points: number;
}

interface Block {
  ids: number[];
  pts: number[];
}

/** Entries per block: a few hundred keeps splices cheap and the block list short. */
const BLOCK = 256;

/** Whether (p1, id1) is listed before (p2, id2): more points first, then lower learner id. */
function before(p1: number, id1: number, p2: number, id2: number): boolean {
  return p1 > p2 || (p1 === p2 && id1 < id2);
}

/**
 * One leaderboard: learners ordered by points (desc), then learner id (asc). Kept as a list of
 * sorted blocks (as Python's sortedcontainers does): an update is a removal and an insertion,
 * each a binary search plus a splice of at most 2 × BLOCK entries, so a learner climbing past
 * thousands of tied learners costs the same as one moving a place. Ranks sum the block sizes
 * before the entry (n / BLOCK additions).
 */
export class RankedBoard {
  private blocks: Block[] = [];
  private readonly byId = new Map<number, number>();

  /** `blockSize` only changes speed (tests use tiny blocks to exercise splits). */
  constructor(private readonly blockSize = BLOCK) {}

  /** Builds a board from final scores in one sort (the rebuild path). */
  static fromScores(scores: Iterable<readonly [learnerId: number, points: number]>, blockSize = BLOCK): RankedBoard {
    const board = new RankedBoard(blockSize);
    const rows = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (let i = 0; i < rows.length; i += blockSize) {
      const chunk = rows.slice(i, i + blockSize);
      board.blocks.push({ ids: chunk.map((r) => r[0]), pts: chunk.map((r) => r[1]) });
    }
    for (const [id, p] of rows) board.byId.set(id, p);
    return board;
  }

  get size(): number {
    return this.byId.size;
  }

  score(learnerId: number): number | undefined {
    return this.byId.get(learnerId);
  }

  /** ZINCRBY: adds `delta` (may be negative) and returns the new score. */
  increment(learnerId: number, delta: number): number {
    const next = (this.byId.get(learnerId) ?? 0) + delta;
    this.set(learnerId, next);
    return next;
  }

  /** ZADD: sets a learner's score, moving them to their place. */
  set(learnerId: number, points: number): void {
    const old = this.byId.get(learnerId);
    if (old === points) return;
    if (old !== undefined) this.detach(old, learnerId);
    this.byId.set(learnerId, points);
    this.insert(points, learnerId);
  }

  /** ZREM. */
  remove(learnerId: number): boolean {
    const old = this.byId.get(learnerId);
    if (old === undefined) return false;
    this.detach(old, learnerId);
    this.byId.delete(learnerId);
    return true;
  }

  /** Competition rank of a learner on the board, or null when they are not on it. */
  rank(learnerId: number): number | null {
    const p = this.byId.get(learnerId);
    return p === undefined ? null : this.rankForScore(p);
  }

  /** 1 + the number of learners with strictly more points (ZCOUNT key (points +inf). */
  rankForScore(points: number): number {
    // The first entry with at most `points`: every entry before it has more.
    let above = 0;
    for (const block of this.blocks) {
      const last = block.pts[block.pts.length - 1] as number;
      if (last > points) {
        above += block.pts.length;
        continue;
      }
      let lo = 0;
      let hi = block.pts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((block.pts[mid] as number) > points) lo = mid + 1;
        else hi = mid;
      }
      return above + lo + 1;
    }
    return above + 1;
  }

  /** The first `limit` entries with their ranks. */
  top(limit: number): RankedEntry[] {
    const out: RankedEntry[] = [];
    for (const block of this.blocks) {
      for (let i = 0; i < block.ids.length; i += 1) {
        if (out.length >= limit) return out;
        const points = block.pts[i] as number;
        // Same points as the previous entry: same rank; otherwise the position is the rank.
        const prev = out[out.length - 1];
        out.push({ rank: prev && prev.points === points ? prev.rank : out.length + 1, learnerId: block.ids[i] as number, points });
      }
    }
    return out;
  }

  entries(): RankedEntry[] {
    return this.top(this.byId.size);
  }

  /** Index of the first block whose last entry is not before (points, id); the last block if none. */
  private blockFor(points: number, learnerId: number): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const b = this.blocks[mid] as Block;
      const at = b.ids.length - 1;
      if (before(b.pts[at] as number, b.ids[at] as number, points, learnerId)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index in a block whose entry is not before (points, id). */
  private static indexIn(block: Block, points: number, learnerId: number): number {
    let lo = 0;
    let hi = block.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(block.pts[mid] as number, block.ids[mid] as number, points, learnerId)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(points: number, learnerId: number): void {
    if (this.blocks.length === 0) {
      this.blocks.push({ ids: [learnerId], pts: [points] });
      return;
    }
    const bi = this.blockFor(points, learnerId);
    const block = this.blocks[bi] as Block;
    const i = RankedBoard.indexIn(block, points, learnerId);
    block.ids.splice(i, 0, learnerId);
    block.pts.splice(i, 0, points);
    if (block.ids.length > 2 * this.blockSize) {
      this.blocks.splice(bi + 1, 0, { ids: block.ids.splice(this.blockSize), pts: block.pts.splice(this.blockSize) });
    }
  }

  private detach(points: number, learnerId: number): void {
    const bi = this.blockFor(points, learnerId);
    const block = this.blocks[bi] as Block;
    const i = RankedBoard.indexIn(block, points, learnerId);
    block.ids.splice(i, 1);
    block.pts.splice(i, 1);
    if (block.ids.length === 0) this.blocks.splice(bi, 1);
  }
}

/**
 * All boards, updated one point event at a time: the consumer's job (ZINCRBY on each board of
 * `boardsForPointEvent`) once the ledger insert succeeded. Events whose insert was a duplicate
 * must not be applied; that check is the ledger's, not this class's.
 */
export class Leaderboards {
  private readonly boards = new Map<BoardId, RankedBoard>();
  private readonly hidden = new Set<number>();

  constructor(readonly timeZone: string) {}

  /** Adds a new point event to its boards (nothing for a hidden learner). Returns the boards touched. */
  apply(event: PointEvent): BoardId[] {
    if (this.hidden.has(event.learnerId)) return [];
    const ids = boardsForPointEvent(event, this.timeZone);
    for (const id of ids) this.boardFor(id).increment(event.learnerId, event.points);
    return ids;
  }

  /** Opt-out: off every board at once. */
  hide(learnerId: number): void {
    this.hidden.add(learnerId);
    for (const board of this.boards.values()) board.remove(learnerId);
  }

  /** Opt back in: their scores come back from their own point events (the ledger), per board. */
  show(learnerId: number, ledger: Iterable<PointEvent>): void {
    this.hidden.delete(learnerId);
    const mine = dedupeByKey([...ledger].filter((e) => e.learnerId === learnerId));
    for (const [id, points] of sumByBoard(mine, this.timeZone)) this.boardFor(id).set(learnerId, points.get(learnerId) as number);
  }

  isHidden(learnerId: number): boolean {
    return this.hidden.has(learnerId);
  }

  /** The board (an empty one when nobody has points there yet). */
  board(id: BoardId): RankedBoard {
    return this.boards.get(id) ?? new RankedBoard();
  }

  /** Boards with at least one learner (as in Redis, where an empty sorted set does not exist). */
  boardIds(): BoardId[] {
    return [...this.boards].filter(([, b]) => b.size > 0).map(([id]) => id).sort();
  }

  /** For the rebuild job: replaces every board with one built elsewhere. */
  static from(timeZone: string, boards: Map<BoardId, RankedBoard>, hidden: Iterable<number>): Leaderboards {
    const lb = new Leaderboards(timeZone);
    for (const [id, b] of boards) lb.boards.set(id, b);
    for (const h of hidden) lb.hidden.add(h);
    return lb;
  }

  private boardFor(id: BoardId): RankedBoard {
    let b = this.boards.get(id);
    if (!b) {
      b = new RankedBoard();
      this.boards.set(id, b);
    }
    return b;
  }
}

function sumByBoard(events: Iterable<PointEvent>, timeZone: string): Map<BoardId, Map<number, number>> {
  const sums = new Map<BoardId, Map<number, number>>();
  for (const e of events) {
    for (const id of boardsForPointEvent(e, timeZone)) {
      let board = sums.get(id);
      if (!board) sums.set(id, (board = new Map()));
      board.set(e.learnerId, (board.get(e.learnerId) ?? 0) + e.points);
    }
  }
  return sums;
}

/**
 * Every board from the whole ledger (deduplicated by key, first kept), hidden learners left out:
 * what the rebuild job computes with one grouped query and writes to fresh sorted sets.
 * Gives exactly the boards that applying the same ledger event by event gives.
 */
export function rebuildLeaderboards(pointEvents: Iterable<PointEvent>, opts: { timeZone: string; hidden?: Iterable<number> }): Leaderboards {
  const hidden = new Set(opts.hidden ?? []);
  const visible = dedupeByKey(pointEvents).filter((e) => !hidden.has(e.learnerId));
  const boards = new Map<BoardId, RankedBoard>();
  for (const [id, scores] of sumByBoard(visible, opts.timeZone)) boards.set(id, RankedBoard.fromScores(scores));
  return Leaderboards.from(opts.timeZone, boards, hidden);
}

export type LeaderboardViewer = { learnerId: number; hidden: false } | { learnerId: number; hidden: true; points: number };

export interface Standings {
  entries: RankedEntry[];
  /**
   * The caller's own place: `rank` null when they have no points on this board. For a hidden
   * caller, the rank they would have among the visible learners (ties shared), from their own
   * points on this board (which the service sums from the ledger).
   */
  me: { rank: number | null; points: number; hidden: boolean } | null;
}

/** The top `limit` and the viewer's own rank: the leaderboard endpoint's answer, names aside. */
export function standings(board: RankedBoard, limit: number, viewer: LeaderboardViewer | null): Standings {
  const entries = board.top(limit);
  if (viewer === null) return { entries, me: null };
  if (viewer.hidden) {
    return { entries, me: { rank: viewer.points > 0 ? board.rankForScore(viewer.points) : null, points: viewer.points, hidden: true } };
  }
  return { entries, me: { rank: board.rank(viewer.learnerId), points: board.score(viewer.learnerId) ?? 0, hidden: false } };
}

export interface LeaderboardQuery {
  scope: LeaderboardScope;
  courseId: string | null;
  period: LeaderboardPeriod;
  /** The current period at `now` in the platform zone. */
  periodKey: PeriodKey;
  boardId: BoardId;
  limit: number;
}

export const DEFAULT_LEADERBOARD_LIMIT = 10;
export const MAX_LEADERBOARD_LIMIT = 100;

/**
 * `?scope=global|course:<documentId>&period=all|week|month&limit=1..100` (defaults: global, all,
 * 10) → the board to read. Bad values are `GamificationError`s naming the query field.
 */
export function parseLeaderboardQuery(query: unknown, now: Date, timeZone: string): LeaderboardQuery {
  const q = isPlainObject(query) ? query : {};
  const rawScope = q.scope ?? 'global';
  let scope: LeaderboardScope;
  let courseId: string | null = null;
  if (rawScope === 'global') scope = 'global';
  else if (typeof rawScope === 'string' && rawScope.startsWith('course:') && ID_PATTERN.test(rawScope.slice(7))) {
    courseId = rawScope.slice(7);
    scope = `course:${courseId}`;
  } else {
    throw new GamificationError('invalid-scope', 'scope', `must be "global" or "course:<course documentId>"; got ${describeValue(rawScope)}`);
  }
  const rawPeriod = q.period ?? 'all';
  if (typeof rawPeriod !== 'string' || !(LEADERBOARD_PERIODS as readonly string[]).includes(rawPeriod)) {
    throw new GamificationError('invalid-period', 'period', `must be one of ${LEADERBOARD_PERIODS.join(', ')}; got ${describeValue(rawPeriod)}`);
  }
  const period = rawPeriod as LeaderboardPeriod;
  const rawLimit = q.limit ?? DEFAULT_LEADERBOARD_LIMIT;
  const limit = typeof rawLimit === 'string' && /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : rawLimit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LEADERBOARD_LIMIT) {
    throw new GamificationError('invalid-limit', 'limit', `must be a whole number from 1 to ${MAX_LEADERBOARD_LIMIT}; got ${describeValue(rawLimit)}`);
  }
  const key = periodKey(now, period, timeZone);
  return { scope, courseId, period, periodKey: key, boardId: boardId(scope, key), limit };
}
