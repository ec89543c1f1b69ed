import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { readDate } from '@lms/plugin-lms-core/server';
import { type AchievementSummary, type AwardSource, type PointEvent, awardsFor, evaluateBadges, factsFor, newlyEarned } from '../domain';
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
  k: string;
  c: string | null;
  n: number | string;
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
   * What badge evaluation needs of one learner, in one round trip: points total, facts grouped by
   * kind and course, longest streak, opt-out, and badges already earned.
   */
  async function learnerState(trx: Knex | Knex.Transaction, learnerId: number): Promise<{ summary: AchievementSummary; hidden: boolean; earned: Set<string> }> {
    const rows = (await trx.raw(
      `SELECT 'points' AS k, NULL AS c, CAST(COALESCE(SUM(points), 0) AS BIGINT) AS n FROM ${POINT_EVENTS_TABLE} WHERE learner_id = ?
       UNION ALL SELECT kind, course_id, COUNT(*) FROM ${FACTS_TABLE} WHERE learner_id = ? AND kind IN ('lesson-completed', 'quiz-perfect', 'course-completed') GROUP BY kind, course_id
       UNION ALL SELECT 'longest', NULL, CAST(COALESCE(streak_longest, 0) AS BIGINT) FROM ${PROFILES_TABLE} WHERE learner_id = ?
       UNION ALL SELECT 'hidden', NULL, CASE WHEN hidden THEN 1 ELSE 0 END FROM ${PROFILES_TABLE} WHERE learner_id = ?
       UNION ALL SELECT 'badge', badge_id, 1 FROM ${BADGES_EARNED_TABLE} WHERE learner_id = ?`,
      [learnerId, learnerId, learnerId, learnerId, learnerId],
    )) as { rows?: StateRow[] } | StateRow[];
    const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
    const summary: AchievementSummary = { points: 0, longestStreak: 0, lessonsCompleted: 0, perfectQuizzes: 0, coursesCompleted: [], byCourse: {} };
    let hidden = false;
    const earned = new Set<string>();
    for (const r of list) {
      const n = Number(r.n);
      if (r.k === 'points') summary.points = n;
      else if (r.k === 'longest') summary.longestStreak = n;
      else if (r.k === 'hidden') hidden = n === 1;
      else if (r.k === 'badge') earned.add(r.c as string);
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
    summary.coursesCompleted.sort();
    return { summary, hidden, earned };
  }

  return {
    learnerState,

    /** Resolves when every leaderboard update started so far has finished (shutdown, benchmarks). */
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.all([...running]);
    },

    /**
     * Applies one award source (lms-core's event envelope, or a `learner.visited` built by the
     * visit service) inside `trx`. A payload of the wrong shape throws (the event goes to the
     * failed set, naming the field). Replays insert nothing and earn nothing.
     */
    async award(trx: Knex.Transaction, source: AwardSource, opts: { evaluateBadges?: boolean } = {}): Promise<AwardOutcome> {
      // Through trx: on SQLite the pool has one connection, which the transaction holds.
      const settings = await getService(strapi, 'settings').get(trx);
      const facts = factsFor(source);
      const awards = awardsFor(source, settings.rules);
      const now = new Date();
      let insertedFacts = 0;
      if (facts.length > 0) {
        const rows = (await trx(FACTS_TABLE)
          .insert(facts.map((f) => ({ learner_id: f.learnerId, kind: f.kind, subject: f.subject, course_id: f.courseId, occurred_at: new Date(f.occurredAt), created_at: now })))
          .onConflict(['learner_id', 'kind', 'subject'])
          .ignore()
          .returning('id')) as unknown[];
        insertedFacts = rows.length;
      }
      let inserted: PointEvent[] = [];
      if (awards.length > 0) {
        const rows = (await trx(POINT_EVENTS_TABLE)
          .insert(
            awards.map((a) => ({
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
        inserted = rows.map(pointEventOf);
      }
      const learnerId = (source.payload as { learnerId: number }).learnerId;
      let badges: string[] = [];
      if (insertedFacts === 0 && inserted.length === 0 && !opts.evaluateBadges) return { points: [], facts: 0, badges };
      const state = await learnerState(trx, learnerId);
      const fresh = newlyEarned(evaluateBadges(state.summary, settings.badges), state.earned);
      if (fresh.length > 0) {
        const rows = (await trx(BADGES_EARNED_TABLE)
          .insert(fresh.map((b) => ({ learner_id: learnerId, badge_id: b.id, earned_at: now, seen_at: null })))
          .onConflict(['learner_id', 'badge_id'])
          .ignore()
          .returning('badge_id')) as Array<{ badge_id: string }>;
        badges = rows.map((r) => r.badge_id);
      }
      if (inserted.length > 0) {
        if (!state.hidden) {
          const leaderboards = getService(strapi, 'leaderboards');
          afterCommit(
            trx,
            () => leaderboards.apply(inserted),
            (error) => strapi.log.warn(`[lms-gamification] leaderboard update failed (${String(error)}); the next rebuild restores it from the ledger`),
            running,
          );
        }
      }
      return { points: inserted, facts: insertedFacts, badges };
    },
  };
};

export type AwardsService = ReturnType<typeof createAwardsService>;
