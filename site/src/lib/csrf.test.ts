import { describe, expect, it } from 'vitest';
import { csrfTokensMatch, newCsrfToken, verifyCsrf, type CsrfEvidence } from './csrf';

const token = newCsrfToken();
const good: CsrfEvidence = {
  cookieToken: token,
  submittedToken: token,
  origin: 'https://learn.example.org',
  secFetchSite: 'same-origin',
  allowedOrigins: ['https://learn.example.org'],
};

describe('CSRF tokens', () => {
  it('are 256 random bits in base64url, different every time', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCsrfToken()).not.toBe(token);
  });

  it('match only the same value', () => {
    expect(csrfTokensMatch(token, token)).toBe(true);
    expect(csrfTokensMatch(token, `${token.slice(0, -1)}x`)).toBe(token.endsWith('x'));
    expect(csrfTokensMatch(token, token.slice(1))).toBe(false);
    expect(csrfTokensMatch(token, '')).toBe(false);
    expect(csrfTokensMatch(null, null)).toBe(false);
    expect(csrfTokensMatch('', '')).toBe(false);
  });
});

describe('verifyCsrf', () => {
  it('accepts a same-origin request carrying the browser’s token', () => {
    expect(verifyCsrf(good)).toEqual({ ok: true });
    // a browser without Fetch Metadata: Origin decides
    expect(verifyCsrf({ ...good, secFetchSite: null })).toEqual({ ok: true });
    // a client without either (curl): the token alone
    expect(verifyCsrf({ ...good, secFetchSite: null, origin: null })).toEqual({ ok: true });
  });

  it('refuses requests from other sites even with a token', () => {
    expect(verifyCsrf({ ...good, secFetchSite: 'cross-site' })).toEqual({ ok: false, reason: expect.stringContaining('another site') });
    expect(verifyCsrf({ ...good, secFetchSite: 'same-site' })).toMatchObject({ ok: false });
    expect(verifyCsrf({ ...good, secFetchSite: null, origin: 'https://evil.example' })).toEqual({
      ok: false,
      reason: expect.stringContaining('https://evil.example'),
    });
    expect(verifyCsrf({ ...good, secFetchSite: null, origin: 'null' })).toMatchObject({ ok: false });
  });

  it('refuses a missing or wrong token with a reason saying which', () => {
    expect(verifyCsrf({ ...good, submittedToken: null })).toEqual({ ok: false, reason: expect.stringContaining('CSRF token missing') });
    expect(verifyCsrf({ ...good, cookieToken: null })).toEqual({ ok: false, reason: expect.stringContaining('no security token') });
    expect(verifyCsrf({ ...good, submittedToken: newCsrfToken() })).toEqual({ ok: false, reason: expect.stringContaining('does not match') });
  });
});
