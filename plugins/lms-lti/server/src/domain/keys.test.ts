import { randomBytes } from 'node:crypto';
import { SignJWT, createLocalJWKSet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ToolKeyRecord,
  currentKey,
  decryptPrivateKey,
  encryptPrivateKey,
  generateToolKey,
  isRotationDue,
  parseEncryptionKey,
  publicJwks,
  publishedKeys,
  rotate,
  toolSigningKey,
} from './keys';
import { thrown } from '../testing/errors';

const T0 = new Date('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const GRACE = 7 * DAY;
const kek = randomBytes(32);

describe('tool keys', () => {
  let first: ToolKeyRecord;
  let second: ToolKeyRecord;
  let third: ToolKeyRecord;

  beforeAll(async () => {
    [first, second, third] = await Promise.all([generateToolKey(T0, kek), generateToolKey(T0, kek), generateToolKey(T0, kek)]);
  });

  it('generates an RSA key with a thumbprint kid, the private half encrypted', async () => {
    expect(first.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.kid).not.toBe(second.kid);
    expect(first).toMatchObject({ createdAt: T0, retiredAt: null, publishedUntil: null });
    expect(first.encryptedPrivateKey).toMatch(/^v1\./);
    expect(first.encryptedPrivateKey).not.toContain(first.publicJwk.n.slice(0, 20));
    expect(Buffer.from(first.publicJwk.n, 'base64url').length * 8).toBe(2048);
    const jwk = decryptPrivateKey(first.encryptedPrivateKey, kek, first.kid);
    expect(jwk).toMatchObject({ kty: 'RSA', kid: first.kid, n: first.publicJwk.n, e: first.publicJwk.e });
    expect(typeof jwk.d).toBe('string');
  });

  it('publishes only public members', () => {
    const jwks = publicJwks([first], T0);
    expect(jwks.keys).toHaveLength(1);
    expect(Object.keys(jwks.keys[0] as object).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(jwks.keys[0]).toMatchObject({ kid: first.kid, alg: 'RS256', use: 'sig', kty: 'RSA' });
  });

  it('rotation keeps the previous key published for the grace period, then drops it', () => {
    const afterFirst = rotate([first], second, new Date(T0.getTime() + 30 * DAY), GRACE);
    expect(currentKey(afterFirst).kid).toBe(second.kid);
    const retired = afterFirst.find((k) => k.kid === first.kid);
    expect(retired).toMatchObject({ retiredAt: new Date(T0.getTime() + 30 * DAY), publishedUntil: new Date(T0.getTime() + 37 * DAY) });

    const during = new Date(T0.getTime() + 36 * DAY);
    expect(publishedKeys(afterFirst, during).map((k) => k.kid)).toEqual([first.kid, second.kid]);
    expect(publicJwks(afterFirst, during).keys.map((k) => k.kid)).toEqual([first.kid, second.kid]);
    const after = new Date(T0.getTime() + 37 * DAY);
    expect(publishedKeys(afterFirst, after).map((k) => k.kid)).toEqual([second.kid]);

    // The next rotation drops keys whose grace period is over and retires the current one.
    const afterSecond = rotate(afterFirst, third, new Date(T0.getTime() + 60 * DAY), GRACE);
    expect(afterSecond.map((k) => [k.kid, k.retiredAt === null])).toEqual([
      [second.kid, false],
      [third.kid, true],
    ]);
    // Inputs are not changed: the caller diffs old and new rows.
    expect(first.retiredAt).toBeNull();
  });

  it('a rotation within the grace period keeps both previous keys published', () => {
    const a = rotate([first], second, new Date(T0.getTime() + DAY), GRACE);
    const b = rotate(a, third, new Date(T0.getTime() + 2 * DAY), GRACE);
    expect(publishedKeys(b, new Date(T0.getTime() + 3 * DAY)).map((k) => k.kid)).toEqual([first.kid, second.kid, third.kid]);
    expect(currentKey(b).kid).toBe(third.kid);
  });

  it('refuses broken key sets and rotations', () => {
    expect(() => currentKey([])).toThrowError(expect.objectContaining({ code: 'no-current-key' }));
    expect(() => currentKey([first, second])).toThrowError(/2 current signing keys/);
    expect(() => rotate([first], first, T0, GRACE)).toThrowError(expect.objectContaining({ code: 'invalid-tool-key' }));
    expect(() => rotate([first], second, T0, -1)).toThrowError(RangeError);
  });

  it('knows when the current key is due for rotation', () => {
    expect(isRotationDue([first], new Date(T0.getTime() + 89 * DAY), 90 * DAY)).toBe(false);
    expect(isRotationDue([first], new Date(T0.getTime() + 90 * DAY), 90 * DAY)).toBe(true);
    expect(isRotationDue([], T0, 90 * DAY)).toBe(true);
  });

  it('signs with the decrypted private key, verifiable with the published JWKS', async () => {
    const key = await toolSigningKey(first, kek);
    const jwt = await new SignJWT({ hello: 'platform' }).setProtectedHeader({ alg: key.alg, kid: key.kid }).sign(key.privateKey);
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(publicJwks([first], T0)));
    expect(payload.hello).toBe('platform');
    expect(protectedHeader.kid).toBe(first.kid);
  });

  it('does not decrypt with another key-encryption key, under another kid, or when altered', () => {
    const blob = first.encryptedPrivateKey;
    const codeOf = (fn: () => unknown) => thrown(fn).code;
    expect(codeOf(() => decryptPrivateKey(blob, randomBytes(32), first.kid))).toBe('private-key-undecryptable');
    expect(codeOf(() => decryptPrivateKey(blob, kek, second.kid))).toBe('private-key-undecryptable');
    const [v, iv, ct, tag] = blob.split('.') as [string, string, string, string];
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(codeOf(() => decryptPrivateKey([v, iv, flipped.toString('base64url'), tag].join('.'), kek, first.kid))).toBe('private-key-undecryptable');
    expect(codeOf(() => decryptPrivateKey('plain-json', kek, first.kid))).toBe('private-key-undecryptable');
    expect(codeOf(() => encryptPrivateKey({ kty: 'RSA' }, randomBytes(16), 'k'))).toBe('invalid-encryption-key');
  });

  it('encrypts the same key differently each time (random IV)', () => {
    const jwk = decryptPrivateKey(first.encryptedPrivateKey, kek, first.kid);
    expect(encryptPrivateKey(jwk, kek, first.kid)).not.toBe(encryptPrivateKey(jwk, kek, first.kid));
  });

  it('reads the key-encryption key from base64 or hex, naming the variable when it is wrong', () => {
    expect(parseEncryptionKey(kek.toString('base64'), 'LTI_KEY_ENCRYPTION_KEY').equals(kek)).toBe(true);
    expect(parseEncryptionKey(kek.toString('hex'), 'LTI_KEY_ENCRYPTION_KEY').equals(kek)).toBe(true);
    for (const bad of [undefined, '', 'short', randomBytes(16).toString('base64')]) {
      expect(() => parseEncryptionKey(bad, 'LTI_KEY_ENCRYPTION_KEY')).toThrowError(/^LTI_KEY_ENCRYPTION_KEY: must be 32 random bytes/);
    }
  });
});

describe('sealed secrets', () => {
  it('round-trips, and refuses another binding or another key', async () => {
    const { sealSecret, openSecret } = await import('./keys');
    const key = Buffer.alloc(32, 7);
    const sealed = sealSecret('s3cret', key, 'consumer-a');
    expect(sealed).not.toContain('s3cret');
    expect(openSecret(sealed, key, 'consumer-a')).toBe('s3cret');
    expect(() => openSecret(sealed, key, 'consumer-b')).toThrow(/does not decrypt/);
    expect(() => openSecret(sealed, Buffer.alloc(32, 8), 'consumer-a')).toThrow(/does not decrypt/);
  });
});
