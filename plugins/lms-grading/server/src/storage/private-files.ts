/**
 * Private files of lms-grading (certificate PDFs, assignment uploads): never under a public URL.
 * By default a folder outside cms/public (PRIVATE_FILES_DIR); with S3 uploads, objects in the
 * upload bucket under "private/" (or in S3_PRIVATE_BUCKET) written without a public ACL. Readers
 * get them only through a signed, expiring link (./signed-url.ts) or an authorised route.
 *
 * Keys are chosen by the application ("certificates/7K3Q-…/<uuid>.pdf"), never by a user; they are
 * checked anyway, so a bug cannot turn one into a path outside the folder.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Core } from '@strapi/strapi';
import { loadConfig, type PrivateFilesConfig } from '@lms/config';

export interface StoredFile {
  body: Readable;
  contentType: string;
  /** Bytes, when the store knows it (always for the folder and S3). */
  size: number | null;
}

export interface PrivateFiles {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The file, or null when there is none under `key`. */
  get(key: string): Promise<StoredFile | null>;
  /** Removes the file; a missing file is not an error. */
  remove(key: string): Promise<void>;
  readonly driver: PrivateFilesConfig['driver'];
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(;\s*[a-z0-9-]+=[A-Za-z0-9._-]+)*$/i;

export class PrivateFileKeyError extends Error {}

/** Letters, digits, . _ - in segments separated by "/"; no "..", no leading "/", at most 512 characters. */
export function assertFileKey(key: string): void {
  if (typeof key !== 'string' || key.length > 512 || !KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..')) {
    throw new PrivateFileKeyError(`private file key ${JSON.stringify(key)} is not valid: use letters, digits, ".", "_" and "-" in "/"-separated segments`);
  }
}

function assertContentType(contentType: string): void {
  if (!CONTENT_TYPE.test(contentType)) throw new PrivateFileKeyError(`content type ${JSON.stringify(contentType)} is not a MIME type`);
}

// ─── a folder on disk ───────────────────────────────────────────────────────────────────────

/** The file and its sidecar holding the content type (the folder has nowhere else to keep it). */
function localPaths(dir: string, key: string): { file: string; meta: string } {
  assertFileKey(key);
  const file = path.resolve(dir, ...key.split('/'));
  // Belt and braces: assertFileKey already refuses anything that could climb out.
  if (!file.startsWith(path.resolve(dir) + path.sep)) throw new PrivateFileKeyError(`private file key ${JSON.stringify(key)} leaves the folder`);
  return { file, meta: `${file}.meta.json` };
}

/** Writes through a temporary name and renames, so a reader never sees half a file. */
async function writeAtomically(target: string, data: Buffer | string): Promise<void> {
  const temporary = `${target}.${randomUUID()}.tmp`;
  await fsp.writeFile(temporary, data, { mode: 0o600 });
  try {
    await fsp.rename(temporary, target);
  } catch (error) {
    await fsp.rm(temporary, { force: true });
    throw error;
  }
}

export function createLocalPrivateFiles(dir: string): PrivateFiles {
  return {
    driver: 'local',
    async put(key, body, contentType) {
      assertContentType(contentType);
      const { file, meta } = localPaths(dir, key);
      await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeAtomically(file, body);
      await writeAtomically(meta, JSON.stringify({ contentType }));
    },
    async get(key) {
      const { file, meta } = localPaths(dir, key);
      let size: number;
      try {
        size = (await fsp.stat(file)).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      let contentType = 'application/octet-stream';
      try {
        const parsed = JSON.parse(await fsp.readFile(meta, 'utf8')) as { contentType?: unknown };
        if (typeof parsed.contentType === 'string') contentType = parsed.contentType;
      } catch {
        // no sidecar (written by hand?): serve as bytes
      }
      return { body: fs.createReadStream(file), contentType, size };
    },
    async remove(key) {
      const { file, meta } = localPaths(dir, key);
      await fsp.rm(file, { force: true });
      await fsp.rm(meta, { force: true });
    },
  };
}

// ─── S3 ─────────────────────────────────────────────────────────────────────────────────────

type S3Settings = Extract<PrivateFilesConfig, { driver: 's3' }>;

export function createS3PrivateFiles(settings: S3Settings): PrivateFiles {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    // As for the upload provider (cms/config/plugins.ts): S3-compatible servers often lack the
    // SDK's newer default checksum trailers.
    ...(settings.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
  });
  const objectKey = (key: string) => {
    assertFileKey(key);
    return `${settings.prefix}${key}`;
  };
  return {
    driver: 's3',
    async put(key, body, contentType) {
      assertContentType(contentType);
      // No ACL: the object is private to the bucket owner (public-read is what the media
      // library's provider may use; these files must never get it).
      await client.send(new PutObjectCommand({ Bucket: settings.bucket, Key: objectKey(key), Body: body, ContentType: contentType, ContentLength: body.length }));
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
        if (!out.Body) return null;
        return {
          body: out.Body as Readable,
          contentType: out.ContentType ?? 'application/octet-stream',
          size: typeof out.ContentLength === 'number' ? out.ContentLength : null,
        };
      } catch (error) {
        const name = (error as { name?: string; $metadata?: { httpStatusCode?: number } }).name;
        if (name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
    },
  };
}

// ─── choosing one ───────────────────────────────────────────────────────────────────────────

export function createPrivateFileStore(settings: PrivateFilesConfig): PrivateFiles {
  return settings.driver === 's3' ? createS3PrivateFiles(settings) : createLocalPrivateFiles(settings.dir);
}

const stores = new WeakMap<Core.Strapi, PrivateFiles>();

/**
 * The private file store of this deployment (PRIVATE_FILES_DIR, or S3 when S3_BUCKET is set),
 * one per Strapi instance. Not a Strapi service on purpose: the worker, the seed and every
 * concern of the plugin use the same module without going through the container.
 */
export function createPrivateFiles(strapi: Core.Strapi): PrivateFiles {
  let store = stores.get(strapi);
  if (!store) {
    store = createPrivateFileStore(loadConfig().privateFiles);
    stores.set(strapi, store);
  }
  return store;
}

/** The whole body as one Buffer (certificates are small; large uploads should be streamed). */
export async function readAll(file: StoredFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
