/**
 * Checks of files a learner hands in with an assignment, before anything is stored: the name
 * (no paths, no control characters), the size, and the type **by content** (magic numbers, the
 * archive's directory for zip-based formats, strict UTF-8 for text), never by the extension or
 * the client's Content-Type alone. Zip archives are inspected for bombs (expanded size and
 * ratio), encrypted entries and entry names that escape the folder they are extracted to.
 * Pure: no Strapi, no file system; the caller passes the bytes.
 */

export type UploadProblem = 'invalid-name' | 'too-many-files' | 'too-large' | 'type-not-accepted' | 'content-mismatch' | 'unsafe-archive' | 'empty-file';

export class UploadError extends Error {
  constructor(
    readonly code: UploadProblem,
    /** The request field at fault: `files[1]`, `files`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'UploadError';
  }
}

/** Formats whose content we can verify, by extension, with the Content-Type we serve them with. */
interface TypeRule {
  contentType: string;
  /** null when the bytes are this type, else why not. */
  verify(bytes: Buffer): string | null;
}

const TEXT = 'text/plain; charset=utf-8';

const startsWith = (bytes: Buffer, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function signature(name: string, ...alternatives: Array<{ at?: number; bytes: readonly number[] }>) {
  return (bytes: Buffer) => (alternatives.some((a) => startsWith(bytes, a.bytes, a.at ?? 0)) ? null : `the content is not a ${name} file`);
}

function utf8Text(bytes: Buffer): string | null {
  if (bytes.includes(0)) return 'the content is binary, not text (it contains NUL bytes)';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    return 'the content is not UTF-8 text';
  }
}

/** A zip-based office format: a safe zip whose directory holds the format's marker entries. */
function officeZip(name: string, folder: string) {
  return (bytes: Buffer) => {
    const zip = inspectZip(bytes);
    if (!zip.ok) return zip.problem === 'not-zip' ? `the content is not a ${name} file` : zip.message;
    const names = new Set(zip.entries.map((e) => e.name));
    return names.has('[Content_Types].xml') && zip.entries.some((e) => e.name.startsWith(`${folder}/`)) ? null : `the content is not a ${name} file`;
  };
}

/** OpenDocument: the first entry is an uncompressed "mimetype" holding the format's media type. */
function openDocument(name: string, mediaType: string) {
  return (bytes: Buffer) => {
    const zip = inspectZip(bytes);
    if (!zip.ok) return zip.problem === 'not-zip' ? `the content is not a ${name} file` : zip.message;
    const marker = Buffer.from(`mimetype${mediaType}`, 'latin1');
    return bytes.subarray(30, 30 + marker.length).equals(marker) ? null : `the content is not a ${name} file`;
  };
}

function plainZip(bytes: Buffer): string | null {
  const zip = inspectZip(bytes);
  return zip.ok ? null : zip.problem === 'not-zip' ? 'the content is not a zip archive' : zip.message;
}

const PNG = ascii('\x89PNG\r\n\x1a\n');
const RULES: Record<string, TypeRule> = {
  pdf: { contentType: 'application/pdf', verify: signature('PDF', { bytes: ascii('%PDF-') }) },
  png: { contentType: 'image/png', verify: signature('PNG', { bytes: PNG }) },
  jpg: { contentType: 'image/jpeg', verify: signature('JPEG', { bytes: [0xff, 0xd8, 0xff] }) },
  jpeg: { contentType: 'image/jpeg', verify: signature('JPEG', { bytes: [0xff, 0xd8, 0xff] }) },
  gif: { contentType: 'image/gif', verify: signature('GIF', { bytes: ascii('GIF87a') }, { bytes: ascii('GIF89a') }) },
  webp: {
    contentType: 'image/webp',
    verify: (b) => (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) ? null : 'the content is not a WebP image'),
  },
  zip: { contentType: 'application/zip', verify: plainZip },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', verify: officeZip('Word (.docx)', 'word') },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', verify: officeZip('Excel (.xlsx)', 'xl') },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', verify: officeZip('PowerPoint (.pptx)', 'ppt') },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', verify: openDocument('OpenDocument text (.odt)', 'application/vnd.oasis.opendocument.text') },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', verify: openDocument('OpenDocument spreadsheet (.ods)', 'application/vnd.oasis.opendocument.spreadsheet') },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', verify: openDocument('OpenDocument presentation (.odp)', 'application/vnd.oasis.opendocument.presentation') },
  // Text and source code: served as plain text (never as HTML or script) whatever the extension.
  ...Object.fromEntries(
    ['txt', 'md', 'csv', 'json', 'xml', 'yaml', 'yml', 'py', 'js', 'ts', 'java', 'c', 'h', 'cpp', 'cs', 'go', 'rs', 'rb', 'php', 'sql', 'r', 'html', 'css', 'ipynb'].map((ext) => [
      ext,
      { contentType: TEXT, verify: utf8Text },
    ]),
  ),
};

/** Extensions whose content this module can verify. */
export const VERIFIABLE_EXTENSIONS: readonly string[] = Object.keys(RULES);

/**
 * The extensions an assignment accepts, from its `allowedFileTypes` setting ("pdf,docx,zip"):
 * lower-cased, deduplicated, and only those whose content can be verified (others are ignored,
 * and listed in `unverifiable` so the brief can say so).
 */
export function acceptedExtensions(setting: string | null | undefined): { accepted: string[]; unverifiable: string[] } {
  const wanted = [...new Set((setting ?? '').split(',').map((s) => s.trim().toLowerCase().replace(/^\./, '')).filter(Boolean))];
  return { accepted: wanted.filter((e) => e in RULES), unverifiable: wanted.filter((e) => !(e in RULES)) };
}

const MAX_NAME_LENGTH = 200;
// Characters Windows refuses in names (":" also opens alternate data streams and drive letters).
const FORBIDDEN_NAME_CHARS = /[<>:"|?*]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * The file's name as the learner sees it later (download as): no folder part, no "." or "..",
 * no control or bidirectional-override characters, no characters Windows forbids, at most 200
 * characters. The name is only ever shown and sent back in Content-Disposition; storage keys are
 * random and never contain it.
 */
export function checkFileName(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new UploadError('invalid-name', field, 'the file has no name');
  const name = raw.normalize('NFC');
  if (name.includes('/') || name.includes('\\')) throw new UploadError('invalid-name', field, `the file name ${JSON.stringify(name)} contains a folder path; send the file name only`);
  if (name === '.' || name === '..' || name.startsWith('..')) throw new UploadError('invalid-name', field, `the file name ${JSON.stringify(name)} is not allowed`);
  if (CONTROL_CHARS.test(name)) throw new UploadError('invalid-name', field, 'the file name contains control characters');
  if (FORBIDDEN_NAME_CHARS.test(name)) throw new UploadError('invalid-name', field, `the file name ${JSON.stringify(name)} contains one of < > : " | ? *`);
  if (name !== name.trim()) throw new UploadError('invalid-name', field, 'the file name starts or ends with spaces');
  if ([...name].length > MAX_NAME_LENGTH) throw new UploadError('invalid-name', field, `the file name is longer than ${MAX_NAME_LENGTH} characters`);
  return name;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export interface UploadLimits {
  accepted: readonly string[];
  maxFileBytes: number;
  maxFiles: number;
}

/** What the request says about a file before its bytes are read (size from the multipart parser). */
export interface IncomingFile {
  name: unknown;
  size: number;
}

/**
 * Checks count, names, extensions and sizes before any byte is read, so an oversized or badly
 * named file is refused cheaply. Returns the checked names in order.
 */
export function checkIncomingFiles(files: readonly IncomingFile[], limits: UploadLimits): string[] {
  if (files.length > limits.maxFiles) throw new UploadError('too-many-files', 'files', `at most ${limits.maxFiles} file(s) per submission; got ${files.length}`);
  return files.map((f, i) => {
    const field = `files[${i}]`;
    const name = checkFileName(f.name, field);
    const ext = extensionOf(name);
    if (!limits.accepted.includes(ext)) {
      throw new UploadError(
        'type-not-accepted',
        field,
        limits.accepted.length
          ? `"${name}": ${ext ? `.${ext}` : 'files without an extension'} not accepted; accepted: ${limits.accepted.map((e) => `.${e}`).join(', ')}`
          : `"${name}": this assignment accepts no files; submit text`,
      );
    }
    if (f.size > limits.maxFileBytes) throw new UploadError('too-large', field, `"${name}" is ${formatBytes(f.size)}; the limit is ${formatBytes(limits.maxFileBytes)}`);
    if (f.size === 0) throw new UploadError('empty-file', field, `"${name}" is empty`);
    return name;
  });
}

/** Verifies the bytes are what the extension says; returns the Content-Type to serve them with. */
export function verifyFileContent(name: string, bytes: Buffer, field: string): { contentType: string } {
  const rule = RULES[extensionOf(name)];
  if (!rule) throw new UploadError('type-not-accepted', field, `"${name}": the type cannot be verified`);
  const problem = rule.verify(bytes);
  if (problem) throw new UploadError(problem.startsWith('the content is') ? 'content-mismatch' : 'unsafe-archive', field, `"${name}": ${problem}`);
  return { contentType: rule.contentType };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}

// ---------------------------------------------------------------------------------------------
// Zip inspection (central directory only; nothing is inflated)
// ---------------------------------------------------------------------------------------------

export const ZIP_LIMITS = {
  maxEntries: 10_000,
  /** Sum of the entries' declared uncompressed sizes. */
  maxExpandedBytes: 1024 * 1024 * 1024,
  /** Expanded size over archive size: office files are ~5–20, text-heavy archives up to ~100. */
  maxRatio: 200,
};

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export type ZipInspection =
  | { ok: true; entries: ZipEntry[]; expandedBytes: number }
  | { ok: false; problem: 'not-zip' | 'malformed' | 'bomb' | 'unsafe-entry' | 'encrypted'; message: string };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;

function u64(bytes: Buffer, at: number): number {
  const v = bytes.readBigUInt64LE(at);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

/** An entry name that would land outside the extraction folder, or is absolute. */
function unsafeEntryName(name: string): boolean {
  if (name.includes('\0')) return true;
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) return true;
  return name.split(/[\\/]/).some((segment) => segment === '..');
}

/**
 * Reads a zip's central directory and checks it: well-formed, at most {@link ZIP_LIMITS}
 * entries and expanded bytes, a bounded compression ratio (zip bombs), no encrypted entries,
 * no absolute or `..` entry names (zip slip). Sizes are the declared ones; a nested archive is
 * not opened (an instructor's tools inspect it when extracting).
 */
export function inspectZip(bytes: Buffer): ZipInspection {
  const isZip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
  if (!isZip) return { ok: false, problem: 'not-zip', message: 'the content is not a zip archive' };
  const malformed = (why: string): ZipInspection => ({ ok: false, problem: 'malformed', message: `the zip archive is damaged (${why})` });

  // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the very end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return malformed('no end of central directory');
  let total = bytes.readUInt16LE(eocd + 10);
  let cdSize = bytes.readUInt32LE(eocd + 12);
  let cdOffset = bytes.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_LOCATOR) return malformed('ZIP64 locator missing');
    const record = u64(bytes, locator + 8);
    if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== ZIP64_EOCD) return malformed('ZIP64 end record missing');
    total = u64(bytes, record + 32);
    cdSize = u64(bytes, record + 40);
    cdOffset = u64(bytes, record + 48);
  }
  if (total > ZIP_LIMITS.maxEntries) return { ok: false, problem: 'bomb', message: `the zip archive has ${total} entries; at most ${ZIP_LIMITS.maxEntries} are accepted` };
  if (cdOffset + cdSize > bytes.length) return malformed('central directory out of bounds');

  const entries: ZipEntry[] = [];
  let expanded = 0;
  let at = cdOffset;
  for (let n = 0; n < total; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return malformed(`entry ${n + 1} header`);
    const flags = bytes.readUInt16LE(at + 8);
    let compressedSize = bytes.readUInt32LE(at + 20);
    let uncompressedSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > bytes.length) return malformed(`entry ${n + 1} overruns the archive`);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    // ZIP64 extra field: the 64-bit values follow in a fixed order, only for the saturated ones.
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      let x = at + 46 + nameLength;
      const extraEnd = x + extraLength;
      while (x + 4 <= extraEnd) {
        const id = bytes.readUInt16LE(x);
        const size = bytes.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let p = x + 4;
          if (uncompressedSize === 0xffffffff && p + 8 <= x + 4 + size) {
            uncompressedSize = u64(bytes, p);
            p += 8;
          }
          if (compressedSize === 0xffffffff && p + 8 <= x + 4 + size) compressedSize = u64(bytes, p);
          break;
        }
        x += 4 + size;
      }
      if (uncompressedSize === 0xffffffff) return malformed(`entry ${n + 1} has no ZIP64 size`);
    }
    if (flags & 0x1) return { ok: false, problem: 'encrypted', message: `the zip archive is password-protected ("${name}"); submit it without a password so it can be graded` };
    if (unsafeEntryName(name)) return { ok: false, problem: 'unsafe-entry', message: `the zip archive contains an entry that escapes its folder ("${name}")` };
    expanded += uncompressedSize;
    if (expanded > ZIP_LIMITS.maxExpandedBytes) {
      return { ok: false, problem: 'bomb', message: `the zip archive expands to more than ${formatBytes(ZIP_LIMITS.maxExpandedBytes)}` };
    }
    entries.push({ name, compressedSize, uncompressedSize });
    at = end;
  }
  if (expanded > ZIP_LIMITS.maxRatio * Math.max(bytes.length, 1) && expanded > 10 * 1024 * 1024) {
    return { ok: false, problem: 'bomb', message: `the zip archive expands ${Math.round(expanded / bytes.length)} times its size (more than ${ZIP_LIMITS.maxRatio}); it looks like a zip bomb` };
  }
  return { ok: true, entries, expandedBytes: expanded };
}
