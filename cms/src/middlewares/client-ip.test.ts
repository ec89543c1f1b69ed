import { describe, expect, it } from 'vitest';
import { canonicalIp, createClientIpMiddleware, decideClientIp, secretMatches, type ClientIpContext } from './client-ip';

const SECRET = 'a-shared-secret-of-more-than-32-chars';
const headers = (clientIp?: string, secret?: string) => ({
  ...(clientIp === undefined ? {} : { 'x-lms-client-ip': clientIp }),
  ...(secret === undefined ? {} : { 'x-lms-internal-secret': secret }),
});

describe('decideClientIp', () => {
  it('uses the forwarded address when the secret matches', () => {
    expect(decideClientIp(headers('203.0.113.7', SECRET), SECRET)).toEqual({ kind: 'forwarded', ip: '203.0.113.7' });
    expect(decideClientIp(headers('2001:DB8:0:0::1', SECRET), SECRET)).toEqual({ kind: 'forwarded', ip: '2001:db8::1' });
    expect(decideClientIp(headers('::ffff:198.51.100.4', SECRET), SECRET)).toEqual({ kind: 'forwarded', ip: '198.51.100.4' });
  });

  it('keeps the peer when nothing is forwarded', () => {
    expect(decideClientIp({ 'x-forwarded-for': '203.0.113.7' }, SECRET)).toEqual({ kind: 'peer' });
    expect(decideClientIp({}, null)).toEqual({ kind: 'peer' });
  });

  it.each([
    ['a wrong secret', headers('203.0.113.7', 'not-the-shared-secret-but-just-as-long!'), SECRET, /does not match LMS_INTERNAL_SECRET/],
    ['a prefix of the secret', headers('203.0.113.7', SECRET.slice(0, -1)), SECRET, /does not match/],
    ['an empty secret', headers('203.0.113.7', ''), SECRET, /does not match/],
    ['the secret sent twice', { 'x-lms-client-ip': '203.0.113.7', 'x-lms-internal-secret': [SECRET, SECRET] }, SECRET, /does not match/],
    ['no secret header', headers('203.0.113.7'), SECRET, /came without X-LMS-Internal-Secret/],
    ['no address header', headers(undefined, SECRET), SECRET, /came without X-LMS-Client-IP/],
    ['a cms without a secret', headers('203.0.113.7', SECRET), null, /LMS_INTERNAL_SECRET is not set on the cms/],
    ['a host name', headers('learner.example.com', SECRET), SECRET, /"learner.example.com" is not an IP address/],
    ['a list of addresses', headers('203.0.113.7, 10.0.0.1', SECRET), SECRET, /is not an IP address/],
    ['two address headers', { 'x-lms-client-ip': ['203.0.113.7', '10.0.0.1'], 'x-lms-internal-secret': SECRET }, SECRET, /is not an IP address/],
    ['an address with a port', headers('203.0.113.7:443', SECRET), SECRET, /is not an IP address/],
    ['an empty address', headers('', SECRET), SECRET, /is not an IP address/],
    ['an IPv6 zone id', headers('fe80::1%eth0', SECRET), SECRET, /is not an IP address/],
  ])('ignores the forwarded address with %s', (_label, given, configured, reason) => {
    const decision = decideClientIp(given, configured);
    expect(decision.kind).toBe('ignored');
    expect(decision.kind === 'ignored' && decision.reason).toMatch(reason);
  });

  it('never puts the secret it was sent into its reason', () => {
    const sent = 'attacker-guess-attacker-guess-attacker-guess';
    const decision = decideClientIp(headers('203.0.113.7', sent), SECRET);
    expect(JSON.stringify(decision)).not.toContain(sent);
  });
});

describe('canonicalIp and secretMatches', () => {
  it('canonicalises addresses and refuses what is not one', () => {
    expect(canonicalIp(' 192.0.2.1 ')).toBe('192.0.2.1');
    expect(canonicalIp('::1')).toBe('::1');
    expect(canonicalIp('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalIp('192.0.2.01')).toBeNull();
    expect(canonicalIp('999.0.0.1')).toBeNull();
  });

  it('compares secrets of any length', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches(`${SECRET}x`, SECRET)).toBe(false);
    expect(secretMatches('', SECRET)).toBe(false);
  });
});

describe('client-ip middleware', () => {
  function request(headerPairs: Array<[string, string]>, peer = '10.0.0.5'): ClientIpContext {
    const parsed: Record<string, string> = {};
    for (const [name, value] of headerPairs) parsed[name.toLowerCase()] = value;
    return { request: { ip: peer, headers: parsed }, req: { rawHeaders: headerPairs.flat() } };
  }

  function run(options: { secret: string | null; clock?: { t: number } }) {
    const warnings: string[] = [];
    const clock = options.clock ?? { t: 0 };
    const middleware = createClientIpMiddleware({ secret: options.secret, warn: (m) => warnings.push(m), now: () => clock.t });
    const seen: Array<{ ip: string; headers: Record<string, unknown>; raw: string[] }> = [];
    const send = async (ctx: ClientIpContext) => {
      await middleware(ctx, async () => {
        seen.push({ ip: ctx.request.ip, headers: { ...ctx.request.headers }, raw: [...ctx.req.rawHeaders] });
      });
    };
    return { send, warnings, seen, clock };
  }

  it('sets the address and hides both headers from everything after it', async () => {
    const { send, seen, warnings } = run({ secret: SECRET });
    await send(request([['Host', 'cms'], ['X-LMS-Client-IP', '203.0.113.7'], ['X-LMS-Internal-Secret', SECRET], ['Accept', 'application/json']]));
    expect(seen[0]?.ip).toBe('203.0.113.7');
    expect(seen[0]?.headers).toEqual({ host: 'cms', accept: 'application/json' });
    expect(seen[0]?.raw).toEqual(['Host', 'cms', 'Accept', 'application/json']);
    expect(warnings).toEqual([]);
  });

  it('removes the headers also when it ignores them, and when the cms has no secret', async () => {
    for (const secret of [SECRET, null]) {
      const { send, seen } = run({ secret });
      await send(request([['x-lms-client-ip', '203.0.113.7'], ['x-lms-internal-secret', 'wrong-wrong-wrong-wrong-wrong-wrong!']]));
      expect(seen[0]).toEqual({ ip: '10.0.0.5', headers: {}, raw: [] });
    }
  });

  it('lets a request with a wrong secret through, warning at most once a minute without the secret', async () => {
    const { send, seen, warnings, clock } = run({ secret: SECRET });
    const guess = 'wrong-wrong-wrong-wrong-wrong-wrong!';
    for (let i = 0; i < 5; i += 1) await send(request([['x-lms-client-ip', `203.0.113.${i}`], ['x-lms-internal-secret', guess]]));
    expect(seen).toHaveLength(5);
    expect(seen.every((s) => s.ip === '10.0.0.5')).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^client-ip: ignored the forwarded client address of a request from "10.0.0.5": X-LMS-Internal-Secret does not match/);
    clock.t += 59_999;
    await send(request([['x-lms-client-ip', '203.0.113.9'], ['x-lms-internal-secret', guess]]));
    expect(warnings).toHaveLength(1);
    clock.t += 1;
    await send(request([['x-lms-client-ip', '203.0.113.9'], ['x-lms-internal-secret', guess]]));
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/\(5 more since the last warning\)$/);
    expect(warnings.join('\n')).not.toContain(guess);
  });

  it('says nothing about requests that forward nothing', async () => {
    const { send, seen, warnings } = run({ secret: SECRET });
    await send(request([['X-Forwarded-For', '203.0.113.7']]));
    expect(seen[0]?.ip).toBe('10.0.0.5');
    expect(warnings).toEqual([]);
  });
});
