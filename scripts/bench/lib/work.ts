/** Helpers for generating benchmark data: a seeded PRNG, bounded concurrency, progress lines. */

/** A small seeded PRNG (mulberry32), so every run builds the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of a non-empty list, chosen by `random`. */
export function pickOne<T>(random: () => number, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pickOne: the list is empty');
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))] as T;
}

/** Runs `work` over `items` with at most `limit` promises in flight. */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Prints "label n/total (x%), r/s" at most every five seconds and once at the end. */
export function progress(label: string, total: number) {
  const started = Date.now();
  let done = 0;
  let printedAt = 0;
  const print = () => {
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    console.log(`  ${label} ${done}/${total} (${Math.round((done / total) * 100)}%), ${rate.toFixed(0)}/s${done < total ? `, ~${eta}s left` : ` in ${seconds.toFixed(1)}s`}`);
  };
  return {
    tick() {
      done += 1;
      if (done === total || Date.now() - printedAt > 5000) {
        printedAt = Date.now();
        print();
      }
    },
  };
}
