import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { type CurrencyCode, forbidden, invalidInput, notFound, parseInput, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import { RevenueError, formatWaterfall, isValidInstructorId, parseStatementMonth, ruleKey, rulesInForceAt, statementCsv, type WaterfallLine } from '../domain';
import type {
  BalancesResponse,
  CourseRevenueResponse,
  EarningsResponse,
  OverviewResponse,
  TransactionListResponse,
  MyBalanceResponse,
  RuleChangeResponse,
  RuleChangeView,
  RulesResponse,
  TransactionResponse,
} from '../contracts';
import { clockOf, instructorNames, instructorOfAdminUser } from '../adapters/strapi';
import { ACTIONS } from '../permissions';
import { renderStatementPdf } from '../statements/pdf';
import type { StoredRuleChange } from '../services';
import { getService } from '../utils';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: { user?: { id: number }; userAbility?: { can(action: string): boolean } };
  status: number;
  body: unknown;
  type?: string;
  set?: (field: string, value: string) => void;
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
const courseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "expected a course's documentId (1–64 letters, digits, _ or -)");
const month = z.string().regex(/^\d{4}-\d{2}$/, 'expected a month as YYYY-MM, such as 2026-03');
const kinds = ['sale', 'refund', 'chargeback', 'payout-requested', 'payout-paid', 'payout-released', 'payout-returned'] as const;
const overviewQuery = z.object({ currency: currency.optional(), from: month.optional(), to: month.optional() }).strict();
const transactionsQuery = z
  .object({
    instructor: instructorId.optional(),
    course: courseId.optional(),
    kind: z.enum(kinds).optional(),
    currency: currency.optional(),
    from: month.optional(),
    to: month.optional(),
    page: z.coerce.number().int().min(1, 'pages start at 1').max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100, 'at most 100 per page').default(25),
  })
  .strict();
const courseParams = z.object({ courseId });
const instructorParams = z.object({ instructorId });
/** `2026-03.csv` or `2026-03.pdf`. (Route params are not strict: the router adds numeric keys for some paths.) */
const statementFile = z.string().regex(/^\d{4}-\d{2}\.(csv|pdf)$/, 'expected YYYY-MM.csv or YYYY-MM.pdf, such as 2026-03.pdf');
const statementParams = z.object({ instructorId, file: statementFile });
const myStatementParams = z.object({ file: statementFile });
const note = z.string().trim().max(500, 'keep the note under 500 characters').nullish();

/** A domain error (bad month) as 400 with the field named under `root`; anything else as is. */
async function orBadRequest<T>(root: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asHttpError(error, root);
  }
}

/**
 * Sends an instructor's monthly statement as CSV or PDF. A month that has not started yet is a
 * 400: its statement does not exist.
 */
async function sendStatement(strapi: Core.Strapi, ctx: Ctx, instructor: string, file: string): Promise<void> {
  const [name, format] = file.split('.') as [string, 'csv' | 'pdf'];
  const now = clockOf(strapi).now();
  const { start } = await orBadRequest('params', async () => parseStatementMonth(name, 'file'));
  if (start > now) throw invalidInput('params.file', `the statement for ${name} does not exist yet; months up to ${now.toISOString().slice(0, 7)} have one`, { code: 'future-month' });
  const statement = await orBadRequest('params', () => getService(strapi, 'reports').statement(instructor, name));
  const filename = `statement-${instructor}-${name}.${format}`;
  ctx.set?.('Content-Disposition', `attachment; filename="${filename}"`);
  ctx.set?.('Cache-Control', 'private, no-store');
  if (format === 'csv') {
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = statementCsv(statement);
  } else {
    ctx.type = 'application/pdf';
    ctx.body = await renderStatementPdf(statement, now);
  }
}

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

    async overview(ctx: Ctx) {
      const query = parseInput(overviewQuery, ctx.query, 'query');
      const at = clockOf(strapi).now();
      const data = await orBadRequest('query', () => getService(strapi, 'reports').overview(at, { ...query, currency: query.currency as CurrencyCode | undefined }));
      ctx.body = { data } satisfies OverviewResponse;
    },

    async courseRevenue(ctx: Ctx) {
      const { courseId: id } = parseInput(courseParams, ctx.params, 'params');
      const query = parseInput(overviewQuery, ctx.query, 'query');
      const data = await orBadRequest('query', () => getService(strapi, 'reports').course(id, { ...query, currency: query.currency as CurrencyCode | undefined }));
      ctx.body = { data } satisfies CourseRevenueResponse;
    },

    async instructorEarnings(ctx: Ctx) {
      const { instructorId: id } = parseInput(instructorParams, ctx.params, 'params');
      if (!(await instructorNames(strapi, [id])).has(id)) throw notFound('instructor', id);
      const data = await getService(strapi, 'reports').earnings(id, clockOf(strapi).now());
      ctx.body = { data } satisfies EarningsResponse;
    },

    async listTransactions(ctx: Ctx) {
      const q = parseInput(transactionsQuery, ctx.query, 'query');
      const body = await orBadRequest('query', () =>
        getService(strapi, 'reports').transactions({
          instructorId: q.instructor,
          courseId: q.course,
          kind: q.kind,
          currency: q.currency as CurrencyCode | undefined,
          from: q.from,
          to: q.to,
          page: q.page,
          pageSize: q.pageSize,
        }),
      );
      ctx.body = body satisfies TransactionListResponse;
    },

    /**
     * An instructor's statement. Needs only an admin session: admins with revenue.read get anyone's,
     * an instructor only their own (403 for another's).
     */
    async statement(ctx: Ctx) {
      const user = adminId(ctx);
      const { instructorId: id, file } = parseInput(statementParams, ctx.params, 'params');
      if (!ctx.state.userAbility?.can(ACTIONS.read)) {
        const me = await instructorOfAdminUser(strapi, user);
        if (!me || me.documentId !== id) {
          throw forbidden("you can see only your own statements; an instructor's earnings are private to them and to admins", { code: 'not-your-statement' });
        }
      } else if (!(await instructorNames(strapi, [id])).has(id)) {
        throw notFound('instructor', id);
      }
      await sendStatement(strapi, ctx, id, file);
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

/** The caller's instructor profile, or 403 when the admin account has none. */
async function callerInstructor(strapi: Core.Strapi, ctx: Ctx) {
  const me = await instructorOfAdminUser(strapi, adminId(ctx));
  if (!me) throw forbidden('your admin account is not linked to an instructor profile, so it has no earnings to show', { code: 'not-an-instructor' });
  return me;
}

const createMyEarningsController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    /** The caller's earnings view: balances, per course, the last 12 months. */
    async myEarnings(ctx: Ctx) {
      parseInput(z.object({}).strict(), ctx.query, 'query');
      const me = await callerInstructor(strapi, ctx);
      const data = await getService(strapi, 'reports').earnings(me.documentId, clockOf(strapi).now());
      ctx.body = { data } satisfies EarningsResponse;
    },

    /** The caller's own statement for a month (`/me/statements/2026-03.pdf`). */
    async myStatement(ctx: Ctx) {
      const { file } = parseInput(myStatementParams, ctx.params, 'params');
      const me = await callerInstructor(strapi, ctx);
      await sendStatement(strapi, ctx, me.documentId, file);
    },
  });

export const controllers = {
  admin: createAdminController,
  instructor: createInstructorController,
  earnings: createMyEarningsController,
};
