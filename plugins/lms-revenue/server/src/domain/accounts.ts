import { RevenueError } from './errors';

/**
 * Ledger account names. Platform accounts are fixed names; each instructor has three accounts,
 * keyed by the instructor's id:
 *
 * | account | holds |
 * |---|---|
 * | `customer_payments` | money in from learners (negative) and back out to them on refunds |
 * | `vat_payable` | VAT / sales tax owed to the tax authority |
 * | `processing_fees` | the payment processor's fees |
 * | `platform_revenue` | the platform's share (less any fee it absorbs) |
 * | `platform_rounding` | the sub-cent remainders of every split, kept apart so they are visible |
 * | `instructor:<id>` | earned, not yet requested (pending + available; negative = carried forward) |
 * | `instructor:<id>:requested` | reserved by an open payout request |
 * | `payouts:<id>` | paid out to the instructor |
 *
 * Sign: an amount is what the account RECEIVES in a transaction (a credit); a negative amount is
 * what it gives (a debit). A sale therefore posts −gross to `customer_payments` and the parts as
 * positives, and an instructor's earnings are a positive balance.
 */
export const PLATFORM_ACCOUNTS = {
  customerPayments: 'customer_payments',
  vatPayable: 'vat_payable',
  processingFees: 'processing_fees',
  platformRevenue: 'platform_revenue',
  platformRounding: 'platform_rounding',
} as const;

export type PlatformAccount = (typeof PLATFORM_ACCOUNTS)[keyof typeof PLATFORM_ACCOUNTS];
export type Account = PlatformAccount | `instructor:${string}` | `instructor:${string}:requested` | `payouts:${string}`;

/** Ids appear inside account names, so they are kept to a safe alphabet (documentIds, numbers). */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidInstructorId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

export function assertInstructorId(id: unknown, field: string): string {
  if (!isValidInstructorId(id)) {
    throw new RevenueError(
      'invalid-instructor-id',
      field,
      `instructor id ${JSON.stringify(id)} must be 1–64 letters, digits, "_" or "-"`,
    );
  }
  return id;
}

export const instructorAccount = (id: string): Account => `instructor:${id}`;
export const instructorRequestedAccount = (id: string): Account => `instructor:${id}:requested`;
export const instructorPayoutsAccount = (id: string): Account => `payouts:${id}`;

export type AccountRef =
  | { kind: 'platform'; account: PlatformAccount }
  | { kind: 'instructor-earnings' | 'instructor-requested' | 'instructor-paid'; instructorId: string };

const PLATFORM_NAMES = new Set<string>(Object.values(PLATFORM_ACCOUNTS));

/** What an account name refers to; throws on a name this ledger never writes. */
export function parseAccount(name: string): AccountRef {
  if (PLATFORM_NAMES.has(name)) return { kind: 'platform', account: name as PlatformAccount };
  const parts = name.split(':');
  const id = parts[1];
  if (isValidInstructorId(id)) {
    if (parts[0] === 'instructor' && parts.length === 2) return { kind: 'instructor-earnings', instructorId: id };
    if (parts[0] === 'instructor' && parts.length === 3 && parts[2] === 'requested') return { kind: 'instructor-requested', instructorId: id };
    if (parts[0] === 'payouts' && parts.length === 2) return { kind: 'instructor-paid', instructorId: id };
  }
  throw new RevenueError('invalid-account', 'account', `unknown ledger account ${JSON.stringify(name)}`);
}
