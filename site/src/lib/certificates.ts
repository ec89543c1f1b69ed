import type { CertificateVerification, MyCertificatesResponse, VerifyCertificateResponse } from '@contracts/certificates';
import { CmsRequestError, createCmsHttp, type CmsHttpOptions } from './cms-http';
import { siteConfig } from './config';

const GRADING = '/api/lms-grading';

/** What the verification page shows. */
export type VerificationResult =
  | { kind: 'found'; certificate: CertificateVerification }
  /** A well-formed code no certificate has (the page answers 404). */
  | { kind: 'unknown'; code: string }
  /** Input that cannot be a code, with why (a typo the check character caught, a wrong length). */
  | { kind: 'malformed'; message: string };

/** The cms's 400 names the field ("params.code: ..."); the visitor typed a code, not a parameter. */
function withoutField(message: string): string {
  const text = message.replace(/^params\.code:\s*/, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Certificate calls of the site server: public verification and the learner's own list. */
export function createCertificatesClient(options: CmsHttpOptions) {
  const request = createCmsHttp(options);
  return {
    /** Verifies a code as typed (the cms reads it forgivingly: case, spaces, dashes, a pasted link). */
    async verify(typed: string): Promise<VerificationResult> {
      const trimmed = typed.trim();
      if (!trimmed) return { kind: 'malformed', message: 'Enter the verification code printed on the certificate.' };
      if (trimmed.length > 200) return { kind: 'malformed', message: 'That is too long for a verification code (16 characters).' };
      const path = `${GRADING}/certificates/verify/${encodeURIComponent(trimmed)}`;
      const outcome = await request<VerifyCertificateResponse>('GET', path);
      if (outcome.ok) return { kind: 'found', certificate: outcome.body.data };
      if (outcome.status === 404) return { kind: 'unknown', code: trimmed };
      if (outcome.status === 400) return { kind: 'malformed', message: withoutField(outcome.message) };
      throw new CmsRequestError(outcome.status, `cms refused GET ${path} (${outcome.status}): ${outcome.message}`);
    },

    myCertificates(token: string) {
      return request<MyCertificatesResponse>('GET', `${GRADING}/me/certificates`, { token });
    },
  };
}

export type CertificatesClient = ReturnType<typeof createCertificatesClient>;

let client: CertificatesClient | undefined;

/** The client for this process, configured from the shared settings. */
export function certificates(): CertificatesClient {
  client ??= createCertificatesClient({ baseUrl: siteConfig().cmsUrl });
  return client;
}
