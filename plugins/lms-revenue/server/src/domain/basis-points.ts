import { RevenueError } from './errors';

/**
 * Shares, weights and rates are integer basis points: hundredths of a percent, 10,000 = 100 %.
 * 70 % = 7000, 33.33 % = 3333, VAT 15 % = 1500, a 2.9 % card fee = 290. Integers keep every
 * product exact (they are multiplied in BigInt) and store in an integer column.
 */
export type BasisPoints = number;

export const FULL: BasisPoints = 10_000;

export function isBasisPoints(value: unknown, max = FULL): value is BasisPoints {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** "70.00%" (always two decimals: it is exact, so it is shown exact). */
export function formatBasisPoints(bp: BasisPoints): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/**
 * Percent text as an admin types it ("70", "33.33", "2.9 %") → basis points. At most two
 * decimals: a rate that cannot be said in basis points is refused rather than rounded.
 */
export function percentToBasisPoints(text: string, field: string, code: 'invalid-share' | 'invalid-vat' | 'invalid-fee-formula' | 'weight-out-of-range' = 'invalid-share'): BasisPoints {
  const match = typeof text === 'string' ? /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text) : null;
  if (!match) {
    throw new RevenueError(code, field, `${JSON.stringify(text)} is not a percentage with at most two decimals, e.g. "70" or "33.33"`);
  }
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0') || '0');
  if (bp > FULL) throw new RevenueError(code, field, `${text} is more than 100 %`);
  return bp;
}
