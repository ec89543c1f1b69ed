import { describe, expect, it } from 'vitest';
import { createNotificationsClient, parseLimit, parseMarkRead } from './notifications';

describe('parseMarkRead', () => {
  it('takes all, or ids from JSON or a form, and refuses anything else', () => {
    expect(parseMarkRead({ all: true })).toEqual({ all: true });
    expect(parseMarkRead({ all: 'true' })).toEqual({ all: true });
    expect(parseMarkRead({ ids: [3, 4] })).toEqual({ ids: [3, 4] });
    expect(parseMarkRead({ ids: ['7'] })).toEqual({ ids: [7] });
    expect(parseMarkRead({ ids: '1,2' })).toEqual({ ids: [1, 2] });
    expect(parseMarkRead({ ids: ['x'] })).toBeNull();
    expect(parseMarkRead({ ids: [0] })).toBeNull();
    expect(parseMarkRead({ ids: [] })).toBeNull();
    expect(parseMarkRead({})).toBeNull();
  });
});

describe('parseLimit', () => {
  it('keeps the list size between 1 and 50, 10 by default', () => {
    expect(parseLimit(null)).toBe(10);
    expect(parseLimit('8')).toBe(8);
    expect(parseLimit('99')).toBe(50);
    expect(parseLimit('0')).toBe(1);
    expect(parseLimit('-3')).toBe(10);
  });
});

describe('notifications client', () => {
  it('calls the learner routes with the token and the bounded limit', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ data: [], meta: { unread: 0 } }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const client = createNotificationsClient({ baseUrl: 'http://cms.test', fetch: fetchStub });
    const outcome = await client.mine('tok', 80);
    expect(outcome).toMatchObject({ ok: true, body: { meta: { unread: 0 } } });
    await client.markRead('tok', { all: true });
    expect(calls[0]?.url).toBe('http://cms.test/api/lms-notifications/me?limit=50');
    expect(new Headers(calls[0]?.init.headers).get('authorization')).toBe('Bearer tok');
    expect(calls[1]?.init.method).toBe('POST');
    expect(calls[1]?.init.body).toBe('{"all":true}');
  });
});
