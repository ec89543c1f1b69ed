import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PointEvent } from './awards';
import { gamificationErrorOf as errorOf } from '../testing/errors';
import { Leaderboards, RankedBoard, boardsForPointEvent, parseLeaderboardQuery, rebuildLeaderboards, standings } from './leaderboard';


const award = (learnerId: number, points: number, courseId: string | null = 'c1', occurredAt = '2026-03-10T12:00:00.000Z', subject = `s${points}`): PointEvent => ({
  learnerId,
  rule: courseId === null ? 'daily-visit' : 'lesson-completed',
  subject,
  points,
  courseId,
  occurredAt,
  sourceEventId: null,
});

describe('RankedBoard', () => {
  it('competition ranking: equal points share a rank and the next rank skips; ties listed by learner id', () => {
    const b = RankedBoard.fromScores([
      [5, 30],
      [2, 50],
      [9, 30],
      [1, 30],
      [4, 10],
    ]);
    expect(b.entries()).toEqual([
      { rank: 1, learnerId: 2, points: 50 },
      { rank: 2, learnerId: 1, points: 30 },
      { rank: 2, learnerId: 5, points: 30 },
      { rank: 2, learnerId: 9, points: 30 },
      { rank: 5, learnerId: 4, points: 10 },
    ]);
    expect([b.rank(2), b.rank(9), b.rank(4), b.rank(77)]).toEqual([1, 2, 5, null]);
    expect([b.rankForScore(60), b.rankForScore(50), b.rankForScore(40), b.rankForScore(30), b.rankForScore(1)]).toEqual([1, 1, 2, 2, 6]);
    // A tie straddling the cut: the top 3 lists the first two of the three learners on 30.
    expect(b.top(3).map((e) => [e.rank, e.learnerId])).toEqual([
      [1, 2],
      [2, 1],
      [2, 5],
    ]);
    // Block size changes nothing but speed.
    const small = RankedBoard.fromScores([...b.entries()].map((e) => [e.learnerId, e.points] as const), 2);
    expect(small.entries()).toEqual(b.entries());
    expect([small.rankForScore(60), small.rankForScore(30), small.rankForScore(1), small.rankForScore(-1)]).toEqual([1, 2, 6, 6]);
  });

  it('moves learners up and down as their points change', () => {
    const b = new RankedBoard();
    b.increment(1, 10);
    b.increment(2, 20);
    b.increment(3, 30);
    b.increment(1, 25); // 35: to the top
    expect(b.entries().map((e) => e.learnerId)).toEqual([1, 3, 2]);
    b.increment(1, -30); // 5: to the bottom
    expect(b.entries().map((e) => [e.learnerId, e.points])).toEqual([
      [3, 30],
      [2, 20],
      [1, 5],
    ]);
    expect(b.remove(3)).toBe(true);
    expect(b.remove(3)).toBe(false);
    expect(b.entries().map((e) => e.rank)).toEqual([1, 2]);
    expect(b.size).toBe(2);
  });

  it('an empty board ranks any score first', () => {
    const b = new RankedBoard();
    expect([b.rankForScore(0), b.size, b.entries(), b.rank(1)]).toEqual([1, 0, [], null]);
  });

  it('any sequence of increments, sets and removals gives the order a full sort gives', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('inc' as const), id: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: -20, max: 40 }) }),
      fc.record({ op: fc.constant('set' as const), id: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ op: fc.constant('rem' as const), id: fc.integer({ min: 1, max: 12 }), n: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), fc.constantFrom(1, 2, 3, 256), (ops, blockSize) => {
        // Tiny blocks split and empty all the time; 256 is the production size (one block here).
        const board = new RankedBoard(blockSize);
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.op === 'inc') {
            board.increment(o.id, o.n);
            model.set(o.id, (model.get(o.id) ?? 0) + o.n);
          } else if (o.op === 'set') {
            board.set(o.id, o.n);
            model.set(o.id, o.n);
          } else {
            board.remove(o.id);
            model.delete(o.id);
          }
        }
        expect(board.entries()).toEqual(RankedBoard.fromScores(model).entries());
        expect(board.size).toBe(model.size);
        for (const [id, points] of model) {
          expect(board.rank(id)).toBe(1 + [...model.values()].filter((p) => p > points).length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('boards of a point event', () => {
  it('course awards count globally and on their course; visits only globally; periods in the platform zone', () => {
    // Sunday 29 March 23:30 UTC is Monday in London: next week's board there.
    const at = '2026-03-29T23:30:00.000Z';
    expect(boardsForPointEvent(award(1, 5, 'c1', at), 'UTC')).toEqual([
      'global/all',
      'global/week:2026-W13',
      'global/month:2026-03',
      'course:c1/all',
      'course:c1/week:2026-W13',
      'course:c1/month:2026-03',
    ]);
    expect(boardsForPointEvent(award(1, 5, null, at), 'Europe/London')).toEqual(['global/all', 'global/week:2026-W14', 'global/month:2026-03']);
  });
});

describe('Leaderboards and opt-out', () => {
  const ledger: PointEvent[] = [award(1, 50, 'c1'), award(2, 40, 'c1'), award(3, 40, 'c2'), award(4, 10, null), award(2, 5, null, '2026-04-02T09:00:00.000Z')];

  function build(): Leaderboards {
    const lb = new Leaderboards('UTC');
    for (const e of ledger) lb.apply(e);
    return lb;
  }

  it('applies each point event to its boards', () => {
    const lb = build();
    expect(lb.board('global/all').entries()).toEqual([
      { rank: 1, learnerId: 1, points: 50 },
      { rank: 2, learnerId: 2, points: 45 },
      { rank: 3, learnerId: 3, points: 40 },
      { rank: 4, learnerId: 4, points: 10 },
    ]);
    expect(lb.board('course:c1/all').entries().map((e) => e.learnerId)).toEqual([1, 2]);
    expect(lb.board('global/month:2026-04').entries()).toEqual([{ rank: 1, learnerId: 2, points: 5 }]);
    expect(lb.board('course:nope/all').size).toBe(0);
    expect(lb.boardIds()).toContain('course:c2/week:2026-W11');
  });

  it('a hidden learner disappears for others, others move up, and they still see where they would be', () => {
    const lb = build();
    lb.hide(1);
    const board = lb.board('global/all');
    const seenByOthers = standings(board, 10, { learnerId: 3, hidden: false });
    expect(seenByOthers.entries.map((e) => e.learnerId)).toEqual([2, 3, 4]);
    expect(seenByOthers.me).toEqual({ rank: 2, points: 40, hidden: false });
    // Learner 1's own view: their 50 points would still be first.
    expect(standings(board, 10, { learnerId: 1, hidden: true, points: 50 }).me).toEqual({ rank: 1, points: 50, hidden: true });
    // Ties are shared with visible learners: 40 points would be rank 2, with learner 3.
    expect(standings(board, 10, { learnerId: 1, hidden: true, points: 40 }).me).toEqual({ rank: 2, points: 40, hidden: true });
    // New points while hidden do not reach the boards.
    expect(lb.apply(award(1, 100, 'c1', '2026-03-11T00:00:00.000Z', 'later'))).toEqual([]);
    expect(board.score(1)).toBeUndefined();
  });

  it('opting back in restores their scores from the ledger, equal to a rebuild', () => {
    const lb = build();
    lb.hide(2);
    const later = award(2, 7, 'c2', '2026-03-12T00:00:00.000Z', 'while-hidden');
    lb.apply(later);
    lb.show(2, [...ledger, later]);
    const rebuilt = rebuildLeaderboards([...ledger, later], { timeZone: 'UTC' });
    expect(lb.boardIds()).toEqual(rebuilt.boardIds());
    for (const id of rebuilt.boardIds()) expect(lb.board(id).entries()).toEqual(rebuilt.board(id).entries());
    expect(lb.board('global/all').score(2)).toBe(52);
  });

  it('standings without points and without a viewer', () => {
    const lb = build();
    const board = lb.board('course:c2/all');
    expect(standings(board, 10, { learnerId: 1, hidden: false }).me).toEqual({ rank: null, points: 0, hidden: false });
    expect(standings(board, 10, { learnerId: 1, hidden: true, points: 0 }).me).toEqual({ rank: null, points: 0, hidden: true });
    expect(standings(board, 10, null)).toEqual({ entries: [{ rank: 1, learnerId: 3, points: 40 }], me: null });
  });
});

describe('parseLeaderboardQuery', () => {
  const now = new Date('2026-03-29T23:30:00Z');

  it('defaults to the global all-time top 10', () => {
    expect(parseLeaderboardQuery({}, now, 'UTC')).toEqual({ scope: 'global', courseId: null, period: 'all', periodKey: 'all', boardId: 'global/all', limit: 10 });
    expect(parseLeaderboardQuery(undefined, now, 'UTC').boardId).toBe('global/all');
  });

  it('reads a course scope, the current period in the platform zone, and a limit from a query string', () => {
    expect(parseLeaderboardQuery({ scope: 'course:abc123', period: 'week', limit: '25' }, now, 'Europe/London')).toEqual({
      scope: 'course:abc123',
      courseId: 'abc123',
      period: 'week',
      periodKey: 'week:2026-W14',
      boardId: 'course:abc123/week:2026-W14',
      limit: 25,
    });
    expect(parseLeaderboardQuery({ period: 'month' }, now, 'Pacific/Auckland').boardId).toBe('global/month:2026-03');
  });

  it.each([
    [{ scope: 'course:' }, 'invalid-scope', 'scope'],
    [{ scope: 'course:a b' }, 'invalid-scope', 'scope'],
    [{ scope: 'team:1' }, 'invalid-scope', 'scope'],
    [{ period: 'year' }, 'invalid-period', 'period'],
    [{ limit: '0' }, 'invalid-limit', 'limit'],
    [{ limit: '101' }, 'invalid-limit', 'limit'],
    [{ limit: 'ten' }, 'invalid-limit', 'limit'],
  ])('rejects %j with %s at %s', (query, code, field) => {
    expect(errorOf(() => parseLeaderboardQuery(query, now, 'UTC'))).toMatchObject({ code, field });
  });
});
