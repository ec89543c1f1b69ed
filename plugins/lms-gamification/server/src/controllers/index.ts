import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { forbidden, invalidInput, parseInput, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import { GamificationError, RULE_DESCRIPTIONS, parseLeaderboardQuery, periodBounds, type PointEvent } from '../domain';
import type { HistoryResponse, LeaderboardResponse, MeResponse, PointEventView, PreferencesResponse, RebuildResponse, SettingsResponse, SettingsView } from '../contracts';
import { clockOf, learnerFullNames } from '../adapters/strapi';
import type { GamificationSettings, Profile } from '../services';
import { PROFILES_TABLE } from '../migrations';
import { getService } from '../utils';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: { user?: { id: number } };
  status: number;
  body: unknown;
}

/** A domain error is the caller's to fix: 400 naming the field and the rule (`details.code`). */
function asHttpError(error: unknown, root: string): unknown {
  if (!(error instanceof GamificationError)) return error;
  const field = error.field ? `${root}.${error.field}` : root;
  const problem = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  return invalidInput(field, problem, { code: error.code });
}

async function domain<T>(root: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asHttpError(error, root);
  }
}

function userId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized();
  return id;
}

const historyQuery = z
  .object({
    page: z.coerce.number({ invalid_type_error: 'expected a page number' }).int('expected a whole number').min(1, 'pages start at 1').default(1),
    pageSize: z.coerce.number({ invalid_type_error: 'expected a number from 1 to 100' }).int('expected a whole number').min(1).max(100, 'at most 100 per page').default(25),
  })
  .strict();
const learnerParams = z.object({ id: z.coerce.number({ invalid_type_error: 'expected a learner id' }).int('expected a whole number').positive('expected a learner id') });
const preferencesBody = z
  .object({
    timeZone: z.string({ invalid_type_error: 'expected an IANA time zone name such as "Europe/London", or null' }).nullable().optional(),
    hidden: z.boolean({ invalid_type_error: 'expected true (hide me from leaderboards) or false' }).optional(),
    displayName: z.string({ invalid_type_error: 'expected the name to show on leaderboards, or null' }).trim().min(1, 'must not be empty; send null to use your full name').max(60, 'at most 60 characters').nullable().optional(),
  })
  .strict();
const seenBody = z.object({ badgeIds: z.array(z.string().max(64), { invalid_type_error: 'expected a list of badge ids' }).max(500) }).strict();

const historyView = (e: PointEvent): PointEventView => ({ rule: e.rule, subject: e.subject, points: e.points, courseId: e.courseId, occurredAt: e.occurredAt });

function preferencesView(p: Profile) {
  return { timeZone: p.timeZone, hidden: p.hidden, displayName: p.displayName };
}

function settingsView(s: GamificationSettings): SettingsView {
  return {
    rules: s.rules as unknown as Record<string, unknown>,
    badges: s.badges.map((b) => ({ id: b.id, name: b.name, description: b.description, criterion: b.criterion as unknown as Record<string, unknown>, image: b.image })),
    levels: s.levels,
  };
}

/** Names shown on boards: the learner's chosen display name, else their full name, else "Learner #id" (never an email). */
async function displayNames(strapi: Core.Strapi, ids: number[]): Promise<Map<number, string>> {
  const names = await learnerFullNames(strapi, ids);
  if (ids.length > 0) {
    const chosen = (await strapi.db.connection(PROFILES_TABLE).whereIn('learner_id', ids).whereNotNull('display_name').select('learner_id', 'display_name')) as Array<{ learner_id: number; display_name: string }>;
    for (const r of chosen) names.set(Number(r.learner_id), r.display_name);
  }
  return new Map(ids.map((id) => [id, names.get(id) ?? `Learner #${id}`]));
}

async function historyOf(strapi: Core.Strapi, learnerId: number, query: unknown): Promise<HistoryResponse> {
  const { page, pageSize } = parseInput(historyQuery, query, 'query');
  const h = await getService(strapi, 'learners').history(learnerId, page, pageSize);
  return { data: h.events.map(historyView), meta: { learnerId, points: h.points, pagination: { page, pageSize, total: h.total } } };
}

const createLearnerController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    /** The caller's points, level, badges and streak. Calling it is the day's visit. */
    async me(ctx: Ctx) {
      const id = userId(ctx);
      const now = clockOf(strapi).now();
      const learners = getService(strapi, 'learners');
      await learners.recordVisit(id, now);
      const o = await learners.overview(id, now);
      const { points, next, pointsToNext, progress, number, name, minPoints } = o.level;
      void points;
      ctx.body = {
        data: {
          learnerId: id,
          points: o.points,
          level: { number, name, minPoints, next, pointsToNext, progress },
          badges: o.badges,
          newBadges: o.badges.filter((b) => b.earned && !b.seen),
          streak: o.streak,
          timeZone: o.timeZone,
          preferences: o.preferences,
        },
      } satisfies MeResponse;
    },

    async history(ctx: Ctx) {
      ctx.body = await historyOf(strapi, userId(ctx), ctx.query);
    },

    /** Another learner's history is private: only the learner (here) or an admin (admin API). */
    async learnerHistory(ctx: Ctx) {
      const caller = userId(ctx);
      const { id } = parseInput(learnerParams, ctx.params, 'params');
      if (id !== caller) throw forbidden("a learner's point history is private to them and to admins; ask for your own at /me/history", { code: 'not-your-history' });
      ctx.body = await historyOf(strapi, id, ctx.query);
    },

    async leaderboard(ctx: Ctx) {
      const caller = userId(ctx);
      const leaderboards = getService(strapi, 'leaderboards');
      const q = await domain('query', () => parseLeaderboardQuery(ctx.query, clockOf(strapi).now(), leaderboards.timeZone()));
      const profile = await getService(strapi, 'learners').profile(caller);
      const hiddenPoints = profile.hidden ? await leaderboards.ledgerPoints(caller, q) : 0;
      const answer = await leaderboards.read(q, profile.hidden ? { hiddenPoints } : { learnerId: caller });
      const names = await displayNames(strapi, answer.entries.map((e) => e.learnerId));
      ctx.body = {
        data: answer.entries.map((e) => ({ rank: e.rank, learnerId: e.learnerId, displayName: names.get(e.learnerId) as string, points: e.points })),
        meta: {
          scope: q.scope,
          period: q.period,
          periodKey: q.periodKey,
          periodEnds: q.periodKey === 'all' ? null : periodBounds(q.periodKey, leaderboards.timeZone()).end.toISOString(),
          me: profile.hidden
            ? { rank: answer.me?.rank ?? null, points: hiddenPoints, hidden: true }
            : { rank: answer.me?.rank ?? null, points: answer.me?.points ?? 0, hidden: false },
        },
      } satisfies LeaderboardResponse;
    },

    async updatePreferences(ctx: Ctx) {
      const id = userId(ctx);
      const body = parseInput(preferencesBody, ctx.request.body ?? {}, 'body');
      const profile = await domain('body', () => getService(strapi, 'learners').updatePreferences(id, body));
      ctx.body = { data: preferencesView(profile) } satisfies PreferencesResponse;
    },

    async markBadgesSeen(ctx: Ctx) {
      const id = userId(ctx);
      const { badgeIds } = parseInput(seenBody, ctx.request.body ?? {}, 'body');
      const updated = await getService(strapi, 'learners').markBadgesSeen(id, badgeIds, clockOf(strapi).now());
      ctx.body = { data: { updated } };
    },
  });

const createAdminController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async settings(ctx: Ctx) {
      const settings = await getService(strapi, 'settings').get();
      const leaderboards = getService(strapi, 'leaderboards');
      ctx.body = {
        data: settingsView(settings),
        meta: { ruleDescriptions: RULE_DESCRIPTIONS, leaderboardStore: leaderboards.kind(), platformTimeZone: leaderboards.timeZone() },
      } satisfies SettingsResponse;
    },

    async saveSettings(ctx: Ctx) {
      const by = ctx.state.user?.id ?? null;
      const saved = await domain('body', () => getService(strapi, 'settings').save(ctx.request.body ?? {}, by));
      const leaderboards = getService(strapi, 'leaderboards');
      ctx.body = {
        data: settingsView(saved),
        meta: { ruleDescriptions: RULE_DESCRIPTIONS, leaderboardStore: leaderboards.kind(), platformTimeZone: leaderboards.timeZone() },
      } satisfies SettingsResponse;
    },

    async rebuildLeaderboards(ctx: Ctx) {
      const started = Date.now();
      const result = await getService(strapi, 'leaderboards').rebuild();
      ctx.body = { data: { ...result, tookMs: Date.now() - started } } satisfies RebuildResponse;
    },

    async learnerHistory(ctx: Ctx) {
      const { id } = parseInput(learnerParams, ctx.params, 'params');
      ctx.body = await historyOf(strapi, id, ctx.query);
    },
  });

export const controllers = {
  learner: createLearnerController,
  admin: createAdminController,
};
