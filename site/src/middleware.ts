import { defineMiddleware, sequence } from 'astro:middleware';
import { CmsUnavailableError } from './lib/cms-http';
import { siteConfig } from './lib/config';
import { CSRF_FIELD, CSRF_HEADER, newCsrfToken, SAFE_METHODS, verifyCsrf } from './lib/csrf';
import { decodeFlash } from './lib/flash';
import { learner } from './lib/learner';
import {
  CSRF_COOKIE,
  expiredSiteCookie,
  FLASH_COOKIE,
  insecureSiteProblem,
  SESSION_COOKIE,
  SESSION_MAX_AGE_SECONDS,
  siteCookie,
  type SessionUser,
} from './lib/session';

/** Pages whose forms anonymous visitors post (everything else with a form needs a session). */
const ANONYMOUS_FORM_PAGES = new Set(['/login', '/register', '/forgot-password', '/reset-password']);

/** Whether the client takes gzip (a q=0 entry refuses it). */
function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== 'gzip' && name?.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** The token a state-changing request carries: the X-CSRF-Token header (islands) or the `_csrf` field (forms). */
async function submittedCsrfToken(request: Request): Promise<string | null> {
  const header = request.headers.get(CSRF_HEADER);
  if (header) return header;
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return null;
  try {
    // A clone, so the page or endpoint can still read the body.
    const value = (await request.clone().formData()).get(CSRF_FIELD);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

let insecureSiteChecked = false;

/**
 * Who is asking, and may they change anything: resolves the session cookie to a learner, issues
 * the CSRF token pages put in their forms, refuses state-changing requests that fail the CSRF
 * check (403 with the reason, as a page or as JSON), and hands the one-shot flash to the page.
 */
const session = defineMiddleware(async (context, next) => {
  const { cookies, locals, request, url } = context;
  if (!insecureSiteChecked) {
    insecureSiteChecked = true;
    const problem = insecureSiteProblem(siteConfig().siteUrl);
    if (problem) console.warn(`site: ${problem}`);
  }
  locals.user = null;
  locals.sessionToken = null;
  locals.flash = null;

  const token = cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    let user: SessionUser | null = null;
    try {
      user = await learner().whoIs(token);
    } catch (error) {
      // The cms is down: render as signed out, and let pages that need the learner fail with 503.
      if (!(error instanceof CmsUnavailableError)) throw error;
      locals.sessionUnavailable = error;
    }
    if (user) {
      locals.user = user;
      locals.sessionToken = token;
    } else if (!locals.sessionUnavailable) {
      // Expired or revoked: forget it rather than asking the cms on every page.
      cookies.delete(SESSION_COOKIE, expiredSiteCookie());
    }
  }

  let csrf = cookies.get(CSRF_COOKIE)?.value ?? null;
  if (!SAFE_METHODS.has(request.method)) {
    const siteOrigin = new URL(siteConfig().siteUrl).origin;
    const verdict = verifyCsrf({
      cookieToken: csrf,
      submittedToken: await submittedCsrfToken(request),
      origin: request.headers.get('origin'),
      secFetchSite: request.headers.get('sec-fetch-site'),
      allowedOrigins: [siteOrigin, url.origin],
    });
    if (!verdict.ok) {
      const message = `Refused: ${verdict.reason}. Reload the page and try again.`;
      const accept = request.headers.get('accept') ?? '';
      if (accept.includes('application/json') || (request.headers.get('content-type') ?? '').startsWith('application/json')) {
        return new Response(JSON.stringify({ data: null, error: { status: 403, message } }), {
          status: 403,
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
        });
      }
      locals.csrfRejection = message;
      locals.csrfToken = csrf;
      const page = await next('/403');
      return new Response(page.body, { status: 403, statusText: 'Forbidden', headers: page.headers });
    }
  }
  if (!csrf && (locals.user || ANONYMOUS_FORM_PAGES.has(url.pathname.replace(/\/+$/, '')))) {
    csrf = newCsrfToken();
    cookies.set(CSRF_COOKIE, csrf, siteCookie(SESSION_MAX_AGE_SECONDS));
  }
  locals.csrfToken = csrf;

  if (request.method === 'GET' && !url.pathname.startsWith('/api/')) {
    const flash = cookies.get(FLASH_COOKIE)?.value;
    if (flash) {
      locals.flash = decodeFlash(flash);
      cookies.delete(FLASH_COOKIE, expiredSiteCookie());
    }
  }

  const response = await next();
  if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
    // A page shows who is signed in, so one learner's copy must never be served to another.
    response.headers.append('Vary', 'Cookie');
    if (locals.user || locals.flash || !SAFE_METHODS.has(request.method)) response.headers.set('Cache-Control', 'private, no-store');
  }
  return response;
});

/**
 * Every page: 503 for an unreachable cms, baseline security headers, and gzip for HTML.
 * server.mjs runs Astro's handler as plain node middleware with no compression of its own,
 * and HTML is most of what a visitor downloads (the pages ship little or no JavaScript).
 */
const delivery = defineMiddleware(async (context, next) => {
  let response = await next();
  // Astro pins the status of src/pages/500.astro to 500; an unreachable cms is a 503.
  if (context.locals.serviceUnavailable && response.status === 500) {
    response = new Response(response.body, { status: 503, statusText: 'Service Unavailable', headers: response.headers });
  }
  response.headers.set('X-Content-Type-Options', 'nosniff');
  if (!response.headers.has('Referrer-Policy')) response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');

  const type = response.headers.get('content-type') ?? '';
  if (type === 'text/html') response.headers.set('Content-Type', 'text/html; charset=utf-8');
  if (
    !response.body ||
    context.request.method === 'HEAD' ||
    !type.startsWith('text/html') ||
    response.headers.has('content-encoding') ||
    !acceptsGzip(context.request.headers.get('accept-encoding'))
  ) {
    return response;
  }
  const headers = new Headers(response.headers);
  headers.set('Content-Encoding', 'gzip');
  headers.append('Vary', 'Accept-Encoding');
  headers.delete('Content-Length');
  return new Response(response.body.pipeThrough(new CompressionStream('gzip')), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
});

export const onRequest = sequence(delivery, session);
