import { describe, expect, it, vi } from 'vitest';
import { CmsUnavailableError } from './cms-http';
import { createLearnerClient } from './learner';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  redirect: RequestRedirect | undefined;
}

function clientWith(responder: (call: Call) => Response, internalSecret?: string) {
  const calls: Call[] = [];
  const fetchStub = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : null,
      redirect: init?.redirect,
    };
    calls.push(call);
    return responder(call);
  }) as unknown as typeof fetch;
  return { client: createLearnerClient({ baseUrl: 'http://cms.test', fetch: fetchStub, internalSecret }), calls };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const user = { id: 7, documentId: 'u7', email: 'ada@example.com', username: 'ada@example.com', provider: 'local' };

describe('learner client', () => {
  it('signs in through users-permissions and keeps only the user fields pages need', async () => {
    const { client, calls } = clientWith(() => json(200, { jwt: 'j.w.t', user }));
    expect(await client.logIn('ada@example.com', 'pw', null)).toEqual({
      ok: true,
      jwt: 'j.w.t',
      user: { id: 7, documentId: 'u7', email: 'ada@example.com', username: 'ada@example.com' },
    });
    expect(calls[0]).toMatchObject({ url: 'http://cms.test/api/auth/local', method: 'POST', body: { identifier: 'ada@example.com', password: 'pw' } });
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });

  it('registers with the email as username', async () => {
    const { client, calls } = clientWith(() => json(200, { jwt: 'j', user }));
    await client.register('ada@example.com', 'secret123', null);
    expect(calls[0]?.body).toEqual({ username: 'ada@example.com', email: 'ada@example.com', password: 'secret123' });
  });

  it('passes Strapi’s error message and details, and the rate limiter’s plain-text 429', async () => {
    const { client } = clientWith((call) =>
      call.url.endsWith('/enrollments')
        ? json(402, { data: null, error: { status: 402, name: 'PaymentRequiredError', message: 'Buy it', details: { course: 'c1' } } })
        : new Response('Too many requests, please try again later.', { status: 429 }),
    );
    expect(await client.enroll('tok', 'c1')).toEqual({ ok: false, status: 402, message: 'Buy it', details: { course: 'c1' } });
    expect(await client.logIn('a', 'b', null)).toEqual({ ok: false, status: 429, message: 'Too many requests, please try again later.', details: null });
  });

  it('names the learner’s address to the cms on account calls, with the internal secret, only when one is configured', async () => {
    const secret = 's'.repeat(40);
    const configured = clientWith(() => json(200, { jwt: 'j', user }), secret);
    await configured.client.logIn('ada@example.com', 'pw', '203.0.113.7');
    await configured.client.register('ada@example.com', 'secret123', '2001:db8::7');
    await configured.client.forgotPassword('ada@example.com', '203.0.113.8');
    await configured.client.resetPassword('code', 'secret123', '203.0.113.9');
    expect(configured.calls.map((c) => [c.url, c.headers['x-lms-client-ip'], c.headers['x-lms-internal-secret']])).toEqual([
      ['http://cms.test/api/auth/local', '203.0.113.7', secret],
      ['http://cms.test/api/auth/local/register', '2001:db8::7', secret],
      ['http://cms.test/api/auth/forgot-password', '203.0.113.8', secret],
      ['http://cms.test/api/auth/reset-password', '203.0.113.9', secret],
    ]);
    // A redirect must not carry the secret to whatever host it names.
    expect(configured.calls.map((c) => c.redirect)).toEqual(['error', 'error', 'error', 'error']);

    // No secret: the cms would ignore the address, so neither header is sent.
    const unconfigured = clientWith(() => json(200, { jwt: 'j', user }));
    await unconfigured.client.logIn('ada@example.com', 'pw', '203.0.113.7');
    // No address known: nothing to vouch for, and the secret stays home.
    await configured.client.logIn('ada@example.com', 'pw', null);
    for (const call of [unconfigured.calls[0], configured.calls[4]]) {
      expect(call?.url).toBe('http://cms.test/api/auth/local');
      expect(Object.keys(call?.headers ?? {}).filter((name) => name.startsWith('x-lms-'))).toEqual([]);
    }
  });

  it('sends the learner’s token as a bearer header to the enrollment routes', async () => {
    const { client, calls } = clientWith(() => json(200, { data: {} }));
    await client.completeLesson('tok-1', 'lessonDoc1');
    await client.reportVideoProgress('tok-1', 'lessonDoc1', { blockId: 4, position: 12, duration: 60, secondsWatched: 10 });
    expect(calls.map((c) => [c.method, c.url, c.headers.authorization])).toEqual([
      ['POST', 'http://cms.test/api/lms-enrollment/lessons/lessonDoc1/complete', 'Bearer tok-1'],
      ['POST', 'http://cms.test/api/lms-enrollment/lessons/lessonDoc1/progress', 'Bearer tok-1'],
    ]);
    expect(calls[1]?.body).toEqual({ blockId: 4, position: 12, duration: 60, secondsWatched: 10 });
  });

  it('refuses ids that would change the path', async () => {
    const { client, calls } = clientWith(() => json(200, {}));
    expect(() => client.outline('tok', '../users/me')).toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });

  it('accepts only an http(s) checkout URL, and passes on why checkout could not start', async () => {
    const session = { url: 'https://checkout.stripe.test/c/pay/cs_1', sessionId: 'cs_1', mode: 'payment' };
    const ok = clientWith(() => json(200, session));
    expect(await ok.client.startCheckout('tok', 'c1')).toEqual({ ok: true, status: 200, body: session });
    const bad = clientWith(() => json(200, { ...session, url: 'javascript:alert(1)' }));
    expect(await bad.client.startCheckout('tok', 'c1')).toMatchObject({ ok: false, status: 502 });
    const refused = clientWith(() => json(502, { data: null, error: { status: 502, name: 'ApplicationError', message: 'Stripe refused the card setup' } }));
    expect(await refused.client.startCheckout('tok', 'c1')).toMatchObject({ ok: false, status: 502, message: 'Stripe refused the card setup' });
    const down = clientWith(() => new Response('Bad gateway', { status: 502 }));
    await expect(down.client.startCheckout('tok', 'c1')).rejects.toBeInstanceOf(CmsUnavailableError);
  });

  it('remembers who a token belongs to for a while, and forgets on request', async () => {
    const { client, calls } = clientWith((call) => (call.headers.authorization === 'Bearer good' ? json(200, user) : json(401, { error: { message: 'Unauthorized' } })));
    expect((await client.whoIs('good'))?.email).toBe('ada@example.com');
    await client.whoIs('good');
    expect(calls).toHaveLength(1);
    expect(await client.whoIs('expired')).toBeNull();
    client.forget('good');
    await client.whoIs('good');
    expect(calls).toHaveLength(3);
  });

  it('reports an unreachable cms as unavailable', async () => {
    const { client } = clientWith(() => json(503, {}));
    await expect(client.myEnrollments('tok')).rejects.toBeInstanceOf(CmsUnavailableError);
  });
});
