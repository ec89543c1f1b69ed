import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import { NOTIFICATION_KINDS, isEssential } from '../domain';
import type { MarkReadResponse, MyNotificationsResponse, PreferencesResponse } from '../contracts';
import type { Preferences } from '../services';
import { getService } from '../utils';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: { user?: { id: number } };
  status: number;
  body: unknown;
}

function learnerId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized();
  return id;
}

const listQuery = z
  .object({ limit: z.coerce.number({ invalid_type_error: 'expected a number from 1 to 50' }).int('expected a whole number from 1 to 50').min(1, 'expected a number from 1 to 50').max(50, 'expected a number from 1 to 50').default(10) })
  .strict();
const ids = z.array(z.number().int('expected notification ids (whole numbers)').positive('expected notification ids')).min(1, 'name at least one id, or send { "all": true }').max(200, 'at most 200 ids at once');
const markReadBody = z.union([z.object({ ids }).strict(), z.object({ all: z.literal(true, { errorMap: () => ({ message: 'expected true' }) }) }).strict()], {
  errorMap: () => ({ message: 'expected { "ids": [1, 2] } or { "all": true }' }),
});
const preferencesBody = z.object({ emailNonEssential: z.boolean({ required_error: 'expected true or false', invalid_type_error: 'expected true or false' }) }).strict();

const preferencesView = (p: Preferences): PreferencesResponse['data'] => ({
  emailNonEssential: p.emailNonEssential,
  essentialKinds: NOTIFICATION_KINDS.filter(isEssential),
  optionalKinds: NOTIFICATION_KINDS.filter((k) => !isEssential(k)),
  updatedAt: p.updatedAt,
});

/** The signed-in learner's own notifications and preferences; the learner comes from the token only. */
const createLearnerController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async mine(ctx: Ctx) {
      const user = learnerId(ctx);
      const { limit } = parseInput(listQuery, ctx.query, 'query');
      const { data, unread } = await getService(strapi, 'inbox').latest(user, limit);
      ctx.body = { data, meta: { unread } } satisfies MyNotificationsResponse;
    },

    async markRead(ctx: Ctx) {
      const user = learnerId(ctx);
      const body = parseInput(markReadBody, ctx.request.body ?? {}, 'body');
      const inbox = getService(strapi, 'inbox');
      const marked = await inbox.markRead(user, 'all' in body ? 'all' : { ids: body.ids }, new Date());
      const { unread } = await inbox.latest(user, 1);
      ctx.body = { data: { marked }, meta: { unread } } satisfies MarkReadResponse;
    },

    async preferences(ctx: Ctx) {
      const user = learnerId(ctx);
      ctx.body = { data: preferencesView(await getService(strapi, 'preferences').get(user)) } satisfies PreferencesResponse;
    },

    async updatePreferences(ctx: Ctx) {
      const user = learnerId(ctx);
      const body = parseInput(preferencesBody, ctx.request.body ?? {}, 'body');
      const saved = await getService(strapi, 'preferences').set(user, body, new Date());
      ctx.body = { data: preferencesView(saved) } satisfies PreferencesResponse;
    },
  });

export const controllers = { learner: createLearnerController };
