/**
 * Deterministic randomness for attempts: the same seed always draws, shuffles and names things
 * the same way, so an attempt is rebuilt from its stored seed rather than stored twice.
 *
 * The stream is SHA-256 in counter mode over (seed, label, block number), not a small PRNG such
 * as mulberry32 or xorshift: a learner sees shuffled orders and option ids, and a small generator's
 * state can be recovered from such outputs (mulberry32 has only 2^32 seeds to try). With the seed
 * known, the authored order behind a shuffled ordering or matching question (which IS its answer
 * key) would follow. A hash stream keyed by a 128-bit random seed gives nothing away.
 * Each label ("draw", "options:<question>", ...) is an independent stream, so changing one
 * question's options never reshuffles another's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GradingError } from './errors';

const SEED_PATTERN = /^[0-9a-f]{32,128}$/;

/** A fresh attempt seed: 128 random bits as 32 lowercase hex characters. */
export function newSeed(): string {
  return randomBytes(16).toString('hex');
}

export function assertSeed(seed: unknown, field = 'seed'): asserts seed is string {
  if (typeof seed !== 'string' || !SEED_PATTERN.test(seed)) {
    throw new GradingError('invalid-seed', field, 'a seed is 32 to 128 lowercase hex characters (newSeed() makes one)');
  }
}

export class SeededStream {
  private block = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(
    private readonly seed: string,
    private readonly label: string,
  ) {
    assertSeed(seed);
  }

  private refill(): void {
    const counter = Buffer.alloc(8);
    counter.writeUInt32BE(Math.floor(this.block / 2 ** 32), 0);
    counter.writeUInt32BE(this.block % 2 ** 32, 4);
    this.buffer = createHash('sha256').update(this.seed).update('\0').update(this.label).update('\0').update(counter).digest();
    this.offset = 0;
    this.block += 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    if (this.offset + 4 > this.buffer.length) this.refill();
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A uniform integer in [0, n), without modulo bias (rejection sampling). */
  nextInt(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`nextInt(n) needs 1 ≤ n ≤ 2^32; got ${n}`);
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** A new array with the items in uniformly random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = this.nextInt(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** `count` distinct items chosen uniformly, in the order drawn. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = items.slice();
    const n = Math.min(count, pool.length);
    for (let i = 0; i < n; i += 1) {
      const j = i + this.nextInt(pool.length - i);
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    }
    return pool.slice(0, n);
  }

  /**
   * `count` distinct opaque ids (lowercase letters and digits, 10 characters ≈ 50 bits), in the
   * order asked for. They carry no position or meaning; uniqueness is checked, not assumed.
   */
  ids(count: number): string[] {
    const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
    const seen = new Set<string>();
    const out: string[] = [];
    while (out.length < count) {
      let id = '';
      for (let i = 0; i < 10; i += 1) id += alphabet[this.nextInt(alphabet.length)];
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
    }
    return out;
  }
}
