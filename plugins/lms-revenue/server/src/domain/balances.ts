import { type CurrencyCode, type Money, money } from '@lms/plugin-lms-core/server';
import { parseAccount } from './accounts';
import { type Posting } from './ledger';

/**
 * An instructor's balance in one currency, derived from the ledger and nothing else.
 *
 * - `pending`: earnings still inside their holding period (`availableAt` after now).
 * - `available`: earnings past it, not yet requested; never negative.
 * - `carriedForward`: what the instructor owes when refunds after a payout pushed the available
 *   side below zero; it is netted against future earnings as they become available.
 * - `requested`: reserved by an open payout request (requested or approved).
 * - `paid`: paid out, ever.
 *
 * `pending + available − carriedForward + requested + paid` is everything the instructor has
 * earned net of reversals.
 */
export interface InstructorBalance {
  readonly instructorId: string;
  readonly currency: CurrencyCode;
  readonly pending: Money;
  readonly available: Money;
  readonly carriedForward: Money;
  readonly requested: Money;
  readonly paid: Money;
}

/** Above this a running sum of safe integers might have lost precision: recount in BigInt. */
const LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * Balances per instructor and currency at `now`, from any postings (typically all of one
 * instructor's, or all of them). Platform postings are ignored. The holding period is not a
 * parameter: it was fixed per sale when the sale was split (`availableAt` on its instructor
 * lines), so changing it later moves no past earnings. A service can compute the same sums in SQL:
 * `sum(amount) filter (where available_at > now)` and so on, per account.
 */
export function deriveBalances(postings: Iterable<Posting>, now: Date): InstructorBalance[] {
  const list = Array.isArray(postings) ? (postings as readonly Posting[]) : [...postings];
  // Sums of safe integers are exact in doubles while they stay within the safe range; the rare
  // ledger that leaves it is summed again with BigInt.
  const fast = sumBalances<number>(list, now.getTime(), (a, b) => a + b, 0);
  const exact = fast.overflow ? sumBalances<bigint>(list, now.getTime(), (a, b) => a + b, 0n) : fast;
  return [...exact.accounts.values()]
    .sort((a, b) => (a.instructorId === b.instructorId ? (a.currency < b.currency ? -1 : 1) : a.instructorId < b.instructorId ? -1 : 1))
    .map((acc) => {
      const m = (v: number | bigint) => money(Number(v), acc.currency);
      const zero = typeof acc.availableNet === 'bigint' ? 0n : 0;
      return {
        instructorId: acc.instructorId,
        currency: acc.currency,
        pending: m(acc.pending),
        available: m(acc.availableNet > zero ? acc.availableNet : zero),
        carriedForward: m(acc.availableNet < zero ? -acc.availableNet : zero),
        requested: m(acc.requested),
        paid: m(acc.paid),
      };
    });
}

type Sums<T> = { instructorId: string; currency: CurrencyCode; pending: T; availableNet: T; requested: T; paid: T };

function sumBalances<T extends number | bigint>(
  postings: readonly Posting[],
  time: number,
  add: (a: T, b: T) => T,
  zero: T,
): { accounts: Map<string, Sums<T>>; overflow: boolean } {
  const accounts = new Map<string, Sums<T>>();
  // Per account name: what it is, and its sums per currency (no string building per posting).
  const byAccount = new Map<string, { ref: ReturnType<typeof parseAccount>; byCurrency: Map<CurrencyCode, Sums<T>> }>();
  const asT = (typeof zero === 'bigint' ? (n: number) => BigInt(n) : (n: number) => n) as (n: number) => T;
  let overflow = false;
  for (const p of postings) {
    let entry = byAccount.get(p.account);
    if (!entry) byAccount.set(p.account, (entry = { ref: parseAccount(p.account), byCurrency: new Map() }));
    const ref = entry.ref;
    if (ref.kind === 'platform') continue;
    let acc = entry.byCurrency.get(p.amount.currency);
    if (!acc) {
      const key = `${ref.instructorId}\u0000${p.amount.currency}`;
      acc = accounts.get(key);
      if (!acc) accounts.set(key, (acc = { instructorId: ref.instructorId, currency: p.amount.currency, pending: zero, availableNet: zero, requested: zero, paid: zero }));
      entry.byCurrency.set(p.amount.currency, acc);
    }
    const amount = asT(p.amount.amount);
    let total: T;
    if (ref.kind === 'instructor-earnings') {
      if (p.availableAt !== null && p.availableAt.getTime() > time) total = acc.pending = add(acc.pending, amount);
      else total = acc.availableNet = add(acc.availableNet, amount);
    } else if (ref.kind === 'instructor-requested') total = acc.requested = add(acc.requested, amount);
    else total = acc.paid = add(acc.paid, amount);
    if (typeof total === 'number' && (total > LIMIT || total < -LIMIT)) overflow = true;
  }
  return { accounts, overflow };
}

/** The balance of one instructor in one currency (zeros when the ledger has nothing for them). */
export function instructorBalance(postings: Iterable<Posting>, instructorId: string, currency: CurrencyCode, now: Date): InstructorBalance {
  const found = deriveBalances(postings, now).find((b) => b.instructorId === instructorId && b.currency === currency);
  const zero = money(0, currency);
  return found ?? { instructorId, currency, pending: zero, available: zero, carriedForward: zero, requested: zero, paid: zero };
}
