/**
 * How islands call the site's own endpoints (src/pages/api/...): same-origin JSON with the CSRF
 * token from the page's <meta name="csrf-token">. The session cookie is httpOnly and goes along
 * by itself; no script ever sees it.
 */

export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  /** `details`: the error body's details as the cms gave them (`code`, `field`, …), when there are any. */
  | { ok: false; status: number; message: string; details?: Record<string, unknown> };

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

export async function siteApi<T>(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, init: { keepalive?: boolean } = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      keepalive: init.keepalive,
      headers: {
        accept: 'application/json',
        ...(method !== 'GET' ? { 'content-type': 'application/json', 'x-csrf-token': csrfToken() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: 'The site could not be reached. Check your connection and try again.' };
  }
  return readApiResponse<T>(response);
}

/** Posts a form with files (multipart/form-data) to a site endpoint, with the CSRF header. */
export async function siteUpload<T>(url: string, form: FormData): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'x-csrf-token': csrfToken() },
      body: form,
    });
  } catch {
    return { ok: false, status: 0, message: 'The site could not be reached. Check your connection and try again.' };
  }
  return readApiResponse<T>(response);
}

async function readApiResponse<T>(response: Response): Promise<ApiResult<T>> {
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // an error page rather than JSON
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed as T };
  const error = (parsed as { error?: { message?: string; details?: unknown } } | null)?.error;
  const details = error?.details && typeof error.details === 'object' && !Array.isArray(error.details) ? (error.details as Record<string, unknown>) : undefined;
  return { ok: false, status: response.status, message: error?.message || `The request failed (${response.status}).`, ...(details ? { details } : {}) };
}
