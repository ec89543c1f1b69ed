import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { forbidden, invalidInput, notFound, parseInput, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import { RevenueError, formatWaterfall, isValidInstructorId, ruleKey, rulesInForceAt, type WaterfallLine } from '../domain';
import type {
  BalancesResponse,
  MyBalanceResponse,
  RuleChangeResponse,
  RuleChangeView,
  RulesResponse,
  TransactionResponse,
} from '../contracts';
import { clockOf, instructorOfAdminUser } from '../adapters/strapi';
import type { StoredRuleChange } from '../services';
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
  if (!(error instanceof RevenueError)) return error;
  const field = error.field ? `${root}.${error.field}` : root;
  const problem = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  return invalidInput(field, problem, { code: error.code });
}

function adminId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized('sign in to the admin panel first');
  return id;
}

const instructorId = z.string().refine(isValidInstructorId, { message: "expected an instructor's documentId (1–64 letters, digits, _ or -)" });
const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 currency code such as ZAR')
  .transform((c) => c.toUpperCase());
const balancesQuery = z.object({ instructor: instructorId.optional(), currency: currency.optional() }).strict();
const myBalanceQuery = z.object({ instructor: instructorId.optional(), currency: currency.optional() }).strict();
const transactionParams = z.object({ id: z.coerce.number({ invalid_type_error: 'expected a transaction id' }).int('expected a whole number').positive('expected a transaction id') });
const note = z.string().trim().max(500, 'keep the note under 500 characters').nullish();

function ruleView(s: StoredRuleChange): RuleChangeView {
  const { id, effectiveFrom, recordedAt, ...change } = s.record;
  return {
    id,
    kind: change.kind,
    key: ruleKey(change),
    change: change as unknown as Record<string, unknown>,
    effectiveFrom: effectiveFrom.toISOString(),
    recordedAt: recordedAt.toISOString(),
    recordedBy: s.recordedBy,
    note: s.note,
  };
}

const createAdminController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async listRules(ctx: Ctx) {
      const at = clockOf(strapi).now();
      const history = await getService(strapi, 'rules').history();
      const { sources, ...inForce } = rulesInForceAt(
        history.map((h) => h.record),
        at,
      );
      ctx.body = {
        data: history.map(ruleView).reverse(),
        meta: { at: at.toISOString(), inForce: { ...inForce, sources } },
      } satisfies RulesResponse;
    },

    async recordRule(ctx: Ctx) {
      const by = adminId(ctx);
      const body = ctx.request.body ?? {};
      const why = parseInput(note, (body as { note?: unknown }).note, 'body.note') ?? null;
      try {
        const stored = await getService(strapi, 'rules').record(body, { adminId: by, note: why || null, now: clockOf(strapi).now() });
        ctx.status = 201;
        ctx.body = { data: ruleView(stored) } satisfies RuleChangeResponse;
      } catch (error) {
        throw asHttpError(error, 'body');
      }
    },

    async balances(ctx: Ctx) {
      const query = parseInput(balancesQuery, ctx.query, 'query');
      const at = clockOf(strapi).now();
      const data = await getService(strapi, 'balances').list(at, query.instructor ? { instructorId: query.instructor } : {});
      ctx.body = { data: query.currency ? data.filter((b) => b.currency === query.currency) : data, meta: { at: at.toISOString() } } satisfies BalancesResponse;
    },

    async transaction(ctx: Ctx) {
      const { id } = parseInput(transactionParams, ctx.params, 'params');
      const ledger = getService(strapi, 'ledger');
      const stored = await ledger.findById(id);
      if (!stored) throw notFound('ledger transaction', id);
      const tx = stored.transaction;
      const waterfall = (stored.details.waterfall ?? []) as WaterfallLine[];
      const reversals = tx.kind === 'sale' ? await ledger.reversalsOf(tx.reference) : [];
      ctx.body = {
        data: {
          id: stored.id,
          reference: tx.reference,
          kind: tx.kind,
          currency: tx.currency,
          occurredAt: tx.occurredAt.toISOString(),
          reverses: tx.reverses,
          paymentId: stored.paymentId,
          courseId: stored.courseId,
          createdAt: stored.createdAt.toISOString(),
          entries: tx.postings.map((p) => ({ account: p.account, amount: p.amount, availableAt: p.availableAt?.toISOString() ?? null })),
          waterfall,
          waterfallText: waterfall.length > 0 ? formatWaterfall(waterfall) : '',
          details: stored.details,
          reversals: reversals.map((r) => ({ id: r.id, reference: r.transaction.reference, kind: r.transaction.kind, occurredAt: r.transaction.occurredAt.toISOString() })),
        },
      } satisfies TransactionResponse;
    },
  });

const createInstructorController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    /** The caller's own balances (every currency); asking for another instructor's is a 403. */
    async myBalance(ctx: Ctx) {
      const user = adminId(ctx);
      const query = parseInput(myBalanceQuery, ctx.query, 'query');
      const me = await instructorOfAdminUser(strapi, user);
      if (!me) throw forbidden('your admin account is not linked to an instructor profile, so it has no earnings to show', { code: 'not-an-instructor' });
      if (query.instructor && query.instructor !== me.documentId) {
        throw forbidden("you can see only your own balance; an instructor's earnings are private to them and to admins", { code: 'not-your-balance' });
      }
      const at = clockOf(strapi).now();
      const data = await getService(strapi, 'balances').list(at, { instructorId: me.documentId });
      ctx.body = {
        data: query.currency ? data.filter((b) => b.currency === query.currency) : data,
        meta: { at: at.toISOString(), instructor: { id: me.documentId, name: me.name } },
      } satisfies MyBalanceResponse;
    },
  });

export const controllers = {
  admin: createAdminController,
  instructor: createInstructorController,
};
