import crypto from 'node:crypto';
import http from 'node:http';
import { describe, expect, inject, it } from 'vitest';

/**
 * The site names the learner's address to the cms (X-LMS-Client-IP, vouched for by
 * X-LMS-Internal-Secret = LMS_INTERNAL_SECRET) and users-permissions' rate limit on
 * POST /api/auth/local then counts per learner instead of per site server
 * (cms/src/middlewares/client-ip.ts, docs/decisions/013-forwarded-learner-address.md).
 *
 * The stack keeps users-permissions' own rate limit as configured for production (cms/config/plugins.ts
 * sets none, so its default: 10 attempts a minute per address on this route). Each case sends
 * from its own loopback source address (127.x.y.z: all of 127/8 is loopback on Linux) so the
 * "peer" buckets it fills belong to nobody else, and forwards addresses random per run.
 */

const LEARNER = 'sipho.dlamini@example.com';
const ATTEMPTS = 12;

interface ErrorBody {
  error?: { status?: number; name?: string; message?: string };
}

interface Attempt {
  status: number;
  body: ErrorBody;
  limit: number;
}

const randomByte = (min = 0, max = 255) => min + crypto.randomInt(max - min + 1);

/** A loopback source address no other test uses (never 127.0.0.1). */
function freshPeer(): string {
  return `127.${randomByte(1, 254)}.${randomByte()}.${randomByte(1, 254)}`;
}

/** Distinct learner addresses, IPv4 from 198.18.0.0/15 (benchmarking) and IPv6 from 2001:db8::/32 (documentation). */
function learnerAddresses(count: number): string[] {
  const v4 = `198.${randomByte(18, 19)}.${randomByte()}`;
  const v6 = `2001:db8:${crypto.randomBytes(2).toString('hex')}:${crypto.randomBytes(2).toString('hex')}`;
  return Array.from({ length: count }, (_, i) => (i % 3 === 2 ? `${v6}::${i + 1}` : `${v4}.${i + 1}`));
}

/** POST /api/auth/local with a wrong password, from the given loopback source address. */
function logInWithWrongPassword(from: string, headers: Record<string, string>): Promise<Attempt> {
  const target = new URL('/api/auth/local', inject('cmsUrl'));
  const payload = JSON.stringify({ identifier: LEARNER, password: `Wrong-${crypto.randomUUID()}` });
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: ErrorBody = {};
          try {
            body = JSON.parse(text) as ErrorBody;
          } catch {
            body = { error: { message: text } };
          }
          resolve({ status: res.statusCode ?? 0, body, limit: Number(res.headers['x-ratelimit-limit']) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const vouched = (clientIp: string) => ({ 'x-lms-client-ip': clientIp, 'x-lms-internal-secret': inject('internalSecret') });

function expectWrongPassword(attempt: Attempt) {
  expect(attempt.status).toBe(400);
  expect(attempt.body.error).toMatchObject({ status: 400, message: 'Invalid identifier or password' });
}

function expectRateLimited(attempt: Attempt) {
  expect(attempt.status).toBe(429);
  expect(attempt.body.error).toMatchObject({ status: 429, name: 'RateLimitError' });
}

/** Sends the attempts one after the other: the limiter's count then decides exactly which ones pass. */
async function inTurn(count: number, send: (i: number) => Promise<Attempt>): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (let i = 0; i < count; i += 1) attempts.push(await send(i));
  return attempts;
}

/** The first `limit` attempts reach the password check, the rest are refused by the limiter. */
function expectLimitedAfter(attempts: Attempt[]) {
  const limit = attempts[0]?.limit ?? NaN;
  // The test only shows something if the limit is below the number of attempts.
  expect(limit).toBeGreaterThan(0);
  expect(limit).toBeLessThan(attempts.length);
  attempts.slice(0, limit).forEach(expectWrongPassword);
  attempts.slice(limit).forEach(expectRateLimited);
}

describe('the learner address the site forwards (X-LMS-Client-IP)', () => {
  it('with the right secret, counts each learner on their own: 12 learners at once are all answered', async () => {
    const peer = freshPeer();
    const addresses = learnerAddresses(ATTEMPTS);
    const attempts = await Promise.all(addresses.map((ip) => logInWithWrongPassword(peer, vouched(ip))));
    attempts.forEach(expectWrongPassword);
    // Every one of them came from the same peer, which alone would have been limited.
    expect(attempts[0]?.limit).toBeLessThan(ATTEMPTS);
  });

  it('with the right secret, still limits one learner who keeps trying', async () => {
    const [ip] = learnerAddresses(1);
    const attempts = await inTurn(ATTEMPTS, () => logInWithWrongPassword(freshPeer(), vouched(ip as string)));
    expectLimitedAfter(attempts);
  });

  it.each([
    ['a wrong secret', (ip: string) => ({ 'x-lms-client-ip': ip, 'x-lms-internal-secret': `not-${inject('internalSecret')}` })],
    ['no secret', (ip: string) => ({ 'x-lms-client-ip': ip })],
  ])('with %s, ignores the forwarded address: the attempts share their peer’s limit', async (_label, headers) => {
    const peer = freshPeer();
    const addresses = learnerAddresses(ATTEMPTS);
    const attempts = await inTurn(ATTEMPTS, (i) => logInWithWrongPassword(peer, headers(addresses[i] as string)));
    expectLimitedAfter(attempts);
  });
});
