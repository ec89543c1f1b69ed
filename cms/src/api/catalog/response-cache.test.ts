import { describe, expect, it } from 'vitest';
import { createResponseCache } from './response-cache';

describe('catalog response cache', () => {
  it('serves a hit until the TTL passes, then produces again', async () => {
    let clock = 1_000;
    let calls = 0;
    const cache = createResponseCache({ ttlMs: 100, maxEntries: 10, now: () => clock });
    const produce = async () => ({ n: ++calls });
    expect((await cache.get('k', produce)).json).toBe('{"n":1}');
    clock += 99;
    expect((await cache.get('k', produce)).json).toBe('{"n":1}');
    clock += 2;
    expect((await cache.get('k', produce)).json).toBe('{"n":2}');
  });

  it('gives equal bodies equal ETags and different bodies different ones', async () => {
    const cache = createResponseCache({ ttlMs: 0, maxEntries: 10 });
    const a = await cache.get('a', async () => ({ x: 1 }));
    const b = await cache.get('b', async () => ({ x: 1 }));
    const c = await cache.get('c', async () => ({ x: 2 }));
    expect(a.etag).toBe(b.etag);
    expect(a.etag).not.toBe(c.etag);
    expect(a.etag).toMatch(/^W\/".+"$/);
  });

  it('shares one call between concurrent misses', async () => {
    let calls = 0;
    const cache = createResponseCache({ ttlMs: 1_000, maxEntries: 10 });
    const produce = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 10));
      return { calls };
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get('k', produce)));
    expect(calls).toBe(1);
    expect(new Set(results.map((r) => r.json)).size).toBe(1);
  });

  it('forgets everything on invalidate, and does not keep a result computed across it', async () => {
    let calls = 0;
    const cache = createResponseCache({ ttlMs: 60_000, maxEntries: 10 });
    await cache.get('k', async () => ({ n: ++calls }));
    cache.invalidate();
    expect(cache.size).toBe(0);
    expect((await cache.get('k', async () => ({ n: ++calls }))).json).toBe('{"n":2}');

    let release: () => void = () => undefined;
    const slow = cache.get('slow', () => new Promise((r) => (release = () => r({ stale: true }))));
    await new Promise((r) => setTimeout(r, 0));
    cache.invalidate();
    release();
    expect((await slow).json).toBe('{"stale":true}');
    expect((await cache.get('slow', async () => ({ stale: false }))).json).toBe('{"stale":false}');
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const cache = createResponseCache({ ttlMs: 60_000, maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, async () => k);
    expect(cache.size).toBe(3);
    let produced = false;
    await cache.get('a', async () => ((produced = true), 'a'));
    expect(produced).toBe(true);
  });
});
