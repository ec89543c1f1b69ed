import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { deflateRawSync } from 'node:zlib';

/**
 * A minimal zip writer for tests: it writes exactly what it is told, including what a real zip
 * tool refuses to (".." names, absolute paths, symlink entries, sizes that lie), so the tests can
 * build every malicious archive the validator must reject. Not used outside tests.
 */
export interface ZipEntryInput {
  name: string;
  data?: Buffer | string;
  /** Deflate (default) or store. */
  method?: 'deflate' | 'store';
  /** Claim this uncompressed size in both headers instead of the real one. */
  declaredSize?: number;
  /** Unix mode for the external attributes (0o120777: a symlink). */
  unixMode?: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function buildZip(entries: readonly ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = e.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const store = e.method === 'store' || e.name.endsWith('/');
    const body = store ? raw : deflateRawSync(raw, { level: 9 });
    const size = e.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const method = store ? 0 : 8;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    const mode = e.unixMode ?? (e.name.endsWith('/') ? 0o40755 : 0o100644);
    central.writeUInt32LE((mode * 0x10000 + (e.name.endsWith('/') ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** Every file under `dir` as zip entries with '/'-separated relative names. */
export function entriesOfFolder(dir: string): ZipEntryInput[] {
  const out: ZipEntryInput[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push({ name: relative(dir, full).split(sep).join('/'), data: readFileSync(full) });
    }
  };
  walk(dir);
  return out;
}

/** The greeting-card fixture (tests/fixtures/h5p/greetingcard) as a valid .h5p, with changes. */
export function greetingCardPackage(fixtureDir: string, change: (entries: ZipEntryInput[]) => ZipEntryInput[] = (e) => e): Buffer {
  return buildZip(change(entriesOfFolder(fixtureDir)));
}
