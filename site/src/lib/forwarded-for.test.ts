import { describe, expect, it } from 'vitest';
import { trustedForwardedFor } from './forwarded-for.mjs';

describe('trustedForwardedFor', () => {
  it('drops the header when the site is not behind a proxy, so the socket peer counts', () => {
    expect(trustedForwardedFor('203.0.113.7', { behindProxy: false })).toBeUndefined();
    expect(trustedForwardedFor(undefined, { behindProxy: false })).toBeUndefined();
  });

  it('behind a proxy keeps only the entry the proxy appended, never what the client wrote before it', () => {
    expect(trustedForwardedFor('203.0.113.7', { behindProxy: true })).toBe('203.0.113.7');
    expect(trustedForwardedFor('1.1.1.1, 2.2.2.2,203.0.113.7', { behindProxy: true })).toBe('203.0.113.7');
    expect(trustedForwardedFor(['6.6.6.6', '2001:db8::5'], { behindProxy: true })).toBe('2001:db8::5');
  });

  it('drops an entry that is not an address (the proxy is then the peer that counts)', () => {
    expect(trustedForwardedFor('203.0.113.7, unknown', { behindProxy: true })).toBeUndefined();
    expect(trustedForwardedFor('203.0.113.7,', { behindProxy: true })).toBeUndefined();
    expect(trustedForwardedFor('', { behindProxy: true })).toBeUndefined();
    expect(trustedForwardedFor(undefined, { behindProxy: true })).toBeUndefined();
  });
});
