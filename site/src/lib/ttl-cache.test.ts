import { describe, expect, it, vi } from 'vitest';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('keeps a value until its time is up', async () => {
    let now = 0;
    const cache = new TtlCache<number>(1000, 10, () => now);
    const load = vi.fn(async () => now);
    expect(await cache.get('a', load)).toBe(0);
    now = 999;
    expect(await cache.get('a', load)).toBe(0);
    now = 1000;
    expect(await cache.get('a', load)).toBe(1000);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one load between concurrent misses and keeps no failures', async () => {
    const cache = new TtlCache<string>(1000);
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('down');
    };
    await expect(Promise.all([cache.get('k', failing), cache.get('k', failing)])).rejects.toThrow('down');
    expect(calls).toBe(1);
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });

  it('does not cache with a TTL of 0', async () => {
    const cache = new TtlCache<number>(0);
    let n = 0;
    await cache.get('a', async () => ++n);
    expect(await cache.get('a', async () => ++n)).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry when full', async () => {
    const cache = new TtlCache<string>(1000, 2);
    await cache.get('a', async () => 'a');
    await cache.get('b', async () => 'b');
    await cache.get('c', async () => 'c');
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => 'reloaded')).toBe('reloaded');
  });
});
