import { type CurrencyCode, type Money, MoneyError, assertMoney, isMoney } from '@lms/plugin-lms-core/server';
import { type Account, parseAccount } from './accounts';
import { RevenueError } from './errors';

/**
 * One line of a ledger transaction. `amount` is what `account` receives (negative: gives); see
 * accounts.ts. `availableAt` is set only on an instructor's earnings lines of a sale and of its
 * reversals: the end of the holding period fixed when the sale was split (rules in force then),
 * so a later change of the holding period never moves money of past sales.
 */
export interface Posting {
  readonly account: Account;
  readonly amount: Money;
  readonly availableAt: Date | null;
}

export type TransactionKind =
  | 'sale'
  | 'refund'
  | 'chargeback'
  | 'payout-requested'
  | 'payout-paid'
  | 'payout-released'
  | 'payout-returned';

/**
 * A balanced, append-only ledger transaction in one currency. `reference` is its idempotency key
 * (unique in the table): `payment:12` for a sale, the caller's key for a reversal or payout step.
 * `reverses` names the sale a refund or chargeback reverses.
 */
export interface LedgerTransaction {
  readonly kind: TransactionKind;
  readonly reference: string;
  readonly currency: CurrencyCode;
  readonly occurredAt: Date;
  readonly reverses: string | null;
  readonly postings: readonly Posting[];
}

/**
 * Checks the double-entry invariant: every posting is well-formed Money in the transaction's
 * currency, names a known account, and the postings sum to exactly zero. Called on everything the
 * domain builds, and by the service before it writes a row.
 */
export function assertBalanced(tx: LedgerTransaction): void {
  let total = 0n;
  for (const [i, p] of tx.postings.entries()) {
    if (!isMoney(p.amount)) {
      throw new RevenueError('invalid-amount', `postings[${i}].amount`, `not an integer amount with a known currency: ${JSON.stringify(p.amount)}`);
    }
    if (p.amount.currency !== tx.currency) {
      throw new RevenueError('currency-mismatch', `postings[${i}].amount`, `${p.amount.currency} posting in a ${tx.currency} transaction`);
    }
    parseAccount(p.account);
    total += BigInt(p.amount.amount);
  }
  if (total !== 0n) {
    throw new RevenueError(
      'unbalanced-transaction',
      'postings',
      `transaction ${tx.reference} (${tx.kind}) sums to ${total} ${tx.currency} minor units, not zero`,
    );
  }
}

/** Net amount per account over any postings (one currency per account name and currency). */
export function sumByAccount(postings: Iterable<Posting>): Map<string, Map<CurrencyCode, bigint>> {
  const out = new Map<string, Map<CurrencyCode, bigint>>();
  for (const p of postings) {
    let byCurrency = out.get(p.account);
    if (!byCurrency) out.set(p.account, (byCurrency = new Map()));
    byCurrency.set(p.amount.currency, (byCurrency.get(p.amount.currency) ?? 0n) + BigInt(p.amount.amount));
  }
  return out;
}

export function postingAmount(postings: readonly Posting[], account: Account): bigint {
  let total = 0n;
  for (const p of postings) if (p.account === account) total += BigInt(p.amount.amount);
  return total;
}

/** lms-core's `assertMoney`, failing as a RevenueError that names the field (a 400, not a 500). */
export function moneyField(value: unknown, field: string): Money {
  try {
    return assertMoney(value, field);
  } catch (error) {
    if (error instanceof MoneyError) throw new RevenueError('invalid-amount', field, error.message);
    throw error;
  }
}
