/** Integer minor units and an ISO currency, as the API sends money. */
export interface Money {
  amount: number;
  currency: string;
}

/** Minor units → "ZAR 1,234.56" (currency exponent from Intl, so JPY has none, BHD three). */
export function formatMoney(m: Money): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currency }).format(m.amount / 10 ** exponent(m.currency));
  } catch {
    return `${m.currency} ${(m.amount / 100).toFixed(2)}`;
  }
}

export function exponent(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "150.00" typed by a person → 15000 minor units; null when it is not a plain decimal amount. */
export function parseAmount(text: string, currency: string): number | null {
  const digits = exponent(currency);
  const m = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return null;
  const fraction = (m[2] ?? '').padEnd(digits, '0');
  if (fraction.length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number(fraction || '0');
}

export function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

export const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
