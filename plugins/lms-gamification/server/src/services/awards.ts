import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { readDate } from '@lms/plugin-lms-core/server';
import {
  type AchievementSummary,
  type AwardSource,
  type Fact,
  type PointEvent,
  adjustAchievements,
  awardKey,
  awardsFor,
  evaluateBadges,
  factsFor,
  newlyEarned,
} from '../domain';
import { BADGES_EARNED_TABLE, FACTS_TABLE, POINT_EVENTS_TABLE, PROFILES_TABLE } from '../migrations';
import { getService } from '../utils';

export interface AwardOutcome {
  /** Point events this call inserted (a replay inserts none). */
  points: PointEvent[];
  /** Facts this call inserted. */
  facts: number;
  /** Badge ids earned by this call. */
  badges: string[];
}

interface StateRow {
  l: number | string;
  k: string;
  c: string | null;
  n: number | string;
}

interface LearnerState {
  summary: AchievementSummary;
  hidden: boolean;
  earned: Set<string>;
}

/**
 * Rows per multi-row insert: a consumer batch (lms-core hands up to 100 events) fits in one; a
 * longer list is split so a statement stays under SQLite's bound-parameter limit.
 */
const INSERT_CHUNK = 1_000;

/**
 * The rows of several sources with each key once, from the first source that has it (in a loop of
 * single awards that one inserts and the later ones meet the unique constraint), and which source
 * (index) owns each key.
 */
function firstOfEachKey<T extends Parameters<typeof awardKey>[0]>(perSource: ReadonlyArray<readonly T[]>): { rows: T[]; owner: Map<string, number> } {
  const owner = new Map<string, number>();
  const rows: T[] = [];
  perSource.forEach((list, i) => {
    for (const row of list) {
      const key = awardKey(row);
      if (owner.has(key)) continue;
      owner.set(key, i);
      rows.push(row);
    }
  });
  return { rows, owner };
}

/**
 * Rows sorted by their unique key. Two batches in flight that share a key (a redelivery) wait for
 * each other on the unique index; taking keys in one global order means they can wait but never
 * deadlock. Which rows are inserted does not depend on the order (duplicates are removed first).
 */
function inKeyOrder<T extends Parameters<typeof awardKey>[0]>(rows: readonly T[]): T[] {
  return rows
    .map((row) => ({ row, key: awardKey(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.row);
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) out.push(rows.slice(i, i + INSERT_CHUNK));
  return out;
}

interface PointRow {
  learner_id: number;
  rule: string;
  subject: string;
  points: number;
  course_id: string | null;
  occurred_at: unknown;
  source_event_id: string | null;
}

export function pointEventOf(r: PointRow): PointEvent {
  return {
    learnerId: Number(r.learner_id),
    rule: r.rule as PointEvent['rule'],
    subject: r.subject,
    points: Number(r.points),
    courseId: r.course_id,
    occurredAt: (readDate(r.occurred_at) as Date).toISOString(),
    sourceEventId: r.source_event_id,
  };
}

/**
 * Runs `after` once `trx` has committed (not on rollback): Redis must never hold an award the
 * ledger lost. What is still running is kept in `running` (see `settled`).
 */
function afterCommit(trx: Knex.Transaction, after: () => Promise<void>, onError: (error: unknown) => void, running: Set<Promise<void>>): void {
  const done = (trx as { executionPromise?: Promise<unknown> }).executionPromise ?? Promise.resolve();
  const work: Promise<void> = done.then(
    () => after().catch(onError),
    () => undefined,
  );
  running.add(work);
  void work.finally(() => running.delete(work));
}

/**
 * Awards: a domain event (or a counted visit) in, facts, point events and badges out, all
 * inserted with ON CONFLICT DO NOTHING on their idempotency keys, in the caller's transaction
 * (the consumer's, so the "consumed" mark commits with them). Only the rows this call actually
 * inserted go on to the leaderboards, after commit.
 */
export const createAwardsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const running = new Set<Promise<void>>();

  /**
   * What badge evaluation needs of each learner, in one round trip: points total, facts grouped by
   * kind and course, longest streak, opt-out, and badges already earned.
   */
  async function learnerStates(trx: Knex | Knex.Transaction, learnerIds: readonly number[]): Promise<Map<number, LearnerState>> {
    const states = new Map<number, LearnerState>();
    for (const id of learnerIds) {
      states.set(id, { summary: { points: 0, longestStreak: 0, lessonsCompleted: 0, perfectQuizzes: 0, coursesCompleted: [], byCourse: {} }, hidden: false, earned: new Set() });
    }
    if (states.size === 0) return states;
    const ids = [...states.keys()];
    const list = ids.map(() => '?').join(', ');
    const rows = (await trx.raw(
      `SELECT learner_id AS l, 'points' AS k, NULL AS c, CAST(SUM(points) AS BIGINT) AS n FROM ${POINT_EVENTS_TABLE} WHERE learner_id IN (${list}) GROUP BY learner_id
       UNION ALL SELECT learner_id, kind, course_id, COUNT(*) FROM ${FACTS_TABLE} WHERE learner_id IN (${list}) AND kind IN ('lesson-completed', 'quiz-perfect', 'course-completed') GROUP BY learner_id, kind, course_id
       UNION ALL SELECT learner_id, 'longest', NULL, CAST(COALESCE(streak_longest, 0) AS BIGINT) FROM ${PROFILES_TABLE} WHERE learner_id IN (${list})
       UNION ALL SELECT learner_id, 'hidden', NULL, CASE WHEN hidden THEN 1 ELSE 0 END FROM ${PROFILES_TABLE} WHERE learner_id IN (${list})
       UNION ALL SELECT learner_id, 'badge', badge_id, 1 FROM ${BADGES_EARNED_TABLE} WHERE learner_id IN (${list})`,
      [...ids, ...ids, ...ids, ...ids, ...ids],
    )) as { rows?: StateRow[] } | StateRow[];
    for (const r of Array.isArray(rows) ? rows : (rows.rows ?? [])) {
      const state = states.get(Number(r.l));
      if (!state) continue;
      const { summary } = state;
      const n = Number(r.n);
      if (r.k === 'points') summary.points = n;
      else if (r.k === 'longest') summary.longestStreak = n;
      else if (r.k === 'hidden') state.hidden = n === 1;
      else if (r.k === 'badge') state.earned.add(r.c as string);
      else if (r.k === 'course-completed') summary.coursesCompleted.push(r.c as string);
      else {
        const course = (summary.byCourse[r.c as string] ??= { lessonsCompleted: 0, perfectQuizzes: 0 });
        if (r.k === 'lesson-completed') {
          summary.lessonsCompleted += n;
          course.lessonsCompleted += n;
        } else {
          summary.perfectQuizzes += n;
          course.perfectQuizzes += n;
        }
      }
    }
    for (const state of states.values()) state.summary.coursesCompleted.sort();
    return states;
  }

  /** One learner's state (the overview reads it). */
  async function learnerState(trx: Knex | Knex.Transaction, learnerId: number): Promise<LearnerState> {
    return (await learnerStates(trx, [learnerId])).get(learnerId) as LearnerState;
  }

  /**
   * Applies award sources in order inside `trx`, with the same rows, outcomes and board updates
   * as calling `award` for each in turn in that transaction (docs/decisions/037), in a fixed number
   * of statements whatever the count: facts and point events deduplicated by key (the first
   * source of a key is the one that inserts it, as in a loop) and inserted with one multi-row
   * `ON CONFLICT DO NOTHING RETURNING` each; the state of every learner something landed for in
   * one query; badges replayed source by source in memory from that state minus the batch's own
   * rows, then one insert; one leaderboard update after commit. A payload of the wrong shape
   * throws before anything is written.
   */
  async function awardMany(trx: Knex.Transaction, sources: readonly AwardSource[], opts: { evaluateBadges?: boolean } = {}): Promise<AwardOutcome[]> {
    if (sources.length === 0) return [];
    // Through trx: on SQLite the pool has one connection, which the transaction holds.
    const settings = await getService(strapi, 'settings').get(trx);
    const planned = sources.map((source) => ({
      facts: factsFor(source),
      awards: awardsFor(source, settings.rules),
      learnerId: (source.payload as { learnerId: number }).learnerId,
    }));
    const now = new Date();

    // Facts: the first source of each key owns it; the rows that come back are the ones it inserted.
    const { rows: factRows, owner: factOwner } = firstOfEachKey(planned.map((p) => p.facts));
    const insertedFacts: Fact[][] = planned.map(() => []);
    for (const chunk of chunks(inKeyOrder(factRows))) {
      const rows = (await trx(FACTS_TABLE)
        .insert(chunk.map((f) => ({ learner_id: f.learnerId, kind: f.kind, subject: f.subject, course_id: f.courseId, occurred_at: new Date(f.occurredAt), created_at: now })))
        .onConflict(['learner_id', 'kind', 'subject'])
        .ignore()
        .returning(['learner_id', 'kind', 'subject', 'course_id'])) as Array<{ learner_id: number; kind: Fact['kind']; subject: string; course_id: string }>;
      for (const r of rows) {
        const fact = { learnerId: Number(r.learner_id), kind: r.kind, subject: r.subject, courseId: r.course_id, occurredAt: '' };
        insertedFacts[factOwner.get(awardKey(fact)) as number]?.push(fact);
      }
    }

    // Point events, the same way.
    const { rows: pointRows, owner: pointOwner } = firstOfEachKey(planned.map((p) => p.awards));
    const insertedPoints = new Map<string, PointEvent>();
    for (const chunk of chunks(inKeyOrder(pointRows))) {
      const rows = (await trx(POINT_EVENTS_TABLE)
        .insert(
          chunk.map((a) => ({
            learner_id: a.learnerId,
            rule: a.rule,
            subject: a.subject,
            points: a.points,
            course_id: a.courseId,
            occurred_at: new Date(a.occurredAt),
            source_event_id: a.sourceEventId,
            created_at: now,
          })),
        )
        .onConflict(['learner_id', 'rule', 'subject'])
        .ignore()
        .returning(['learner_id', 'rule', 'subject', 'points', 'course_id', 'occurred_at', 'source_event_id'])) as PointRow[];
      for (const r of rows) {
        const e = pointEventOf(r);
        insertedPoints.set(awardKey(e), e);
      }
    }
    // Each source's inserted point events, in the order its rules produced them.
    const points: PointEvent[][] = planned.map((p, i) =>
      p.awards.flatMap((a) => {
        const key = awardKey(a);
        const e = insertedPoints.get(key);
        return e && pointOwner.get(key) === i ? [e] : [];
      }),
    );

    // Badges: a source is evaluated when it inserted something (or always, for a visit), on the
    // state it would have seen alone: what was there before the batch, plus the rows of the
    // batch's earlier sources of that learner, plus its own.
    const evaluated = planned.map((_, i) => opts.evaluateBadges === true || (insertedFacts[i]?.length ?? 0) > 0 || (points[i]?.length ?? 0) > 0);
    const learners = [...new Set(planned.filter((_, i) => evaluated[i]).map((p) => p.learnerId))];
    const states = await learnerStates(trx, learners);
    const batchRows = new Map<number, { facts: Fact[]; points: number }>();
    planned.forEach((p, i) => {
      const rows = batchRows.get(p.learnerId) ?? { facts: [], points: 0 };
      rows.facts.push(...(insertedFacts[i] ?? []));
      rows.points += (points[i] ?? []).reduce((sum, e) => sum + e.points, 0);
      batchRows.set(p.learnerId, rows);
    });
    const summaries = new Map<number, AchievementSummary>();
    for (const [learnerId, state] of states) summaries.set(learnerId, adjustAchievements(state.summary, batchRows.get(learnerId) as { facts: Fact[]; points: number }, -1));
    const earnedBy: string[][] = planned.map(() => []);
    const badgeRows: Array<{ learner_id: number; badge_id: string; earned_at: Date; seen_at: null }> = [];
    planned.forEach((p, i) => {
      const state = states.get(p.learnerId);
      const before = summaries.get(p.learnerId);
      if (!state || !before) return;
      const summary = adjustAchievements(before, { facts: insertedFacts[i] ?? [], points: (points[i] ?? []).reduce((sum, e) => sum + e.points, 0) }, 1);
      summaries.set(p.learnerId, summary);
      if (!evaluated[i]) return;
      for (const b of newlyEarned(evaluateBadges(summary, settings.badges), state.earned)) {
        state.earned.add(b.id);
        earnedBy[i]?.push(b.id);
        badgeRows.push({ learner_id: p.learnerId, badge_id: b.id, earned_at: now, seen_at: null });
      }
    });
    const insertedBadges = new Set<string>();
    badgeRows.sort((a, b) => a.learner_id - b.learner_id || (a.badge_id < b.badge_id ? -1 : a.badge_id > b.badge_id ? 1 : 0));
    for (const chunk of chunks(badgeRows)) {
      const rows = (await trx(BADGES_EARNED_TABLE).insert(chunk).onConflict(['learner_id', 'badge_id']).ignore().returning(['learner_id', 'badge_id'])) as Array<{
        learner_id: number;
        badge_id: string;
      }>;
      for (const r of rows) insertedBadges.add(`${Number(r.learner_id)}|${r.badge_id}`);
    }

    // Leaderboards: every visible learner's new point events, in one update after commit.
    const onBoards = planned.flatMap((p, i) => (states.get(p.learnerId)?.hidden === false ? (points[i] ?? []) : []));
    if (onBoards.length > 0) {
      const leaderboards = getService(strapi, 'leaderboards');
      afterCommit(
        trx,
        () => leaderboards.apply(onBoards),
        (error) => strapi.log.warn(`[lms-gamification] leaderboard update failed (${String(error)}); the next rebuild restores it from the ledger`),
        running,
      );
    }
    return planned.map((p, i) => ({
      points: points[i] ?? [],
      facts: insertedFacts[i]?.length ?? 0,
      badges: (earnedBy[i] ?? []).filter((id) => insertedBadges.has(`${p.learnerId}|${id}`)),
    }));
  }

  return {
    learnerState,

    /** Resolves when every leaderboard update started so far has finished (shutdown, benchmarks). */
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.all([...running]);
    },

    awardMany,

    /**
     * Applies one award source (lms-core's event envelope, or a `learner.visited` built by the
     * visit service) inside `trx`. A payload of the wrong shape throws (the event goes to the
     * failed set, naming the field). Replays insert nothing and earn nothing. The one-source case
     * of `awardMany`: one code path.
     */
    async award(trx: Knex.Transaction, source: AwardSource, opts: { evaluateBadges?: boolean } = {}): Promise<AwardOutcome> {
      return (await awardMany(trx, [source], opts))[0] as AwardOutcome;
    },
  };
};

export type AwardsService = ReturnType<typeof createAwardsService>;
