import { money } from '@lms/plugin-lms-core/server';
import { describe, expect, it } from 'vitest';
import type { RevenueError } from './errors';
import { DEFAULT_RULES, type RevenueRules } from './rules';
import { type SaleInput, saleFromPayment, splitSale, vatOfExclusive, vatOfInclusive } from './split';
import { formatWaterfall } from './waterfall';

const paidAt = new Date('2026-05-01T10:00:00Z');
const zar = (amount: number) => money(amount, 'ZAR');
const usd = (amount: number) => money(amount, 'USD');

function sale(overrides: Partial<SaleInput> = {}): SaleInput {
  return {
    reference: 'payment:1',
    courseId: 'c1',
    courseInstructorIds: ['ana'],
    gross: zar(115000),
    tax: zar(0),
    fee: null,
    occurredAt: paidAt,
    ...overrides,
  };
}

const rules = (overrides: Partial<RevenueRules> = {}): RevenueRules => ({ ...DEFAULT_RULES, ...overrides });

/** Two co-instructors 60/40, default share 70 %, ben has 80 %, 15 % VAT in prices. */
const coTaught = rules({
  defaultInstructorShare: 7000,
  instructorShares: { ben: 8000 },
  courseWeights: { c1: [{ instructorId: 'ana', weight: 6000 }, { instructorId: 'ben', weight: 4000 }] },
  vat: { ZAR: { rate: 1500, prices: 'inclusive' } },
  sources: { 'default-share': 1, 'instructor-share:ben': 2, 'course-weights:c1': 3, 'vat:ZAR': 4, 'holding-days': 5 },
});

function postingsOf(split: ReturnType<typeof splitSale>) {
  return Object.fromEntries(split.transaction.postings.map((p) => [p.account, p.amount.amount]));
}

describe('splitSale', () => {
  it('takes VAT, then the fee, then shares by weight × share, rounding down, remainder to platform_rounding', () => {
    const split = splitSale(sale({ fee: zar(3235) }), coTaught);
    // 115000 incl. 15 % VAT = 15000 VAT; − 3235 fee = 96765 to share.
    // ana 60 % × 70 % = 42 % → 40641.3; ben 40 % × 80 % = 32 % → 30964.8; platform 26 % → 25158.9.
    expect(postingsOf(split)).toEqual({
      customer_payments: -115000,
      vat_payable: 15000,
      processing_fees: 3235,
      platform_revenue: 25158,
      platform_rounding: 2,
      'instructor:ana': 40641,
      'instructor:ben': 30964,
    });
    expect(split.vat).toMatchObject({ source: 'rule', rate: 1500, prices: 'inclusive' });
    expect(split.fee).toMatchObject({ source: 'stripe', treatment: 'deducted-before-split' });
    expect(split.base).toEqual(zar(96765));
    expect(split.net).toEqual(zar(96765));
    expect(split.instructors.map((i) => [i.instructorId, i.shareSource, i.exact])).toEqual([
      ['ana', 'default', { num: String(96765n * 6000n * 7000n), den: '100000000' }],
      ['ben', 'instructor', { num: String(96765n * 4000n * 8000n), den: '100000000' }],
    ]);
    expect(split.rulesUsed).toEqual([1, 2, 3, 4, 5]);
    expect(split.warnings).toEqual([]);
    expect(split.transaction).toMatchObject({ kind: 'sale', reference: 'payment:1', currency: 'ZAR', reverses: null });
  });

  it('holds instructors’ earnings for the holding period in force, and nothing else', () => {
    const split = splitSale(sale(), rules({ holdingDays: 14 }));
    expect(split.availableAt).toEqual(new Date('2026-05-15T10:00:00Z'));
    for (const p of split.transaction.postings) {
      expect(p.availableAt).toEqual(p.account.startsWith('instructor:') ? split.availableAt : null);
    }
  });

  it('writes a fee waterfall people can read', () => {
    const text = formatWaterfall(splitSale(sale({ fee: zar(3235) }), coTaught).waterfall);
    const lines = text.split('\n');
    // Labels padded to one column, amounts right-aligned in the next.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines.map((l) => l.split(/\s{2,}/))).toEqual([
      ['Paid by the learner', 'ZAR 1150.00'],
      ['VAT 15.00% (prices include VAT)', 'ZAR -150.00'],
      ["Processing fee, from Stripe's balance transaction", 'ZAR -32.35'],
      ['To share (after VAT and fee)', 'ZAR 967.65'],
      ['Instructor ana: 60.00% weight × 70.00% share (platform default)', 'ZAR 406.41'],
      ["Instructor ben: 40.00% weight × 80.00% share (instructor's override)", 'ZAR 309.64'],
      ['Platform share', 'ZAR 251.58'],
      ['Rounding remainder (sub-cent parts of the shares)', 'ZAR 0.02'],
    ]);
  });

  it('lets the platform absorb the fee: shares of the amount after VAT, fee off the platform', () => {
    const split = splitSale(sale({ fee: zar(3235) }), { ...coTaught, feeTreatment: 'absorbed-by-platform' });
    expect(postingsOf(split)).toEqual({
      customer_payments: -115000,
      vat_payable: 15000,
      processing_fees: 3235,
      platform_revenue: 26000 - 3235,
      'instructor:ana': 42000,
      'instructor:ben': 32000,
    });
    expect(split.platformShare).toEqual(zar(26000));
    expect(split.waterfall.map((l) => l.step)).toEqual(['gross', 'vat', 'base', 'instructor', 'instructor', 'platform', 'fee', 'rounding']);
  });

  it('warns when the absorbed fee exceeds the platform share (the platform loses on the sale)', () => {
    const split = splitSale(sale({ gross: usd(1000), tax: usd(0), fee: usd(59) }), rules({ defaultInstructorShare: 10000, feeTreatment: 'absorbed-by-platform' }));
    expect(postingsOf(split)).toEqual({ customer_payments: -1000, processing_fees: 59, platform_revenue: -59, 'instructor:ana': 1000 });
    expect(split.warnings.map((w) => w.code)).toEqual(['platform-loss']);
  });

  it('estimates the fee with the currency formula when Stripe did not report one', () => {
    const split = splitSale(sale({ gross: usd(1000), tax: usd(0) }), rules({ feeFormulas: { USD: { rate: 290, fixed: 30 } }, sources: { 'fee-formula:USD': 9 } }));
    expect(split.fee).toMatchObject({ amount: usd(59), source: 'formula', formula: { rate: 290, fixed: 30 }, reported: null });
    expect(split.rulesUsed).toEqual([9]);
    expect(split.waterfall[2]?.label).toBe('Processing fee, estimated: 2.90% + 30 minor units');
  });

  it('rounds the formula fee half-up on the gross', () => {
    // 2.9 % of 1050 = 30.45 → 30; of 1052 = 30.508 → 31
    const r = rules({ feeFormulas: { USD: { rate: 290, fixed: 0 } } });
    expect(splitSale(sale({ gross: usd(1050), tax: usd(0) }), r).fee.amount).toEqual(usd(30));
    expect(splitSale(sale({ gross: usd(1052), tax: usd(0) }), r).fee.amount).toEqual(usd(31));
  });

  it('does not use a fee reported in another currency, and says so', () => {
    const split = splitSale(sale({ gross: usd(1000), tax: usd(0), fee: money(55, 'EUR') }), rules({ feeFormulas: { USD: { rate: 290, fixed: 30 } } }));
    expect(split.fee).toMatchObject({ amount: usd(59), source: 'formula', reported: money(55, 'EUR') });
    expect(split.warnings.map((w) => w.code)).toEqual(['fee-in-other-currency']);
  });

  it('counts an unknown fee without formula as zero, with a warning', () => {
    const split = splitSale(sale(), rules());
    expect(split.fee).toMatchObject({ amount: zar(0), source: 'none' });
    expect(split.warnings.map((w) => w.code)).toEqual(['fee-unknown']);
    expect(postingsOf(split)).toEqual({ customer_payments: -115000, platform_revenue: 34500, 'instructor:ana': 80500 });
  });

  it('gives instructors nothing and the platform the loss when the fee exceeds what VAT left', () => {
    const split = splitSale(sale({ gross: usd(50), tax: usd(0), fee: usd(80) }), rules());
    expect(postingsOf(split)).toEqual({ customer_payments: -50, processing_fees: 80, platform_revenue: -30 });
    expect(split.instructors.map((i) => i.amount)).toEqual([usd(0)]);
    expect(split.warnings.map((w) => w.code)).toEqual(['fee-exceeds-net']);
    expect(split.waterfall.find((l) => l.label.startsWith('Fee beyond'))?.amount).toEqual(usd(-30));
  });

  it('uses the tax checkout reported over the VAT rule', () => {
    const split = splitSale(sale({ tax: zar(14999) }), coTaught);
    expect(split.vat).toMatchObject({ amount: zar(14999), source: 'checkout' });
  });

  it('computes exclusive VAT on the net price', () => {
    const split = splitSale(sale({ gross: money(1150, 'EUR'), tax: money(0, 'EUR') }), rules({ vat: { EUR: { rate: 1500, prices: 'exclusive' } } }));
    expect(split.vat.amount).toEqual(money(150, 'EUR'));
    expect(split.waterfall[1]?.label).toBe('VAT 15.00% (prices exclude VAT)');
  });

  it('splits equally over the course instructors when no weights are set', () => {
    const split = splitSale(sale({ gross: usd(1000), tax: usd(0), fee: usd(0), courseInstructorIds: ['a', 'b', 'c'] }), rules({ defaultInstructorShare: 10000 }));
    // 1000 × 33.34 % = 333.4 → 333; × 33.33 % = 333.3 → 333 twice; 1 unit left to rounding.
    expect(postingsOf(split)).toEqual({ customer_payments: -1000, platform_rounding: 1, 'instructor:a': 333, 'instructor:b': 333, 'instructor:c': 333 });
    expect(split.weightsSource).toBe('equal');
  });

  it('keeps everything for the platform, with a warning, when the course has no instructors', () => {
    const split = splitSale(sale({ courseInstructorIds: [], fee: zar(0) }), rules());
    expect(postingsOf(split)).toEqual({ customer_payments: -115000, platform_revenue: 115000 });
    expect(split.warnings.map((w) => w.code)).toEqual(['no-instructors']);
  });

  it('handles currencies without minor units and with three', () => {
    expect(postingsOf(splitSale(sale({ gross: money(1001, 'JPY'), tax: money(0, 'JPY'), fee: money(36, 'JPY') }), rules()))).toEqual({
      customer_payments: -1001,
      processing_fees: 36,
      platform_revenue: 289,
      platform_rounding: 1,
      'instructor:ana': 675,
    });
    expect(splitSale(sale({ gross: money(12345, 'KWD'), tax: money(0, 'KWD'), fee: money(0, 'KWD') }), rules()).transaction.postings.length).toBe(4);
  });

  it('posts nothing for a free (zero) sale', () => {
    const split = splitSale(sale({ gross: usd(0), tax: usd(0), fee: usd(0) }), rules());
    expect(split.transaction.postings).toEqual([]);
  });

  it('is exact for amounts near the safe-integer limit', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const split = splitSale(sale({ gross: usd(big), tax: usd(0), fee: usd(0) }), rules({ defaultInstructorShare: 3333 }));
    const total = split.transaction.postings.reduce((s, p) => s + BigInt(p.amount.amount), 0n);
    expect(total).toBe(0n);
    expect(split.instructors[0]?.amount.amount).toBe(Number((BigInt(big) * 3333n) / 10000n));
  });

  it.each([
    [{ gross: usd(-1), tax: usd(0) }, 'invalid-sale', 'gross'],
    [{ gross: { amount: 1.5, currency: 'USD' }, tax: usd(0) }, 'invalid-amount', 'gross'],
    [{ gross: usd(100), tax: usd(101) }, 'invalid-sale', 'tax'],
    [{ gross: usd(100), tax: zar(1) }, 'currency-mismatch', 'tax'],
    [{ gross: usd(100), tax: usd(0), fee: usd(-1) }, 'invalid-sale', 'fee'],
    [{ gross: usd(100), tax: usd(0), courseInstructorIds: ['x:y'] }, 'invalid-instructor-id', 'courseInstructorIds[0]'],
    [{ gross: usd(100), tax: usd(0), occurredAt: new Date('x') }, 'invalid-date', 'occurredAt'],
  ] as const)('refuses %j with %s', (overrides, code, field) => {
    try {
      splitSale(sale(overrides as Partial<SaleInput>), rules());
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'RevenueError', code, field } satisfies Partial<RevenueError>);
    }
  });

  it('refuses co-instructor weights that do not add up, even if they reached the rules unvalidated', () => {
    expect(() => splitSale(sale(), rules({ courseWeights: { c1: [{ instructorId: 'ana', weight: 9000 }] } }))).toThrow(/add up to 90.00%/);
  });
});

describe('VAT extraction', () => {
  it('agrees between inclusive and exclusive for every gross an exclusive price can produce', () => {
    for (const rate of [700n, 1500n, 1900n, 2100n, 2700n]) {
      const wrong: string[] = [];
      for (let net = 0n; net < 3000n; net += 1n) {
        const vat = (net * rate * 2n + 10000n) / 20000n; // half-up of net × rate / 10000
        if (vatOfExclusive(net + vat, rate) !== vat || vatOfInclusive(net + vat, rate) !== vat) wrong.push(`${rate}: net ${net}`);
      }
      expect(wrong).toEqual([]);
    }
  });

  it('counts the odd unit as VAT for a gross no exclusive price produces', () => {
    // 15 %: net 9 → 10.35 → 10, net 10 → 11.5 → 12; nothing costs 11.
    expect(vatOfExclusive(11n, 1500n)).toBe(2n);
    expect(vatOfInclusive(11n, 1500n)).toBe(1n);
  });
});

describe('saleFromPayment', () => {
  it('maps the payment.succeeded payload', () => {
    expect(
      saleFromPayment(
        { paymentId: 12, courseId: 'c1', gross: usd(1999), tax: usd(0), fee: usd(88), paidAt: '2026-05-01T10:00:00.000Z' },
        ['ana'],
      ),
    ).toEqual({ reference: 'payment:12', courseId: 'c1', courseInstructorIds: ['ana'], gross: usd(1999), tax: usd(0), fee: usd(88), occurredAt: paidAt });
  });

  it('refuses a payload without a usable date', () => {
    expect(() => saleFromPayment({ paymentId: 1, courseId: 'c1', gross: usd(1), tax: usd(0), fee: null, paidAt: 'soon' }, [])).toThrow(/paidAt/);
  });
});
