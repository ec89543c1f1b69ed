import { type CurrencyCode, type Money, money, toDecimalString } from '@lms/plugin-lms-core/server';
import { instructorAccount } from './accounts';
import { RevenueError } from './errors';
import { type TransactionKind } from './ledger';
import { type WaterfallLine } from './waterfall';

/**
 * An instructor's monthly statement (per currency): opening balance, every sale with its fee
 * waterfall, refunds and lost disputes, payout steps, closing balance. Pure: the service reads the
 * month's transactions and the opening sums with SQL and hands them here.
 *
 * "Balance" on a statement is what the platform owes the instructor at that moment: earnings
 * (pending + available − carried forward) plus money reserved by an open payout request. A sale
 * raises it, a refund or chargeback lowers it, a paid payout lowers it; requesting a payout or
 * releasing a request only moves money between earnings and reserved, so it shows with a zero
 * balance change.
 */

/** `YYYY-MM` (UTC). */
export type StatementMonth = string;

export function parseStatementMonth(value: unknown, field = 'month'): { month: StatementMonth; start: Date; end: Date } {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})$/.exec(value) : null;
  const year = m ? Number(m[1]) : NaN;
  const mon = m ? Number(m[2]) : NaN;
  if (!m || year < 2000 || year > 2999 || mon < 1 || mon > 12) {
    throw new RevenueError('invalid-month', field, `expected a month as YYYY-MM, such as 2026-03; got ${JSON.stringify(value)}`);
  }
  return { month: `${m[1]}-${m[2]}`, start: new Date(Date.UTC(year, mon - 1, 1)), end: new Date(Date.UTC(year, mon, 1)) };
}

/** The `count` months ending with the one `at` falls in, oldest first (`YYYY-MM`, UTC). */
export function lastMonths(at: Date, count: number): StatementMonth[] {
  const out: StatementMonth[] = [];
  for (let i = count - 1; i >= 0; i -= 1) {
    const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** One ledger transaction of the month as it touches this instructor. */
export interface StatementTransaction {
  readonly id: number;
  readonly reference: string;
  readonly kind: TransactionKind;
  readonly currency: CurrencyCode;
  readonly occurredAt: Date;
  readonly courseId: string | null;
  readonly courseTitle: string | null;
  /** Net of this instructor's three accounts in this transaction (minor units). */
  readonly earnings: number;
  readonly requested: number;
  readonly paid: number;
  /** The transaction's stored waterfall (sales and reversals), else empty. */
  readonly waterfall: readonly WaterfallLine[];
}

export interface StatementOpening {
  readonly currency: CurrencyCode;
  /** Sums of the instructor's accounts over every transaction before the month. */
  readonly earnings: number;
  readonly requested: number;
  readonly paid: number;
}

export interface StatementLine {
  readonly id: number;
  readonly date: Date;
  readonly kind: TransactionKind;
  readonly reference: string;
  readonly courseId: string | null;
  readonly courseTitle: string | null;
  readonly description: string;
  /** Sale: paid by the learner. Refund / chargeback: returned to the learner (positive). */
  readonly gross: Money | null;
  readonly vat: Money | null;
  readonly fee: Money | null;
  /** What was shared after VAT (and the fee, when deducted first). */
  readonly base: Money | null;
  /** How this instructor's line was computed ("100.00% weight × 70.00% share (default)"). */
  readonly shareRule: string | null;
  /** Change of the instructor's earnings (pending/available) by this transaction. */
  readonly earnings: Money;
  /** Change of what the platform owes the instructor (earnings + reserved). */
  readonly balanceChange: Money;
  /** What the platform owes the instructor after this line. */
  readonly balance: Money;
  readonly waterfall: readonly WaterfallLine[];
}

export interface StatementSection {
  readonly currency: CurrencyCode;
  readonly opening: Money;
  readonly closing: Money;
  readonly lines: readonly StatementLine[];
  readonly totals: {
    readonly sales: number;
    readonly gross: Money;
    readonly earned: Money;
    readonly refunded: Money;
    readonly chargedBack: Money;
    readonly payoutsPaid: Money;
    /** Reserved by open requests at the end of the month. */
    readonly reservedAtClose: Money;
    /** Paid out ever, at the end of the month. */
    readonly paidToDateAtClose: Money;
  };
}

export interface Statement {
  readonly instructor: { readonly id: string; readonly name: string | null };
  readonly month: StatementMonth;
  readonly from: Date;
  readonly to: Date;
  readonly sections: readonly StatementSection[];
}

const KIND_LABEL: Record<TransactionKind, string> = {
  sale: 'Sale',
  refund: 'Refund',
  chargeback: 'Chargeback (lost dispute)',
  'payout-requested': 'Payout requested',
  'payout-paid': 'Payout paid',
  'payout-released': 'Payout request released',
  'payout-returned': 'Payout returned (transfer reversed)',
};

function lineOf(waterfall: readonly WaterfallLine[], step: WaterfallLine['step'], account?: string): WaterfallLine | undefined {
  return waterfall.find((l) => l.step === step && (account === undefined || l.account === account));
}

const abs = (m: Money): Money => money(Math.abs(m.amount), m.currency);

/** Builds the statement from the month's transactions (any order) and the opening sums per currency. */
export function buildStatement(input: {
  instructor: { id: string; name: string | null };
  month: StatementMonth;
  openings: readonly StatementOpening[];
  transactions: readonly StatementTransaction[];
}): Statement {
  const { start, end } = parseStatementMonth(input.month);
  const own = instructorAccount(input.instructor.id);
  const currencies = [...new Set([...input.openings.map((o) => o.currency), ...input.transactions.map((t) => t.currency)])].sort();
  const sections = currencies.map((currency): StatementSection => {
    const o = input.openings.find((x) => x.currency === currency) ?? { currency, earnings: 0, requested: 0, paid: 0 };
    const m = (n: number) => money(n, currency);
    let balance = o.earnings + o.requested;
    let reserved = o.requested;
    let paidToDate = o.paid;
    const totals = { sales: 0, gross: 0, earned: 0, refunded: 0, chargedBack: 0, payoutsPaid: 0 };
    const txs = input.transactions
      .filter((t) => t.currency === currency)
      .slice()
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id);
    const lines = txs.map((t): StatementLine => {
      if (t.occurredAt < start || t.occurredAt >= end) {
        throw new RevenueError('invalid-statement', 'transactions', `transaction ${t.reference} (${t.occurredAt.toISOString()}) is not in ${input.month}`);
      }
      const change = t.earnings + t.requested;
      balance += change;
      reserved += t.requested;
      paidToDate += t.paid;
      const w = t.waterfall;
      let gross: Money | null = null;
      let vat: Money | null = null;
      let fee: Money | null = null;
      let base: Money | null = null;
      let shareRule: string | null = null;
      if (t.kind === 'sale') {
        gross = lineOf(w, 'gross')?.amount ?? null;
        const v = lineOf(w, 'vat');
        vat = v ? abs(v.amount) : null;
        const f = lineOf(w, 'fee', 'processing_fees');
        fee = f ? abs(f.amount) : m(0);
        base = lineOf(w, 'base')?.amount ?? null;
        const mine = lineOf(w, 'instructor', own);
        shareRule = mine ? mine.label.replace(/^Instructor [^:]+: /, '') : null;
        totals.sales += 1;
        totals.gross += gross?.amount ?? 0;
        totals.earned += t.earnings;
      } else if (t.kind === 'refund' || t.kind === 'chargeback') {
        const r = lineOf(w, 'refund');
        gross = r ? abs(r.amount) : null;
        const v = lineOf(w, 'platform', 'vat_payable');
        vat = v ? abs(v.amount) : null;
        if (t.kind === 'refund') totals.refunded += -t.earnings;
        else totals.chargedBack += -t.earnings;
      } else if (t.kind === 'payout-paid' || t.kind === 'payout-returned') {
        totals.payoutsPaid += t.paid;
      }
      const payoutAmount = t.kind.startsWith('payout-') ? Math.abs(t.requested || t.paid || t.earnings) : 0;
      const description =
        t.kind === 'sale' || t.kind === 'refund' || t.kind === 'chargeback'
          ? `${KIND_LABEL[t.kind]}${t.courseTitle ? ` — ${t.courseTitle}` : t.courseId ? ` — course ${t.courseId}` : ''}`
          : `${KIND_LABEL[t.kind]} ${t.reference.split(':')[1] ?? ''} (${currency} ${toDecimalString(m(payoutAmount))})`;
      return {
        id: t.id,
        date: t.occurredAt,
        kind: t.kind,
        reference: t.reference,
        courseId: t.courseId,
        courseTitle: t.courseTitle,
        description,
        gross,
        vat,
        fee,
        base,
        shareRule,
        earnings: m(t.earnings),
        balanceChange: m(change),
        balance: m(balance),
        waterfall: w,
      };
    });
    return {
      currency,
      opening: m(o.earnings + o.requested),
      closing: m(balance),
      lines,
      totals: {
        sales: totals.sales,
        gross: m(totals.gross),
        earned: m(totals.earned),
        refunded: m(totals.refunded),
        chargedBack: m(totals.chargedBack),
        payoutsPaid: m(totals.payoutsPaid),
        reservedAtClose: m(reserved),
        paidToDateAtClose: m(paidToDate),
      },
    };
  });
  return { instructor: input.instructor, month: input.month, from: start, to: end, sections };
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; formulas defused. */
function csvField(value: string): string {
  // A cell starting with = + - @ is a formula in spreadsheets; course titles come from authors.
  const safe = /^[=+@]/.test(value) || (/^-/.test(value) && !/^-\d/.test(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const STATEMENT_CSV_HEADER = [
  'date',
  'type',
  'reference',
  'course_id',
  'course',
  'description',
  'currency',
  'gross',
  'vat',
  'fee',
  'shared',
  'your_share_rule',
  'your_earnings',
  'balance_change',
  'balance',
] as const;

/**
 * The statement as CSV (CRLF, header row, exact decimals without a thousands separator). Each
 * currency starts with an `opening-balance` row and ends with a `closing-balance` row.
 */
export function statementCsv(s: Statement): string {
  const d = (x: Money | null) => (x ? toDecimalString(x) : '');
  const rows: string[][] = [[...STATEMENT_CSV_HEADER]];
  for (const section of s.sections) {
    const c = section.currency;
    rows.push([s.from.toISOString(), 'opening-balance', '', '', '', `Opening balance ${s.month}`, c, '', '', '', '', '', '', '', d(section.opening)]);
    for (const l of section.lines) {
      rows.push([
        l.date.toISOString(),
        l.kind,
        l.reference,
        l.courseId ?? '',
        l.courseTitle ?? '',
        l.description,
        c,
        d(l.gross),
        d(l.vat),
        d(l.fee),
        d(l.base),
        l.shareRule ?? '',
        d(l.earnings),
        d(l.balanceChange),
        d(l.balance),
      ]);
    }
    rows.push([s.to.toISOString(), 'closing-balance', '', '', '', `Closing balance ${s.month}`, c, '', '', '', '', '', '', '', d(section.closing)]);
  }
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
