import { type Money, allocate, money, toDecimalString } from '@lms/plugin-lms-core/server';
import { type Account, PLATFORM_ACCOUNTS, parseAccount } from './accounts';
import { RevenueError } from './errors';
import { type LedgerTransaction, type Posting, assertBalanced, moneyField } from './ledger';
import { saleReference } from './split';
import { type WaterfallLine } from './waterfall';

export type ReversalCause =
  /** a full or partial refund */
  | 'refund'
  /** a lost dispute */
  | 'chargeback';

export interface ReversalInput {
  /** The sale's transaction as posted. */
  readonly sale: LedgerTransaction;
  /** Reversals of this sale already posted (refunds and chargebacks), in any order. */
  readonly previous: readonly LedgerTransaction[];
  /** What goes back to the learner now; `'full'` = everything not yet reversed. */
  readonly amount: Money | 'full';
  readonly cause: ReversalCause;
  /** Idempotency key of this reversal (see {@link reversalReference}). */
  readonly reference: string;
  readonly occurredAt: Date;
}

export interface SaleReversal {
  readonly transaction: LedgerTransaction;
  readonly amount: Money;
  /** Reversed by earlier reversals. */
  readonly reversedBefore: Money;
  /** Still reversible after this one. */
  readonly remaining: Money;
  /** True when nothing of the sale is left. */
  readonly full: boolean;
  readonly waterfall: readonly WaterfallLine[];
}

interface Line {
  readonly account: Account;
  posted: bigint;
  reversed: bigint;
  availableAt: Date | null;
}

/**
 * Reverses part or all of a sale. Every line the sale credited gives back its proportional part
 * of what it still holds: this reversal's amount is allocated over the lines' remaining amounts
 * (largest remainder, lms-core's `allocate`), so each part is within one minor unit of exact,
 * none ever gives back more than it received, several partial refunds together never exceed the
 * sale, and the last one (or a full one) returns every line to exactly zero.
 *
 * Stripe keeps its processing fee when it refunds, so the fee line is not reversed: its part is
 * taken from the platform's line (`platform_revenue` is reversed for its share plus the fee's).
 * Instructors therefore give back exactly what they earned on the refunded part, never more.
 * Instructor lines keep the sale's `availableAt`, so a refund inside the holding period reduces
 * pending and a later one reduces available (going negative after a payout).
 */
export function reverseSale(input: ReversalInput): SaleReversal {
  const { sale } = input;
  if (sale.kind !== 'sale') throw new RevenueError('not-a-sale', 'sale', `transaction ${sale.reference} is a ${sale.kind}, not a sale`);
  assertBalanced(sale);
  const currency = sale.currency;
  if (Number.isNaN(input.occurredAt.getTime())) throw new RevenueError('invalid-date', 'occurredAt', 'not a valid date');

  const lines = new Map<Account, Line>();
  let gross = 0n;
  for (const p of sale.postings) {
    if (p.account === PLATFORM_ACCOUNTS.customerPayments) {
      gross -= BigInt(p.amount.amount);
      continue;
    }
    const account = reversalAccount(p.account);
    const line = lines.get(account) ?? { account, posted: 0n, reversed: 0n, availableAt: p.availableAt };
    line.posted += BigInt(p.amount.amount);
    lines.set(account, line);
  }

  let reversedBefore = 0n;
  for (const [i, tx] of input.previous.entries()) {
    if ((tx.kind !== 'refund' && tx.kind !== 'chargeback') || tx.reverses !== sale.reference) {
      throw new RevenueError('inconsistent-reversals', `previous[${i}]`, `${tx.reference} (${tx.kind}) is not a reversal of ${sale.reference}`);
    }
    if (tx.currency !== currency) throw new RevenueError('currency-mismatch', `previous[${i}]`, `${tx.currency} reversal of a ${currency} sale`);
    for (const p of tx.postings) {
      if (p.account === PLATFORM_ACCOUNTS.customerPayments) {
        reversedBefore += BigInt(p.amount.amount);
        continue;
      }
      const line = lines.get(reversalAccount(p.account));
      if (!line) throw new RevenueError('inconsistent-reversals', `previous[${i}]`, `${tx.reference} reverses ${p.account}, which the sale never credited`);
      line.reversed -= BigInt(p.amount.amount);
    }
  }

  // Order decides who gets an odd unit on a tie: platform lines first, instructors last.
  const ordered = [...lines.values()].sort((a, b) => orderOf(a.account) - orderOf(b.account));
  let capacity = 0n;
  for (const line of ordered) {
    const left = line.posted - line.reversed;
    if (left < 0n || (line.posted >= 0n && line.reversed < 0n)) {
      throw new RevenueError('inconsistent-reversals', 'previous', `${line.account} has reversed ${line.reversed} of the ${line.posted} it received`);
    }
    capacity += left;
  }
  const remainingBefore = gross - reversedBefore;
  if (capacity !== remainingBefore) {
    throw new RevenueError('inconsistent-reversals', 'previous', `the lines still hold ${capacity} but ${remainingBefore} of the gross is not yet reversed`);
  }

  const m = (v: bigint) => money(Number(v), currency);
  let amount: bigint;
  if (input.amount === 'full') {
    if (remainingBefore === 0n) {
      throw new RevenueError('already-fully-reversed', 'amount', `sale ${sale.reference} has already been reversed in full`);
    }
    amount = remainingBefore;
  } else {
    const requested = moneyField(input.amount, 'amount');
    if (requested.currency !== currency) {
      throw new RevenueError('currency-mismatch', 'amount', `a ${requested.currency} refund of a ${currency} sale`);
    }
    if (requested.amount <= 0) throw new RevenueError('invalid-refund', 'amount', `must be more than 0; got ${requested.amount}`);
    amount = BigInt(requested.amount);
    if (remainingBefore === 0n) {
      throw new RevenueError('already-fully-reversed', 'amount', `sale ${sale.reference} has already been reversed in full`);
    }
    if (amount > remainingBefore) {
      throw new RevenueError(
        'refund-exceeds-remaining',
        'amount',
        `${currency} ${toDecimalString(requested)} is more than the ${currency} ${toDecimalString(m(remainingBefore))} not yet reversed of this ${currency} ${toDecimalString(m(gross))} sale`,
      );
    }
  }

  const parts = allocate(
    m(amount),
    ordered.map((line) => Number(line.posted - line.reversed)),
  );
  const postings: Posting[] = [{ account: PLATFORM_ACCOUNTS.customerPayments, amount: m(amount), availableAt: null }];
  ordered.forEach((line, i) => {
    const part = (parts[i] as Money).amount;
    if (part !== 0) postings.push({ account: line.account, amount: m(-BigInt(part)), availableAt: line.availableAt });
  });

  const transaction: LedgerTransaction = {
    kind: input.cause === 'chargeback' ? 'chargeback' : 'refund',
    reference: input.reference,
    currency,
    occurredAt: input.occurredAt,
    reverses: sale.reference,
    postings,
  };
  assertBalanced(transaction);
  const remaining = remainingBefore - amount;
  return {
    transaction,
    amount: m(amount),
    reversedBefore: m(reversedBefore),
    remaining: m(remaining),
    full: remaining === 0n,
    waterfall: reversalWaterfall(transaction, input.cause),
  };
}

/** The fee is not given back by Stripe: its line is reversed through the platform's. */
function reversalAccount(account: Account): Account {
  return account === PLATFORM_ACCOUNTS.processingFees ? PLATFORM_ACCOUNTS.platformRevenue : account;
}

function orderOf(account: Account): number {
  switch (account) {
    case PLATFORM_ACCOUNTS.platformRevenue:
      return 0;
    case PLATFORM_ACCOUNTS.platformRounding:
      return 1;
    case PLATFORM_ACCOUNTS.vatPayable:
      return 2;
    default:
      return 3;
  }
}

function reversalWaterfall(tx: LedgerTransaction, cause: ReversalCause): WaterfallLine[] {
  return tx.postings.map((p) => {
    const ref = parseAccount(p.account);
    let label: string;
    if (ref.kind !== 'platform') label = `Instructor ${ref.instructorId}: share given back`;
    else if (p.account === PLATFORM_ACCOUNTS.customerPayments) label = cause === 'chargeback' ? 'Returned to the learner (lost dispute)' : 'Refunded to the learner';
    else if (p.account === PLATFORM_ACCOUNTS.vatPayable) label = 'VAT reclaimed';
    else if (p.account === PLATFORM_ACCOUNTS.platformRounding) label = 'Rounding remainder given back';
    else label = "Platform share given back, incl. the fee's part (Stripe keeps its fee)";
    return { step: p.account === PLATFORM_ACCOUNTS.customerPayments ? 'refund' : ref.kind === 'platform' ? 'platform' : 'instructor', label, amount: p.amount, account: p.account };
  });
}

/** The fields of lms-enrollment's `payment.refunded` payload that a reversal reads. */
export interface PaymentRefundedFacts {
  readonly paymentId: number;
  readonly amount: Money;
  readonly totalReturned: Money;
  readonly full: boolean;
  readonly cause: ReversalCause;
  readonly refundedAt: string;
}

/**
 * Idempotency key of the reversal that brings a payment's returned total to `totalReturned`:
 * the total only grows, so it names each refund fact once, whatever the order of delivery.
 */
export const reversalReference = (paymentId: number, totalReturned: Money): string =>
  `${saleReference(paymentId)}:returned:${totalReturned.amount}`;

/**
 * `payment.refunded` → the reversal to post, or null when the ledger already reflects it. The
 * amount is Stripe's cumulative `totalReturned` less what is already reversed (not the event's
 * `amount`), so a missed or repeated event cannot make the ledger drift; `full` reverses the rest.
 */
export function reversalFromRefund(
  refund: PaymentRefundedFacts,
  sale: LedgerTransaction,
  previous: readonly LedgerTransaction[],
): ReversalInput | null {
  const occurredAt = new Date(refund.refundedAt);
  if (Number.isNaN(occurredAt.getTime())) throw new RevenueError('invalid-date', 'refundedAt', `not a date: ${JSON.stringify(refund.refundedAt)}`);
  const total = moneyField(refund.totalReturned, 'totalReturned');
  if (total.currency !== sale.currency) throw new RevenueError('currency-mismatch', 'totalReturned', `${total.currency} refund of a ${sale.currency} sale`);
  let reversed = 0n;
  let gross = 0n;
  for (const tx of previous) for (const p of tx.postings) if (p.account === PLATFORM_ACCOUNTS.customerPayments) reversed += BigInt(p.amount.amount);
  for (const p of sale.postings) if (p.account === PLATFORM_ACCOUNTS.customerPayments) gross -= BigInt(p.amount.amount);
  const due = BigInt(total.amount) - reversed;
  const reference = reversalReference(refund.paymentId, total);
  if (refund.full && reversed < gross) return { sale, previous, amount: 'full', cause: refund.cause, reference, occurredAt };
  if (due <= 0n) return null;
  return { sale, previous, amount: money(Number(due), sale.currency), cause: refund.cause, reference, occurredAt };
}
