import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { type CurrencyCode, isPostgres, money, readDate, readJson } from '@lms/plugin-lms-core/server';
import {
  type StatementOpening,
  type StatementTransaction,
  type TransactionKind,
  type WaterfallLine,
  buildStatement,
  instructorAccount,
  lastMonths,
  parseStatementMonth,
  type Statement,
} from '../domain';
import type {
  CourseRevenueView,
  EarningsView,
  OverviewMonth,
  OverviewView,
  TransactionListItem,
  TransactionListView,
} from '../contracts';
import { courseTitles, instructorNames } from '../adapters/strapi';
import { ENTRIES_TABLE, TRANSACTIONS_TABLE } from '../migrations';
import { getService } from '../utils';

type Row = Record<string, unknown>;

const toAmount = (value: unknown): number => {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error(`ledger sum ${String(value)} is outside the safe integer range`);
  return n;
};

/**
 * `YYYY-MM` (UTC) of a timestamp column, on both dialects. SQLite stores knex timestamps as epoch
 * milliseconds (lms-core readDate), PostgreSQL as timestamptz.
 */
function monthOf(knex: Knex, column: string): string {
  return isPostgres(knex) ? `to_char(${column} at time zone 'UTC', 'YYYY-MM')` : `strftime('%Y-%m', ${column} / 1000, 'unixepoch')`;
}

/**
 * The class of an entry's account: the platform account's own name, or `earnings` / `requested` /
 * `paid` for an instructor's three accounts (instructor ids cannot hold a colon).
 */
const ACCOUNT_CLASS = `case when e.instructor_id is null then e.account
  when e.account like '%:requested' then 'requested'
  when e.account like 'payouts:%' then 'paid'
  else 'earnings' end`;

const REVERSALS: readonly string[] = ['refund', 'chargeback'];

export interface ReportFilter {
  courseId?: string;
  currency?: CurrencyCode;
  /** Months `from` ≤ m ≤ `to`, `YYYY-MM` (UTC). */
  from?: string;
  to?: string;
}

/** Adds each (currency, month, kind, class) sum into the month it belongs to. */
function foldMonths(rows: Row[], counts: Row[]): OverviewMonth[] {
  const months = new Map<string, OverviewMonth>();
  const get = (currency: CurrencyCode, month: string) => {
    const key = `${currency} ${month}`;
    let m = months.get(key);
    if (!m) {
      const z = money(0, currency);
      m = { month, currency, sales: 0, reversals: 0, gross: z, refunded: z, chargedBack: z, vat: z, fees: z, platform: z, rounding: z, instructors: z, payoutsPaid: z };
      months.set(key, m);
    }
    return m;
  };
  const add = (m: OverviewMonth, field: 'gross' | 'refunded' | 'chargedBack' | 'vat' | 'fees' | 'platform' | 'rounding' | 'instructors' | 'payoutsPaid', amount: number) => {
    (m as { -readonly [K in keyof OverviewMonth]: OverviewMonth[K] })[field] = money(m[field].amount + amount, m.currency as CurrencyCode);
  };
  for (const r of rows) {
    const m = get(r.currency as CurrencyCode, String(r.month));
    const kind = String(r.kind);
    const total = toAmount(r.total);
    switch (String(r.class)) {
      case 'customer_payments':
        if (kind === 'sale') add(m, 'gross', -total);
        else if (kind === 'refund') add(m, 'refunded', total);
        else if (kind === 'chargeback') add(m, 'chargedBack', total);
        break;
      case 'vat_payable':
        add(m, 'vat', total);
        break;
      case 'processing_fees':
        add(m, 'fees', total);
        break;
      case 'platform_revenue':
        add(m, 'platform', total);
        break;
      case 'platform_rounding':
        add(m, 'rounding', total);
        break;
      case 'earnings':
        if (kind === 'sale' || REVERSALS.includes(kind)) add(m, 'instructors', total);
        break;
      case 'paid':
        add(m, 'payoutsPaid', total);
        break;
      default:
        break;
    }
  }
  for (const c of counts) {
    const m = get(c.currency as CurrencyCode, String(c.month));
    if (c.kind === 'sale') m.sales += Number(c.n);
    else m.reversals += Number(c.n);
  }
  return [...months.values()].sort((a, b) => (a.currency === b.currency ? (a.month < b.month ? -1 : 1) : a.currency < b.currency ? -1 : 1));
}

/**
 * Read-only reports over the ledger for the admin panels, the earnings view and statements. Every
 * figure is an SQL aggregate (one grouped pass per question, on PostgreSQL and SQLite); nothing
 * loads all entries. Month boundaries are UTC.
 */
export const createReportsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  function range(q: Knex.QueryBuilder, filter: ReportFilter, column = 't.occurred_at') {
    if (filter.from) q.where(column, '>=', parseStatementMonth(filter.from, 'from').start);
    if (filter.to) q.where(column, '<', parseStatementMonth(filter.to, 'to').end);
    if (filter.currency) q.where('t.currency', filter.currency);
    return q;
  }

  /** Per currency and month: gross, refunds, VAT, fees, platform, rounding, instructors, payouts. */
  async function months(filter: ReportFilter): Promise<OverviewMonth[]> {
    const k = knex();
    const month = monthOf(k, 't.occurred_at');
    const sums = range(
      k(`${ENTRIES_TABLE} as e`)
        .join(`${TRANSACTIONS_TABLE} as t`, 't.id', 'e.transaction_id')
        .select('t.currency', k.raw(`${month} as month`), 't.kind', k.raw(`${ACCOUNT_CLASS} as class`), k.raw('sum(e.amount) as total'))
        .groupBy('t.currency', k.raw(month), 't.kind', k.raw(ACCOUNT_CLASS)),
      filter,
    );
    if (filter.courseId) sums.where('t.course_id', filter.courseId);
    const counts = range(
      k(`${TRANSACTIONS_TABLE} as t`)
        .select('t.currency', k.raw(`${month} as month`), 't.kind', k.raw('count(*) as n'))
        .whereIn('t.kind', ['sale', ...REVERSALS])
        .groupBy('t.currency', k.raw(month), 't.kind'),
      filter,
    );
    if (filter.courseId) counts.where('t.course_id', filter.courseId);
    return foldMonths((await sums) as Row[], (await counts) as Row[]);
  }

  const service = {
    /** The admin overview: months, and what is owed to instructors now per currency. */
    async overview(now: Date, filter: ReportFilter = {}): Promise<OverviewView> {
      const list = await months(filter);
      const balances = await getService(strapi, 'ledger').balances(now);
      const liabilities = new Map<CurrencyCode, OverviewView['liabilities'][number]>();
      for (const b of balances) {
        if (filter.currency && b.currency !== filter.currency) continue;
        const z = money(0, b.currency);
        const l = liabilities.get(b.currency) ?? { currency: b.currency, instructors: 0, pending: z, available: z, carriedForward: z, requested: z, owed: z, paid: z };
        const sum = (a: { amount: number }, c: number) => money(a.amount + c, b.currency);
        liabilities.set(b.currency, {
          currency: b.currency,
          instructors: l.instructors + 1,
          pending: sum(l.pending, b.pending.amount),
          available: sum(l.available, b.available.amount),
          carriedForward: sum(l.carriedForward, b.carriedForward.amount),
          requested: sum(l.requested, b.requested.amount),
          owed: sum(l.owed, b.pending.amount + b.available.amount - b.carriedForward.amount + b.requested.amount),
          paid: sum(l.paid, b.paid.amount),
        });
      }
      // Per instructor (drill-down links): what each is owed now.
      const names = await instructorNames(strapi, [...new Set(balances.map((b) => b.instructorId))]);
      const instructors = balances
        .filter((b) => !filter.currency || b.currency === filter.currency)
        .map((b) => ({
          instructor: { id: b.instructorId, name: names.get(b.instructorId) ?? null },
          currency: b.currency,
          owed: money(b.pending.amount + b.available.amount - b.carriedForward.amount + b.requested.amount, b.currency),
          pending: b.pending,
          available: b.available,
          carriedForward: b.carriedForward,
          requested: b.requested,
          paid: b.paid,
        }));
      // Per course (drill-down links): gross and net of reversals, per currency.
      const k = knex();
      const courseRows = (await range(
        k(`${ENTRIES_TABLE} as e`)
          .join(`${TRANSACTIONS_TABLE} as t`, 't.id', 'e.transaction_id')
          .select('t.course_id', 't.currency')
          .select(k.raw("sum(case when t.kind = 'sale' then -e.amount else 0 end) as gross"))
          .select(k.raw("sum(case when t.kind <> 'sale' then e.amount else 0 end) as returned"))
          .select(k.raw("count(distinct case when t.kind = 'sale' then t.id end) as sales"))
          .where('e.account', 'customer_payments')
          .whereNotNull('t.course_id')
          .groupBy('t.course_id', 't.currency')
          .orderBy('gross', 'desc'),
        filter,
      )) as Row[];
      const titles = await courseTitles(strapi, [...new Set(courseRows.map((r) => String(r.course_id)))]);
      const courses = courseRows.map((r) => ({
        course: { id: String(r.course_id), title: titles.get(String(r.course_id)) ?? null },
        currency: r.currency as CurrencyCode,
        sales: Number(r.sales),
        gross: money(toAmount(r.gross), r.currency as CurrencyCode),
        returned: money(toAmount(r.returned), r.currency as CurrencyCode),
      }));
      return { at: now.toISOString(), months: list, liabilities: [...liabilities.values()], instructors, courses };
    },

    /** One course: its months and each instructor's earnings from it. */
    async course(courseId: string, filter: ReportFilter = {}): Promise<CourseRevenueView> {
      const list = await months({ ...filter, courseId });
      const k = knex();
      const rows = (await range(
        k(`${ENTRIES_TABLE} as e`)
          .join(`${TRANSACTIONS_TABLE} as t`, 't.id', 'e.transaction_id')
          .select('e.instructor_id', 't.currency')
          .select(k.raw("sum(case when t.kind = 'sale' then e.amount else 0 end) as earned"))
          .select(k.raw("sum(case when t.kind in ('refund', 'chargeback') then e.amount else 0 end) as reversed"))
          .where('t.course_id', courseId)
          .whereNotNull('e.instructor_id')
          .whereRaw(`${ACCOUNT_CLASS} = 'earnings'`)
          .groupBy('e.instructor_id', 't.currency')
          .orderBy('e.instructor_id'),
        filter,
      )) as Row[];
      const names = await instructorNames(strapi, [...new Set(rows.map((r) => String(r.instructor_id)))]);
      const title = (await courseTitles(strapi, [courseId])).get(courseId) ?? null;
      return {
        course: { id: courseId, title },
        months: list,
        instructors: rows.map((r) => {
          const c = r.currency as CurrencyCode;
          const earned = toAmount(r.earned);
          const reversed = toAmount(r.reversed);
          return {
            instructor: { id: String(r.instructor_id), name: names.get(String(r.instructor_id)) ?? null },
            currency: c,
            earned: money(earned, c),
            reversed: money(-reversed, c),
            net: money(earned + reversed, c),
          };
        }),
      };
    },

    /**
     * An instructor's earnings view: balances now, per course (earned, given back, net), and the
     * last `monthCount` months (earned net of reversals, payouts paid) ending with now's month.
     */
    async earnings(instructorId: string, now: Date, monthCount = 12): Promise<EarningsView> {
      const k = knex();
      const balances = await getService(strapi, 'balances').list(now, { instructorId });
      const perCourse = (await k(`${ENTRIES_TABLE} as e`)
        .join(`${TRANSACTIONS_TABLE} as t`, 't.id', 'e.transaction_id')
        .select('e.course_id', 'e.currency')
        .select(k.raw("count(case when t.kind = 'sale' then 1 end) as sales"))
        .select(k.raw("sum(case when t.kind = 'sale' then e.amount else 0 end) as earned"))
        .select(k.raw("sum(case when t.kind = 'refund' then e.amount else 0 end) as refunded"))
        .select(k.raw("sum(case when t.kind = 'chargeback' then e.amount else 0 end) as charged_back"))
        .select(k.raw('sum(case when e.available_at > ? then e.amount else 0 end) as pending', [now]))
        .where('e.account', instructorAccount(instructorId))
        .whereIn('t.kind', ['sale', ...REVERSALS])
        .groupBy('e.course_id', 'e.currency')) as Row[];
      const titles = await courseTitles(strapi, [...new Set(perCourse.map((r) => String(r.course_id)))]);
      const monthsWanted = lastMonths(now, monthCount);
      const start = parseStatementMonth(monthsWanted[0]).start;
      const month = monthOf(k, 't.occurred_at');
      const perMonth = (await k(`${ENTRIES_TABLE} as e`)
        .join(`${TRANSACTIONS_TABLE} as t`, 't.id', 'e.transaction_id')
        .select('e.currency', k.raw(`${month} as month`))
        .select(k.raw(`sum(case when ${ACCOUNT_CLASS} = 'earnings' and t.kind = 'sale' then e.amount else 0 end) as earned`))
        .select(k.raw(`sum(case when ${ACCOUNT_CLASS} = 'earnings' and t.kind in ('refund', 'chargeback') then e.amount else 0 end) as reversed`))
        .select(k.raw(`sum(case when ${ACCOUNT_CLASS} = 'paid' then e.amount else 0 end) as paid`))
        .where('e.instructor_id', instructorId)
        .where('t.occurred_at', '>=', start)
        .groupBy('e.currency', k.raw(month))) as Row[];
      const currencies = [...new Set([...balances.map((b) => b.currency), ...perCourse.map((r) => r.currency as CurrencyCode), ...perMonth.map((r) => r.currency as CurrencyCode)])].sort();
      return {
        instructor: { id: instructorId, name: balances[0]?.instructor.name ?? (await instructorNames(strapi, [instructorId])).get(instructorId) ?? null },
        at: now.toISOString(),
        balances,
        courses: perCourse
          .map((r) => {
            const c = r.currency as CurrencyCode;
            const earned = toAmount(r.earned);
            const refunded = toAmount(r.refunded);
            const chargedBack = toAmount(r.charged_back);
            return {
              course: { id: r.course_id === null ? null : String(r.course_id), title: r.course_id === null ? null : (titles.get(String(r.course_id)) ?? null) },
              currency: c,
              sales: Number(r.sales),
              earned: money(earned, c),
              refunded: money(-refunded, c),
              chargedBack: money(-chargedBack, c),
              net: money(earned + refunded + chargedBack, c),
              pending: money(toAmount(r.pending), c),
            };
          })
          .sort((a, b) => b.net.amount - a.net.amount),
        months: currencies.map((c) => ({
          currency: c,
          series: monthsWanted.map((m) => {
            const r = perMonth.find((x) => x.currency === c && String(x.month) === m);
            const earned = toAmount(r?.earned);
            const reversed = toAmount(r?.reversed);
            return { month: m, earned: money(earned, c), reversed: money(-reversed, c), net: money(earned + reversed, c), paid: money(toAmount(r?.paid), c) };
          }),
        })),
      };
    },

    /** Ledger transactions, newest first, filtered by instructor, course, kind and month range. */
    async transactions(filter: ReportFilter & { instructorId?: string; kind?: TransactionKind; page: number; pageSize: number }): Promise<TransactionListView> {
      const k = knex();
      const base = () => {
        const q = range(k(`${TRANSACTIONS_TABLE} as t`), filter);
        if (filter.courseId) q.where('t.course_id', filter.courseId);
        if (filter.kind) q.where('t.kind', filter.kind);
        if (filter.instructorId) {
          q.whereExists(k(`${ENTRIES_TABLE} as x`).select(k.raw('1')).whereRaw('x.transaction_id = t.id').where('x.instructor_id', filter.instructorId));
        }
        return q;
      };
      const [{ n } = { n: 0 }] = (await base().count({ n: '*' })) as Array<{ n: number | string }>;
      const total = Number(n);
      const rows = (await base()
        .select('t.id', 't.reference', 't.kind', 't.currency', 't.occurred_at', 't.course_id', 't.reverses')
        .orderBy([
          { column: 't.occurred_at', order: 'desc' },
          { column: 't.id', order: 'desc' },
        ])
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize)) as Row[];
      const ids = rows.map((r) => Number(r.id));
      const sums =
        ids.length === 0
          ? []
          : ((await k(`${ENTRIES_TABLE} as e`)
              .select('e.transaction_id')
              .select(k.raw("sum(case when e.account = 'customer_payments' then e.amount else 0 end) as customer"))
              .select(k.raw('sum(case when e.instructor_id is not null and e.account not like ? and e.account not like ? then e.amount else 0 end) as instructors', ['%:requested', 'payouts:%']))
              .select(
                filter.instructorId
                  ? k.raw('sum(case when e.account = ? then e.amount else 0 end) as mine', [instructorAccount(filter.instructorId)])
                  : k.raw('0 as mine'),
              )
              .whereIn('e.transaction_id', ids)
              .groupBy('e.transaction_id')) as Row[]);
      const titles = await courseTitles(strapi, [...new Set(rows.filter((r) => r.course_id).map((r) => String(r.course_id)))]);
      const data = rows.map((r): TransactionListItem => {
        const c = r.currency as CurrencyCode;
        const s = sums.find((x) => Number(x.transaction_id) === Number(r.id));
        const customer = toAmount(s?.customer);
        return {
          id: Number(r.id),
          reference: String(r.reference),
          kind: String(r.kind),
          currency: c,
          occurredAt: (readDate(r.occurred_at) as Date).toISOString(),
          course: r.course_id ? { id: String(r.course_id), title: titles.get(String(r.course_id)) ?? null } : null,
          reverses: (r.reverses as string | null) ?? null,
          // Paid by the learner on a sale; given back on a reversal (both positive).
          amount: money(Math.abs(customer), c),
          instructors: money(toAmount(s?.instructors), c),
          instructor: filter.instructorId ? money(toAmount(s?.mine), c) : null,
        };
      });
      return { data, pagination: { page: filter.page, pageSize: filter.pageSize, total, pageCount: Math.max(1, Math.ceil(total / filter.pageSize)) } };
    },

    /** An instructor's statement for one month (every currency they have entries in). */
    async statement(instructorId: string, month: string): Promise<Statement> {
      const { start, end } = parseStatementMonth(month, 'month');
      const k = knex();
      const openingRows = (await k(`${ENTRIES_TABLE} as e`)
        .join(`${TRANSACTIONS_TABLE} as t`, 't.id', 'e.transaction_id')
        .select('e.currency', k.raw(`${ACCOUNT_CLASS} as class`), k.raw('sum(e.amount) as total'))
        .where('e.instructor_id', instructorId)
        .where('t.occurred_at', '<', start)
        .groupBy('e.currency', k.raw(ACCOUNT_CLASS))) as Row[];
      const openings = new Map<CurrencyCode, { currency: CurrencyCode; earnings: number; requested: number; paid: number }>();
      for (const r of openingRows) {
        const c = r.currency as CurrencyCode;
        const o = openings.get(c) ?? { currency: c, earnings: 0, requested: 0, paid: 0 };
        const cls = String(r.class) as 'earnings' | 'requested' | 'paid';
        o[cls] += toAmount(r.total);
        openings.set(c, o);
      }
      const sums = (await k(`${ENTRIES_TABLE} as e`)
        .join(`${TRANSACTIONS_TABLE} as t`, 't.id', 'e.transaction_id')
        .select('e.transaction_id', k.raw(`${ACCOUNT_CLASS} as class`), k.raw('sum(e.amount) as total'))
        .where('e.instructor_id', instructorId)
        .where('t.occurred_at', '>=', start)
        .where('t.occurred_at', '<', end)
        .groupBy('e.transaction_id', k.raw(ACCOUNT_CLASS))) as Row[];
      const ids = [...new Set(sums.map((s) => Number(s.transaction_id)))];
      const txRows = ids.length === 0 ? [] : ((await k(TRANSACTIONS_TABLE).whereIn('id', ids)) as Row[]);
      const titles = await courseTitles(strapi, [...new Set(txRows.filter((r) => r.course_id).map((r) => String(r.course_id)))]);
      const transactions = txRows.map((r): StatementTransaction => {
        const id = Number(r.id);
        const of = (cls: string) => sums.filter((s) => Number(s.transaction_id) === id && s.class === cls).reduce((a, s) => a + toAmount(s.total), 0);
        const details = readJson<{ waterfall?: WaterfallLine[] }>(r.details);
        return {
          id,
          reference: String(r.reference),
          kind: r.kind as TransactionKind,
          currency: r.currency as CurrencyCode,
          occurredAt: readDate(r.occurred_at) as Date,
          courseId: (r.course_id as string | null) ?? null,
          courseTitle: r.course_id ? (titles.get(String(r.course_id)) ?? null) : null,
          earnings: of('earnings'),
          requested: of('requested'),
          paid: of('paid'),
          waterfall: details.waterfall ?? [],
        };
      });
      const name = (await instructorNames(strapi, [instructorId])).get(instructorId) ?? null;
      return buildStatement({ instructor: { id: instructorId, name }, month, openings: [...openings.values()] as StatementOpening[], transactions });
    },
  };
  return service;
};

export type ReportsService = ReturnType<typeof createReportsService>;
