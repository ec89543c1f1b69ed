import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * Small helpers that let one query run on PostgreSQL and SQLite. Every LMS plugin that owns
 * tables needs the same ones, so they are part of lms-core's public API.
 */

export function isPostgres(knex: Knex): boolean {
  return (knex.client as { dialect?: string }).dialect === 'postgresql';
}

/** A unique or primary-key violation on PostgreSQL (23505) or SQLite (SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A JSON column value: PostgreSQL returns it parsed, SQLite as text. */
export function readJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A JSON column value to write; always text, so arrays are not mistaken for SQL arrays by `pg`. */
export function writeJson(value: unknown): string {
  return JSON.stringify(value);
}

/** A timestamp column value: a Date on PostgreSQL, epoch milliseconds (or text) on SQLite. */
export function readDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'string') {
    // SQLite may hand back the epoch milliseconds as text.
    return /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  }
  throw new Error(`not a timestamp: ${String(value)}`);
}

/** The rows an UPDATE ... RETURNING produced, on both dialects. */
export type Row = Record<string, unknown>;

/**
 * Runs `work` in the caller's transaction when one is given (a webhook handler's, a consumer's),
 * else in a new one through Strapi, so the query engine and the Document Service join it.
 */
export function inTransaction<T>(strapi: Core.Strapi, trx: Knex.Transaction | undefined, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (trx) return work(trx);
  return strapi.db.transaction(({ trx: own }: { trx: Knex.Transaction }) => work(own)) as Promise<T>;
}
