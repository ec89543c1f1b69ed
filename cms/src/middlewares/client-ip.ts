import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import type { Core } from '@strapi/strapi';
import { lmsConfig } from '../lms-config';

/**
 * `global::client-ip`: the site server calls the cms on the learner's behalf, so every sign-in
 * arrives from the site's own address and users-permissions' per-IP rate limit would be shared by
 * all learners. The site names the learner's address in X-LMS-Client-IP and proves it is the site
 * with X-LMS-Internal-Secret (LMS_INTERNAL_SECRET); only then does `ctx.request.ip` become that
 * address. Both headers are removed before anything else runs, so no later middleware, log or
 * handler sees the secret. See docs/decisions/013-forwarded-learner-address.md.
 */

export const CLIENT_IP_HEADER = 'x-lms-client-ip';
export const INTERNAL_SECRET_HEADER = 'x-lms-internal-secret';

const WARN_INTERVAL_MS = 60_000;

export type ClientIpDecision =
  /** Nothing was forwarded: the peer's address stands. */
  | { kind: 'peer' }
  /** The site vouched for this address (canonical form). */
  | { kind: 'forwarded'; ip: string }
  /** Something was forwarded but is not trusted or not usable: the peer's address stands. */
  | { kind: 'ignored'; reason: string };

const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest();

/**
 * Constant-time comparison. Hashing first gives timingSafeEqual the equal-length buffers it
 * needs without revealing the configured secret's length through an early length check.
 */
export function secretMatches(given: string, expected: string): boolean {
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

/**
 * The address in one canonical spelling (so one learner cannot appear as several rate-limit
 * keys): IPv4 as is, IPv4-mapped IPv6 (`::ffff:203.0.113.7`) as the IPv4 address, other IPv6
 * compressed and lower-cased. null when it is not an IP address (zone ids such as `%eth0` count
 * as not: no learner reaches us from a link-local scope).
 */
export function canonicalIp(value: string): string | null {
  const ip = value.trim();
  const family = net.isIP(ip);
  if (family === 4) return ip;
  if (family !== 6) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1] && net.isIP(mapped[1]) === 4) return mapped[1];
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/** One header value; a repeated header is not something the site sends, so it is refused. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * What to do with the forwarded address of one request. Pure: the caller applies it.
 * @param configuredSecret LMS_INTERNAL_SECRET, or null when the cms has none.
 */
export function decideClientIp(headers: IncomingHttpHeaders, configuredSecret: string | null): ClientIpDecision {
  const forwarded = single(headers[CLIENT_IP_HEADER]);
  const secret = single(headers[INTERNAL_SECRET_HEADER]);
  if (forwarded === undefined && secret === undefined) return { kind: 'peer' };
  if (forwarded === undefined) return { kind: 'ignored', reason: 'X-LMS-Internal-Secret came without X-LMS-Client-IP' };
  if (secret === undefined) return { kind: 'ignored', reason: 'X-LMS-Client-IP came without X-LMS-Internal-Secret' };
  if (configuredSecret === null) {
    return { kind: 'ignored', reason: 'LMS_INTERNAL_SECRET is not set on the cms; set the same value as on the site' };
  }
  if (!secretMatches(secret, configuredSecret)) {
    return { kind: 'ignored', reason: 'X-LMS-Internal-Secret does not match LMS_INTERNAL_SECRET (the site and the cms must share one value)' };
  }
  const ip = canonicalIp(forwarded);
  // Only the real site gets this far, so showing its (shortened) value helps find its bug.
  if (ip === null) return { kind: 'ignored', reason: `X-LMS-Client-IP ${JSON.stringify(forwarded.slice(0, 64))} is not an IP address` };
  return { kind: 'forwarded', ip };
}

/** The parts of Koa's context this middleware touches. */
export interface ClientIpContext {
  request: { ip: string; headers: IncomingHttpHeaders };
  req: { rawHeaders: string[] };
}

/** Removes both headers, from the parsed headers and from the raw list Node keeps beside them. */
function removeForwardingHeaders(ctx: ClientIpContext): void {
  delete ctx.request.headers[CLIENT_IP_HEADER];
  delete ctx.request.headers[INTERNAL_SECRET_HEADER];
  const raw = ctx.req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    const name = raw[i]?.toLowerCase();
    if (name === CLIENT_IP_HEADER || name === INTERNAL_SECRET_HEADER) raw.splice(i, 2);
  }
}

export interface ClientIpOptions {
  secret: string | null;
  warn: (message: string) => void;
  now?: () => number;
}

/** The middleware itself, with its settings passed in (the Strapi factory below reads them). */
export function createClientIpMiddleware({ secret, warn, now = Date.now }: ClientIpOptions) {
  // A wrong secret is an operator's mistake or someone probing: say so, but at most once a
  // minute, so that a flood of requests cannot flood the log.
  let lastWarning = -Infinity;
  let suppressed = 0;
  const warnThrottled = (message: string) => {
    const at = now();
    if (at - lastWarning < WARN_INTERVAL_MS) {
      suppressed += 1;
      return;
    }
    const more = suppressed ? ` (${suppressed} more since the last warning)` : '';
    lastWarning = at;
    suppressed = 0;
    warn(`${message}${more}`);
  };

  return async (ctx: ClientIpContext, next: () => Promise<unknown>) => {
    const decision = decideClientIp(ctx.request.headers, secret);
    removeForwardingHeaders(ctx);
    if (decision.kind === 'forwarded') {
      ctx.request.ip = decision.ip;
    } else if (decision.kind === 'ignored') {
      // Not a 4xx: the request still works, limited by the peer's address as before.
      warnThrottled(
        `client-ip: ignored the forwarded client address of a request from ${JSON.stringify(ctx.request.ip)}: ${decision.reason}; rate limits use the peer's address`,
      );
    }
    await next();
  };
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const { internalSecret } = lmsConfig();
  if (internalSecret === null) {
    strapi.log.warn(
      'LMS_INTERNAL_SECRET is not set: the cms cannot tell learners apart behind the site, so all sign-ins through the site share one rate limit (`npm run up` generates one into .env)',
    );
  }
  return createClientIpMiddleware({ secret: internalSecret, warn: (message) => strapi.log.warn(message) });
};
