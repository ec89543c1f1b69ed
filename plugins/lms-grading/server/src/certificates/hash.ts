import { createHash } from 'node:crypto';

/** SHA-256 of a file's bytes as 64 lowercase hex characters (stored with each certificate). */
export function sha256Hex(data: Buffer | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
