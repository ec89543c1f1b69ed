// No vitest import here: the projects' global setups use it, where vitest's inject() cannot be loaded.

/** Logs an admin user in through the real admin API and returns the bearer header's value. */
export async function loginAdmin(baseUrl: string, email: string, password: string): Promise<string> {
  const raw = await fetch(`${baseUrl}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const res = { status: raw.status, body: (await raw.json()) as { data?: { token?: string; accessToken?: string } } };
  const token = res.body.data?.token ?? res.body.data?.accessToken;
  if (res.status !== 200 || !token) throw new Error(`admin login for ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return `Bearer ${token}`;
}
