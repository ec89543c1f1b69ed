// Plain JavaScript: site/server.mjs (run by node, not built by Astro) imports it.
import net from 'node:net';

/**
 * The X-Forwarded-For value Astro may see, or undefined to remove the header.
 *
 * Astro's node adapter takes `clientAddress` from the FIRST X-Forwarded-For entry whenever the
 * header is present, and anyone can send one: a learner could then name a new address on every
 * request, and the site would pass it on to the cms's sign-in rate limits (X-LMS-Client-IP),
 * escaping them. So only the entry our own front proxy appended, the LAST one, is kept, and
 * only when the site runs behind one (the same rule as the cms's `proxy` setting: production);
 * otherwise the header goes and `clientAddress` is the socket's peer. Behind two proxies the
 * last entry is the outer proxy's address: learners then share its limit, which fails safe.
 *
 * @param {string | string[] | undefined} header the request's X-Forwarded-For
 * @param {{ behindProxy: boolean }} options
 * @returns {string | undefined}
 */
export function trustedForwardedFor(header, { behindProxy }) {
  if (!behindProxy || header === undefined) return undefined;
  const hops = (Array.isArray(header) ? header.join(',') : header).split(',');
  const last = hops[hops.length - 1]?.trim() ?? '';
  return net.isIP(last) ? last : undefined;
}
