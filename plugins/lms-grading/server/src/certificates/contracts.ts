/**
 * Request and response shapes of the certificate routes, shared by the server controllers, the
 * admin page and the site (type-only imports). Instants are ISO 8601 strings in UTC.
 */

export type CertificateStatus = 'valid' | 'revoked';

export interface CertificateCourseRef {
  documentId: string;
  /** The title printed on the certificate (as it was when the file was last made). */
  title: string;
}

/**
 * GET /api/lms-grading/certificates/verify/:code (public). 400 names `params.code` when it cannot
 * be a code (with why: a typo the check symbol caught, a wrong length, ...); 404 when no
 * certificate has it. The revocation reason is not published (it is for the record: it may name
 * people or an investigation); the admin list shows it.
 */
export interface CertificateVerification {
  /** Canonical form, e.g. 7K3Q-M9XD-2HRB-TW4C (typed input may differ in case and dashes). */
  code: string;
  status: CertificateStatus;
  /** Empty once the holder erased their account (then `holderErased` is true). */
  learnerName: string;
  /** The learner erased their account: the certificate was issued, its holder is no longer named (decision 036). */
  holderErased: boolean;
  course: CertificateCourseRef;
  issuedAt: string;
  revokedAt: string | null;
  /** The public page for this code on the site. */
  verificationUrl: string;
}

export interface VerifyCertificateResponse {
  data: CertificateVerification;
}

/** GET /api/lms-grading/me/certificates (the signed-in learner's own, newest first). */
export interface MyCertificate {
  id: number;
  code: string;
  status: CertificateStatus;
  course: CertificateCourseRef;
  issuedAt: string;
  revokedAt: string | null;
  verificationUrl: string;
  /** Absolute signed link to the PDF (no login needed while it lives); null once revoked. */
  downloadUrl: string | null;
  downloadExpiresAt: string | null;
}

export interface MyCertificatesResponse {
  data: MyCertificate[];
}

export interface AdminCertificateLearner {
  id: number;
  email: string | null;
  username: string | null;
  /** The name printed on the certificate. */
  name: string;
}

export interface AdminCertificate {
  id: number;
  code: string;
  status: CertificateStatus;
  learner: AdminCertificateLearner;
  course: CertificateCourseRef;
  enrollmentId: number;
  /** The certificate template used; null: the built-in default (the course had none). */
  templateDocumentId: string | null;
  issuedAt: string;
  /** SHA-256 of the current PDF, 64 hex characters. */
  sha256: string;
  revokedAt: string | null;
  revokedReason: string | null;
  /** "admin:<id>" */
  revokedBy: string | null;
  regeneratedAt: string | null;
  verificationUrl: string;
}

/**
 * GET /lms-grading/admin/certificates?q=&status=&page=&pageSize=
 * `q` matches part of the learner's email, username or printed name, part of the course title,
 * a course documentId, or a verification code (typed any way it parses).
 */
export interface AdminCertificateQuery {
  q?: string;
  status?: CertificateStatus;
  page?: string;
  pageSize?: string;
}

export interface AdminCertificateListResponse {
  data: AdminCertificate[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/** POST /lms-grading/admin/certificates/:id/revoke */
export interface RevokeCertificateRequest {
  /** Required, 3 to 2000 characters; kept with the certificate and the admin's id. */
  reason: string;
}

/** Answer of revoke and of POST /lms-grading/admin/certificates/:id/regenerate. */
export interface AdminCertificateResponse {
  data: AdminCertificate;
}

// GET /lms-grading/admin/certificates/:id/file answers the PDF itself (application/pdf).
