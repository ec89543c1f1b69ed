import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput, unauthorized } from '@lms/plugin-lms-core/server';
import type {
  AdminCourseSearchResponse,
  AdminEnrollmentListResponse,
  AdminEnrollmentResponse,
  AdminLearnerSearchResponse,
} from '../contracts/admin';
import { ENROLLMENT_STATUSES } from '../migrations';
import { withVisibleErrors } from '../errors';
import { getService } from '../utils';
import { documentId, positiveId, reason } from './validation';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: { user?: { id: number } };
  status: number;
  body: unknown;
  set(name: string, value: string): void;
}

const searchFields = {
  learner: z.string().trim().max(200, 'keep the search under 200 characters').optional().transform((v) => v || undefined),
  course: z.string().trim().max(200, 'keep the search under 200 characters').optional().transform((v) => v || undefined),
  status: z.enum(ENROLLMENT_STATUSES, { errorMap: () => ({ message: `expected one of ${ENROLLMENT_STATUSES.join(', ')}` }) }).optional(),
};
const listQuery = z
  .object({
    ...searchFields,
    page: z.coerce.number({ invalid_type_error: 'expected a page number from 1' }).int('expected a whole number').min(1, 'expected a page number from 1').default(1),
    pageSize: z.coerce.number({ invalid_type_error: 'expected a number from 1 to 100' }).int('expected a whole number').min(1, 'expected a number from 1 to 100').max(100, 'expected a number from 1 to 100').default(20),
  })
  .strict();
const exportQuery = z.object(searchFields).strict();
const grantBody = z
  .object({
    learner: z.union([z.number().int().positive(), z.string().trim().min(1).max(255)], { errorMap: () => ({ message: "expected the learner's email or id" }) }),
    course: documentId('course'),
    reason,
  })
  .strict();
const revokeParams = z.object({ id: positiveId('an enrollment') });
const revokeBody = z.object({ reason }).strict();
const pickerQuery = z.object({ q: z.string({ required_error: 'expected some text to search for' }).trim().min(1, 'expected some text to search for').max(200, 'keep the search under 200 characters') });

function adminId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized('sign in to the admin panel first');
  return id;
}

/** Admin routes (guarded by admin::hasPermissions with the plugin's actions, see routes/admin.ts). */
export const createAdminController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async list(ctx: Ctx) {
      const { page, pageSize, ...search } = parseInput(listQuery, ctx.query, 'query');
      const { data, total } = await getService(strapi, 'admin').search(search, page, pageSize);
      ctx.body = { data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } } satisfies AdminEnrollmentListResponse;
    },

    async exportCsv(ctx: Ctx) {
      const search = parseInput(exportQuery, ctx.query, 'query');
      const csv = await getService(strapi, 'admin').exportCsv(search);
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set('Content-Disposition', `attachment; filename="enrollments-${new Date().toISOString().slice(0, 10)}.csv"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = csv;
    },

    async grant(ctx: Ctx) {
      const id = adminId(ctx);
      const body = parseInput(grantBody, ctx.request.body ?? {}, 'body');
      const result = await getService(strapi, 'admin').grant({ ...body, adminId: id });
      const changed = result.created || result.reactivated;
      ctx.status = changed ? 201 : 200;
      ctx.body = { data: result.enrollment, meta: { created: result.created, reactivated: result.reactivated, changed } } satisfies AdminEnrollmentResponse;
    },

    async revoke(ctx: Ctx) {
      const id = adminId(ctx);
      const { id: enrollmentId } = parseInput(revokeParams, ctx.params, 'params');
      const { reason: why } = parseInput(revokeBody, ctx.request.body ?? {}, 'body');
      const enrollment = await getService(strapi, 'admin').revoke({ enrollmentId, reason: why, adminId: id });
      ctx.body = { data: enrollment, meta: { created: false, reactivated: false, changed: true } } satisfies AdminEnrollmentResponse;
    },

    async learners(ctx: Ctx) {
      const { q } = parseInput(pickerQuery, ctx.query, 'query');
      ctx.body = { data: await getService(strapi, 'admin').searchLearners(q) } satisfies AdminLearnerSearchResponse;
    },

    async courses(ctx: Ctx) {
      const { q } = parseInput(pickerQuery, ctx.query, 'query');
      ctx.body = { data: await getService(strapi, 'admin').searchCourses(q) } satisfies AdminCourseSearchResponse;
    },
  });
