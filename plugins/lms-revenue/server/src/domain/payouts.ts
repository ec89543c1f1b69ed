import { type Money, money, toDecimalString } from '@lms/plugin-lms-core/server';
import { assertInstructorId, instructorAccount, instructorPayoutsAccount, instructorRequestedAccount } from './accounts';
import { type InstructorBalance } from './balances';
import { RevenueError } from './errors';
import { type LedgerTransaction, assertBalanced, moneyField } from './ledger';

/** A payout request's statuses (lms-payouts): money stays reserved while requested or approved. */
export type PayoutStatus = 'requested' | 'approved' | 'paid' | 'rejected' | 'failed';
export const OPEN_PAYOUT_STATUSES: readonly PayoutStatus[] = ['requested', 'approved'];

export interface OpenPayout {
  readonly payoutId: string;
  readonly status: PayoutStatus;
  readonly amount: Money;
}

export type PayoutRequestDecision =
  | { readonly ok: true; readonly amount: Money }
  | {
      readonly ok: false;
      readonly code: 'open-request-exists' | 'below-minimum' | 'exceeds-available' | 'nothing-available' | 'invalid-amount' | 'currency-mismatch';
      readonly field: 'amount' | '';
      readonly message: string;
    };

const show = (m: Money) => `${m.currency} ${toDecimalString(m)}`;

/**
 * May the instructor request a payout of `amount` (default: all that is available)? At most one
 * open request at a time, at least `minimum`, at most `available`. Decide it inside the
 * transaction that locks the instructor's balance, then post {@link payoutRequestTransaction}:
 * the reservation is what makes concurrent requests unable to reserve the same money twice.
 */
export function decidePayoutRequest(
  balance: InstructorBalance,
  minimum: Money,
  openRequests: readonly OpenPayout[],
  amount?: Money,
): PayoutRequestDecision {
  const open = openRequests.find((r) => OPEN_PAYOUT_STATUSES.includes(r.status));
  if (open) {
    return {
      ok: false,
      code: 'open-request-exists',
      field: '',
      message: `payout ${open.payoutId} of ${show(open.amount)} is still ${open.status}; wait until it is paid or rejected before requesting another`,
    };
  }
  if (minimum.currency !== balance.currency) {
    return { ok: false, code: 'currency-mismatch', field: '', message: `the minimum is in ${minimum.currency} but the balance is in ${balance.currency}` };
  }
  let wanted: Money;
  if (amount === undefined) {
    if (balance.available.amount <= 0) {
      return {
        ok: false,
        code: 'nothing-available',
        field: '',
        message:
          balance.carriedForward.amount > 0
            ? `nothing is available: ${show(balance.carriedForward)} of refunds after earlier payouts is carried forward against future earnings`
            : `nothing is available yet${balance.pending.amount > 0 ? `; ${show(balance.pending)} is still in its holding period` : ''}`,
      };
    }
    wanted = balance.available;
  } else {
    if (typeof amount !== 'object' || amount === null || !Number.isSafeInteger(amount.amount) || amount.amount <= 0) {
      return { ok: false, code: 'invalid-amount', field: 'amount', message: 'must be a positive whole number of minor units' };
    }
    if (amount.currency !== balance.currency) {
      return { ok: false, code: 'currency-mismatch', field: 'amount', message: `your balance is in ${balance.currency}, not ${amount.currency}` };
    }
    wanted = amount;
  }
  if (wanted.amount < minimum.amount) {
    return {
      ok: false,
      code: 'below-minimum',
      field: amount === undefined ? '' : 'amount',
      message: `${show(wanted)} is below the minimum payout of ${show(minimum)}`,
    };
  }
  if (wanted.amount > balance.available.amount) {
    return {
      ok: false,
      code: 'exceeds-available',
      field: 'amount',
      message: `${show(wanted)} is more than the ${show(balance.available)} available${balance.pending.amount > 0 ? ` (${show(balance.pending)} is still in its holding period)` : ''}`,
    };
  }
  return { ok: true, amount: wanted };
}

export interface PayoutStep {
  /** lms-payouts' payout id; the step's reference is `payout:<id>:<step>`. */
  readonly payoutId: string;
  readonly instructorId: string;
  readonly amount: Money;
  readonly occurredAt: Date;
}

function payoutTransaction(kind: 'payout-requested' | 'payout-paid' | 'payout-released' | 'payout-returned', step: PayoutStep, from: LedgerTransaction['postings'][number]['account'], to: LedgerTransaction['postings'][number]['account']): LedgerTransaction {
  const amount = moneyField(step.amount, 'amount');
  if (amount.amount <= 0) throw new RevenueError('invalid-amount', 'amount', `a payout moves a positive amount; got ${amount.amount}`);
  if (Number.isNaN(step.occurredAt.getTime())) throw new RevenueError('invalid-date', 'occurredAt', 'not a valid date');
  const suffix = kind.slice('payout-'.length);
  const tx: LedgerTransaction = {
    kind,
    reference: `payout:${step.payoutId}:${suffix}`,
    currency: amount.currency,
    occurredAt: step.occurredAt,
    reverses: null,
    postings: [
      { account: from, amount: money(-amount.amount, amount.currency), availableAt: null },
      { account: to, amount, availableAt: null },
    ],
  };
  assertBalanced(tx);
  return tx;
}

/** Reserves the requested amount: earnings → `instructor:<id>:requested`. */
export function payoutRequestTransaction(step: PayoutStep): LedgerTransaction {
  const id = assertInstructorId(step.instructorId, 'instructorId');
  return payoutTransaction('payout-requested', step, instructorAccount(id), instructorRequestedAccount(id));
}

/** The transfer or bank payment went out: requested → `payouts:<id>`. */
export function payoutPaidTransaction(step: PayoutStep): LedgerTransaction {
  const id = assertInstructorId(step.instructorId, 'instructorId');
  return payoutTransaction('payout-paid', step, instructorRequestedAccount(id), instructorPayoutsAccount(id));
}

/**
 * The payment came back after it was paid (Stripe reversed the transfer): what left through
 * `payouts:<id>` returns to the instructor's earnings, available again. A new transaction, so the
 * paid one stays as it happened.
 */
export function payoutReturnedTransaction(step: PayoutStep): LedgerTransaction {
  const id = assertInstructorId(step.instructorId, 'instructorId');
  return payoutTransaction('payout-returned', step, instructorPayoutsAccount(id), instructorAccount(id));
}

/** Rejected by an admin, or the transfer failed: the reservation goes back to available. */
export function payoutReleasedTransaction(step: PayoutStep): LedgerTransaction {
  const id = assertInstructorId(step.instructorId, 'instructorId');
  return payoutTransaction('payout-released', step, instructorRequestedAccount(id), instructorAccount(id));
}
