import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput, unauthorized } from '../errors';
import { getService } from '../utils';
import type { CompleteErasureResponse, ErasureResponse, ListErasuresResponse, MyExportsResponse, RequestExportResponse } from '../contracts/privacy';

interface Ctx {
  state: { user?: { id?: unknown }; userAbility?: unknown; user_admin?: unknown };
  params: unknown;
  query: unknown;
  request: { body?: unknown };
  body: unknown;
  status: number;
}

const erasureBody = z.object({
  password: z.string({ required_error: 'type your password to confirm', invalid_type_error: 'expected your password as text' }).min(1, 'type your password to confirm').max(500, 'at most 500 characters'),
  confirm: z.literal(true, { errorMap: () => ({ message: 'expected true: tick the box confirming that your account and data will be erased' }) }),
});

const listQuery = z.object({
  status: z.enum(['requested', 'completed', 'cancelled'], { errorMap: () => ({ message: 'expected requested, completed or cancelled' }) }).optional(),
  page: z.coerce.number({ invalid_type_error: 'expected a page number from 1' }).int('expected a whole number').min(1, 'expected a page number from 1').default(1),
  pageSize: z.coerce.number({ invalid_type_error: 'expected a number from 1 to 100' }).int('expected a whole number').min(1, 'expected a number from 1 to 100').max(100, 'expected a number from 1 to 100').default(20),
});

const idParams = z.object({
  id: z.coerce.number({ invalid_type_error: 'expected the numeric id of an erasure request' }).int('expected the numeric id of an erasure request').positive('expected the numeric id of an erasure request'),
});

function learnerId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (typeof id !== 'number') throw unauthorized();
  return id;
}

/** Learner routes: each acts on the signed-in learner's own account only (no id in the path). */
export const createPrivacyLearnerController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async requestExport(ctx: Ctx) {
    ctx.status = 202;
    ctx.body = { data: await getService(strapi, 'privacy').requestExport(learnerId(ctx)) } satisfies RequestExportResponse;
  },

  async myExports(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'privacy').listExports(learnerId(ctx)) } satisfies MyExportsResponse;
  },

  async requestErasure(ctx: Ctx) {
    const body = parseInput(erasureBody, ctx.request.body ?? {}, 'body');
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'privacy').requestErasure(learnerId(ctx), body.password) } satisfies ErasureResponse;
  },

  async myErasure(ctx: Ctx) {
    ctx.body = { data: await getService(strapi, 'privacy').myErasure(learnerId(ctx)) } satisfies ErasureResponse;
  },
});

/** Admin routes (permissions plugin::lms-core.privacy.read / .privacy.erase). */
export const createPrivacyAdminController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Ctx) {
    const q = parseInput(listQuery, ctx.query, 'query');
    const { data, total } = await getService(strapi, 'privacy').listErasures({ status: q.status ?? null, page: q.page, pageSize: q.pageSize });
    ctx.body = { data, meta: { pagination: { page: q.page, pageSize: q.pageSize, pageCount: Math.ceil(total / q.pageSize), total } } } satisfies ListErasuresResponse;
  },

  async complete(ctx: Ctx) {
    const { id } = parseInput(idParams, ctx.params, 'params');
    const admin = (ctx.state.user as { id?: unknown } | undefined)?.id;
    ctx.body = { data: await getService(strapi, 'privacy').completeErasure(id, Number(admin)) } satisfies CompleteErasureResponse;
  },
});
