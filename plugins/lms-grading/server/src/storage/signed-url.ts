/**
 * Signed download links for private files: `/api/lms-grading/files/<token>`, where the token
 * carries the file key, the download name, the content type and an expiry, signed with
 * HMAC-SHA256. Whoever holds an unexpired link may download that one file: the route checks the
 * signature and nothing else (a browser following a link sends no API token). So a link is only
 * handed to someone who may read the file, and lives briefly.
 *
 * The key is derived from the cms's APP_KEYS (docs/decisions: signed private file links): the
 * first key signs, every key verifies, so APP_KEYS rotates as Koa's keys do (put the new key
 * first, drop the old one once issued links have expired).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cmsSecrets, loadConfig } from '@lms/config';
import { assertFileKey } from './private-files';

export const DOWNLOAD_ROUTE_PREFIX = '/api/lms-grading/files/';
/** Links live at most a week; most live an hour or less. */
export const MAX_DOWNLOAD_SECONDS = 7 * 24 * 3600;
const VERSION = 'v1';
const PURPOSE = 'lms-grading:private-file-download:v1';

export interface DownloadGrant {
  key: string;
  /** The name the browser saves the file under. */
  filename: string;
  contentType: string;
  expiresInSeconds: number;
}

export interface VerifiedDownload {
  key: string;
  filename: string;
  contentType: string;
  expiresAt: Date;
}

export type DownloadCheck =
  | { ok: true; download: VerifiedDownload }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired'; message: string };

interface TokenPayload {
  k: string;
  f: string;
  t: string;
  /** Expiry, epoch seconds. */
  e: number;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Sign/verify with explicit secrets; {@link signDownload} and {@link verifyDownloadToken} use the deployment's. */
export function createDownloadSigner(secrets: readonly string[]) {
  if (secrets.length === 0) throw new Error('signing private file links needs at least one secret (APP_KEYS)');
  // One sub-key per secret for this purpose only: a token can never double as a session cookie signature.
  const keys = secrets.map((secret) => createHmac('sha256', secret).update(PURPOSE).digest());
  const mac = (key: Buffer, signed: string) => createHmac('sha256', key).update(signed).digest();

  return {
    /** The token for `grant`, valid until now + expiresInSeconds. */
    sign(grant: DownloadGrant, now: Date = new Date()): { token: string; expiresAt: Date } {
      assertFileKey(grant.key);
      if (!Number.isSafeInteger(grant.expiresInSeconds) || grant.expiresInSeconds < 1 || grant.expiresInSeconds > MAX_DOWNLOAD_SECONDS) {
        throw new RangeError(`expiresInSeconds must be a whole number from 1 to ${MAX_DOWNLOAD_SECONDS}; got ${grant.expiresInSeconds}`);
      }
      const expires = Math.floor(now.getTime() / 1000) + grant.expiresInSeconds;
      const payload: TokenPayload = { k: grant.key, f: grant.filename, t: grant.contentType, e: expires };
      const signed = `${VERSION}.${b64url(JSON.stringify(payload))}`;
      return { token: `${signed}.${b64url(mac(keys[0] as Buffer, signed))}`, expiresAt: new Date(expires * 1000) };
    },

    verify(token: string, now: Date = new Date()): DownloadCheck {
      const parts = typeof token === 'string' && token.length <= 4096 ? token.split('.') : [];
      if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]+$/.test(parts[1] as string) || !/^[A-Za-z0-9_-]{43}$/.test(parts[2] as string)) {
        return { ok: false, reason: 'malformed', message: 'this is not a download link of this site; copy the whole link' };
      }
      const signed = `${parts[0]}.${parts[1]}`;
      const given = Buffer.from(parts[2] as string, 'base64url');
      if (!keys.some((key) => timingSafeEqual(mac(key, signed), given))) {
        return { ok: false, reason: 'signature', message: 'this download link is not valid (it was changed, or signed with a key this site no longer uses); ask for a new one' };
      }
      let payload: TokenPayload;
      try {
        payload = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as TokenPayload;
      } catch {
        return { ok: false, reason: 'malformed', message: 'this download link cannot be read; ask for a new one' };
      }
      if (typeof payload.k !== 'string' || typeof payload.f !== 'string' || typeof payload.t !== 'string' || !Number.isSafeInteger(payload.e)) {
        return { ok: false, reason: 'malformed', message: 'this download link cannot be read; ask for a new one' };
      }
      const expiresAt = new Date(payload.e * 1000);
      if (now.getTime() >= expiresAt.getTime()) {
        return { ok: false, reason: 'expired', message: `this download link expired at ${expiresAt.toISOString()}; open the page again for a fresh one` };
      }
      return { ok: true, download: { key: payload.k, filename: payload.f, contentType: payload.t, expiresAt } };
    },
  };
}

/** The deployment's signer (APP_KEYS); read each time, so a test stack's fresh keys apply. */
function deploymentSigner() {
  return createDownloadSigner(cmsSecrets(loadConfig()).appKeys);
}

/** `/api/lms-grading/files/<token>`: prefix the cms's public URL for a link to hand out. */
export function signDownload(grant: DownloadGrant, now: Date = new Date()): string {
  return `${DOWNLOAD_ROUTE_PREFIX}${deploymentSigner().sign(grant, now).token}`;
}

/** {@link signDownload} with the expiry, for responses that tell the client how long a link lives. */
export function signDownloadWithExpiry(grant: DownloadGrant, now: Date = new Date()): { path: string; expiresAt: Date } {
  const { token, expiresAt } = deploymentSigner().sign(grant, now);
  return { path: `${DOWNLOAD_ROUTE_PREFIX}${token}`, expiresAt };
}

export function verifyDownloadToken(token: string, now: Date = new Date()): DownloadCheck {
  return deploymentSigner().verify(token, now);
}

/**
 * A Content-Disposition header that saves as `filename`: an ASCII fallback for old clients and
 * the exact name in RFC 5987 form. Quotes, backslashes and control characters never reach it.
 */
export function contentDisposition(filename: string, type: 'attachment' | 'inline' = 'attachment'): string {
  // Control characters (a header injection), quotes, backslashes and slashes become "_".
  const clean = [...filename].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || c === '"' || c === '\\' || c === '/' ? '_' : c)).join('').trim() || 'download';
  const ascii = clean.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/\s+/g, ' ') || 'download';
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
