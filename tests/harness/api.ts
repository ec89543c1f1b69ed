import { inject } from 'vitest';
import { loginAdmin } from './admin-login';

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

/**
 * The bearer header of an admin user. The seeded super admin of the shared stack was logged in
 * once by the project's global setup: Strapi rate-limits admin logins per email and address, and
 * many test files act as that admin.
 */
export async function adminAuth(email: string, password: string, baseUrl?: string): Promise<Record<string, string>> {
  const url = baseUrl ?? inject('cmsUrl');
  if (email === inject('adminEmail') && url === inject('cmsUrl')) return { authorization: inject('adminAuthorization') };
  // Other admins (instructors) once per test file and password.
  const key = `${url} ${email} ${password}`;
  let login = adminLogins.get(key);
  if (!login) {
    login = loginAdmin(url, email, password);
    adminLogins.set(key, login);
    login.catch(() => adminLogins.delete(key));
  }
  return { authorization: await login };
}

const adminLogins = new Map<string, Promise<string>>();
