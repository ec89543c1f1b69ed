/**
 * A small in-memory cache with a time to live, for data that is the same for every visitor.
 * Concurrent misses for one key share a single load, so a burst of visitors makes one cms call.
 * Failed loads are not kept. The oldest entries go first once `maxEntries` is reached (search
 * text is free-form, so the key space is unbounded).
 */
export class TtlCache<T> {
  readonly #entries = new Map<string, { value: T; expires: number }>();
  readonly #pending = new Map<string, Promise<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    if (hit) this.#entries.delete(key);

    const pending = this.#pending.get(key);
    if (pending) return pending;
    const loading = load()
      .then((value) => {
        if (this.#entries.size >= this.maxEntries) {
          const oldest = this.#entries.keys().next();
          if (!oldest.done) this.#entries.delete(oldest.value);
        }
        this.#entries.set(key, { value, expires: this.now() + this.ttlMs });
        return value;
      })
      .finally(() => this.#pending.delete(key));
    this.#pending.set(key, loading);
    return loading;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
