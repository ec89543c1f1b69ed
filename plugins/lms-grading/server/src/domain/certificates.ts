/**
 * Certificate rules that need no database: the name printed on a certificate, the file name it
 * downloads under, and which admin actions a certificate's status allows. Verification codes are
 * in ./verification-code.ts.
 */
export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** What the users-permissions user offers for a name (fullName is the cms's extension of the user). */
export interface CertificateNameSource {
  fullName?: string | null;
  username?: string | null;
  email?: string | null;
}

const MAX_NAME = 200;
const tidy = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

/** "emma.van_der-merwe+lms" → "Emma Van Der Merwe": a readable name from an address's local part. */
function nameFromAddress(address: string): string {
  const local = (address.split('@')[0] ?? '').split('+')[0] ?? '';
  return tidy(local.replace(/[._-]+/g, ' '))
    .split(' ')
    .filter(Boolean)
    .map((word) => word.charAt(0).toLocaleUpperCase('en') + word.slice(1))
    .join(' ');
}

/**
 * The learner's name as printed on the certificate and shown by public verification: the full
 * name when the learner has one; else the username, unless it is an email address (the site
 * registers learners with their email as username), in which case a name made from the address's
 * local part, so no address is ever printed or published.
 */
export function certificateLearnerName(user: CertificateNameSource): string {
  const full = tidy(user.fullName ?? '');
  if (full) return full.slice(0, MAX_NAME);
  const username = tidy(user.username ?? '');
  if (username && !username.includes('@')) return username.slice(0, MAX_NAME);
  const fromAddress = nameFromAddress(username || user.email || '');
  return (fromAddress || 'Learner').slice(0, MAX_NAME);
}

/** `certificate-git-for-everyday-work-7K3Q-M9XD-2HRB-TW4C.pdf`: ASCII, safe in any header. */
export function certificateFileName(courseTitle: string, code: string): string {
  const slug = courseTitle
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const safeCode = code.replace(/[^A-Z0-9-]/gi, '');
  return `certificate-${slug ? `${slug}-` : ''}${safeCode}.pdf`;
}

/** Why an admin may not revoke it now, or null. Revocation is final: there is no "un-revoke". */
export function revocationRefusal(certificate: { code: string; status: CertificateStatus }): string | null {
  return certificate.status === 'revoked' ? `certificate ${certificate.code} is already revoked; nothing to revoke` : null;
}

/** Why it may not be regenerated now, or null: a new file of a revoked certificate would look valid. */
export function regenerationRefusal(certificate: { code: string; status: CertificateStatus }): string | null {
  return certificate.status === 'revoked' ? `certificate ${certificate.code} is revoked; a revoked certificate is not regenerated` : null;
}
