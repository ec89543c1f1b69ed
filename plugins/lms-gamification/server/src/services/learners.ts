import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { inTransaction, isPostgres, readDate } from '@lms/plugin-lms-core/server';
import { type CurrentStreak, type LevelProgress, type StreakState, badgeProgress, currentStreak, levelFor, parseTimeZone, recordVisit } from '../domain';
import { BADGES_EARNED_TABLE, POINT_EVENTS_TABLE, PROFILES_TABLE } from '../migrations';
import { getService } from '../utils';
import { pointEventOf } from './awards';

interface ProfileRow {
  learner_id: number;
  time_zone: string | null;
  hidden: boolean | number;
  display_name: string | null;
  streak_length: number | null;
  streak_longest: number | null;
  streak_start_day: string | null;
  streak_last_day: string | null;
  streak_last_visit_at: string | null;
  streak_last_time_zone: string | null;
}

export interface Profile {
  learnerId: number;
  /** The learner's own zone, or null (the platform zone applies). */
  timeZone: string | null;
  hidden: boolean;
  displayName: string | null;
  streak: StreakState | null;
}

function profileOf(row: ProfileRow | undefined, learnerId: number): Profile {
  if (!row) return { learnerId, timeZone: null, hidden: false, displayName: null, streak: null };
  const streak: StreakState | null =
    row.streak_length !== null && row.streak_start_day && row.streak_last_day && row.streak_last_visit_at && row.streak_last_time_zone
      ? {
          length: Number(row.streak_length),
          longest: Number(row.streak_longest ?? row.streak_length),
          startDay: row.streak_start_day,
          lastDay: row.streak_last_day,
          lastVisitAt: row.streak_last_visit_at,
          lastTimeZone: row.streak_last_time_zone,
        }
      : null;
  return { learnerId, timeZone: row.time_zone, hidden: Boolean(row.hidden), displayName: row.display_name, streak };
}

export interface BadgeView {
  id: string;
  name: string;
  description: string;
  imageUrl: string | null;
  earned: boolean;
  earnedAt: string | null;
  /** False until the learner has been shown it (the site's toast). */
  seen: boolean;
  current: number;
  target: number;
}

export interface Overview {
  points: number;
  level: LevelProgress;
  badges: BadgeView[];
  streak: CurrentStreak;
  timeZone: string;
  preferences: { timeZone: string | null; hidden: boolean; displayName: string | null };
}

/**
 * A learner's side: their profile (zone, opt-out, display name, streak state), visits, and
 * what /me shows. The learner is always the caller (the controller passes the token's user id).
 */
export const createLearnersService = ({ strapi }: { strapi: Core.Strapi }) => {
  const platformZone = () => getService(strapi, 'leaderboards').timeZone();

  async function profile(learnerId: number, db: Knex | Knex.Transaction = strapi.db.connection): Promise<Profile> {
    return profileOf((await db(PROFILES_TABLE).where({ learner_id: learnerId }).first()) as ProfileRow | undefined, learnerId);
  }

  /** The profile row, created when missing, locked for this transaction on PostgreSQL. */
  async function lockedProfile(trx: Knex.Transaction, learnerId: number): Promise<Profile> {
    await trx(PROFILES_TABLE).insert({ learner_id: learnerId, hidden: false, updated_at: new Date() }).onConflict('learner_id').ignore();
    const q = trx(PROFILES_TABLE).where({ learner_id: learnerId });
    // SQLite serialises writers already; FOR UPDATE is PostgreSQL's way to apply visits in order.
    if (isPostgres(trx)) q.forUpdate();
    return profileOf((await q.first()) as ProfileRow, learnerId);
  }

  return {
    profile,

    /**
     * Records a visit at `now` on the learner's own calendar: a new date extends or restarts the
     * streak and pays the daily-visit and any milestone points. Same date again: nothing.
     */
    async recordVisit(learnerId: number, now: Date): Promise<{ counted: boolean; badges: string[] }> {
      // Most calls are a later page on a day already counted: decided without a write or a lock.
      const seen = await profile(learnerId);
      if (seen.streak && !recordVisit(seen.streak, { at: now, timeZone: seen.timeZone ?? platformZone() }).counted) return { counted: false, badges: [] };
      return inTransaction(strapi, undefined, async (trx) => {
        const p = await lockedProfile(trx, learnerId);
        const zone = p.timeZone ?? platformZone();
        const outcome = recordVisit(p.streak, { at: now, timeZone: zone });
        if (!outcome.counted) return { counted: false, badges: [] };
        const s = outcome.state;
        await trx(PROFILES_TABLE).where({ learner_id: learnerId }).update({
          streak_length: s.length,
          streak_longest: s.longest,
          streak_start_day: s.startDay,
          streak_last_day: s.lastDay,
          streak_last_visit_at: s.lastVisitAt,
          streak_last_time_zone: s.lastTimeZone,
          updated_at: new Date(),
        });
        const result = await getService(strapi, 'awards').award(
          trx,
          { type: 'learner.visited', payload: { learnerId, visitedAt: now.toISOString(), day: outcome.day, streakLength: s.length, streakStartDay: s.startDay } },
          { evaluateBadges: true },
        );
        return { counted: true, badges: result.badges };
      });
    },

    /** Points, level, badges (earned and progress), streak at `now`, preferences. */
    async overview(learnerId: number, now: Date): Promise<Overview> {
      const knex = strapi.db.connection;
      const settings = await getService(strapi, 'settings').get();
      const p = await profile(learnerId);
      const zone = p.timeZone ?? platformZone();
      const { summary } = await getService(strapi, 'awards').learnerState(knex, learnerId);
      const earnedRows = (await knex(BADGES_EARNED_TABLE).where({ learner_id: learnerId }).select('badge_id', 'earned_at', 'seen_at')) as Array<{ badge_id: string; earned_at: unknown; seen_at: unknown }>;
      const earned = new Map(earnedRows.map((r) => [r.badge_id, r]));
      const badges: BadgeView[] = settings.badges.map((b) => {
        const progress = badgeProgress(summary, b);
        const row = earned.get(b.id);
        return {
          id: b.id,
          name: b.name,
          description: b.description,
          imageUrl: b.image?.url ?? null,
          earned: Boolean(row),
          earnedAt: row ? (readDate(row.earned_at) as Date).toISOString() : null,
          seen: row ? row.seen_at !== null : true,
          current: row ? progress.target : progress.current,
          target: progress.target,
        };
      });
      return {
        points: summary.points,
        level: levelFor(summary.points, settings.levels),
        badges,
        streak: currentStreak(p.streak, now, zone),
        timeZone: zone,
        preferences: { timeZone: p.timeZone, hidden: p.hidden, displayName: p.displayName },
      };
    },

    /** Marks the learner's earned badges as shown (the site's toast calls it). */
    async markBadgesSeen(learnerId: number, badgeIds: readonly string[], now: Date): Promise<number> {
      if (badgeIds.length === 0) return 0;
      return strapi.db.connection(BADGES_EARNED_TABLE).where({ learner_id: learnerId }).whereIn('badge_id', [...badgeIds]).whereNull('seen_at').update({ seen_at: now });
    },

    /** The learner's point events, newest first. */
    async history(learnerId: number, page: number, pageSize: number) {
      const knex = strapi.db.connection;
      const [count] = (await knex(POINT_EVENTS_TABLE).where({ learner_id: learnerId }).count({ n: '*' }).sum({ total: 'points' })) as Array<{ n: number | string; total: number | string | null }>;
      const rows = (await knex(POINT_EVENTS_TABLE)
        .where({ learner_id: learnerId })
        .orderBy([{ column: 'occurred_at', order: 'desc' }, { column: 'id', order: 'desc' }])
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .select('learner_id', 'rule', 'subject', 'points', 'course_id', 'occurred_at', 'source_event_id')) as Parameters<typeof pointEventOf>[0][];
      return { events: rows.map(pointEventOf), total: Number(count?.n ?? 0), points: Number(count?.total ?? 0) };
    },

    /**
     * Changes the learner's zone, opt-out or display name. Opting out takes them off every board
     * at once; opting back in puts their ledger sums back.
     */
    async updatePreferences(learnerId: number, input: { timeZone?: string | null; hidden?: boolean; displayName?: string | null }): Promise<Profile> {
      const timeZone = input.timeZone === undefined || input.timeZone === null ? input.timeZone : parseTimeZone(input.timeZone, 'timeZone');
      const before = await inTransaction(strapi, undefined, async (trx) => {
        const p = await lockedProfile(trx, learnerId);
        const patch: Record<string, unknown> = { updated_at: new Date() };
        if (timeZone !== undefined) patch.time_zone = timeZone;
        if (input.hidden !== undefined) patch.hidden = input.hidden;
        if (input.displayName !== undefined) patch.display_name = input.displayName;
        await trx(PROFILES_TABLE).where({ learner_id: learnerId }).update(patch);
        return p;
      });
      if (input.hidden !== undefined && input.hidden !== before.hidden) {
        const leaderboards = getService(strapi, 'leaderboards');
        if (input.hidden) await leaderboards.hide(learnerId);
        else await leaderboards.show(learnerId);
      }
      return profile(learnerId);
    },
  };
};

export type LearnersService = ReturnType<typeof createLearnersService>;
