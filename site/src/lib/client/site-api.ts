/**
 * How islands call the site's own endpoints (src/pages/api/...): same-origin JSON with the CSRF
 * token from the page's <meta name="csrf-token">. The session cookie is httpOnly and goes along
 * by itself; no script ever sees it.
 */

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; message: string };

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

export async function siteApi<T>(method: 'GET' | 'POST', url: string, body?: unknown, init: { keepalive?: boolean } = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      keepalive: init.keepalive,
      headers: {
        accept: 'application/json',
        ...(method === 'POST' ? { 'content-type': 'application/json', 'x-csrf-token': csrfToken() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: 'The site could not be reached. Check your connection and try again.' };
  }
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // an error page rather than JSON
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed as T };
  const message = (parsed as { error?: { message?: string } } | null)?.error?.message;
  return { ok: false, status: response.status, message: message || `The request failed (${response.status}).` };
}
