/**
 * Money and percentages for the panels. Amounts arrive in integer minor units; they are shown
 * exactly (string arithmetic on the integer, the currency's decimals from Intl), never through a
 * float division. Basis points: 10000 = 100 %.
 */
export interface MoneyLike {
  amount: number;
  currency: string;
}

const exponents = new Map<string, number>();
export function currencyExponent(currency: string): number {
  let e = exponents.get(currency);
  if (e === undefined) {
    try {
      e = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      e = 2;
    }
    exponents.set(currency, e);
  }
  return e;
}

/** `-1234.50` for −123450 ZAR minor units: exact, no grouping. */
export function decimal(m: MoneyLike): string {
  const e = currencyExponent(m.currency);
  const negative = m.amount < 0;
  const digits = String(Math.abs(m.amount)).padStart(e + 1, '0');
  const whole = e === 0 ? digits : digits.slice(0, -e);
  return `${negative ? '-' : ''}${whole}${e === 0 ? '' : `.${digits.slice(-e)}`}`;
}

/** `ZAR 1 234.50`: the exact decimal with thin grouping of the whole part. */
export function formatMoney(m: MoneyLike | null | undefined): string {
  if (!m) return '—';
  const [whole = '', fraction] = decimal(m).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const grouped = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${m.currency} ${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** The major-unit value of an amount, for chart geometry only (never shown as text). */
export const toMajor = (m: MoneyLike) => m.amount / 10 ** currencyExponent(m.currency);

export const formatBasisPoints = (bp: number) => `${Math.trunc(bp / 100)}.${String(Math.abs(bp) % 100).padStart(2, '0')}%`;

/** "33.33" → 3333, exactly; null when it is not a percentage with at most two decimals. */
export function percentToBasisPoints(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }) + ' UTC' : '—');

export const monthLabel = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });

export function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}
