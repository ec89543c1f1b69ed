import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createZip, ZipError } from './zip';

/** Reads the archive back through its central directory, as an unzip tool does. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const packed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.set(name, inflateRawSync(zip.subarray(dataAt, dataAt + packed)));
    at += 46 + nameLength;
  }
  return out;
}

describe('createZip', () => {
  const entries = [
    { name: 'README.txt', data: 'hello\n' },
    { name: 'csv/lms-enrollment.enrollments.csv', data: 'id,user_id\r\n1,7\r\n' },
    { name: 'data.json', data: Buffer.from(JSON.stringify({ name: 'Zoë Ελληνικά', n: [1, 2, 3] })) },
  ];

  it('writes entries that read back byte for byte', () => {
    const files = readZip(createZip(entries, new Date('2026-12-03T10:20:30Z')));
    expect([...files.keys()]).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect(files.get(e.name)?.equals(Buffer.from(e.data))).toBe(true);
  });

  it('is accepted by Info-ZIP unzip, CRCs included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-test-'));
    try {
      const file = path.join(dir, 'a.zip');
      fs.writeFileSync(file, createZip(entries));
      const tested = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
      expect(tested).toMatch(/No errors detected/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses names that leave the archive root or repeat', () => {
    for (const name of ['../evil', '/abs', 'a//b', 'a/./b', '']) expect(() => createZip([{ name, data: 'x' }])).toThrow(ZipError);
    expect(() => createZip([{ name: 'a', data: 'x' }, { name: 'a', data: 'y' }])).toThrow(/twice/);
  });

  it('writes an empty archive as just the end record', () => {
    expect(createZip([])).toHaveLength(22);
  });
});
