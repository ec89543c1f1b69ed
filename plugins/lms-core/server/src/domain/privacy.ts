import { createHmac } from 'node:crypto';
import { toCsv, type CsvValue } from './csv';
import type { ZipEntry } from './zip';

/**
 * Pure rules of learners' data rights (export and erasure); the orchestration is in
 * services/privacy.ts, each plugin's part in its own server/src/privacy.ts.
 */

export type ExportRow = Record<string, unknown>;
export interface ProviderExport {
  tables: Record<string, ExportRow[]>;
}

/** An export may be asked for once per this many minutes per learner (it is an expensive job). */
export const EXPORT_COOLDOWN_MINUTES = 10;
/** A ready archive stays downloadable this long, then the file is removed. */
export const EXPORT_RETENTION_DAYS = 7;
/** Signed links to a ready archive live this long (the page hands out a fresh one each visit). */
export const EXPORT_LINK_SECONDS = 3600;

const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * The stable anonymous reference left where a record must survive (ledger, payments):
 * `erased:<16 hex>`, an HMAC of the user id under the platform's secret, so the same person
 * always maps to the same reference but it cannot be reversed without the secret.
 */
export function anonymousReference(userId: number, secret: string): string {
  return `erased:${createHmac('sha256', secret).update(`lms-privacy:erased-user:${userId}`).digest('hex').slice(0, 16)}`;
}

/** The values an erased users-permissions account keeps (unique, obviously not a person). */
export function anonymousIdentity(reference: string): { username: string; email: string } {
  const tag = reference.slice('erased:'.length);
  return { username: `erased-${tag}`, email: `erased-${tag}@erased.invalid` };
}

function cell(value: unknown): CsvValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/** One CSV per table: the header is the union of the rows' keys, in first-seen order. */
export function tableToCsv(rows: readonly ExportRow[]): string {
  const header: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (seen.has(key)) continue;
      seen.add(key);
      header.push(key);
    }
  }
  return toCsv(header, rows.map((row) => header.map((h) => cell(row[h]))));
}

/**
 * The archive's files: `data.json` (everything, by provider and table), `README.txt`, and
 * `csv/<provider>.<table>.csv` for each table. Provider and table names are checked, so a
 * provider cannot write outside its own files.
 */
export function archiveEntries(meta: { userId: number; generatedAt: Date }, exports: ReadonlyMap<string, ProviderExport>): ZipEntry[] {
  const data: Record<string, Record<string, ExportRow[]>> = {};
  const csvs: ZipEntry[] = [];
  for (const [provider, { tables }] of exports) {
    if (!TABLE_NAME.test(provider.replace(/-/g, '_'))) throw new Error(`privacy provider name ${JSON.stringify(provider)} is not valid`);
    data[provider] = {};
    for (const [table, rows] of Object.entries(tables)) {
      if (!TABLE_NAME.test(table)) throw new Error(`privacy provider ${provider}: table name ${JSON.stringify(table)} is not valid`);
      data[provider][table] = rows;
      csvs.push({ name: `csv/${provider}.${table}.csv`, data: tableToCsv(rows) });
    }
  }
  const readme = [
    'Your data on this learning platform',
    `Account id ${meta.userId}, generated ${meta.generatedAt.toISOString()}.`,
    '',
    'data.json holds everything, grouped by the part of the platform that keeps it.',
    'csv/ holds the same records, one CSV file per table (UTF-8, comma-separated, RFC 4180).',
    '',
  ].join('\n');
  return [
    { name: 'README.txt', data: readme },
    { name: 'data.json', data: JSON.stringify({ userId: meta.userId, generatedAt: meta.generatedAt.toISOString(), data }, jsonReplacer, 2) },
    ...csvs,
  ];
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** When a learner may ask for the next export, or null when now. */
export function nextExportAllowedAt(lastRequestedAt: Date | null, now: Date): Date | null {
  if (!lastRequestedAt) return null;
  const next = new Date(lastRequestedAt.getTime() + EXPORT_COOLDOWN_MINUTES * 60_000);
  return next > now ? next : null;
}
