import { describe, expect, it } from 'vitest';
import { evaluateLedgerTargets, type LedgerFigures } from './report';

const latency = (p95: number) => ({ p50: p95 / 2, p95, p99: p95 * 1.2, max: p95 * 2, mean: p95 / 2 });
const figures = (o: Partial<LedgerFigures> = {}): LedgerFigures => ({
  sales: 100_000,
  seconds: 80,
  instructorEntries: 100_000,
  http: { ...latency(30), count: 300, failed: 0 },
  service: { ...latency(20), count: 300 },
  outcome: { transactions: 100_000, unbalanced: 0, totalSum: 0 },
  ...o,
});

describe('evaluateLedgerTargets', () => {
  it('passes at the targets and prints each figure with its ratio', () => {
    const checks = evaluateLedgerTargets(figures());
    expect(checks.map((c) => c.pass)).toEqual([true, true, true, true]);
    expect(checks[0]?.figure).toBe('1250 sales/s / 1000 sales/s = 1.25×');
    expect(checks[1]?.figure).toBe('30.0 ms / 50 ms = 0.60×');
  });
  it('fails a slow balance, a slow post rate, a failed request or a lost sale, and says when the size is below target', () => {
    const checks = evaluateLedgerTargets(figures({ seconds: 200, http: { ...latency(60), count: 300, failed: 1 }, instructorEntries: 5_000, outcome: { transactions: 99_999, unbalanced: 0, totalSum: 0 } }));
    expect(checks.map((c) => c.pass)).toEqual([false, false, true, false]);
    expect(checks[1]?.note).toContain('only 5000 entries');
  });
});
