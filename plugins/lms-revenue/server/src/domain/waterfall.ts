import { type Money, toDecimalString } from '@lms/plugin-lms-core/server';
import { type Account } from './accounts';

/**
 * One line of a fee waterfall, for people: the admin's per-sale view and instructors' statements.
 * Deductions are negative, shares positive; `account` is the ledger account the line is posted
 * to (null for subtotals).
 */
export interface WaterfallLine {
  readonly step: 'gross' | 'vat' | 'fee' | 'base' | 'instructor' | 'platform' | 'rounding' | 'refund';
  readonly label: string;
  readonly amount: Money;
  readonly account: Account | null;
}

/** Plain-text waterfall (exact decimals, currency code; no locale): for logs, CSV notes, tests. */
export function formatWaterfall(lines: readonly WaterfallLine[]): string {
  const amounts = lines.map((l) => `${l.amount.currency} ${toDecimalString(l.amount)}`);
  const labelWidth = Math.max(...lines.map((l) => l.label.length));
  const amountWidth = Math.max(...amounts.map((a) => a.length));
  return lines.map((l, i) => `${l.label.padEnd(labelWidth)}  ${(amounts[i] as string).padStart(amountWidth)}`).join('\n');
}
