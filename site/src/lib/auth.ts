import type { APIContext, AstroGlobal } from 'astro';
import { encodeFlash, type Flash } from './flash';
import { learner } from './learner';
import { loginHref } from './redirects';
import { CSRF_COOKIE, expiredSiteCookie, FLASH_COOKIE, SESSION_COOKIE, sessionMaxAge, siteCookie, type SessionUser } from './session';
import { newCsrfToken } from './csrf';

type Context = Pick<APIContext, 'cookies' | 'locals'>;

/**
 * Starts a session: the token goes into the httpOnly cookie, and the CSRF token is replaced so
 * one handed out before signing in (perhaps planted) does not carry over into the session.
 */
export function startSession(context: Context, jwt: string, user: SessionUser): void {
  context.cookies.set(SESSION_COOKIE, jwt, siteCookie(sessionMaxAge(jwt)));
  const csrf = newCsrfToken();
  context.cookies.set(CSRF_COOKIE, csrf, siteCookie(sessionMaxAge(jwt)));
  context.locals.user = user;
  context.locals.sessionToken = jwt;
  context.locals.csrfToken = csrf;
}

export function endSession(context: Context): void {
  if (context.locals.sessionToken) learner().forget(context.locals.sessionToken);
  context.cookies.delete(SESSION_COOKIE, expiredSiteCookie());
  context.cookies.delete(CSRF_COOKIE, expiredSiteCookie());
  context.locals.user = null;
  context.locals.sessionToken = null;
  context.locals.csrfToken = null;
}

/** A message for the next page the browser shows. */
export function setFlash(context: Pick<APIContext, 'cookies'>, flash: Flash): void {
  context.cookies.set(FLASH_COOKIE, encodeFlash(flash), siteCookie(120));
}

/** 303 See Other: what a form post answers so that reloading the next page does not post again. */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location } });
}

/** The signed-in learner and their token, or the redirect to the login page that comes back here. */
export function requireLearner(
  context: Pick<AstroGlobal, 'locals' | 'url'>,
): { ok: true; user: SessionUser; token: string } | { ok: false; response: Response } {
  const { user, sessionToken, sessionUnavailable } = context.locals;
  if (sessionUnavailable) throw sessionUnavailable;
  if (user && sessionToken) return { ok: true, user, token: sessionToken };
  return { ok: false, response: seeOther(loginHref(`${context.url.pathname}${context.url.search}`)) };
}

/** Whether the caller wants JSON (an island's fetch) rather than a page (a plain form post). */
export function wantsJson(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** The error body the site's JSON endpoints answer with (the same shape as Strapi's). */
export function jsonError(status: number, message: string): Response {
  return jsonResponse(status, { data: null, error: { status, message } });
}
