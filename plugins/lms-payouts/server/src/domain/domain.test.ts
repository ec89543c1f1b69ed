import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PayoutError,
  classifyStripeError,
  decryptText,
  encryptText,
  isValidIban,
  maskBankDetails,
  newPayoutId,
  parseBankDetails,
  parseEncryptionKey,
  transition,
  type PayoutStatus,
} from './index';

const key = crypto.randomBytes(32);

describe('bank details encryption (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV each time', () => {
    const a = encryptText(key, '{"iban":"DE89370400440532013000"}', 'inst-1');
    const b = encryptText(key, '{"iban":"DE89370400440532013000"}', 'inst-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('DE89');
    expect(a.startsWith('v1.')).toBe(true);
    expect(decryptText(key, a, 'inst-1')).toBe('{"iban":"DE89370400440532013000"}');
  });

  it('refuses another key, another instructor (associated data) and an altered ciphertext', () => {
    const stored = encryptText(key, 'secret', 'inst-1');
    expect(() => decryptText(crypto.randomBytes(32), stored, 'inst-1')).toThrow();
    expect(() => decryptText(key, stored, 'inst-2')).toThrow();
    const [v, iv, tag, ct] = stored.split('.') as [string, string, string, string];
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decryptText(key, [v, iv, tag, flipped.toString('base64url')].join('.'), 'inst-1')).toThrow();
  });

  it('reads the key as base64 or hex of exactly 32 bytes', () => {
    expect(parseEncryptionKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString('hex')).equals(key)).toBe(true);
    expect(() => parseEncryptionKey(crypto.randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('bank details', () => {
  it('checks IBAN check digits (ISO 13616 mod 97)', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('DE88370400440532013000')).toBe(false);
    expect(isValidIban('not an iban')).toBe(false);
  });

  it('parses IBAN and local accounts, naming the bad field', () => {
    expect(parseBankDetails({ accountHolder: 'Thandi Nkosi', iban: 'de89 3704 0044 0532 0130 00', bic: 'deutdeff' })).toEqual({
      kind: 'iban',
      accountHolder: 'Thandi Nkosi',
      iban: 'DE89370400440532013000',
      bic: 'DEUTDEFF',
      bankName: null,
    });
    expect(parseBankDetails({ accountHolder: 'Thandi Nkosi', accountNumber: '62 1234 5678', branchCode: '250655', bankName: 'FNB', country: 'za' })).toMatchObject({
      kind: 'local',
      accountNumber: '6212345678',
      country: 'ZA',
    });
    const fails = (input: Record<string, unknown>, field: string) => {
      try {
        parseBankDetails(input);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(PayoutError);
        expect((error as PayoutError).field).toBe(field);
      }
    };
    fails({ accountHolder: 'A', iban: 'DE89370400440532013000' }, 'accountHolder');
    fails({ accountHolder: 'Ann Lee', iban: 'DE88370400440532013000' }, 'iban');
    fails({ accountHolder: 'Ann Lee', iban: 'DE89370400440532013000', bic: 'XX' }, 'bic');
    fails({ accountHolder: 'Ann Lee' }, 'iban');
    fails({ accountHolder: 'Ann Lee', accountNumber: '12345678', branchCode: '1', bankName: 'FNB', country: 'ZA' }, 'branchCode');
    fails({ accountHolder: 'Ann Lee', accountNumber: '12345678', branchCode: '250655', country: 'ZA' }, 'bankName');
  });

  it('masks to the last four characters', () => {
    expect(maskBankDetails(parseBankDetails({ accountHolder: 'Ann Lee', iban: 'DE89370400440532013000' }))).toBe('IBAN ****3000');
    expect(maskBankDetails(parseBankDetails({ accountHolder: 'Ann Lee', accountNumber: '6212345678', branchCode: '250655', bankName: 'FNB', country: 'ZA' }))).toBe('Account ****5678 (FNB)');
  });
});

describe('payout transitions', () => {
  const p = (status: PayoutStatus, method: 'stripe' | 'bank' = 'stripe') => ({ id: 'po_x', status, method });

  it('requested → approved → paid (bank by hand, Stripe by transfer), with the ledger step of each', () => {
    expect(transition(p('requested'), 'approve')).toEqual({ to: 'approved', ledger: null });
    expect(transition(p('approved', 'bank'), 'mark-paid')).toEqual({ to: 'paid', ledger: 'paid' });
    expect(transition(p('approved'), 'transfer-succeeded')).toEqual({ to: 'paid', ledger: 'paid' });
    expect(transition(p('approved'), 'transfer-failed')).toEqual({ to: 'failed', ledger: 'released' });
    expect(transition(p('paid'), 'transfer-reversed')).toEqual({ to: 'failed', ledger: 'returned' });
    expect(() => transition(p('paid', 'bank'), 'transfer-reversed')).toThrow(/bank payout/);
    expect(() => transition(p('approved'), 'transfer-reversed')).toThrow(/cannot record a reversed transfer/);
    expect(transition(p('requested'), 'reject')).toEqual({ to: 'rejected', ledger: 'released' });
    expect(transition(p('approved', 'bank'), 'reject')).toEqual({ to: 'rejected', ledger: 'released' });
  });

  it('refuses everything else with a reason', () => {
    expect(() => transition(p('paid'), 'approve')).toThrow(/already paid/);
    expect(() => transition(p('requested', 'bank'), 'mark-paid')).toThrow(/approve it first/);
    expect(() => transition(p('approved'), 'mark-paid')).toThrow(/Stripe transfer/);
    expect(() => transition(p('approved'), 'reject')).toThrow(/transfer is queued/);
    expect(() => transition(p('rejected'), 'reject')).toThrow(/it is rejected/);
    expect(() => transition(p('failed'), 'transfer-succeeded')).toThrow(/it is failed/);
  });
});

describe('Stripe errors', () => {
  it('retries what may have happened, fails what Stripe refused', () => {
    expect(classifyStripeError({ type: 'StripeConnectionError' })).toBe('retry');
    expect(classifyStripeError({ type: 'StripeAPIError', statusCode: 500 })).toBe('retry');
    expect(classifyStripeError({ type: 'StripeRateLimitError', statusCode: 429 })).toBe('retry');
    expect(classifyStripeError({ type: 'StripeInvalidRequestError', statusCode: 400 })).toBe('fail');
    expect(classifyStripeError({ type: 'StripePermissionError', statusCode: 403 })).toBe('fail');
    expect(classifyStripeError(new Error('socket hang up'))).toBe('retry');
  });

  it('payout ids are po_ + 20 characters', () => {
    expect(newPayoutId(crypto.randomBytes)).toMatch(/^po_[A-Za-z0-9]{20}$/);
  });
});
