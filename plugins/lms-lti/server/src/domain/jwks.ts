import { type FlattenedJWSInput, type JWSHeaderParameters, type KeyLike, createLocalJWKSet, errors } from 'jose';
import { LtiError } from './errors';
import { isRecord, quote } from './values';

/** Fetches a platform's JWKS document (parsed JSON). HTTP, timeouts and TLS are the caller's. */
export type FetchJwks = (jwksUrl: string) => Promise<unknown>;

export interface PlatformKeyCacheOptions {
  fetchJwks: FetchJwks;
  /** Milliseconds since the epoch; injected so tests can move time. */
  clock?: () => number;
  /** How long a fetched key set is used before it is fetched again. */
  maxAgeMs?: number;
  /**
   * At most one refetch per key set in this window for a kid we do not know (a platform that
   * rotated its key is seen at once; a flood of made-up kids costs the platform one request).
   * Also how long a failed fetch waits before the next try while a stale set is served.
   */
  unknownKidCooldownMs?: number;
}

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

interface Entry {
  resolver: KeyResolver;
  fetchedAt: number;
  /** When an unknown kid last caused a refetch. */
  missRefetchAt: number | null;
  /** When refreshing this (stale) set last failed. */
  failedAt: number | null;
}

/**
 * Platform public keys, per JWKS URL: fetched on first use, kept `maxAgeMs`, refetched once for
 * an unknown kid, imported keys cached (jose's local set caches the imported KeyObject, which
 * keeps a launch verification well under a millisecond). Concurrent callers share one fetch.
 * When a refresh fails, the stale set keeps serving (a platform's JWKS hiccup must not stop
 * launches signed with keys we already hold).
 */
export class PlatformKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Entry>>();
  private readonly fetchJwks: FetchJwks;
  private readonly clock: () => number;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;

  constructor(options: PlatformKeyCacheOptions) {
    this.fetchJwks = options.fetchJwks;
    this.clock = options.clock ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.cooldownMs = options.unknownKidCooldownMs ?? 30_000;
  }

  /** Forget a platform's keys (its registration changed). */
  invalidate(jwksUrl: string): void {
    this.entries.delete(jwksUrl);
  }

  async resolve(jwksUrl: string, header: JWSHeaderParameters, token?: FlattenedJWSInput): Promise<KeyLike> {
    const now = this.clock();
    let entry = this.entries.get(jwksUrl);
    // Whether this call already went to the platform (successfully or not): then an unknown kid
    // is final, no second request.
    let fetched = false;
    if (!entry) {
      entry = await this.load(jwksUrl, null);
      fetched = true;
    } else if (now - entry.fetchedAt >= this.maxAgeMs && (entry.failedAt === null || now - entry.failedAt >= this.cooldownMs)) {
      entry = await this.load(jwksUrl, entry);
      fetched = true;
    }
    const found = await this.match(entry, header, token);
    if (found) return found;
    if (!fetched && (entry.missRefetchAt === null || now - entry.missRefetchAt >= this.cooldownMs)) {
      entry.missRefetchAt = now;
      const reloaded = await this.load(jwksUrl, entry);
      reloaded.missRefetchAt = now;
      const again = await this.match(reloaded, header, token);
      if (again) return again;
    }
    throw new LtiError(
      'unknown-kid',
      'kid',
      `${quote(header.kid)} is not among the platform's keys at ${jwksUrl}; the token was not signed by this platform, or its JWKS URL in the registration is wrong`,
    );
  }

  private async match(entry: Entry, header: JWSHeaderParameters, token?: FlattenedJWSInput): Promise<KeyLike | null> {
    try {
      return await entry.resolver(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) return null;
      if (error instanceof errors.JWKSMultipleMatchingKeys) {
        throw new LtiError('ambiguous-key', 'kid', "the token names no kid and the platform's JWKS holds several keys for its algorithm");
      }
      if (error instanceof errors.JWKSInvalid || error instanceof errors.JOSEError) {
        throw new LtiError('invalid-jwks', 'jwks', `a key in the platform's JWKS cannot be used: ${error.message}`);
      }
      throw error;
    }
  }

  /** Fetches (sharing an in-flight fetch); on failure keeps `stale` when there is one. */
  private async load(jwksUrl: string, stale: Entry | null): Promise<Entry> {
    let pending = this.inFlight.get(jwksUrl);
    if (!pending) {
      pending = this.fetchAndBuild(jwksUrl).finally(() => this.inFlight.delete(jwksUrl));
      this.inFlight.set(jwksUrl, pending);
    }
    try {
      const entry = await pending;
      this.entries.set(jwksUrl, entry);
      return entry;
    } catch (error) {
      if (stale) {
        stale.failedAt = this.clock();
        return stale;
      }
      throw error;
    }
  }

  private async fetchAndBuild(jwksUrl: string): Promise<Entry> {
    let document: unknown;
    try {
      document = await this.fetchJwks(jwksUrl);
    } catch (error) {
      throw new LtiError('jwks-unavailable', 'jwks', `could not fetch the platform's keys from ${jwksUrl}: ${(error as Error).message}`);
    }
    if (!isRecord(document) || !Array.isArray(document.keys)) {
      throw new LtiError('invalid-jwks', 'jwks', `${jwksUrl} did not return a key set ({ "keys": [...] })`);
    }
    let resolver: KeyResolver;
    try {
      resolver = createLocalJWKSet(document as unknown as Parameters<typeof createLocalJWKSet>[0]);
    } catch (error) {
      throw new LtiError('invalid-jwks', 'jwks', `${jwksUrl} returned a malformed key set: ${(error as Error).message}`);
    }
    return { resolver, fetchedAt: this.clock(), missRefetchAt: null, failedAt: null };
  }
}
