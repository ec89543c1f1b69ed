import crypto from 'node:crypto';

/**
 * Serialised catalog responses, kept briefly in this process. The public catalog is the same for
 * every visitor and read far more often than it changes, so a burst of visitors costs one set of
 * queries. Correctness does not rest on the TTL: every write to catalog content in this process
 * clears the cache (see bootstrap/catalog-cache.ts); the TTL only bounds how long another cms
 * process may serve a page from before a change it did not see.
 */
export interface CachedJson {
  json: string;
  etag: string;
}

export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export interface ResponseCache {
  /** The cached response for `key`, or `produce()`'s serialised result (concurrent misses share one call). */
  get(key: string, produce: () => Promise<unknown>): Promise<CachedJson>;
  /** Forgets everything, including results of calls still running. */
  invalidate(): void;
  readonly size: number;
}

export function createResponseCache({ ttlMs, maxEntries, now = Date.now }: ResponseCacheOptions): ResponseCache {
  const entries = new Map<string, { value: CachedJson; expires: number }>();
  const inFlight = new Map<string, Promise<CachedJson>>();
  let generation = 0;

  return {
    async get(key, produce) {
      const hit = entries.get(key);
      if (hit && hit.expires > now()) return hit.value;
      if (hit) entries.delete(key);
      const running = inFlight.get(key);
      if (running) return running;

      const startedIn = generation;
      const promise = (async () => {
        const json = JSON.stringify(await produce());
        const value = { json, etag: `W/"${crypto.createHash('sha1').update(json).digest('base64url')}"` };
        // A write that happened while this ran may not be in the result: serve it, don't keep it.
        if (ttlMs > 0 && startedIn === generation) {
          entries.set(key, { value, expires: now() + ttlMs });
          while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
        }
        return value;
      })();
      inFlight.set(key, promise);
      try {
        return await promise;
      } finally {
        if (inFlight.get(key) === promise) inFlight.delete(key);
      }
    },
    invalidate() {
      generation += 1;
      entries.clear();
      inFlight.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

const caches = new WeakMap<object, ResponseCache>();

/** The one catalog cache of a Strapi instance. */
export function catalogCache(strapi: object): ResponseCache {
  let cache = caches.get(strapi);
  if (!cache) {
    cache = createResponseCache({ ttlMs: 10_000, maxEntries: 500 });
    caches.set(strapi, cache);
  }
  return cache;
}
