import { Client, types as pgTypes, type CustomTypesConfig } from 'pg';
import { inject } from 'vitest';

const OID = { JSON: 114, JSONB: 3802, NUMERIC: 1700, DATE: 1082 } as const;

/**
 * pg's stock parsing, whatever else ran in this process: booting Strapi (the seed test does, in
 * the test worker) replaces pg's global parsers for JSONB (left as text), NUMERIC (parseFloat)
 * and DATE (text), which would change what every later query of the same worker returns.
 */
const stockTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === OID.JSON || oid === OID.JSONB) return (value: string) => JSON.parse(value) as unknown;
      if (oid === OID.NUMERIC || oid === OID.DATE) return (value: string) => value;
    }
    return pgTypes.getTypeParser(oid, format ?? 'text');
  }) as CustomTypesConfig['getTypeParser'],
};

/** Runs one SQL query against the stack's database (for asserting on rows, not for setup shortcuts). */
export async function sql<T extends Record<string, unknown> = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: inject('databaseUrl'), types: stockTypes });
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
