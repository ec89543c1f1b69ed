/**
 * The one way the site server calls the cms over HTTP: JSON in and out, a timeout, an optional
 * learner token, and the cms's failures sorted into "unavailable" (network, timeout, 5xx, a body
 * that is not JSON: pages answer 503) and "refused" (a 4xx with Strapi's error message, which the
 * caller decides about).
 */

/** The cms could not be reached, timed out or failed (5xx): pages answer 503. */
export class CmsUnavailableError extends Error {
  override readonly name = 'CmsUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The cms refused a request the site made (a 4xx the page has no answer for): a bug, so 500. */
export class CmsRequestError extends Error {
  override readonly name = 'CmsRequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Outcome<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; message: string; details: unknown };

export interface CmsHttpOptions {
  /** Where the site server reaches the cms, e.g. http://127.0.0.1:1337. */
  baseUrl: string;
  /**
   * LMS_INTERNAL_SECRET. With it, a call that names the learner's address sends it to the cms
   * (X-LMS-Client-IP) together with this proof that the site is asking (X-LMS-Internal-Secret),
   * so the cms rate-limits sign-ins per learner. Unset: neither header is sent.
   */
  internalSecret?: string | null;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CmsCall {
  /** A users-permissions JWT, sent as `Authorization: Bearer`. */
  token?: string | null;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data instead of `body` (fetch writes the boundary). */
  form?: FormData;
  /** Overrides the client's timeout for this call (uploads take longer). */
  timeoutMs?: number;
  /** The learner's address (Astro's `clientAddress`), for the cms's per-address rate limits. */
  clientAddress?: string | null;
  /**
   * Hand back a 5xx that carries Strapi's error body instead of throwing: for routes whose 5xx
   * says something the learner should read (a payment provider that refused, 502).
   */
  serverErrorsAsOutcome?: boolean;
}

interface StrapiErrorBody {
  error?: { message?: unknown; details?: unknown };
}

export function createCmsHttp(options: CmsHttpOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 8000;

  return async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, call: CmsCall = {}): Promise<Outcome<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    if (call.body !== undefined && !call.form) headers['content-type'] = 'application/json';
    const vouching = Boolean(call.clientAddress && options.internalSecret);
    if (vouching) {
      headers['x-lms-client-ip'] = String(call.clientAddress);
      headers['x-lms-internal-secret'] = String(options.internalSecret);
    }
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: call.form ?? (call.body === undefined ? undefined : JSON.stringify(call.body)),
        // fetch would carry the secret along a redirect, to whatever host it names.
        redirect: vouching ? 'error' : 'follow',
        signal: AbortSignal.timeout(call.timeoutMs ?? timeoutMs),
      });
    } catch (error) {
      throw new CmsUnavailableError(`cms at ${baseUrl} did not answer ${method} ${path}: ${String(error)}`, { cause: error });
    }
    if (response.status >= 500 && !call.serverErrorsAsOutcome) {
      throw new CmsUnavailableError(`cms answered ${method} ${path} with ${response.status}`);
    }
    let body: unknown = null;
    const text = await response.text();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (error) {
        // Strapi's rate limiter answers 429 in plain text; other non-JSON bodies mean something is wrong.
        if (response.status !== 429) {
          throw new CmsUnavailableError(`cms answered ${method} ${path} with a body that is not JSON`, { cause: error });
        }
      }
    }
    if (response.status >= 500 && !(body as StrapiErrorBody | null)?.error) {
      throw new CmsUnavailableError(`cms answered ${method} ${path} with ${response.status}`);
    }
    if (response.ok) return { ok: true, status: response.status, body: body as T };
    const error = (body as StrapiErrorBody | null)?.error;
    const message = typeof error?.message === 'string' && error.message ? error.message : text.slice(0, 200) || response.statusText;
    return { ok: false, status: response.status, message, details: error?.details ?? null };
  };
}

export type CmsRequest = ReturnType<typeof createCmsHttp>;
