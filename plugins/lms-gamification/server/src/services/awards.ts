import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { readDate } from '@lms/plugin-lms-core/server';
import { type AchievementSummary, type AwardSource, type PointEvent, evaluateBadges, awardsFor, factsFor } from '../domain';
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

/** Runs `after` once `trx` has committed (not on rollback): Redis must never hold an award the ledger lost. */
function afterCommit(trx: Knex.Transaction, after: () => Promise<void>, onError: (error: unknown) => void): void {
  const done = (trx as { executionPromise?: Promise<unknown> }).executionPromise;
  if (!done) {
    void after().catch(onError);
    return;
  }
  done.then(
    () => after().catch(onError),
    () => undefined,
  );
}

/**
 * Awards: a domain event (or a counted visit) in, facts, point events and badges out, all
 * inserted with ON CONFLICT DO NOTHING on their idempotency keys, in the caller's transaction
 * (the consumer's, so the "consumed" mark commits with them). Only the rows this call actually
 * inserted go on to the leaderboards, after commit.
 */
export const createAwardsService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** Facts, points total and longest streak of one learner, as badges read them (grouped counts). */
  async function summaryOf(trx: Knex.Transaction, learnerId: number): Promise<AchievementSummary> {
    const [pointsRow] = (await trx(POINT_EVENTS_TABLE).where({ learner_id: learnerId }).sum({ total: 'points' })) as Array<{ total: number | string | null }>;
    const profile = (await trx(PROFILES_TABLE).where({ learner_id: learnerId }).first('streak_longest')) as { streak_longest: number | null } | undefined;
    const grouped = (await trx(FACTS_TABLE)
      .where({ learner_id: learnerId })
      .whereIn('kind', ['lesson-completed', 'quiz-perfect', 'course-completed'])
      .groupBy('kind', 'course_id')
      .select('kind', 'course_id')
      .count({ n: '*' })) as Array<{ kind: string; course_id: string; n: number | string }>;
    const summary: AchievementSummary = {
      points: Number(pointsRow?.total ?? 0),
      longestStreak: Number(profile?.streak_longest ?? 0),
      lessonsCompleted: 0,
      perfectQuizzes: 0,
      coursesCompleted: [],
      byCourse: {},
    };
    for (const g of grouped) {
      const n = Number(g.n);
      const course = (summary.byCourse[g.course_id] ??= { lessonsCompleted: 0, perfectQuizzes: 0 });
      if (g.kind === 'lesson-completed') {
        summary.lessonsCompleted += n;
        course.lessonsCompleted += n;
      } else if (g.kind === 'quiz-perfect') {
        summary.perfectQuizzes += n;
        course.perfectQuizzes += n;
      } else {
        summary.coursesCompleted.push(g.course_id);
      }
    }
    summary.coursesCompleted.sort();
    return summary;
  }

  return {
    summaryOf,

    /**
     * Applies one award source (lms-core's event envelope, or a `learner.visited` built by the
     * visit service) inside `trx`. A payload of the wrong shape throws (the event goes to the
     * failed set, naming the field). Replays insert nothing and earn nothing.
     */
    async award(trx: Knex.Transaction, source: AwardSource, opts: { evaluateBadges?: boolean } = {}): Promise<AwardOutcome> {
      const settings = await getService(strapi, 'settings').get();
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
      if (insertedFacts > 0 || inserted.length > 0 || opts.evaluateBadges) {
        const earned = evaluateBadges(await summaryOf(trx, learnerId), settings.badges);
        if (earned.length > 0) {
          const rows = (await trx(BADGES_EARNED_TABLE)
            .insert(earned.map((b) => ({ learner_id: learnerId, badge_id: b.id, earned_at: now, seen_at: null })))
            .onConflict(['learner_id', 'badge_id'])
            .ignore()
            .returning('badge_id')) as Array<{ badge_id: string }>;
          badges = rows.map((r) => r.badge_id);
        }
      }
      if (inserted.length > 0) {
        const profile = (await trx(PROFILES_TABLE).where({ learner_id: learnerId }).first('hidden')) as { hidden: boolean | number } | undefined;
        if (!profile?.hidden) {
          const leaderboards = getService(strapi, 'leaderboards');
          afterCommit(
            trx,
            () => leaderboards.apply(inserted),
            (error) => strapi.log.warn(`[lms-gamification] leaderboard update failed (${String(error)}); the next rebuild restores it from the ledger`),
          );
        }
      }
      return { points: inserted, facts: insertedFacts, badges };
    },
  };
};

export type AwardsService = ReturnType<typeof createAwardsService>;
