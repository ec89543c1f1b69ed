import { describe, expect, it } from 'vitest';
import { latencySummary, percentile, renderTable } from './stats';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNaN();
  });
});

describe('latencySummary', () => {
  it('sorts the samples itself and leaves the caller’s array alone', () => {
    const samples = [30, 10, 20, 40];
    expect(latencySummary(samples)).toEqual({ p50: 20, p95: 40, p99: 40, max: 40, mean: 25 });
    expect(samples).toEqual([30, 10, 20, 40]);
  });

  it('is NaN for no samples', () => {
    const summary = latencySummary([]);
    expect(Object.values(summary).every(Number.isNaN)).toBe(true);
  });
});

describe('renderTable', () => {
  it('aligns columns', () => {
    expect(renderTable(['name', 'n'], [['a', '1'], ['bbb', '22']])).toBe('name   n\n----  --\na      1\nbbb   22');
  });
});
