import { money } from '@lms/plugin-lms-core/server';
import { describe, expect, it } from 'vitest';
import { type Account, parseAccount } from './accounts';
import { formatBasisPoints } from './basis-points';
import { type LedgerTransaction, assertBalanced, moneyField, sumByAccount } from './ledger';

const tx = (postings: Array<[string, number, string?]>): LedgerTransaction => ({
  kind: 'sale',
  reference: 'payment:1',
  currency: 'USD',
  occurredAt: new Date('2026-01-01T00:00:00Z'),
  reverses: null,
  postings: postings.map(([account, amount, currency = 'USD']) => ({ account: account as Account, amount: money(amount, currency), availableAt: null })),
});

describe('assertBalanced', () => {
  it('accepts postings that sum to zero', () => {
    expect(() => assertBalanced(tx([['customer_payments', -100], ['platform_revenue', 30], ['instructor:ana', 70]]))).not.toThrow();
    expect(() => assertBalanced(tx([]))).not.toThrow();
  });

  it('refuses an unbalanced transaction, naming the difference', () => {
    expect(() => assertBalanced(tx([['customer_payments', -100], ['instructor:ana', 99]]))).toThrow(
      'postings: transaction payment:1 (sale) sums to -1 USD minor units, not zero',
    );
  });

  it('refuses a posting in another currency, and unknown accounts', () => {
    expect(() => assertBalanced(tx([['customer_payments', -100, 'EUR'], ['instructor:ana', 100]]))).toThrow(/EUR posting in a USD transaction/);
    expect(() => assertBalanced(tx([['customer_payments', -100], ['cash', 100]]))).toThrow(/unknown ledger account "cash"/);
  });
});

describe('accounts', () => {
  it.each([
    ['platform_rounding', { kind: 'platform', account: 'platform_rounding' }],
    ['instructor:ana', { kind: 'instructor-earnings', instructorId: 'ana' }],
    ['instructor:42:requested', { kind: 'instructor-requested', instructorId: '42' }],
    ['payouts:x_y-z', { kind: 'instructor-paid', instructorId: 'x_y-z' }],
  ])('%s', (name, ref) => expect(parseAccount(name)).toEqual(ref));

  it.each(['instructor:', 'instructor:a:paid', 'payouts:a:b', 'platform', 'instructor:a b'])('refuses %j', (name) => {
    expect(() => parseAccount(name)).toThrow(/unknown ledger account/);
  });
});

describe('helpers', () => {
  it('sums per account and currency', () => {
    const sums = sumByAccount(tx([['instructor:ana', 5], ['instructor:ana', 7], ['instructor:ana', 1, 'EUR']]).postings);
    expect(sums.get('instructor:ana')).toEqual(new Map([['USD', 12n], ['EUR', 1n]]));
  });

  it('reports bad money as a RevenueError naming the field', () => {
    expect(() => moneyField({ amount: 1, currency: 'usd' }, 'gross')).toThrow(expect.objectContaining({ name: 'RevenueError', code: 'invalid-amount', field: 'gross' }));
  });

  it('formats basis points exactly', () => {
    expect([formatBasisPoints(7000), formatBasisPoints(3333), formatBasisPoints(5), formatBasisPoints(-250)]).toEqual(['70.00%', '33.33%', '0.05%', '-2.50%']);
  });
});
