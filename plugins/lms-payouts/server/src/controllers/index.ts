import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { loadConfig } from '@lms/config';
import { type CurrencyCode, ConflictError, forbidden, invalidInput, notFound, parseInput, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import { PAYOUT_STATUSES, PayoutError, type PayoutStatus } from '../domain';
import type { BankDetailsResponse, MyPayoutsResponse, PayoutListResponse, PayoutResponse, SettingsResponse, StripeOnboardingResponse, StripeWebhookAck } from '../contracts';
import { clockOf, instructorOfAdminUser } from '../adapters/strapi';
import { getService } from '../utils';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown; header: Record<string, string | string[] | undefined> };
  state: { user?: { id: number; email?: string } };
  set?(field: string, value: string): void;
  status: number;
  body: unknown;
}

const STATE_CODES = new Set(['no-payout-method', 'stripe-onboarding-incomplete', 'open-request-exists', 'invalid-transition', 'wrong-method']);

/** A payout rule: 409 when the record's state refuses it, 404 for an unknown payout, else 400 naming the field. */
function asHttpError(error: unknown): unknown {
  if (!(error instanceof PayoutError)) return error;
  if (error.code === 'not-found') return notFound('payout', error.message.match(/"([^"]+)"/)?.[1] ?? '');
  if (STATE_CODES.has(error.code)) return new ConflictError(error.message, { code: error.code });
  return invalidInput(error.field ? `body.${error.field}` : 'body', error.message, { code: error.code });
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asHttpError(error);
  }
}

function adminUser(ctx: Ctx): { id: number; email: string | null } {
  const user = ctx.state.user;
  if (!user?.id) throw unauthorized('sign in to the admin panel first');
  return { id: user.id, email: user.email ?? null };
}

async function me(strapi: Core.Strapi, ctx: Ctx) {
  const user = adminUser(ctx);
  const instructor = await instructorOfAdminUser(strapi, user.id);
  if (!instructor) throw forbidden('your admin account is not linked to an instructor profile, so it has no payouts', { code: 'not-an-instructor' });
  return { user, instructor };
}

const payoutId = z.object({ id: z.string().regex(/^po_[A-Za-z0-9]{10,36}$/, 'expected a payout id such as po_…') });
const currency = z
  .string({ required_error: 'required: the currency of the balance to pay out, such as ZAR' })
  .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 currency code such as ZAR')
  .transform((c) => c.toUpperCase() as CurrencyCode);
const requestBody = z
  .object({
    currency,
    amount: z
      .number({ invalid_type_error: 'expected a whole number of minor units (cents), such as 15000 for 150.00' })
      .int('expected a whole number of minor units (cents), such as 15000 for 150.00')
      .positive('must be more than 0')
      .optional(),
  })
  .strict();
const noteBody = z.object({ note: z.string().trim().max(1000, 'keep the note under 1000 characters').nullish() }).strict();
const rejectBody = z.object({ note: z.string({ required_error: 'required: tell the instructor why' }).trim().min(3, 'tell the instructor why (at least 3 characters)').max(1000, 'keep the note under 1000 characters') }).strict();
const paidBody = z
  .object({ reference: z.string({ required_error: "required: the bank's reference of the payment" }).trim().min(3, "the bank's reference of the payment (3–140 characters)").max(140, "the bank's reference of the payment (3–140 characters)") })
  .strict();
const methodBody = z.object({ method: z.enum(['stripe', 'bank'], { errorMap: () => ({ message: 'expected stripe or bank' }) }) }).strict();
const listQuery = z
  .object({
    status: z
      .string()
      .transform((s) => s.split(',').filter(Boolean))
      .refine((list) => list.every((s) => PAYOUT_STATUSES.includes(s as PayoutStatus)), `expected statuses among ${PAYOUT_STATUSES.join(', ')} (comma-separated)`)
      .optional(),
    instructor: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "expected an instructor's documentId").optional(),
  })
  .strict();

const createInstructorController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    /** The caller's payout page: settings (masked), balances with minimums, history. */
    async overview(ctx: Ctx) {
      const { instructor } = await me(strapi, ctx);
      const at = clockOf(strapi).now();
      const [settings, balances, history] = await Promise.all([
        getService(strapi, 'accounts').settings(instructor.documentId),
        getService(strapi, 'payouts').balances(instructor.documentId, at),
        getService(strapi, 'payouts').list({ instructorId: instructor.documentId }),
      ]);
      ctx.body = {
        data: { settings, balances, payouts: history.payouts },
        meta: { at: at.toISOString(), instructor: { id: instructor.documentId, name: instructor.name } },
      } satisfies MyPayoutsResponse;
    },

    async saveBank(ctx: Ctx) {
      const { instructor } = await me(strapi, ctx);
      const body = ctx.request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidInput('body', 'expected a JSON object with accountHolder and iban (or accountNumber, branchCode, bankName, country)');
      const settings = await guarded(() => getService(strapi, 'accounts').saveBankDetails(instructor.documentId, body as Record<string, unknown>, clockOf(strapi).now()));
      ctx.body = { data: settings } satisfies SettingsResponse;
    },

    async startStripe(ctx: Ctx) {
      const { user, instructor } = await me(strapi, ctx);
      const base = `${loadConfig().publicUrl}/admin/plugins/lms-payouts`;
      const result = await getService(strapi, 'accounts').startStripeOnboarding(instructor.documentId, user.email, { returnUrl: `${base}?stripe=return`, refreshUrl: `${base}?stripe=refresh` }, clockOf(strapi).now());
      ctx.body = { data: result } satisfies StripeOnboardingResponse;
    },

    async chooseMethod(ctx: Ctx) {
      const { instructor } = await me(strapi, ctx);
      const { method } = parseInput(methodBody, ctx.request.body ?? {}, 'body');
      const settings = await getService(strapi, 'accounts').chooseMethod(instructor.documentId, method, clockOf(strapi).now());
      if (!settings) throw new ConflictError(method === 'bank' ? 'enter your bank details first' : 'connect a Stripe account first', { code: 'method-not-set-up' });
      ctx.body = { data: settings } satisfies SettingsResponse;
    },

    async requestPayout(ctx: Ctx) {
      const { user, instructor } = await me(strapi, ctx);
      const body = parseInput(requestBody, ctx.request.body ?? {}, 'body');
      const payout = await guarded(() =>
        getService(strapi, 'payouts').request({ instructorId: instructor.documentId, adminUserId: user.id, currency: body.currency, ...(body.amount !== undefined ? { amount: body.amount } : {}), now: clockOf(strapi).now() }),
      );
      ctx.status = 201;
      ctx.body = { data: payout } satisfies PayoutResponse;
    },

    async myPayout(ctx: Ctx) {
      const { instructor } = await me(strapi, ctx);
      const { id } = parseInput(payoutId, ctx.params, 'params');
      const payout = await getService(strapi, 'payouts').get(id);
      if (!payout) throw notFound('payout', id);
      if (payout.instructor.id !== instructor.documentId) throw forbidden("you can see only your own payouts; an instructor's payouts are private to them and to admins", { code: 'not-your-payout' });
      ctx.body = { data: payout } satisfies PayoutResponse;
    },
  });

const createAdminController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    /** The approval queue and history: `?status=requested,approved` (default: all, newest first). */
    async list(ctx: Ctx) {
      const query = parseInput(listQuery, ctx.query, 'query');
      const { payouts, total } = await getService(strapi, 'payouts').list({
        ...(query.status ? { statuses: query.status as PayoutStatus[] } : {}),
        ...(query.instructor ? { instructorId: query.instructor } : {}),
      });
      ctx.body = { data: payouts, meta: { total } } satisfies PayoutListResponse;
    },

    async get(ctx: Ctx) {
      const { id } = parseInput(payoutId, ctx.params, 'params');
      const payout = await getService(strapi, 'payouts').get(id);
      if (!payout) throw notFound('payout', id);
      ctx.body = { data: payout } satisfies PayoutResponse;
    },

    /** POST: the full bank details of an approved bank payout, recorded as seen by this admin. */
    async revealBankDetails(ctx: Ctx) {
      const user = adminUser(ctx);
      const { id } = parseInput(payoutId, ctx.params, 'params');
      ctx.set?.('Cache-Control', 'no-store');
      const revealed = await guarded(() => getService(strapi, 'accounts').revealBankDetails(id, user.id, clockOf(strapi).now()));
      ctx.body = { data: revealed } satisfies BankDetailsResponse;
    },

    async approve(ctx: Ctx) {
      const user = adminUser(ctx);
      const { id } = parseInput(payoutId, ctx.params, 'params');
      const { note } = parseInput(noteBody, ctx.request.body ?? {}, 'body');
      const payout = await guarded(() => getService(strapi, 'payouts').approve(id, user.id, note || null, clockOf(strapi).now()));
      ctx.body = { data: payout } satisfies PayoutResponse;
    },

    async reject(ctx: Ctx) {
      const user = adminUser(ctx);
      const { id } = parseInput(payoutId, ctx.params, 'params');
      const { note } = parseInput(rejectBody, ctx.request.body ?? {}, 'body');
      const payout = await guarded(() => getService(strapi, 'payouts').reject(id, user.id, note, clockOf(strapi).now()));
      ctx.body = { data: payout } satisfies PayoutResponse;
    },

    async markPaid(ctx: Ctx) {
      const user = adminUser(ctx);
      const { id } = parseInput(payoutId, ctx.params, 'params');
      const { reference } = parseInput(paidBody, ctx.request.body ?? {}, 'body');
      const payout = await guarded(() => getService(strapi, 'payouts').markPaid(id, user.id, reference, clockOf(strapi).now()));
      ctx.body = { data: payout } satisfies PayoutResponse;
    },
  });

/** Where koa-body keeps the exact request bytes (`includeUnparsed: true` in cms/config/middlewares.ts). */
const UNPARSED_BODY = Symbol.for('unparsedBody');

const createWebhookController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async receive(ctx: Ctx) {
      const raw = (ctx.request.body as Record<symbol, unknown> | undefined)?.[UNPARSED_BODY];
      const header = ctx.request.header['stripe-signature'];
      ctx.body = (await getService(strapi, 'webhooks').receive(
        typeof raw === 'string' || Buffer.isBuffer(raw) ? raw : undefined,
        Array.isArray(header) ? header[0] : header,
      )) satisfies StripeWebhookAck;
    },
  });

export const controllers = {
  instructor: createInstructorController,
  admin: createAdminController,
  webhook: createWebhookController,
};
