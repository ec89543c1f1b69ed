import type { Money } from '@lms/plugin-lms-core/server';

/**
 * Request/response shapes of lms-revenue's admin API, shared by the controllers (`satisfies`)
 * and the tests / admin panels. Money is `{ amount, currency }` in integer minor units.
 */

export interface BalanceView {
  instructor: { id: string; name: string | null };
  currency: string;
  /** Earned, still inside the holding period. */
  pending: Money;
  /** Earned, past the holding period, not requested. */
  available: Money;
  /** Owed by the instructor (refunds after a payout), netted against later earnings. */
  carriedForward: Money;
  /** Reserved by an open payout request. */
  requested: Money;
  paid: Money;
}

export interface BalancesResponse {
  data: BalanceView[];
  meta: { at: string };
}

export interface MyBalanceResponse {
  data: BalanceView[];
  meta: { at: string; instructor: { id: string; name: string } };
}

export interface RuleChangeView {
  id: number;
  kind: string;
  key: string;
  change: Record<string, unknown>;
  effectiveFrom: string;
  recordedAt: string;
  recordedBy: number | null;
  note: string | null;
}

export interface RuleChangeResponse {
  data: RuleChangeView;
}

export interface RulesResponse {
  /** Newest first. */
  data: RuleChangeView[];
  meta: { at: string; inForce: Record<string, unknown> };
}

export interface LedgerEntryView {
  account: string;
  amount: Money;
  availableAt: string | null;
}

export interface TransactionView {
  id: number;
  reference: string;
  kind: string;
  currency: string;
  occurredAt: string;
  reverses: string | null;
  paymentId: number | null;
  courseId: string | null;
  createdAt: string;
  entries: LedgerEntryView[];
  /** The fee waterfall as lines, and as plain text. */
  waterfall: Array<{ step: string; label: string; amount: Money; account: string | null }>;
  waterfallText: string;
  details: Record<string, unknown>;
  /** For a sale: its refunds and chargebacks (references), oldest first. */
  reversals: Array<{ id: number; reference: string; kind: string; occurredAt: string }>;
}

export interface TransactionResponse {
  data: TransactionView;
}

export interface ApiErrorBody {
  data: null;
  error: { status: number; name: string; message: string; details: Record<string, unknown> };
}

/** One currency and month of the overview (UTC months). `gross − refunded − chargedBack = vat + fees + platform + rounding + instructors`. */
export interface OverviewMonth {
  month: string;
  currency: string;
  /** Sales and reversals (refunds + chargebacks) posted in the month. */
  sales: number;
  reversals: number;
  gross: Money;
  refunded: Money;
  chargedBack: Money;
  /** Net of reversals. */
  vat: Money;
  fees: Money;
  platform: Money;
  rounding: Money;
  /** Instructors' earnings net of reversals. */
  instructors: Money;
  payoutsPaid: Money;
}

export interface OverviewView {
  at: string;
  months: OverviewMonth[];
  /** What instructors are owed now, per currency (pending + available − carried forward + requested). */
  liabilities: Array<{ currency: string; instructors: number; pending: Money; available: Money; carriedForward: Money; requested: Money; owed: Money; paid: Money }>;
  instructors: Array<{ instructor: { id: string; name: string | null }; currency: string; owed: Money; pending: Money; available: Money; carriedForward: Money; requested: Money; paid: Money }>;
  courses: Array<{ course: { id: string; title: string | null }; currency: string; sales: number; gross: Money; returned: Money }>;
}

export interface OverviewResponse {
  data: OverviewView;
}

export interface CourseRevenueView {
  course: { id: string; title: string | null };
  months: OverviewMonth[];
  instructors: Array<{ instructor: { id: string; name: string | null }; currency: string; earned: Money; reversed: Money; net: Money }>;
}

export interface CourseRevenueResponse {
  data: CourseRevenueView;
}

export interface EarningsView {
  instructor: { id: string; name: string | null };
  at: string;
  balances: BalanceView[];
  courses: Array<{
    course: { id: string | null; title: string | null };
    currency: string;
    sales: number;
    earned: Money;
    /** Given back (positive). */
    refunded: Money;
    chargedBack: Money;
    net: Money;
    /** Of the net, still in its holding period. */
    pending: Money;
  }>;
  /** Per currency, the last 12 months oldest first (UTC). */
  months: Array<{ currency: string; series: Array<{ month: string; earned: Money; reversed: Money; net: Money; paid: Money }> }>;
}

export interface EarningsResponse {
  data: EarningsView;
}

export interface TransactionListItem {
  id: number;
  reference: string;
  kind: string;
  currency: string;
  occurredAt: string;
  course: { id: string; title: string | null } | null;
  reverses: string | null;
  /** Paid by the learner (sale) or returned to them (refund, chargeback); 0 for payout steps. */
  amount: Money;
  /** All instructors' earnings lines of the transaction. */
  instructors: Money;
  /** With `?instructor=`: that instructor's earnings line. */
  instructor: Money | null;
}

export interface TransactionListView {
  data: TransactionListItem[];
  pagination: { page: number; pageSize: number; total: number; pageCount: number };
}

export type TransactionListResponse = TransactionListView;
