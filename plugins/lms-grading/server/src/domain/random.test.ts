import { describe, expect, it } from 'vitest';
import { TEST_SEED } from '../testing/demo-quiz';
import { GradingError } from './errors';
import { assertSeed, newSeed, SeededStream } from './random';

describe('SeededStream', () => {
  it('is deterministic per (seed, label) and independent across labels and seeds', () => {
    const a = new SeededStream(TEST_SEED, 'x');
    const b = new SeededStream(TEST_SEED, 'x');
    const seqA = Array.from({ length: 50 }, () => a.nextUint32());
    expect(Array.from({ length: 50 }, () => b.nextUint32())).toEqual(seqA);
    const c = new SeededStream(TEST_SEED, 'y');
    expect(Array.from({ length: 50 }, () => c.nextUint32())).not.toEqual(seqA);
    const d = new SeededStream('f'.repeat(32), 'x');
    expect(Array.from({ length: 50 }, () => d.nextUint32())).not.toEqual(seqA);
  });

  it('draws integers without bias (chi-square on 60,000 draws over 6 values)', () => {
    const s = new SeededStream(TEST_SEED, 'dice');
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i += 1) {
      const k = s.nextInt(6);
      counts[k] = (counts[k] as number) + 1;
    }
    const expected = 10_000;
    const chi = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(20.5); // p ≈ 0.001 for 5 degrees of freedom
  });

  it('shuffles uniformly: every permutation of 3 appears about equally often', () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 6000; i += 1) {
      const key = new SeededStream(newSeed(), 'p').shuffle(['a', 'b', 'c']).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    for (const count of seen.values()) expect(count).toBeGreaterThan(850);
  });

  it('samples distinct items and never more than there are', () => {
    const s = new SeededStream(TEST_SEED, 'sample');
    const picked = s.sample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4);
    expect(new Set(picked).size).toBe(4);
    expect(s.sample([1, 2], 5).sort()).toEqual([1, 2]);
  });

  it('makes distinct opaque ids', () => {
    const ids = new SeededStream(TEST_SEED, 'ids').ids(500);
    expect(new Set(ids).size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^[a-z2-9]{10}$/);
  });

  it('accepts only hex seeds of 128 bits or more', () => {
    expect(newSeed()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSeed()).not.toBe(newSeed());
    for (const bad of ['', 'abc', 'Z'.repeat(32), 42, null, 'ABCDEF0123456789ABCDEF0123456789']) {
      expect(() => assertSeed(bad)).toThrow(GradingError);
    }
  });
});
