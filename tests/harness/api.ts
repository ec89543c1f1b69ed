import { inject } from 'vitest';

/** Small HTTP helpers for tests: real requests against the booted cms. */
export function cmsUrl(p: string): string {
  return `${inject('cmsUrl')}${p}`;
}

export async function getJson<T = unknown>(p: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(cmsUrl(p), init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function sendJson<T = unknown>(
  method: string,
  p: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  return getJson<T>(p, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Logs an admin user in through the real admin API and returns the bearer header. */
export async function adminAuth(email: string, password: string, baseUrl?: string): Promise<Record<string, string>> {
  const url = `${baseUrl ?? inject('cmsUrl')}/admin/login`;
  const raw = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const res = { status: raw.status, body: (await raw.json()) as { data?: { token?: string; accessToken?: string } } };
  const token = res.body.data?.token ?? res.body.data?.accessToken;
  if (res.status !== 200 || !token) throw new Error(`admin login for ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { authorization: `Bearer ${token}` };
}
