import type { Money } from '@lms/plugin-lms-core/server';

/**
 * Request/response shapes of lms-payouts' admin API, shared by the controllers (`satisfies`),
 * the admin pages and the tests. Money is `{ amount, currency }` in integer minor units.
 */

export type PayoutStatusView = 'requested' | 'approved' | 'paid' | 'rejected' | 'failed';
export type PayoutMethodView = 'stripe' | 'bank';

/** An instructor's payout settings, never with bank details in clear. */
export interface PayoutSettingsView {
  method: PayoutMethodView | null;
  stripe: {
    accountId: string;
    payoutsEnabled: boolean;
    detailsSubmitted: boolean;
    /** From Stripe's payout.* events of the connected account (its own bank payouts). */
    lastBankPayout: { status: string; failure: string | null; at: string } | null;
  } | null;
  /** "IBAN ****1234 (Bank)"; null when none stored. */
  bank: { masked: string; updatedAt: string } | null;
}

export interface PayoutView {
  id: string;
  instructor: { id: string; name: string | null };
  amount: Money;
  method: PayoutMethodView;
  /** Stripe account id, or the masked bank account. */
  destination: string;
  status: PayoutStatusView;
  requestedAt: string;
  decidedAt: string | null;
  /** The admin's note on approval or rejection. */
  note: string | null;
  transferId: string | null;
  /** The bank's reference of a manual payment. */
  reference: string | null;
  paidAt: string | null;
  failedAt: string | null;
  failureReason: string | null;
}

export interface BalanceLine {
  currency: string;
  pending: Money;
  available: Money;
  carriedForward: Money;
  requested: Money;
  paid: Money;
  /** The smallest payout that may be requested in this currency. */
  minimum: Money;
}

export interface MyPayoutsResponse {
  data: { settings: PayoutSettingsView; balances: BalanceLine[]; payouts: PayoutView[] };
  meta: { at: string; instructor: { id: string; name: string } };
}

export interface PayoutResponse {
  data: PayoutView;
}

/**
 * POST /lms-payouts/payouts/:id/bank-details (payouts.manage): the full bank details of an
 * APPROVED bank payout, for the admin paying it by hand. Each call is recorded. 409 when the payout
 * is not approved or is paid by Stripe.
 */
export interface BankDetailsResponse {
  data: {
    details:
      | { kind: 'iban'; accountHolder: string; iban: string; bic: string | null; bankName: string | null }
      | { kind: 'local'; accountHolder: string; accountNumber: string; branchCode: string; bankName: string; country: string };
    masked: string;
    destinationAtRequest: string;
    changedSinceRequest: boolean;
  };
}

export interface PayoutListResponse {
  data: PayoutView[];
  meta: { total: number };
}

export interface SettingsResponse {
  data: PayoutSettingsView;
}

export interface StripeOnboardingResponse {
  data: { url: string; accountId: string };
}

export interface StripeWebhookAck {
  received: true;
  handled: boolean;
  duplicate: boolean;
}

export interface ApiErrorBody {
  data: null;
  error: { status: number; name: string; message: string; details: Record<string, unknown> };
}
