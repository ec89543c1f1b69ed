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
