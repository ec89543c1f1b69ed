import crypto from 'node:crypto';

/**
 * Bank details at rest: AES-256-GCM with a random 96-bit IV per write and the instructor's id as
 * additional authenticated data, so a ciphertext copied onto another instructor's row does not
 * decrypt. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url); `v1` leaves room for key rotation.
 */

const VERSION = 'v1';

/** The key from LMS_PAYOUTS_ENCRYPTION_KEY: 32 bytes as base64 or hex (the config schema checked it). */
export function parseEncryptionKey(raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('LMS_PAYOUTS_ENCRYPTION_KEY must be 32 bytes (base64 or hex)');
  return key;
}

export function encryptText(key: Buffer, plaintext: string, associatedData: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** @throws when the text was not written with this key and associated data (or was altered). */
export function decryptText(key: Buffer, stored: string, associatedData: string): string {
  const [version, iv, tag, ciphertext] = stored.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('not an lms-payouts ciphertext');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
