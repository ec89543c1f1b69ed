import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type JWK, type KeyLike, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import { LtiError } from './errors';
import { isRecord, quote } from './values';

/**
 * The tool's own RSA signing keys: generation, the public JWKS, rotation with a grace period
 * and encryption of the private half at rest. Key records are plain data (one table row each);
 * the transitions below are pure and take `now`.
 */

export const TOOL_KEY_ALG = 'RS256';
const MODULUS_BITS = 2048;

/** A public RSA JWK as published (no private members). */
export interface PublicJwk {
  kty: 'RSA';
  kid: string;
  alg: typeof TOOL_KEY_ALG;
  use: 'sig';
  n: string;
  e: string;
}

export interface ToolKeyRecord {
  kid: string;
  publicJwk: PublicJwk;
  /** The private JWK encrypted with `encryptPrivateKey` (never stored in clear). */
  encryptedPrivateKey: string;
  createdAt: Date;
  /** When a newer key replaced it; null for the current key. */
  retiredAt: Date | null;
  /** Until when a retired key stays in the JWKS (platforms may hold tokens signed with it). */
  publishedUntil: Date | null;
}

/** A key ready to sign: what deep linking and the AGS assertion take. */
export interface ToolSigningKey {
  kid: string;
  alg: typeof TOOL_KEY_ALG;
  privateKey: KeyLike;
}

function toPublicJwk(jwk: JWK, kid: string): PublicJwk {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') {
    throw new LtiError('invalid-tool-key', 'publicJwk', 'is not an RSA public key');
  }
  // Built member by member: nothing private can ride along into the published set.
  return { kty: 'RSA', kid, alg: TOOL_KEY_ALG, use: 'sig', n: jwk.n, e: jwk.e };
}

/** Generates a key pair; kid = RFC 7638 thumbprint of the public key (stable, unique). */
export async function generateToolKey(now: Date, encryptionKey: Uint8Array): Promise<ToolKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALG, { modulusLength: MODULUS_BITS, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: TOOL_KEY_ALG };
  return {
    kid,
    publicJwk: toPublicJwk(publicJwk, kid),
    encryptedPrivateKey: encryptPrivateKey(privateJwk, encryptionKey, kid),
    createdAt: now,
    retiredAt: null,
    publishedUntil: null,
  };
}

/** The key that signs now: the one not retired. Several (a broken rotation) is an error too. */
export function currentKey(keys: readonly ToolKeyRecord[]): ToolKeyRecord {
  const current = keys.filter((k) => k.retiredAt === null);
  if (current.length !== 1) {
    throw new LtiError(
      'no-current-key',
      'keys',
      current.length === 0 ? 'the tool has no current signing key; generate one' : `the tool has ${current.length} current signing keys; retire all but one`,
    );
  }
  return current[0] as ToolKeyRecord;
}

/** Keys platforms may see: the current one and retired ones still inside their grace period. */
export function publishedKeys(keys: readonly ToolKeyRecord[], now: Date): ToolKeyRecord[] {
  return keys.filter((k) => k.retiredAt === null || (k.publishedUntil !== null && now.getTime() < k.publishedUntil.getTime()));
}

/** The document served at the JWKS URL. */
export function publicJwks(keys: readonly ToolKeyRecord[], now: Date): { keys: PublicJwk[] } {
  return { keys: publishedKeys(keys, now).map((k) => toPublicJwk(k.publicJwk, k.kid)) };
}

/**
 * Makes `next` (a freshly generated key) current and retires the current one, keeping it
 * published for `graceMs`. Keys whose grace period is over are dropped from the result: the
 * caller deletes the rows missing from it and upserts the rest.
 */
export function rotate(keys: readonly ToolKeyRecord[], next: ToolKeyRecord, now: Date, graceMs: number): ToolKeyRecord[] {
  if (!Number.isFinite(graceMs) || graceMs < 0) throw new RangeError(`grace period ${graceMs} ms must be ≥ 0`);
  if (next.retiredAt !== null) throw new LtiError('invalid-tool-key', 'next', `key ${quote(next.kid)} is already retired`);
  if (keys.some((k) => k.kid === next.kid)) throw new LtiError('invalid-tool-key', 'next', `key ${quote(next.kid)} is already in the set`);
  const retired = keys.map((k) =>
    k.retiredAt === null ? { ...k, retiredAt: now, publishedUntil: new Date(now.getTime() + graceMs) } : k,
  );
  return [...publishedKeys(retired, now), next];
}

/** Whether the current key is old enough to rotate (for a scheduled rotation job). */
export function isRotationDue(keys: readonly ToolKeyRecord[], now: Date, maxAgeMs: number): boolean {
  const current = keys.filter((k) => k.retiredAt === null);
  return current.length !== 1 || now.getTime() - (current[0] as ToolKeyRecord).createdAt.getTime() >= maxAgeMs;
}

// ---------------------------------------------------------------------------------------------
// Encryption at rest: AES-256-GCM, key from the environment (32 bytes), the kid as associated
// data so an encrypted key copied onto another row does not decrypt.

const FORMAT = 'v1';

/**
 * Reads the key-encryption key from an environment value: 32 bytes as base64 (44 chars) or hex
 * (64 chars). `name` is the variable, for the error.
 */
export function parseEncryptionKey(value: string | undefined, name: string): Buffer {
  const text = (value ?? '').trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== 32) {
    throw new LtiError(
      'invalid-encryption-key',
      name,
      'must be 32 random bytes as base64 or hex (e.g. `openssl rand -base64 32`)',
    );
  }
  return bytes;
}

function checkKey(key: Uint8Array): void {
  if (key.length !== 32) throw new LtiError('invalid-encryption-key', 'encryptionKey', `is ${key.length} bytes; AES-256 needs 32`);
}

export function encryptPrivateKey(privateJwk: JWK, encryptionKey: Uint8Array, kid: string): string {
  checkKey(encryptionKey);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(privateJwk), 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function decryptPrivateKey(encrypted: string, encryptionKey: Uint8Array, kid: string): JWK {
  checkKey(encryptionKey);
  const parts = encrypted.split('.');
  if (parts.length !== 4 || parts[0] !== FORMAT) {
    throw new LtiError('private-key-undecryptable', 'encryptedPrivateKey', `of key ${quote(kid)} is not in the ${FORMAT} format`);
  }
  const [, iv, ciphertext, tag] = parts as [string, string, string, string];
  let clear: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(kid, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    clear = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new LtiError(
      'private-key-undecryptable',
      'encryptedPrivateKey',
      `of key ${quote(kid)} does not decrypt: the encryption key changed, or the row was altered`,
    );
  }
  const jwk: unknown = JSON.parse(clear);
  if (!isRecord(jwk) || jwk.kty !== 'RSA' || typeof jwk.d !== 'string') {
    throw new LtiError('invalid-tool-key', 'encryptedPrivateKey', `of key ${quote(kid)} is not an RSA private key`);
  }
  return { ...jwk, kty: jwk.kty, d: jwk.d };
}

/** Decrypts and imports the current key for signing (cache the result: import costs ~1 ms). */
export async function toolSigningKey(record: ToolKeyRecord, encryptionKey: Uint8Array): Promise<ToolSigningKey> {
  const jwk = decryptPrivateKey(record.encryptedPrivateKey, encryptionKey, record.kid);
  const privateKey = await importJWK(jwk, TOOL_KEY_ALG);
  if (privateKey instanceof Uint8Array) throw new LtiError('invalid-tool-key', 'encryptedPrivateKey', 'is a symmetric key');
  return { kid: record.kid, alg: TOOL_KEY_ALG, privateKey };
}

/**
 * Any short secret (an LTI 1.1 consumer secret) encrypted like the private keys: AES-256-GCM,
 * `v1.<iv>.<ciphertext>.<tag>`, with `boundTo` (the consumer key) as associated data.
 */
export function sealSecret(secret: string, encryptionKey: Uint8Array, boundTo: string): string {
  checkKey(encryptionKey);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function openSecret(sealed: string, encryptionKey: Uint8Array, boundTo: string): string {
  checkKey(encryptionKey);
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== FORMAT) {
    throw new LtiError('private-key-undecryptable', 'secret', `of ${quote(boundTo)} is not in the ${FORMAT} format`);
  }
  const [, iv, ciphertext, tag] = parts as [string, string, string, string];
  try {
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new LtiError('private-key-undecryptable', 'secret', `of ${quote(boundTo)} does not decrypt: the encryption key changed, or the row was altered`);
  }
}
