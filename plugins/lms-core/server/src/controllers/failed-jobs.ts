import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { ListFailedJobsResponse, RetryFailedJobResponse } from '../contracts/failed-jobs';
import { parseInput } from '../errors';
import { getService } from '../utils';

const STATUSES = ['failed', 'retrying', 'resolved'] as const;

const listQuery = z.object({
  page: z.coerce.number({ invalid_type_error: 'expected a page number from 1' }).int('expected a whole number').min(1, 'expected a page number from 1').default(1),
  pageSize: z.coerce.number({ invalid_type_error: 'expected a number from 1 to 100' }).int('expected a whole number').min(1, 'expected a number from 1 to 100').max(100, 'expected a number from 1 to 100').default(20),
  status: z
    .string()
    .default('failed,retrying')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(STATUSES, { errorMap: () => ({ message: `expected a comma-separated list of ${STATUSES.join(', ')}` }) })).min(1)),
});

const retryParams = z.object({
  id: z.coerce.number({ invalid_type_error: 'expected the numeric id of a failed job' }).int('expected the numeric id of a failed job').positive('expected the numeric id of a failed job'),
});

export const createFailedJobsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: { query: unknown; body: unknown }) {
    const query = parseInput(listQuery, ctx.query, 'query');
    const { jobs, total } = await getService(strapi, 'jobs').listFailed({ statuses: query.status, page: query.page, pageSize: query.pageSize });
    ctx.body = {
      data: jobs,
      meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total } },
    } satisfies ListFailedJobsResponse;
  },

  async retry(ctx: { params: unknown; body: unknown }) {
    const { id } = parseInput(retryParams, ctx.params, 'params');
    const job = await getService(strapi, 'jobs').retryFailed(id);
    ctx.body = { data: job } satisfies RetryFailedJobResponse;
  },
});
