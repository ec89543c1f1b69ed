import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit';

describe('token buckets', () => {
  it('allows a burst of capacity, then refuses with when to come back', () => {
    const buckets = new TokenBuckets({ capacity: 3, refillPerSecond: 0.5 });
    expect([0, 0, 0].map(() => buckets.take('u1', 1000).allowed)).toEqual([true, true, true]);
    expect(buckets.take('u1', 1000)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    // Another caller has its own bucket.
    expect(buckets.take('u2', 1000).allowed).toBe(true);
  });

  it('refills over time, never above capacity', () => {
    const buckets = new TokenBuckets({ capacity: 2, refillPerSecond: 1 });
    buckets.take('u', 0);
    buckets.take('u', 0);
    expect(buckets.take('u', 500).allowed).toBe(false);
    expect(buckets.take('u', 1500).allowed).toBe(true);
    // An hour idle refills to 2, not 3600.
    expect([0, 0, 0].map(() => buckets.take('u', 3_600_000).allowed)).toEqual([true, true, false]);
  });

  it('forgets the least recently used callers beyond maxKeys', () => {
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1, maxKeys: 2 });
    buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('c', 0);
    expect(buckets.size).toBe(2);
    // "a" was forgotten, so it starts with a full bucket again.
    expect(buckets.take('a', 0).allowed).toBe(true);
  });
});
