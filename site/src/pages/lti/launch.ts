import type { APIRoute } from 'astro';
import { createCmsHttp } from '../../lib/cms-http';
import { siteConfig } from '../../lib/config';
import { newCsrfToken } from '../../lib/csrf';
import { CSRF_COOKIE, SESSION_COOKIE, sessionMaxAge } from '../../lib/session';

/**
 * /lti/launch?token=…: where an LTI launch hands the learner over (plugins/lms-lti, decision 030).
 * The cms verified the launch and provisioned the learner; the one-time token (2 minutes, used
 * once) is redeemed here for the learner's JWT, which goes into the usual session cookie, and the
 * browser goes on to the lesson.
 *
 * The page usually runs inside the platform's iframe, a third-party context where SameSite=Lax
 * cookies are never sent: the session and CSRF cookies set here are SameSite=None and
 * Partitioned (CHIPS: kept per top-level site, so browsers that block third-party cookies still
 * keep them, and they never leak into the learner's own top-level sessions), still httpOnly,
 * Secure and __Host-. CSRF checks (token + Fetch Metadata) guard every state change exactly as
 * for Lax cookies.
 */
export const GET: APIRoute = async (context) => {
  const token = context.url.searchParams.get('token') ?? '';
  const noStore = { 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8' };
  const problem = (status: number, message: string) =>
    new Response(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Launch failed</title></head><body><main><h1>This launch could not be completed</h1><p role="alert">${message}</p><p>Open the activity again from your course.</p></main></body></html>`,
      { status, headers: noStore },
    );
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return problem(400, 'The launch link is incomplete.');

  const { cmsUrl, internalSecret } = siteConfig();
  const outcome = await createCmsHttp({ baseUrl: cmsUrl, internalSecret })<{ jwt: string; path: string }>('POST', '/api/lms-lti/handoff', { body: { token } });
  if (!outcome.ok) return problem(outcome.status === 400 ? 400 : 502, 'This launch link has expired or was already used.');
  const { jwt, path } = outcome.body;
  // Only a path on this site (never //host or a scheme): the cms built it, but a redirect is a redirect.
  const target = typeof path === 'string' && /^\/(?![/\\])/.test(path) ? path : '/dashboard';

  const cookie = { httpOnly: true, secure: true, sameSite: 'none' as const, partitioned: true, path: '/', maxAge: sessionMaxAge(jwt) };
  context.cookies.set(SESSION_COOKIE, jwt, cookie);
  context.cookies.set(CSRF_COOKIE, newCsrfToken(), cookie);
  return new Response(null, { status: 303, headers: { Location: target, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } });
};
