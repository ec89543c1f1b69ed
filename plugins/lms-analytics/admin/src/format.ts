/**
 * Numbers for the panels. Money arrives in integer minor units and is shown exactly (string
 * arithmetic on the integer, the currency's decimals from Intl); rates arrive in basis points.
 */
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

/** `ZAR 1 234.50` for 123450 ZAR minor units. */
export function formatMoney(amount: number, currency: string): string {
  const e = currencyExponent(currency);
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(e + 1, '0');
  const whole = (e === 0 ? digits : digits.slice(0, -e)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${currency} ${negative ? '-' : ''}${whole}${e === 0 ? '' : `.${digits.slice(-e)}`}`;
}

/** The major-unit value of an amount, for chart geometry only (never shown as text). */
export const toMajor = (amount: number, currency: string) => amount / 10 ** currencyExponent(currency);

export const formatBp = (bp: number | null) => (bp === null ? '—' : `${Math.trunc(bp / 100)}.${String(Math.abs(bp) % 100).padStart(2, '0')}%`);

export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }) + ' UTC' : '—');

export const monthLabel = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });
export const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

export function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}
