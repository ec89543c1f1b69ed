import { PayoutError } from './errors';

/**
 * Bank transfer details an instructor gives for manual payouts: an IBAN (Europe and most of the
 * world), or a local account number with its branch / routing code (South Africa, the US, ...,
 * where there is no IBAN). Validated here, then stored only encrypted; everyone sees the masked
 * form.
 */
export type BankDetails =
  | { kind: 'iban'; accountHolder: string; iban: string; bic: string | null; bankName: string | null }
  | { kind: 'local'; accountHolder: string; accountNumber: string; branchCode: string; bankName: string; country: string };

const clean = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const compact = (v: string) => v.replace(/[\s-]/g, '').toUpperCase();

/** ISO 13616 check: move the first four characters to the end, letters → 10..35, mod 97 = 1. */
export function isValidIban(iban: string): boolean {
  const s = compact(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** Checks what an instructor typed; throws a PayoutError naming the field. */
export function parseBankDetails(input: Record<string, unknown>): BankDetails {
  const accountHolder = clean(input.accountHolder);
  if (accountHolder.length < 2 || accountHolder.length > 140) throw new PayoutError('invalid-bank-details', 'accountHolder', "the account holder's name, as the bank knows it (2–140 characters)");
  const bankName = clean(input.bankName) || null;
  if (bankName && bankName.length > 140) throw new PayoutError('invalid-bank-details', 'bankName', 'keep the bank name under 140 characters');
  if (clean(input.iban)) {
    const iban = compact(clean(input.iban));
    if (!isValidIban(iban)) throw new PayoutError('invalid-bank-details', 'iban', 'is not a valid IBAN (country code, check digits and account; the check digits do not match)');
    const bic = clean(input.bic) ? compact(clean(input.bic)) : null;
    if (bic && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) throw new PayoutError('invalid-bank-details', 'bic', 'expected a BIC/SWIFT code of 8 or 11 characters, such as DEUTDEFF');
    return { kind: 'iban', accountHolder, iban, bic, bankName };
  }
  const accountNumber = compact(clean(input.accountNumber));
  if (!accountNumber) throw new PayoutError('invalid-bank-details', 'iban', 'give an IBAN, or an account number with its branch code');
  if (!/^[0-9A-Z]{4,34}$/.test(accountNumber)) throw new PayoutError('invalid-bank-details', 'accountNumber', 'expected 4–34 digits or letters');
  const branchCode = compact(clean(input.branchCode));
  if (!/^[0-9A-Z]{3,15}$/.test(branchCode)) throw new PayoutError('invalid-bank-details', 'branchCode', 'expected the branch / routing code (3–15 digits or letters)');
  if (!bankName) throw new PayoutError('invalid-bank-details', 'bankName', 'name the bank for a local account number');
  const country = compact(clean(input.country));
  if (!/^[A-Z]{2}$/.test(country)) throw new PayoutError('invalid-bank-details', 'country', 'expected the bank\'s ISO country code, such as ZA');
  return { kind: 'local', accountHolder, accountNumber, branchCode, bankName, country };
}

/** "IBAN ****1234" / "Account ****1234": what anyone but the encryption key ever sees. */
export function maskBankDetails(details: BankDetails): string {
  const last4 = (s: string) => s.slice(-4);
  const bank = details.bankName ? ` (${details.bankName})` : '';
  return details.kind === 'iban' ? `IBAN ****${last4(details.iban)}${bank}` : `Account ****${last4(details.accountNumber)}${bank}`;
}
