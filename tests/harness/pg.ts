import { Client } from 'pg';
import { inject } from 'vitest';

/** Runs one SQL query against the stack's database (for asserting on rows, not for setup shortcuts). */
export async function sql<T extends Record<string, unknown> = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The seeded admin users holding the Instructor role, oldest first. */
export async function instructorAdmins(): Promise<Array<{ id: number; email: string }>> {
  return sql<{ id: number; email: string }>(
    `SELECT u.id, u.email FROM admin_users u
       JOIN admin_users_roles_lnk l ON l.user_id = u.id
       JOIN admin_roles r ON r.id = l.role_id
      WHERE r.code = 'lms-instructor'
      ORDER BY u.id`,
  );
}
