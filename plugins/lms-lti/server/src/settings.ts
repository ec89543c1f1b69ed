import { loadConfig } from '@lms/config';
import { StatusError } from '@lms/plugin-lms-core/server';
import { parseEncryptionKey } from './domain';

/** What lms-lti reads from the deployment's settings (config/ env schema), once per process. */
export interface LtiSettings {
  /** The cms as browsers reach it: login, launch and JWKS URLs are on it. */
  publicUrl: string;
  /** The site: launches hand the learner over to it. */
  siteUrl: string;
  /** Redis for state, nonces and hand-off tokens; null = the database (inline mode). */
  redis: { url: string; prefix: string } | null;
  /** The AES-256 key-encryption key, or null when LTI_KEY_ENCRYPTION_KEY is unset. */
  keyEncryptionKey: Buffer | null;
}

let cached: LtiSettings | null = null;

export function ltiSettings(): LtiSettings {
  if (cached) return cached;
  const config = loadConfig();
  cached = {
    publicUrl: config.publicUrl.replace(/\/+$/, ''),
    siteUrl: config.siteUrl.replace(/\/+$/, ''),
    redis: config.redis,
    // The schema has checked the shape; parseEncryptionKey checks the length once more.
    keyEncryptionKey: config.lti.keyEncryptionKey ? parseEncryptionKey(config.lti.keyEncryptionKey, 'LTI_KEY_ENCRYPTION_KEY') : null,
  };
  return cached;
}

/** The key-encryption key, or a 503 that names the missing setting. */
export function requireKeyEncryptionKey(): Buffer {
  const key = ltiSettings().keyEncryptionKey;
  if (!key) {
    throw new StatusError(503, 'ServiceUnavailableError', 'LTI is not configured on this server: set LTI_KEY_ENCRYPTION_KEY (32 random bytes, base64) and restart', {
      setting: 'LTI_KEY_ENCRYPTION_KEY',
    });
  }
  return key;
}

/** The tool's own URLs, as the admin panel shows them for pasting into a platform. */
export function toolUrls(settings: LtiSettings = ltiSettings()) {
  const api = `${settings.publicUrl}/api/lms-lti`;
  return {
    loginUrl: `${api}/login`,
    launchUrl: `${api}/launch`,
    redirectUris: [`${api}/launch`],
    jwksUrl: `${api}/jwks`,
    deepLinkingUrl: `${api}/launch`,
    /** Where the picker posts the instructor's choice (not for platforms). */
    deepLinkingResponseUrl: `${api}/deep-linking`,
    lti11LaunchUrl: `${api}/lti11/launch`,
  };
}
