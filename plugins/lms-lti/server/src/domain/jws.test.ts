import { type KeyObject, generateKeyPairSync, sign } from 'node:crypto';
import { CompactSign, SignJWT, compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { type LtiError } from './errors';
import { verifyCompactRsaJws } from './jws';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A compact JWS signed with node directly (for what jose refuses to sign). */
function rawJws(header: object, payload: string, key: KeyObject, digest = 'sha256'): string {
  const input = `${b64(JSON.stringify(header))}.${b64(payload)}`;
  return `${input}.${sign(digest, Buffer.from(input), key).toString('base64url')}`;
}

async function codeOf(token: unknown, key: KeyObject = publicKey): Promise<string> {
  try {
    await verifyCompactRsaJws(token, 'id_token', async () => key);
    return 'ok';
  } catch (error) {
    return (error as LtiError).code;
  }
}

describe('compact RSA JWS verification', () => {
  it('accepts RS256, RS384 and RS512 tokens signed by jose and returns the payload', async () => {
    for (const alg of ['RS256', 'RS384', 'RS512']) {
      const token = await new SignJWT({ hello: alg }).setProtectedHeader({ alg, kid: 'k1' }).sign(privateKey);
      const { header, payload } = await verifyCompactRsaJws(token, 'id_token', async () => publicKey);
      expect(header).toMatchObject({ alg, kid: 'k1' });
      expect(payload).toEqual({ hello: alg });
    }
  });

  it('rejects other keys, truncated signatures, and keys that are private, small or not RSA', async () => {
    const token = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    expect(await codeOf(token, other.publicKey)).toBe('bad-signature');
    expect(await codeOf(token.slice(0, -4))).toBe('bad-signature');
    expect(await codeOf(`${token.split('.').slice(0, 2).join('.')}.`)).toBe('bad-signature');
    expect(await codeOf(token, privateKey)).toBe('invalid-jwks');
    expect(await codeOf(rawJws({ alg: 'RS256' }, '{"a":1}', small.privateKey), small.publicKey)).toBe('invalid-jwks');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(await codeOf(token, ec.publicKey)).toBe('invalid-jwks');
  });

  it('rejects headers and payloads it does not understand', async () => {
    expect(await codeOf(rawJws({ alg: 'RS256', crit: ['exp'], exp: 1 }, '{}', privateKey))).toBe('malformed-token');
    expect(await codeOf(rawJws({ alg: 'RS256', b64: false, crit: ['b64'] }, '{}', privateKey))).toBe('malformed-token');
    expect(await codeOf(rawJws({ alg: '__proto__' }, '{}', privateKey))).toBe('unsupported-algorithm');
    expect(await codeOf(rawJws({ alg: 'PS256' }, '{}', privateKey))).toBe('unsupported-algorithm');
    expect(await codeOf(rawJws({}, '{}', privateKey))).toBe('unsupported-algorithm');
    expect(await codeOf(rawJws({ alg: 'RS256' }, 'not json', privateKey))).toBe('malformed-token');
    expect(await codeOf(rawJws({ alg: 'RS256' }, '[1,2]', privateKey))).toBe('malformed-token');
    expect(await codeOf('a.b')).toBe('malformed-token');
    expect(await codeOf('a.b.c.d')).toBe('malformed-token');
    expect(await codeOf('e30.e30.a+b/')).toBe('malformed-token');
    expect(await codeOf(42)).toBe('malformed-token');
  });

  it('agrees with jose on every one-character change of a signed token', async () => {
    const token = await new CompactSign(new TextEncoder().encode('{"sub":"x"}')).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    const alphabet = 'AQgw_-';
    for (let i = 0; i < token.length; i += 7) {
      if (token[i] === '.') continue;
      const replacement = alphabet[(i * 5) % alphabet.length] === token[i] ? 'B' : (alphabet[(i * 5) % alphabet.length] as string);
      const mutated = `${token.slice(0, i)}${replacement}${token.slice(i + 1)}`;
      const jose = await compactVerify(mutated, publicKey, { algorithms: ['RS256'] }).then(
        () => 'ok',
        () => 'rejected',
      );
      const ours = (await codeOf(mutated)) === 'ok' ? 'ok' : 'rejected';
      expect(ours, `position ${i}`).toBe(jose);
    }
  });
});
