const ORIGIN = 'http://site.invalid';

/**
 * A path on this site to send the visitor to after signing in (`?next=`), or the fallback.
 * Only same-site paths: "//evil.example", "/\\evil.example", "https://..." and "javascript:"
 * all fall back, so the parameter cannot be used to bounce a learner to another site.
 */
export function safeNextPath(raw: string | null | undefined, fallback = '/dashboard'): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.length > 2000) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are what is being refused
  if (/^\/[/\\]/.test(raw) || /[\u0000-\u001F\u007F\\]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/login?next=...` for a page that needs a signed-in learner. */
export function loginHref(next: string): string {
  const path = safeNextPath(next, '');
  return path && path !== '/' ? `/login?next=${encodeURIComponent(path)}` : '/login';
}
