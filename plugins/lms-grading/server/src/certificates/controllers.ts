import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput, unauthorized } from '@lms/plugin-lms-core/server';
import { CERTIFICATE_STATUSES } from '../domain';
import { contentDisposition } from '../storage';
import { getService } from '../utils';
import type { AdminCertificateListResponse, AdminCertificateResponse, MyCertificatesResponse, VerifyCertificateResponse } from './contracts';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: { user?: { id: number } };
  status: number;
  body: unknown;
  set(name: string, value: string): void;
}

const idParams = z.object({
  id: z.coerce.number({ invalid_type_error: 'expected the numeric id of a certificate' }).int('expected the numeric id of a certificate').positive('expected the numeric id of a certificate'),
});
const listQuery = z
  .object({
    q: z.string().trim().max(200, 'keep the search under 200 characters').optional().transform((v) => v || undefined),
    status: z.enum(CERTIFICATE_STATUSES, { errorMap: () => ({ message: `expected one of ${CERTIFICATE_STATUSES.join(', ')}` }) }).optional(),
    page: z.coerce.number({ invalid_type_error: 'expected a page number from 1' }).int('expected a whole number').min(1, 'expected a page number from 1').default(1),
    pageSize: z.coerce.number({ invalid_type_error: 'expected a number from 1 to 100' }).int('expected a whole number').min(1, 'expected a number from 1 to 100').max(100, 'expected a number from 1 to 100').default(20),
  })
  .strict();
const revokeBody = z
  .object({
    reason: z
      .string({ required_error: 'say why the certificate is revoked (kept with it, with your admin id)', invalid_type_error: 'expected text' })
      .trim()
      .min(3, 'say why in a few words (kept with the certificate)')
      .max(2000, 'keep it under 2000 characters'),
  })
  .strict();

const certificates = (strapi: Core.Strapi) => getService(strapi, 'certificates');

function learnerId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized();
  return id;
}

function adminId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized('sign in to the admin panel first');
  return id;
}

/** Public verification and the learner's own list (content API). */
export const createCertificatesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async verify(ctx: Ctx) {
    // The service parses the code itself: a 400 then says what is wrong with it (typo, length).
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await certificates(strapi).verify(ctx.params.code) } satisfies VerifyCertificateResponse;
  },

  async mine(ctx: Ctx) {
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = { data: await certificates(strapi).listMine(learnerId(ctx)) } satisfies MyCertificatesResponse;
  },
});

/** Admin routes, guarded by admin::hasPermissions with certificates.manage (see index.ts). */
export const createCertificatesAdminController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Ctx) {
    const { page, pageSize, ...search } = parseInput(listQuery, ctx.query, 'query');
    const { data, total } = await certificates(strapi).adminSearch(search, page, pageSize);
    ctx.body = { data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } } satisfies AdminCertificateListResponse;
  },

  async revoke(ctx: Ctx) {
    const admin = adminId(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const { reason } = parseInput(revokeBody, ctx.request.body ?? {}, 'body');
    ctx.body = { data: await certificates(strapi).revoke(id, { reason, adminId: admin }) } satisfies AdminCertificateResponse;
  },

  async regenerate(ctx: Ctx) {
    const admin = adminId(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    ctx.body = { data: await certificates(strapi).regenerate(id, { adminId: admin }) } satisfies AdminCertificateResponse;
  },

  async download(ctx: Ctx) {
    const { id } = parseInput(idParams, ctx.params, 'params');
    const { file, filename } = await certificates(strapi).openFile(id);
    ctx.set('Content-Type', 'application/pdf');
    ctx.set('Content-Disposition', contentDisposition(filename));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (file.size !== null) ctx.set('Content-Length', String(file.size));
    ctx.body = file.body;
  },
});
