import { adminAuth, getJson, sendJson } from './api';

/** An admin user created by a test, with its password and logged-in bearer header. */
export interface AdminUser {
  id: number;
  email: string;
  password: string;
  auth: Record<string, string>;
}

export const INSTRUCTOR_PASSWORD = 'Instructor-Pass-2026!';

/**
 * A new admin user with the Instructor role, registered through the invitation as a person would
 * be (email `<label>-<run>@example.com`), then logged in.
 */
export async function createInstructor(admin: Record<string, string>, label: string, run: string): Promise<AdminUser> {
  const roles = await getJson<{ data: Array<{ id: number; code: string }> }>('/admin/roles', { headers: admin });
  const role = roles.body.data.find((r) => r.code === 'lms-instructor');
  if (!role) throw new Error('no Instructor admin role');
  const email = `${label}-${run}@example.com`;
  const created = await sendJson<{ data: { id: number; registrationToken: string } }>('POST', '/admin/users', { firstname: label, lastname: 'Teacher', email, roles: [role.id] }, admin);
  if (created.status !== 201) throw new Error(`create admin ${email}: ${created.status} ${JSON.stringify(created.body)}`);
  const password = INSTRUCTOR_PASSWORD;
  const registered = await sendJson('POST', '/admin/register', { registrationToken: created.body.data.registrationToken, userInfo: { firstname: label, lastname: 'Teacher', password } });
  if (registered.status !== 200) throw new Error(`register admin ${email}: ${registered.status} ${JSON.stringify(registered.body)}`);
  return { id: created.body.data.id, email, password, auth: await adminAuth(email, password) };
}
