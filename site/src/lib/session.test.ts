import { describe, expect, it } from 'vitest';
import { expiredSiteCookie, insecureSiteProblem, isLoopbackHost, sessionMaxAge, siteCookie, SESSION_MAX_AGE_SECONDS, toSessionUser } from './session';

const jwtWith = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('session cookie', () => {
  it('is httpOnly, Secure, SameSite=Lax and on / with the given lifetime', () => {
    expect(siteCookie(60)).toEqual({ httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 60 });
    expect(siteCookie()).not.toHaveProperty('maxAge');
    expect(expiredSiteCookie()).toEqual({ httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
  });

  it('lives as long as the token in it', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(sessionMaxAge(jwtWith({ id: 1, exp: now / 1000 + 3600 }), now)).toBe(3600);
    // never longer than the cms issues tokens for, never negative
    expect(sessionMaxAge(jwtWith({ exp: now / 1000 + 10 * SESSION_MAX_AGE_SECONDS }), now)).toBe(SESSION_MAX_AGE_SECONDS);
    expect(sessionMaxAge(jwtWith({ exp: now / 1000 - 5 }), now)).toBe(0);
    expect(sessionMaxAge('not-a-jwt', now)).toBe(SESSION_MAX_AGE_SECONDS);
    expect(sessionMaxAge(jwtWith({ id: 1 }), now)).toBe(SESSION_MAX_AGE_SECONDS);
  });
});

describe('toSessionUser', () => {
  it('keeps what pages show and nothing else', () => {
    expect(toSessionUser({ id: 3, documentId: 'abc', email: 'a@b.c', username: 'a@b.c', password: 'x', resetPasswordToken: 'y' })).toEqual({
      id: 3,
      documentId: 'abc',
      email: 'a@b.c',
      username: 'a@b.c',
    });
    expect(toSessionUser({ id: 3, email: 'a@b.c' })).toEqual({ id: 3, documentId: null, email: 'a@b.c', username: 'a@b.c' });
    expect(toSessionUser({ email: 'a@b.c' })).toBeNull();
    expect(toSessionUser(null)).toBeNull();
  });
});

describe('insecureSiteProblem', () => {
  it('accepts https and plain http on loopback hosts, where browsers keep Secure cookies', () => {
    for (const url of ['https://learn.example.org', 'http://localhost:4321', 'http://127.0.0.1:4321', 'http://[::1]:4321', 'http://app.localhost']) {
      expect(insecureSiteProblem(url), url).toBeNull();
    }
  });

  it('explains why sign-in cannot work on plain http elsewhere', () => {
    expect(insecureSiteProblem('http://192.168.1.20:4321')).toMatch(/^SITE_URL http:\/\/192\.168\.1\.20:4321 is plain http/);
    expect(isLoopbackHost('127.0.0.1.example.com')).toBe(false);
  });
});
