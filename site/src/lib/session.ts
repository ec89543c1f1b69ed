/**
 * The learner's session as the site keeps it: the users-permissions JWT in a cookie that page
 * scripts cannot read (httpOnly), that travels only over TLS or to localhost (Secure), and that
 * other sites' forms and fetches do not carry (SameSite=Lax). The `__Host-` prefix makes the
 * browser refuse the cookie unless it is Secure, host-only and on `/`, so a sibling sub-domain
 * cannot plant one. Pure: no Astro imports, so it is unit-tested as is.
 */

export const SESSION_COOKIE = '__Host-lms_session';
/** The per-browser CSRF secret (double-submit: forms and island requests echo it back). */
export const CSRF_COOKIE = '__Host-lms_csrf';
/** A one-shot message for the next page ("Lesson marked complete"). */
export const FLASH_COOKIE = '__Host-lms_flash';

/** The cms issues learner tokens for 7 days (cms/config/plugins.ts, users-permissions jwt.expiresIn). */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export interface SiteCookieOptions {
  httpOnly: true;
  secure: true;
  /**
   * Lax, not Strict: a learner coming back from Stripe Checkout or following a link in an email
   * is a top-level navigation from another site and must arrive signed in. Cross-site POSTs and
   * fetches still go without the cookie, and CSRF tokens guard every state change anyway.
   */
  sameSite: 'lax';
  path: '/';
  maxAge?: number;
}

export function siteCookie(maxAgeSeconds?: number): SiteCookieOptions {
  return { httpOnly: true, secure: true, sameSite: 'lax', path: '/', ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}) };
}

/** The same attributes without a lifetime: a `__Host-` cookie is only removed by a Set-Cookie that repeats them. */
export function expiredSiteCookie(): Omit<SiteCookieOptions, 'maxAge'> {
  const { maxAge: _maxAge, ...rest } = siteCookie();
  return rest;
}

/**
 * Seconds until a JWT's `exp`, so the cookie dies with the token it holds. Falls back to the
 * configured lifetime when the token has no readable `exp` (the cms still verifies it on use;
 * this only sizes the cookie). Never below 0.
 */
export function sessionMaxAge(jwt: string, nowMs: number = Date.now()): number {
  const payload = jwt.split('.')[1];
  if (payload) {
    try {
      const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
      if (typeof json.exp === 'number' && Number.isFinite(json.exp)) {
        return Math.max(0, Math.min(SESSION_MAX_AGE_SECONDS, Math.floor(json.exp - nowMs / 1000)));
      }
    } catch {
      // not a JWT payload we can read
    }
  }
  return SESSION_MAX_AGE_SECONDS;
}

/** The signed-in learner as pages see it (never the token). */
export interface SessionUser {
  id: number;
  documentId: string | null;
  email: string;
  username: string;
}

/** What users-permissions' `/api/users/me` and login answers hold that the site uses. */
export function toSessionUser(raw: unknown): SessionUser | null {
  if (!raw || typeof raw !== 'object') return null;
  const user = raw as Record<string, unknown>;
  if (typeof user.id !== 'number' || typeof user.email !== 'string') return null;
  return {
    id: user.id,
    documentId: typeof user.documentId === 'string' ? user.documentId : null,
    email: user.email,
    username: typeof user.username === 'string' ? user.username : user.email,
  };
}

/** True for hosts a browser accepts Secure cookies from over plain http (localhost and loopback addresses). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Why the browser would drop the session cookie at this site URL, or null when it keeps it:
 * Secure cookies need https, except on localhost and loopback addresses.
 */
export function insecureSiteProblem(siteUrl: string): string | null {
  const url = new URL(siteUrl);
  if (url.protocol === 'https:' || isLoopbackHost(url.hostname)) return null;
  return `SITE_URL ${url.origin} is plain http on a host other than localhost: browsers refuse the Secure session cookie there, so nobody can stay signed in. Serve the site over https (or use localhost).`;
}
