/** Reads and writes of lms_certificates (knex), on PostgreSQL and SQLite alike. */
import type { Knex } from 'knex';
import { isPostgres, readDate } from '@lms/plugin-lms-core/server';
import type { CertificateStatus } from '../domain';
import { CERTIFICATES_TABLE } from './migrations';

type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

export interface CertificateRecord {
  id: number;
  userId: number;
  enrollmentId: number;
  courseDocumentId: string;
  templateDocumentId: string | null;
  code: string;
  learnerName: string;
  courseTitle: string;
  issuedAt: Date;
  fileKey: string;
  sha256: string;
  status: CertificateStatus;
  revokedAt: Date | null;
  revokedReason: string | null;
  revokedBy: string | null;
  regeneratedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toCertificateRecord(row: Row): CertificateRecord {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    enrollmentId: Number(row.enrollment_id),
    courseDocumentId: String(row.course_document_id),
    templateDocumentId: (row.template_document_id as string | null) ?? null,
    code: String(row.code),
    learnerName: String(row.learner_name),
    courseTitle: String(row.course_title),
    issuedAt: readDate(row.issued_at) as Date,
    fileKey: String(row.file_key),
    sha256: String(row.sha256),
    status: row.status as CertificateStatus,
    revokedAt: readDate(row.revoked_at),
    revokedReason: (row.revoked_reason as string | null) ?? null,
    revokedBy: (row.revoked_by as string | null) ?? null,
    regeneratedAt: readDate(row.regenerated_at),
    createdAt: readDate(row.created_at) as Date,
    updatedAt: readDate(row.updated_at) as Date,
  };
}

/** What issuing writes; the rest (status, revocation, timestamps) starts out empty or now. */
export type NewCertificate = Pick<
  CertificateRecord,
  'userId' | 'enrollmentId' | 'courseDocumentId' | 'templateDocumentId' | 'code' | 'learnerName' | 'courseTitle' | 'issuedAt' | 'fileKey' | 'sha256'
>;

/**
 * Inserts the certificate unless its enrollment already has one (ON CONFLICT DO NOTHING, so a
 * racing second issue waits for the first and then does nothing, instead of aborting a
 * PostgreSQL transaction with an error). Returns the new record, or null when there was one.
 */
export async function insertCertificateOnce(trx: Knex.Transaction, c: NewCertificate, now: Date): Promise<CertificateRecord | null> {
  const rows = (await trx(CERTIFICATES_TABLE)
    .insert({
      user_id: c.userId,
      enrollment_id: c.enrollmentId,
      course_document_id: c.courseDocumentId,
      template_document_id: c.templateDocumentId,
      code: c.code,
      learner_name: c.learnerName,
      course_title: c.courseTitle,
      issued_at: c.issuedAt,
      file_key: c.fileKey,
      sha256: c.sha256,
      status: 'valid',
      revoked_at: null,
      revoked_reason: null,
      revoked_by: null,
      regenerated_at: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict('enrollment_id')
    .ignore()
    .returning('*')) as Row[];
  return rows[0] ? toCertificateRecord(rows[0]) : null;
}

export async function selectByEnrollment(db: Db, enrollmentId: number): Promise<CertificateRecord | null> {
  const row = (await db(CERTIFICATES_TABLE).where({ enrollment_id: enrollmentId }).first()) as Row | undefined;
  return row ? toCertificateRecord(row) : null;
}

export async function selectByCode(db: Db, code: string): Promise<CertificateRecord | null> {
  const row = (await db(CERTIFICATES_TABLE).where({ code }).first()) as Row | undefined;
  return row ? toCertificateRecord(row) : null;
}

/** By id; with `forUpdate`, locks the row (PostgreSQL; SQLite has one writer anyway). */
export async function selectById(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<CertificateRecord | null> {
  const query = db(CERTIFICATES_TABLE).where({ id });
  if (opts.forUpdate && isPostgres(db as Knex)) query.forUpdate();
  const row = (await query.first()) as Row | undefined;
  return row ? toCertificateRecord(row) : null;
}

export async function selectByUser(db: Db, userId: number): Promise<CertificateRecord[]> {
  const rows = (await db(CERTIFICATES_TABLE).where({ user_id: userId }).orderBy([{ column: 'issued_at', order: 'desc' }, { column: 'id', order: 'desc' }])) as Row[];
  return rows.map(toCertificateRecord);
}

export async function markRevoked(trx: Knex.Transaction, id: number, input: { reason: string; by: string; at: Date }): Promise<CertificateRecord> {
  const rows = (await trx(CERTIFICATES_TABLE)
    .where({ id, status: 'valid' })
    .update({ status: 'revoked', revoked_at: input.at, revoked_reason: input.reason, revoked_by: input.by, updated_at: input.at })
    .returning('*')) as Row[];
  if (!rows[0]) throw new Error(`certificate ${id} was not valid when revoking it`);
  return toCertificateRecord(rows[0]);
}

export async function replaceFile(
  trx: Knex.Transaction,
  id: number,
  input: { fileKey: string; sha256: string; learnerName: string; courseTitle: string; templateDocumentId: string | null; at: Date },
): Promise<CertificateRecord> {
  const rows = (await trx(CERTIFICATES_TABLE)
    .where({ id })
    .update({
      file_key: input.fileKey,
      sha256: input.sha256,
      learner_name: input.learnerName,
      course_title: input.courseTitle,
      template_document_id: input.templateDocumentId,
      regenerated_at: input.at,
      updated_at: input.at,
    })
    .returning('*')) as Row[];
  if (!rows[0]) throw new Error(`certificate ${id} disappeared while regenerating it`);
  return toCertificateRecord(rows[0]);
}
