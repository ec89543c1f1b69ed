/**
 * The tool's outgoing HTTP to platforms (JWKS, token endpoint, AGS, NRPS, LTI 1.1 outcomes):
 * a timeout and a size limit on every call, and errors that say which platform URL failed.
 */
const TIMEOUT_MS = 10_000;
const MAX_BYTES = 2 * 1024 * 1024;

export class PlatformHttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformHttpError';
  }
}

export interface PlatformResponse {
  status: number;
  headers: Headers;
  text: string;
}

export async function platformRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PlatformResponse> {
  let res: Response;
  try {
    res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new PlatformHttpError(url, null, `${init.method ?? 'GET'} ${url} failed: ${(error as Error).message}`);
  }
  const buffer = Buffer.from(await res.arrayBuffer());
  if (buffer.length > MAX_BYTES) throw new PlatformHttpError(url, res.status, `${url} answered with more than ${MAX_BYTES} bytes`);
  return { status: res.status, headers: res.headers, text: buffer.toString('utf8') };
}

/** GET/POST expecting a 2xx JSON answer. */
export async function platformJson(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ json: unknown; headers: Headers; status: number }> {
  const res = await platformRequest(url, init);
  if (res.status < 200 || res.status >= 300) {
    throw new PlatformHttpError(url, res.status, `${init.method ?? 'GET'} ${url} answered ${res.status}: ${res.text.slice(0, 300)}`);
  }
  try {
    return { json: res.text === '' ? null : JSON.parse(res.text), headers: res.headers, status: res.status };
  } catch {
    throw new PlatformHttpError(url, res.status, `${url} did not answer with JSON`);
  }
}

/** The JWKS fetcher of the platform key cache (which turns a failure into `jwks-unavailable`). */
export async function fetchJwks(url: string): Promise<unknown> {
  return (await platformJson(url, { headers: { accept: 'application/json' } })).json;
}
