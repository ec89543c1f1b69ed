/** What a link target is, once it has been judged safe to put in an href. */
export interface SafeLink {
  href: string;
  external: boolean;
}

const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * Accepts http(s), mailto and relative links; anything else (javascript:, data:, vbscript:, ...)
 * gives null. Browsers ignore tabs, newlines and leading control characters in URLs, so those
 * are stripped before the scheme is judged ("java\tscript:" is javascript:).
 */
export function sanitizeLink(raw: string | null | undefined): SafeLink | null {
  if (typeof raw !== 'string') return null;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const href = raw.replace(/[\u0000-\u001F\u007F]/g, '').trim();
  if (!href) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href);
  if (scheme) {
    const protocol = `${scheme[1]?.toLowerCase()}:`;
    if (!ALLOWED_SCHEMES.has(protocol)) return null;
    return { href, external: protocol !== 'mailto:' };
  }
  // A backslash after the first slash is read as "//" by browsers: a protocol-relative URL.
  if (/^[/\\]{2}/.test(href)) return { href: `https:${href.replace(/\\/g, '/')}`, external: true };
  return { href, external: false };
}

/**
 * The URL a browser should load a cms media file from. Files of the local upload provider come
 * back as "/uploads/..." and live on the cms, so they get its public URL in front; absolute
 * http(s) URLs (S3, CDN) are kept; anything else is refused.
 */
export function mediaUrl(url: string | null | undefined, publicCmsUrl: string): string | null {
  if (!url) return null;
  if (url.startsWith('/') && !url.startsWith('//')) return `${publicCmsUrl.replace(/\/+$/, '')}${url}`;
  if (/^https?:\/\//i.test(url)) return url;
  return null;
}
