import yauzl from 'yauzl';
import { isAllowedExtension } from './allow-list';
import { H5pPackageError } from './errors';

/**
 * Reading and checking an uploaded `.h5p` (a zip) before anything of it is stored. Pure: bytes in,
 * a checked list of files out, or an {@link H5pPackageError} naming the first problem. The
 * limits are checked twice: against the central directory before inflating anything, and again
 * against the bytes actually inflated (a lying header cannot smuggle more through).
 */

export interface PackageLimits {
  /** Largest `.h5p` file accepted. */
  maxPackageBytes: number;
  /** Most entries (files and folders) in the archive. */
  maxEntries: number;
  /** Largest single file once inflated. */
  maxEntryBytes: number;
  /** Largest total of every file once inflated (the zip-bomb guard). */
  maxUncompressedBytes: number;
}

export const DEFAULT_LIMITS: PackageLimits = {
  maxPackageBytes: 100 * 1024 * 1024,
  maxEntries: 5_000,
  maxEntryBytes: 100 * 1024 * 1024,
  maxUncompressedBytes: 250 * 1024 * 1024,
};

export interface LibraryRef {
  machineName: string;
  majorVersion: number;
  minorVersion: number;
}

export interface PackageFile {
  /** Path inside the package, '/'-separated, never absolute, never with '..'. */
  path: string;
  data: Buffer;
}

export interface CheckedPackage {
  title: string;
  mainLibrary: LibraryRef;
  /** Library folders the package ships, sorted. */
  libraries: string[];
  files: PackageFile[];
  uncompressedBytes: number;
}

const MACHINE_NAME = /^[A-Za-z0-9_.-]{1,255}$/;
/** Folders and files that zip tools add and H5P ignores (macOS resource forks, dot files). */
const isJunk = (path: string) => path.split('/').some((segment) => segment === '__MACOSX' || segment.startsWith('.'));
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

const mib = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

/** A safe relative path, or the reason it is not. */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0) return 'an empty name';
  if (path.includes('\0')) return 'a NUL character';
  if (path.includes('\\')) return 'a backslash (Windows path separator)';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'an absolute path';
  const segments = path.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return 'a ".." segment that climbs out of the package';
  if (segments.some((s) => s === '' || s === '.')) return 'an empty or "." segment';
  return null;
}

function decodeName(raw: Buffer, flags: number): string {
  // Bit 11: the name is UTF-8; otherwise CP437, which matches ASCII (all H5P paths are ASCII).
  return raw.toString(flags & 0x800 ? 'utf8' : 'latin1');
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(new H5pPackageError('not-a-zip', `the file is not a zip archive (${error?.message ?? 'unreadable'}); an .h5p file is a zip exported from an H5P editor`));
      else resolve(zip);
    });
  });
}

/** Inflates one entry, counting the bytes as they come and stopping at `limit`. */
function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, path: string, limit: number, overLimit: () => H5pPackageError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) {
        reject(new H5pPackageError('not-a-zip', `entry "${path}" cannot be read (${error?.message ?? 'no data'})`, path));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      stream.on('data', (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        if (size > limit) {
          failed = true;
          stream.destroy();
          reject(overLimit());
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (e: Error) => {
        if (failed) return;
        failed = true;
        const mismatch = /too many bytes|too few bytes|expected/i.test(e.message);
        reject(
          mismatch
            ? new H5pPackageError('size-mismatch', `entry "${path}" does not inflate to the size its header declares (${e.message}); the archive is corrupt or a zip bomb`, path)
            : new H5pPackageError('not-a-zip', `entry "${path}" cannot be inflated (${e.message})`, path),
        );
      });
      stream.on('end', () => {
        if (!failed) resolve(Buffer.concat(chunks, size));
      });
    });
  });
}

/** Every file of the archive after the structural checks (paths, types, sizes, allow-list). */
export async function readArchive(buffer: Buffer, limits: PackageLimits = DEFAULT_LIMITS): Promise<{ files: PackageFile[]; uncompressedBytes: number }> {
  if (buffer.length === 0) throw new H5pPackageError('empty-file', 'the file is empty');
  if (buffer.length > limits.maxPackageBytes) {
    throw new H5pPackageError('package-too-large', `the package is ${mib(buffer.length)}; the most accepted is ${mib(limits.maxPackageBytes)}`);
  }
  const zip = await openZip(buffer);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new H5pPackageError('too-many-entries', `the archive has ${zip.entryCount} entries; the most accepted is ${limits.maxEntries}`);
    }
    // First pass: the central directory alone (names, types, declared sizes), nothing inflated.
    const entries: Array<{ entry: yauzl.Entry; path: string }> = [];
    let declared = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (e: Error) => reject(new H5pPackageError('not-a-zip', `the zip archive is corrupt (${e.message})`)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          const path = decodeName(entry.fileName as unknown as Buffer, entry.generalPurposeBitFlag);
          const unsafe = unsafePathReason(path);
          if (unsafe) throw new H5pPackageError('unsafe-path', `entry "${path}" has ${unsafe}; package paths must stay inside the package`, path);
          const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
          if (mode === S_IFLNK) throw new H5pPackageError('symlink', `entry "${path}" is a symbolic link; packages may contain only files and folders`, path);
          if (entry.isEncrypted()) throw new H5pPackageError('encrypted', `entry "${path}" is encrypted; export the package again without a password`, path);
          const isDir = path.endsWith('/');
          if (!isDir && !isJunk(path)) {
            if (entry.uncompressedSize > limits.maxEntryBytes) {
              throw new H5pPackageError('entry-too-large', `entry "${path}" inflates to ${mib(entry.uncompressedSize)}; the most accepted for one file is ${mib(limits.maxEntryBytes)}`, path);
            }
            declared += entry.uncompressedSize;
            if (declared > limits.maxUncompressedBytes) {
              throw new H5pPackageError('uncompressed-too-large', `the package inflates to more than ${mib(limits.maxUncompressedBytes)} (the most accepted); this looks like a zip bomb`, path);
            }
            const inLibrary = path.includes('/') && !path.startsWith('content/');
            if (!isAllowedExtension(path, inLibrary)) {
              throw new H5pPackageError(
                'forbidden-extension',
                `entry "${path}" has a file type H5P does not allow${inLibrary ? '' : ' outside a library folder'}; see H5P's allowed extensions`,
                path,
              );
            }
            entries.push({ entry, path });
          }
          zip.readEntry();
        } catch (error) {
          reject(error);
        }
      });
      zip.readEntry();
    });

    // Second pass: inflate, counting real bytes against the same limits.
    const files: PackageFile[] = [];
    let inflated = 0;
    for (const { entry, path } of entries) {
      const remaining = limits.maxUncompressedBytes - inflated;
      const limit = Math.min(limits.maxEntryBytes, remaining);
      const data = await inflate(zip, entry, path, limit, () =>
        limit === remaining
          ? new H5pPackageError('uncompressed-too-large', `the package inflates to more than ${mib(limits.maxUncompressedBytes)} (the most accepted); this looks like a zip bomb`, path)
          : new H5pPackageError('entry-too-large', `entry "${path}" inflates to more than ${mib(limits.maxEntryBytes)}, the most accepted for one file`, path),
      );
      inflated += data.length;
      files.push({ path, data });
    }
    return { files, uncompressedBytes: inflated };
  } finally {
    zip.close();
  }
}

function parseJson(file: PackageFile | undefined, what: string): unknown {
  if (!file) return undefined;
  try {
    return JSON.parse(file.data.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new H5pPackageError('bad-json', `${what} ("${file.path}") is not valid JSON: ${(error as Error).message}`, file.path);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function versionOf(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}

function libraryRef(value: unknown, where: string, path: string): LibraryRef {
  if (!isRecord(value)) throw new H5pPackageError('bad-h5p-json', `${where}: each dependency must be an object with machineName, majorVersion and minorVersion`, path);
  const { machineName } = value;
  const majorVersion = versionOf(value.majorVersion);
  const minorVersion = versionOf(value.minorVersion);
  if (typeof machineName !== 'string' || !MACHINE_NAME.test(machineName) || majorVersion === null || minorVersion === null) {
    throw new H5pPackageError('bad-h5p-json', `${where}: dependency ${JSON.stringify(value).slice(0, 120)} needs a machineName (letters, digits, ".", "_", "-") and whole-number majorVersion and minorVersion`, path);
  }
  return { machineName, majorVersion, minorVersion };
}

export const libraryFolder = (lib: LibraryRef) => `${lib.machineName}-${lib.majorVersion}.${lib.minorVersion}`;
export const libraryName = (lib: LibraryRef) => `${lib.machineName} ${lib.majorVersion}.${lib.minorVersion}`;

function dependenciesOf(json: Record<string, unknown>, key: string, where: string, path: string): LibraryRef[] {
  const list = json[key];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new H5pPackageError(key === 'preloadedDependencies' && where === 'h5p.json' ? 'bad-h5p-json' : 'bad-library', `${where}: ${key} must be a list`, path);
  return list.map((d) => libraryRef(d, `${where} ${key}`, path));
}

/**
 * The package's structure: h5p.json names a main library that is among its preloaded
 * dependencies; every dependency (and, transitively, every library those need) is a library
 * folder in the package with a library.json of that name and version, whose preloaded scripts
 * and styles are there; content/content.json exists and is JSON.
 */
export function checkStructure(files: readonly PackageFile[]): Omit<CheckedPackage, 'files' | 'uncompressedBytes'> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const h5pFile = byPath.get('h5p.json');
  if (!h5pFile) throw new H5pPackageError('missing-h5p-json', 'the package has no h5p.json at its top level; is this an .h5p export (not a zip of a folder around it)?');
  const h5p = parseJson(h5pFile, 'h5p.json');
  if (!isRecord(h5p)) throw new H5pPackageError('bad-h5p-json', 'h5p.json must be a JSON object', 'h5p.json');
  const { mainLibrary } = h5p;
  if (typeof mainLibrary !== 'string' || !MACHINE_NAME.test(mainLibrary)) {
    throw new H5pPackageError('bad-h5p-json', 'h5p.json: mainLibrary is missing or not a library machine name (such as "H5P.MultiChoice")', 'h5p.json');
  }
  if (!Array.isArray(h5p.preloadedDependencies) || h5p.preloadedDependencies.length === 0) {
    throw new H5pPackageError('bad-h5p-json', 'h5p.json: preloadedDependencies is missing or empty; it must list the main library and what it needs', 'h5p.json');
  }
  const direct = dependenciesOf(h5p, 'preloadedDependencies', 'h5p.json', 'h5p.json');
  const main = direct.find((d) => d.machineName === mainLibrary);
  if (!main) throw new H5pPackageError('bad-h5p-json', `h5p.json: mainLibrary "${mainLibrary}" is not among its preloadedDependencies`, 'h5p.json');

  const content = byPath.get('content/content.json');
  if (!content) throw new H5pPackageError('missing-content', 'the package has no content/content.json (the activity itself)');
  parseJson(content, 'the content');

  const seen = new Set<string>();
  const queue: Array<{ lib: LibraryRef; neededBy: string }> = direct.map((lib) => ({ lib, neededBy: 'h5p.json' }));
  while (queue.length > 0) {
    const { lib, neededBy } = queue.shift() as { lib: LibraryRef; neededBy: string };
    const folder = libraryFolder(lib);
    if (seen.has(folder)) continue;
    seen.add(folder);
    const libraryJsonPath = `${folder}/library.json`;
    const libraryFile = byPath.get(libraryJsonPath);
    if (!libraryFile) {
      throw new H5pPackageError('missing-library', `library ${libraryName(lib)} (needed by ${neededBy}) is not in the package: "${libraryJsonPath}" is missing`, libraryJsonPath);
    }
    const json = parseJson(libraryFile, `library ${libraryName(lib)}`);
    if (!isRecord(json)) throw new H5pPackageError('bad-library', `${libraryJsonPath} must be a JSON object`, libraryJsonPath);
    if (json.machineName !== lib.machineName || versionOf(json.majorVersion) !== lib.majorVersion || versionOf(json.minorVersion) !== lib.minorVersion) {
      throw new H5pPackageError(
        'bad-library',
        `${libraryJsonPath} describes ${String(json.machineName)} ${String(json.majorVersion)}.${String(json.minorVersion)}, not ${libraryName(lib)}`,
        libraryJsonPath,
      );
    }
    for (const key of ['preloadedJs', 'preloadedCss'] as const) {
      const assets = json[key];
      if (assets === undefined) continue;
      if (!Array.isArray(assets)) throw new H5pPackageError('bad-library', `${libraryJsonPath}: ${key} must be a list`, libraryJsonPath);
      for (const asset of assets) {
        const assetPath = isRecord(asset) && typeof asset.path === 'string' ? asset.path : null;
        if (!assetPath || unsafePathReason(assetPath) || !byPath.has(`${folder}/${assetPath}`)) {
          throw new H5pPackageError('bad-library', `library ${libraryName(lib)} loads "${assetPath ?? JSON.stringify(asset)}", which is not in its folder`, libraryJsonPath);
        }
      }
    }
    for (const dep of dependenciesOf(json, 'preloadedDependencies', `library ${libraryName(lib)}`, libraryJsonPath)) {
      queue.push({ lib: dep, neededBy: `library ${libraryName(lib)}` });
    }
  }

  const title = typeof h5p.title === 'string' && h5p.title.trim() ? h5p.title.trim().slice(0, 255) : mainLibrary;
  return { title, mainLibrary: main, libraries: [...seen].sort() };
}

/** Reads and checks a whole package: the archive rules, then the H5P structure. */
export async function checkPackage(buffer: Buffer, limits: PackageLimits = DEFAULT_LIMITS): Promise<CheckedPackage> {
  const { files, uncompressedBytes } = await readArchive(buffer, limits);
  return { ...checkStructure(files), files, uncompressedBytes };
}
