/**
 * CSRF protection for every state-changing request the site accepts (forms and island fetches):
 * a random per-browser token kept in an httpOnly `__Host-` cookie and echoed in the request (a
 * hidden `_csrf` field or the `X-CSRF-Token` header): another site can neither read it nor, thanks
 * to the prefix, plant its own. The request's Fetch Metadata / Origin headers are checked too.
 * Pure: unit-tested without a server.
 */

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing; everything else must pass {@link verifyCsrf}. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 32 random bytes, base64url. */
export function newCsrfToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Compares without an early exit, so timing does not reveal how much of a guess was right. */
export function csrfTokensMatch(expected: string | null | undefined, submitted: string | null | undefined): boolean {
  if (!expected || !submitted || expected.length !== submitted.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ submitted.charCodeAt(i);
  return difference === 0;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

export interface CsrfEvidence {
  /** The token in the CSRF cookie (what this browser was given). */
  cookieToken: string | null | undefined;
  /** The token the request carries (form field or header). */
  submittedToken: string | null | undefined;
  origin: string | null;
  secFetchSite: string | null;
  /** Origins this site is reached at (SITE_URL and the request's own). */
  allowedOrigins: readonly string[];
}

/**
 * Judges a state-changing request. Browsers that send Fetch Metadata must say `same-origin`
 * (`none` is a user typing the URL); otherwise an `Origin` header must be one of ours; a client
 * sending neither (an old browser, curl) is judged by the token alone, which it must still carry.
 */
export function verifyCsrf(evidence: CsrfEvidence): CsrfVerdict {
  const site = evidence.secFetchSite?.toLowerCase() ?? null;
  if (site && site !== 'same-origin' && site !== 'none') {
    return { ok: false, reason: `the request came from another site (Sec-Fetch-Site: ${site})` };
  }
  if (!site && evidence.origin && !evidence.allowedOrigins.includes(evidence.origin)) {
    return { ok: false, reason: `the request came from another origin (${evidence.origin})` };
  }
  if (!evidence.cookieToken) {
    return { ok: false, reason: 'this browser has no security token for forms yet (cookies may be blocked, or the page is old)' };
  }
  if (!evidence.submittedToken) {
    return { ok: false, reason: 'the request carries no security token (CSRF token missing)' };
  }
  if (!csrfTokensMatch(evidence.cookieToken, evidence.submittedToken)) {
    return { ok: false, reason: 'the security token does not match this browser (the form may be from an earlier session)' };
  }
  return { ok: true };
}
