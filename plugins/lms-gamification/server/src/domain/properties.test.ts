/**
 * Property-based tests (fast-check) over random point rules and random event histories, delivered
 * with duplicates and out of order, with learners opting out and back in along the way. The
 * "service" below is the smallest faithful stand-in for the tables: a Set of keys plays the unique
 * constraint, arrays play the append-only ledgers. Everything else is the domain under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fact, type PointEvent, awardKey, awardsFor, factsFor } from './awards';
import { type BadgeDefinition, DEFAULT_BADGES, evaluateBadges, summariseAchievements } from './badges';
import { type AwardSource } from './events';
import { type BoardId, Leaderboards, rebuildLeaderboards } from './leaderboard';
import { fromDayNumber, dayNumber } from './local-time';
import { type PointRules, parseRules } from './rules';

const ZONE = 'Europe/London';
const COURSES = ['c1', 'c2', 'c3'] as const;
const START = Date.UTC(2026, 2, 20); // the March DST change and a month boundary fall inside
const HOUR = 3_600_000;

const iso = (hour: number) => new Date(START + hour * HOUR).toISOString();

function eventArb(learners: number): fc.Arbitrary<AwardSource> {
  const learnerId = fc.integer({ min: 1, max: learners });
  const courseId = fc.constantFrom(...COURSES);
  const hour = fc.integer({ min: 0, max: 24 * 45 });
  return fc.oneof(
    fc.record({ learnerId, courseId, lesson: fc.integer({ min: 1, max: 8 }), hour }).map(
      (r): AwardSource => ({ type: 'lesson.completed', payload: { learnerId: r.learnerId, courseId: r.courseId, lessonId: `${r.courseId}-l${r.lesson}`, enrollmentId: 1, completedAt: iso(r.hour) } }),
    ),
    fc.record({ learnerId, courseId, quiz: fc.integer({ min: 1, max: 4 }), score: fc.integer({ min: 0, max: 4 }), hour, attempt: fc.nat(1000) }).map(
      (r): AwardSource => ({
        type: 'quiz.graded',
        payload: { learnerId: r.learnerId, courseId: r.courseId, quizId: `${r.courseId}-q${r.quiz}`, attemptId: r.attempt, score: r.score * 2.5, maxScore: 10, passed: r.score >= 3, gradedAt: iso(r.hour) },
      }),
    ),
    fc.record({ learnerId, courseId, assignment: fc.integer({ min: 1, max: 3 }), passed: fc.boolean(), hour }).map(
      (r): AwardSource => ({
        type: 'assignment.graded',
        payload: { learnerId: r.learnerId, courseId: r.courseId, assignmentId: `${r.courseId}-a${r.assignment}`, submissionId: 1, scoreMillipoints: r.passed ? 9000 : 1000, maxMillipoints: 10000, passed: r.passed, gradedAt: iso(r.hour), graderId: 1 },
      }),
    ),
    fc.record({ learnerId, courseId, hour }).map((r): AwardSource => ({ type: 'course.completed', payload: { learnerId: r.learnerId, courseId: r.courseId, enrollmentId: 1, completedAt: iso(r.hour) } })),
    fc.record({ learnerId, day: fc.integer({ min: 0, max: 45 }), length: fc.integer({ min: 1, max: 35 }) }).map((r): AwardSource => {
      const day = fromDayNumber(dayNumber('2026-03-20') + r.day);
      return {
        type: 'learner.visited',
        payload: { learnerId: r.learnerId, visitedAt: `${day}T09:00:00.000Z`, day, streakLength: r.length, streakStartDay: fromDayNumber(dayNumber(day) - r.length + 1) },
      };
    }),
  );
}

const courseRuleArb = fc.record({
  enabled: fc.boolean(),
  points: fc.integer({ min: 1, max: 200 }),
  courseIds: fc.option(fc.subarray([...COURSES], { minLength: 1 }), { freq: 2 }),
});

const rulesArb: fc.Arbitrary<PointRules> = fc
  .record({
    'lesson-completed': courseRuleArb,
    'quiz-passed': courseRuleArb,
    'quiz-perfect': courseRuleArb,
    'assignment-passed': courseRuleArb,
    'course-completed': courseRuleArb,
    'daily-visit': fc.record({ enabled: fc.boolean(), points: fc.integer({ min: 1, max: 20 }) }),
    'streak-milestone': fc.record({
      enabled: fc.boolean(),
      milestones: fc.uniqueArray(fc.record({ days: fc.integer({ min: 2, max: 40 }), points: fc.integer({ min: 1, max: 300 }) }), { minLength: 1, maxLength: 4, selector: (m) => m.days }),
    }),
  })
  .map((r) => parseRules(r));

/** A delivery of a history: every event at least once, some several times, in a random order. */
function deliveryArb<T>(history: fc.Arbitrary<T[]>): fc.Arbitrary<{ history: T[]; delivered: T[] }> {
  return history.chain((h) =>
    fc
      .record({
        extra: fc.array(fc.nat(Math.max(0, h.length - 1)), { maxLength: h.length }),
        order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: h.length * 2, maxLength: h.length * 2 }),
      })
      .map(({ extra, order }) => {
        const all = h.length === 0 ? [] : [...h, ...extra.map((i) => h[i] as T)];
        const keyed = all.map((e, i) => ({ e, k: order[i] ?? i }));
        keyed.sort((a, b) => a.k - b.k);
        return { history: h, delivered: keyed.map((x) => x.e) };
      }),
  );
}

/** What the consumer does, with sets for unique constraints and per-learner sums for reads. */
class Store {
  readonly ledger: PointEvent[] = [];
  readonly badges = new Map<number, Set<string>>();
  private readonly keys = new Set<string>();
  private readonly factKeys = new Set<string>();
  private readonly factsOf = new Map<number, Fact[]>();
  private readonly totals = new Map<number, number>();
  private readonly longest = new Map<number, number>();

  constructor(
    private readonly rules: PointRules,
    private readonly badgeDefs: readonly BadgeDefinition[],
    readonly boards: Leaderboards,
  ) {}

  consume(event: AwardSource): void {
    const learnerId = event.payload.learnerId;
    for (const f of factsFor(event)) {
      const key = awardKey(f);
      if (this.factKeys.has(key)) continue;
      this.factKeys.add(key);
      this.factsOf.set(learnerId, [...(this.factsOf.get(learnerId) ?? []), f]);
    }
    for (const a of awardsFor(event, this.rules)) {
      const key = awardKey(a);
      if (this.keys.has(key)) continue; // ON CONFLICT DO NOTHING
      this.keys.add(key);
      this.ledger.push(a);
      this.totals.set(a.learnerId, (this.totals.get(a.learnerId) ?? 0) + a.points);
      this.boards.apply(a);
    }
    if (event.type === 'learner.visited') this.longest.set(learnerId, Math.max(this.longest.get(learnerId) ?? 0, event.payload.streakLength));
    if (this.badgeDefs.length === 0) return;
    const mine = this.badges.get(learnerId) ?? new Set<string>();
    for (const b of evaluateBadges(this.summary(learnerId), this.badgeDefs)) mine.add(b.id);
    this.badges.set(learnerId, mine);
  }

  points(learnerId: number): number {
    return this.totals.get(learnerId) ?? 0;
  }

  facts(learnerId: number): Fact[] {
    return this.factsOf.get(learnerId) ?? [];
  }

  summary(learnerId: number) {
    return summariseAchievements({ facts: this.facts(learnerId), points: this.points(learnerId), longestStreak: this.longest.get(learnerId) ?? 0 });
  }
}

const BADGES: BadgeDefinition[] = [
  ...DEFAULT_BADGES,
  { id: 'c2-done', name: 'C2', description: '', criterion: { kind: 'course-completed', courseId: 'c2' } },
  { id: 'c1-first', name: 'C1 start', description: '', criterion: { kind: 'first-lesson', courseId: 'c1' } },
  { id: 'points-150', name: '150', description: '', criterion: { kind: 'points', threshold: 150 } },
];

function expectSameBoards(a: Leaderboards, b: Leaderboards, learners: number): void {
  expect(a.boardIds()).toEqual(b.boardIds());
  for (const id of a.boardIds()) {
    expect(a.board(id as BoardId).entries()).toEqual(b.board(id as BoardId).entries());
    for (let l = 1; l <= learners; l += 1) expect(a.board(id as BoardId).rank(l)).toBe(b.board(id as BoardId).rank(l));
  }
}

describe('replaying a learner history', () => {
  it('twice, or shuffled with duplicates, gives the same points and badges as once in order', () => {
    fc.assert(
      fc.property(rulesArb, deliveryArb(fc.array(eventArb(1), { maxLength: 60 })), (rules, { history, delivered }) => {
        const once = new Store(rules, BADGES, new Leaderboards(ZONE));
        for (const e of history) once.consume(e);
        const twice = new Store(rules, BADGES, new Leaderboards(ZONE));
        for (const e of [...history, ...history]) twice.consume(e);
        const messy = new Store(rules, BADGES, new Leaderboards(ZONE));
        for (const e of delivered) messy.consume(e);

        for (const s of [twice, messy]) {
          expect(s.points(1)).toBe(once.points(1));
          expect([...(s.badges.get(1) ?? [])].sort()).toEqual([...(once.badges.get(1) ?? [])].sort());
          expect(s.ledger.map(awardKey).sort()).toEqual(once.ledger.map(awardKey).sort());
        }
        // Replaying into the same store changes nothing at all.
        const before = { points: once.points(1), ledger: once.ledger.length, facts: once.facts(1).length, badges: [...(once.badges.get(1) ?? [])] };
        for (const e of history) once.consume(e);
        expect({ points: once.points(1), ledger: once.ledger.length, facts: once.facts(1).length, badges: [...(once.badges.get(1) ?? [])] }).toEqual(before);
        // Badges are exactly those of the final summary: evaluating along the way never earned one it should not.
        expect([...(once.badges.get(1) ?? [])].sort()).toEqual(evaluateBadges(once.summary(1), BADGES).map((b) => b.id).sort());
      }),
      { numRuns: 200 },
    );
  });
});

describe('leaderboards: rebuild equals incremental', () => {
  const LEARNERS = 12;
  const optArb = fc.array(fc.record({ at: fc.nat(), learnerId: fc.integer({ min: 1, max: LEARNERS }), hide: fc.boolean() }), { maxLength: 8 });

  it('for random histories delivered with duplicates, out of order, with opt-outs along the way', () => {
    fc.assert(
      fc.property(rulesArb, deliveryArb(fc.array(eventArb(LEARNERS), { maxLength: 150 })), optArb, (rules, { delivered }, opts) => {
        const incremental = new Leaderboards(ZONE);
        const store = new Store(rules, [], incremental);
        const optAt = new Map(opts.map((o) => [o.at % (delivered.length + 1), o]));
        const toggle = (i: number) => {
          const o = optAt.get(i);
          if (!o) return;
          if (o.hide) incremental.hide(o.learnerId);
          else if (incremental.isHidden(o.learnerId)) incremental.show(o.learnerId, store.ledger);
        };
        delivered.forEach((e, i) => {
          toggle(i);
          store.consume(e);
        });
        toggle(delivered.length);
        const hidden = Array.from({ length: LEARNERS }, (_, i) => i + 1).filter((l) => incremental.isHidden(l));

        expectSameBoards(rebuildLeaderboards(store.ledger, { timeZone: ZONE, hidden }), incremental, LEARNERS);
        // The rebuild also tolerates a ledger read back with duplicates (first kept, as the table keeps it).
        expectSameBoards(rebuildLeaderboards([...store.ledger, ...store.ledger.slice().reverse()], { timeZone: ZONE, hidden }), incremental, LEARNERS);
        // Nobody hidden appears anywhere.
        for (const id of incremental.boardIds()) for (const h of hidden) expect(incremental.board(id).rank(h)).toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it('for 10,000 learners (one seeded history, 40,000 events + 4,000 duplicates, shuffled, 300 opted out)', () => {
    const LEARNERS_BIG = 10_000;
    // A small deterministic PRNG (mulberry32) keeps this case fixed and cheap to generate.
    let seed = 0x6a09e667;
    const rnd = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const pick = (n: number) => Math.floor(rnd() * n);
    const rules = parseRules({ 'lesson-completed': { enabled: true, points: 10, courseIds: ['c1', 'c2'] } });
    const history: AwardSource[] = [];
    for (let i = 0; i < 40_000; i += 1) {
      const learnerId = 1 + pick(LEARNERS_BIG);
      const courseId = COURSES[pick(3)] as string;
      const at = iso(pick(24 * 45));
      const kind = pick(10);
      if (kind < 5) history.push({ type: 'lesson.completed', payload: { learnerId, courseId, lessonId: `${courseId}-l${pick(20)}`, enrollmentId: 1, completedAt: at } });
      else if (kind < 7) {
        const score = pick(5);
        history.push({ type: 'quiz.graded', payload: { learnerId, courseId, quizId: `${courseId}-q${pick(5)}`, attemptId: i, score, maxScore: 4, passed: score >= 2, gradedAt: at } });
      } else if (kind < 8) history.push({ type: 'course.completed', payload: { learnerId, courseId, enrollmentId: 1, completedAt: at } });
      else {
        const day = fromDayNumber(dayNumber('2026-03-20') + pick(45));
        const length = 1 + pick(35);
        history.push({ type: 'learner.visited', payload: { learnerId, visitedAt: `${day}T12:00:00.000Z`, day, streakLength: length, streakStartDay: fromDayNumber(dayNumber(day) - length + 1) } });
      }
    }
    const delivered = [...history];
    for (let i = 0; i < 4_000; i += 1) delivered.push(history[pick(history.length)] as AwardSource);
    for (let i = delivered.length - 1; i > 0; i -= 1) {
      const j = pick(i + 1);
      [delivered[i], delivered[j]] = [delivered[j] as AwardSource, delivered[i] as AwardSource];
    }
    const hidden = new Set<number>();
    while (hidden.size < 300) hidden.add(1 + pick(LEARNERS_BIG));

    const incremental = new Leaderboards(ZONE);
    for (const h of hidden) incremental.hide(h);
    const store = new Store(rules, [], incremental);
    for (const e of delivered) store.consume(e);
    const rebuilt = rebuildLeaderboards(store.ledger, { timeZone: ZONE, hidden });

    expect(incremental.board('global/all').size).toBeGreaterThan(9_000);
    expect(incremental.boardIds().length).toBeGreaterThan(20);
    expect(rebuilt.boardIds()).toEqual(incremental.boardIds());
    for (const id of rebuilt.boardIds()) expect(rebuilt.board(id).entries()).toEqual(incremental.board(id).entries());
    // Own ranks for everyone on the all-time board, hidden learners included (from their ledger points).
    const global = incremental.board('global/all');
    const totals = new Map<number, number>();
    for (const e of store.ledger) totals.set(e.learnerId, (totals.get(e.learnerId) ?? 0) + e.points);
    // The definition, computed independently: 1 + visible learners with strictly more points.
    const visibleScores = [...totals].filter(([l]) => !hidden.has(l)).map(([, p]) => p);
    const above = new Map<number, number>();
    for (const p of new Set(totals.values())) above.set(p, 0);
    for (const v of visibleScores) for (const p of above.keys()) if (v > p) above.set(p, (above.get(p) as number) + 1);
    for (const [l, p] of totals) expect(hidden.has(l) ? global.rankForScore(p) : global.rank(l)).toBe(1 + (above.get(p) as number));
  });
});
