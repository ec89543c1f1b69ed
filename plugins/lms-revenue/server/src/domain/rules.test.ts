import { describe, expect, it } from 'vitest';
import { percentToBasisPoints } from './basis-points';
import { RevenueError } from './errors';
import {
  DEFAULT_RULES,
  type RuleChange,
  type RuleRecord,
  parseRuleChange,
  resolveInstructorShare,
  resolveWeights,
  rulesInForceAt,
  validateCoInstructorWeights,
} from './rules';

const t = (iso: string) => new Date(iso);
let nextId = 1;
function record(change: RuleChange, effectiveFrom: string, recordedAt = effectiveFrom, id = nextId++): RuleRecord {
  return { ...change, id, effectiveFrom: t(effectiveFrom), recordedAt: t(recordedAt) };
}

function codeOf(fn: () => unknown): { code: string; field: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof RevenueError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a RevenueError');
}

describe('rulesInForceAt', () => {
  const history: RuleRecord[] = [
    record({ kind: 'default-share', instructorShare: 7000 }, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1),
    record({ kind: 'default-share', instructorShare: 6000 }, '2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z', 2),
    record({ kind: 'instructor-share', instructorId: 'ana', instructorShare: 8000 }, '2026-01-15T00:00:00Z', '2026-01-15T00:00:00Z', 3),
    record({ kind: 'instructor-share', instructorId: 'ana', instructorShare: null }, '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z', 4),
    record({ kind: 'vat', currency: 'ZAR', vat: { rate: 1500, prices: 'inclusive' } }, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 5),
    record({ kind: 'holding-days', days: 14 }, '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z', 6),
  ];

  it('uses the built-in defaults before any change', () => {
    const rules = rulesInForceAt(history, t('2025-12-31T23:59:59Z'));
    expect(rules).toEqual({ ...DEFAULT_RULES, sources: {} });
    expect(rules.holdingDays).toBe(30);
  });

  it('picks, per rule, the latest change in force at the instant', () => {
    const jan20 = rulesInForceAt(history, t('2026-01-20T00:00:00Z'));
    expect(jan20.defaultInstructorShare).toBe(7000);
    expect(jan20.instructorShares).toEqual({ ana: 8000 });
    expect(jan20.vat).toEqual({ ZAR: { rate: 1500, prices: 'inclusive' } });
    expect(jan20.holdingDays).toBe(30);
    expect(jan20.sources).toEqual({ 'default-share': 1, 'instructor-share:ana': 3, 'vat:ZAR': 5 });

    // Recorded on 1 February, effective 1 March: scheduled, not yet in force in February.
    expect(rulesInForceAt(history, t('2026-02-15T00:00:00Z')).defaultInstructorShare).toBe(7000);
    expect(rulesInForceAt(history, t('2026-02-15T00:00:00Z')).holdingDays).toBe(14);
    expect(rulesInForceAt(history, t('2026-03-01T00:00:00Z')).defaultInstructorShare).toBe(6000);
  });

  it('removes an override set to null', () => {
    const april = rulesInForceAt(history, t('2026-04-02T00:00:00Z'));
    expect(april.instructorShares).toEqual({});
    expect(april.sources['instructor-share:ana']).toBe(4);
  });

  it('never applies a change before it was recorded, even if back-dated', () => {
    const backdated = [...history, record({ kind: 'default-share', instructorShare: 1000 }, '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z', 7)];
    expect(rulesInForceAt(backdated, t('2026-04-30T00:00:00Z'))).toEqual(rulesInForceAt(history, t('2026-04-30T00:00:00Z')));
    expect(rulesInForceAt(backdated, t('2026-05-01T00:00:00Z')).defaultInstructorShare).toBe(1000);
  });

  it('breaks ties between changes starting at the same instant by id', () => {
    const tied = [
      record({ kind: 'default-share', instructorShare: 5000 }, '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z', 11),
      record({ kind: 'default-share', instructorShare: 5500 }, '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z', 10),
    ];
    expect(rulesInForceAt(tied, t('2026-06-01T00:00:00Z')).defaultInstructorShare).toBe(5000);
  });

  it('keeps course weights, formulas and treatment per key', () => {
    const rules = rulesInForceAt(
      [
        record({ kind: 'course-weights', courseId: 'c1', weights: [{ instructorId: 'ana', weight: 6000 }, { instructorId: 'ben', weight: 4000 }] }, '2026-01-01T00:00:00Z'),
        record({ kind: 'fee-formula', currency: 'USD', formula: { rate: 290, fixed: 30 } }, '2026-01-01T00:00:00Z'),
        record({ kind: 'fee-treatment', treatment: 'absorbed-by-platform' }, '2026-01-01T00:00:00Z'),
        record({ kind: 'course-share', courseId: 'c1', instructorShare: 9000 }, '2026-01-01T00:00:00Z'),
      ],
      t('2026-01-02T00:00:00Z'),
    );
    expect(rules.courseWeights.c1).toHaveLength(2);
    expect(rules.feeFormulas).toEqual({ USD: { rate: 290, fixed: 30 } });
    expect(rules.feeTreatment).toBe('absorbed-by-platform');
    expect(rules.courseShares).toEqual({ c1: 9000 });
  });

  it('refuses an invalid instant', () => {
    expect(codeOf(() => rulesInForceAt(history, new Date('nope'))).code).toBe('invalid-date');
  });
});

describe('share and weight resolution', () => {
  const rules = {
    ...DEFAULT_RULES,
    defaultInstructorShare: 7000,
    instructorShares: { ben: 8000 },
    courseShares: { c2: 5000 },
    sources: { 'default-share': 1, 'instructor-share:ben': 2, 'course-share:c2': 3 },
  };

  it('course override beats the instructor override, which beats the default', () => {
    expect(resolveInstructorShare(rules, 'c1', 'ana')).toEqual({ share: 7000, source: 'default', changeId: 1 });
    expect(resolveInstructorShare(rules, 'c1', 'ben')).toEqual({ share: 8000, source: 'instructor', changeId: 2 });
    expect(resolveInstructorShare(rules, 'c2', 'ben')).toEqual({ share: 5000, source: 'course', changeId: 3 });
  });

  it('is not fooled by keys of Object.prototype', () => {
    expect(resolveInstructorShare(rules, 'constructor', 'toString').source).toBe('default');
  });

  it('splits equally over the course instructors when no weights are set, odd units first', () => {
    expect(resolveWeights(rules, 'c1', ['a', 'b', 'c']).weights).toEqual([
      { instructorId: 'a', weight: 3334 },
      { instructorId: 'b', weight: 3333 },
      { instructorId: 'c', weight: 3333 },
    ]);
    expect(resolveWeights(rules, 'c1', ['a', 'a']).weights).toEqual([{ instructorId: 'a', weight: 10000 }]);
    expect(resolveWeights(rules, 'c1', [])).toEqual({ weights: [], source: 'none', changeId: null });
  });
});

describe('validateCoInstructorWeights', () => {
  it('accepts weights adding up to exactly 100 %', () => {
    expect(validateCoInstructorWeights([{ instructorId: 'ana', weight: 6667 }, { instructorId: 'ben', weight: 3333 }])).toHaveLength(2);
  });

  it.each([
    [[], 'weights-empty', 'weights'],
    ['x', 'weights-empty', 'weights'],
    [[{ instructorId: 'ana', weight: 5000 }, { instructorId: 'ben', weight: 4999 }], 'weights-not-100-percent', 'weights'],
    [[{ instructorId: 'ana', weight: 10000 }, { instructorId: 'ben', weight: 1 }], 'weights-not-100-percent', 'weights'],
    [[{ instructorId: 'ana', weight: 5000 }, { instructorId: 'ana', weight: 5000 }], 'duplicate-instructor', 'weights[1].instructorId'],
    [[{ instructorId: 'ana', weight: 0 }, { instructorId: 'ben', weight: 10000 }], 'weight-out-of-range', 'weights[0].weight'],
    [[{ instructorId: 'ana', weight: 50.5 }, { instructorId: 'ben', weight: 9949.5 }], 'weight-out-of-range', 'weights[0].weight'],
    [[{ instructorId: 'ana', weight: 10001 }], 'weight-out-of-range', 'weights[0].weight'],
    [[{ instructorId: 'a:b', weight: 10000 }], 'invalid-instructor-id', 'weights[0].instructorId'],
    [[null], 'weight-out-of-range', 'weights[0]'],
  ])('%j → %s at %s', (weights, code, field) => {
    expect(codeOf(() => validateCoInstructorWeights(weights))).toMatchObject({ code, field });
  });

  it('says how far off the sum is', () => {
    expect(codeOf(() => validateCoInstructorWeights([{ instructorId: 'ana', weight: 6666 }, { instructorId: 'ben', weight: 3333 }])).message).toContain('99.99%');
  });
});

describe('parseRuleChange', () => {
  const now = t('2026-05-01T12:00:00Z');

  it('parses every kind, effective now by default', () => {
    expect(parseRuleChange({ kind: 'default-share', instructorShare: 7500 }, now)).toEqual({
      change: { kind: 'default-share', instructorShare: 7500 },
      effectiveFrom: now,
    });
    expect(parseRuleChange({ kind: 'instructor-share', instructorId: 'ana', instructorShare: null, effectiveFrom: '2026-06-01T00:00:00Z' }, now)).toEqual({
      change: { kind: 'instructor-share', instructorId: 'ana', instructorShare: null },
      effectiveFrom: t('2026-06-01T00:00:00Z'),
    });
    expect(parseRuleChange({ kind: 'course-share', courseId: 'abc123', instructorShare: 9000 }, now).change).toEqual({ kind: 'course-share', courseId: 'abc123', instructorShare: 9000 });
    expect(
      parseRuleChange({ kind: 'course-weights', courseId: 'abc123', weights: [{ instructorId: 'ana', weight: 10000 }] }, now).change,
    ).toEqual({ kind: 'course-weights', courseId: 'abc123', weights: [{ instructorId: 'ana', weight: 10000 }] });
    expect(parseRuleChange({ kind: 'vat', currency: 'EUR', vat: { rate: 2100, prices: 'exclusive' } }, now).change).toEqual({
      kind: 'vat',
      currency: 'EUR',
      vat: { rate: 2100, prices: 'exclusive' },
    });
    expect(parseRuleChange({ kind: 'vat', currency: 'EUR', vat: null }, now).change).toEqual({ kind: 'vat', currency: 'EUR', vat: null });
    expect(parseRuleChange({ kind: 'fee-treatment', treatment: 'absorbed-by-platform' }, now).change).toEqual({ kind: 'fee-treatment', treatment: 'absorbed-by-platform' });
    expect(parseRuleChange({ kind: 'fee-formula', currency: 'USD', formula: { rate: 290, fixed: 30 } }, now).change).toEqual({
      kind: 'fee-formula',
      currency: 'USD',
      formula: { rate: 290, fixed: 30 },
    });
    expect(parseRuleChange({ kind: 'holding-days', days: 0 }, now).change).toEqual({ kind: 'holding-days', days: 0 });
  });

  it.each([
    [null, 'invalid-rule', ''],
    [{ kind: 'bonus' }, 'invalid-rule', 'kind'],
    [{ kind: 'default-share', instructorShare: 70.5 }, 'invalid-share', 'instructorShare'],
    [{ kind: 'default-share', instructorShare: 10001 }, 'invalid-share', 'instructorShare'],
    [{ kind: 'default-share' }, 'invalid-share', 'instructorShare'],
    [{ kind: 'instructor-share', instructorId: '', instructorShare: 1 }, 'invalid-instructor-id', 'instructorId'],
    [{ kind: 'course-share', courseId: 'a/b', instructorShare: 1 }, 'invalid-course-id', 'courseId'],
    [{ kind: 'course-weights', courseId: 'c1', weights: [{ instructorId: 'ana', weight: 9000 }] }, 'weights-not-100-percent', 'weights'],
    [{ kind: 'vat', currency: 'eur', vat: { rate: 2100, prices: 'inclusive' } }, 'invalid-vat', 'currency'],
    [{ kind: 'vat', currency: 'EUR', vat: { rate: -1, prices: 'inclusive' } }, 'invalid-vat', 'vat.rate'],
    [{ kind: 'vat', currency: 'EUR', vat: { rate: 2100, prices: 'included' } }, 'invalid-vat', 'vat.prices'],
    [{ kind: 'fee-formula', currency: 'USD', formula: { rate: 290, fixed: 0.3 } }, 'invalid-fee-formula', 'formula.fixed'],
    [{ kind: 'fee-formula', currency: 'USD', formula: { rate: '2.9', fixed: 30 } }, 'invalid-fee-formula', 'formula.rate'],
    [{ kind: 'fee-treatment', treatment: 'split' }, 'invalid-rule', 'treatment'],
    [{ kind: 'holding-days', days: -1 }, 'invalid-holding-days', 'days'],
    [{ kind: 'holding-days', days: 1.5 }, 'invalid-holding-days', 'days'],
    [{ kind: 'default-share', instructorShare: 7000, effectiveFrom: 'tomorrow' }, 'invalid-date', 'effectiveFrom'],
    [{ kind: 'default-share', instructorShare: 7000, effectiveFrom: '2026-05-01T11:59:59Z' }, 'effective-in-the-past', 'effectiveFrom'],
  ])('%j → %s at %s', (input, code, field) => {
    expect(codeOf(() => parseRuleChange(input, now))).toMatchObject({ code, field });
  });
});

describe('percentToBasisPoints', () => {
  it.each([
    ['70', 7000],
    ['33.33', 3333],
    ['2.9', 290],
    ['2,9 %', 290],
    ['100', 10000],
    ['0', 0],
  ])('%s → %d', (text, bp) => expect(percentToBasisPoints(text, 'share')).toBe(bp));

  it.each(['100.01', '33.333', '-1', 'abc', ''])('refuses %j', (text) => {
    expect(codeOf(() => percentToBasisPoints(text, 'share'))).toMatchObject({ code: 'invalid-share', field: 'share' });
  });
});
