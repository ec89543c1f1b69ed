import { describe, expect, it } from 'vitest';
import { type LedgerEntryFact, foldLedgerEntries } from '.';

const e = (kind: string, account: string, amount: number, extra: Partial<LedgerEntryFact> = {}): LedgerEntryFact => ({
  kind,
  account,
  amount,
  instructorId: account.includes(':') ? (account.split(':')[1] as string) : null,
  courseId: 'course-1',
  currency: 'ZAR',
  month: '2026-03',
  ...extra,
});

/** A sale of 100.00 ZAR as lms-revenue posts it: −gross to customer_payments, the parts as credits. */
const sale = [
  e('sale', 'customer_payments', -10_000),
  e('sale', 'vat_payable', 1_304),
  e('sale', 'processing_fees', 320),
  e('sale', 'platform_revenue', 2_513),
  e('sale', 'platform_rounding', 1),
  e('sale', 'instructor:ann', 5_862),
];

describe('foldLedgerEntries', () => {
  it('splits a sale into gross, VAT, fees, platform and instructors, and owes the instructor their share', () => {
    const fold = foldLedgerEntries(sale);
    expect(fold.months).toEqual([{ courseId: 'course-1', currency: 'ZAR', month: '2026-03', sales: 1, gross: 10_000, returned: 0, vat: 1_304, fees: 320, platform: 2_514, instructors: 5_862 }]);
    expect(fold.instructorMonths).toEqual([{ instructorId: 'ann', currency: 'ZAR', month: '2026-03', earned: 5_862 }]);
    expect(fold.liabilities).toEqual([{ instructorId: 'ann', currency: 'ZAR', owed: 5_862 }]);
    const m = fold.months[0];
    expect(m && m.vat + m.fees + m.platform + m.instructors).toBe(m?.gross);
  });

  it('a refund reverses the parts and shows as returned; payouts move the liability until paid', () => {
    const refund = sale.map((x) => ({ ...x, kind: 'refund', amount: -x.amount, month: '2026-04' }));
    const payout = [
      e('payout-requested', 'instructor:ann', -5_000, { courseId: null }),
      e('payout-requested', 'instructor:ann:requested', 5_000, { courseId: null, instructorId: 'ann' }),
      e('payout-paid', 'instructor:ann:requested', -5_000, { courseId: null, instructorId: 'ann' }),
      e('payout-paid', 'payouts:ann', 5_000, { courseId: null, instructorId: 'ann' }),
    ];
    const fold = foldLedgerEntries([...sale, ...payout, ...refund]);
    const april = fold.months.find((m) => m.month === '2026-04');
    expect(april).toMatchObject({ sales: 0, gross: 0, returned: 10_000, instructors: -5_862, platform: -2_514 });
    expect(fold.liabilities).toEqual([{ instructorId: 'ann', currency: 'ZAR', owed: 5_862 - 5_000 - 5_862 }]);
    // Payout transactions are not revenue: no month row without a course for them.
    expect(fold.months.some((m) => m.courseId === '')).toBe(false);
  });

  it('keeps currencies and courses apart', () => {
    const fold = foldLedgerEntries([...sale, ...sale.map((x) => ({ ...x, currency: 'USD' })), ...sale.map((x) => ({ ...x, courseId: 'course-2' }))]);
    expect(fold.months.map((m) => `${m.courseId} ${m.currency} ${m.gross}`).sort()).toEqual(['course-1 USD 10000', 'course-1 ZAR 10000', 'course-2 ZAR 10000']);
    expect(fold.liabilities.map((l) => `${l.currency} ${l.owed}`).sort()).toEqual(['USD 5862', 'ZAR 11724']);
  });
});
