// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- s3rver ships no types; the declaration the tests share lives in tests/harness
/// <reference path="../../../../../tests/harness/s3rver.d.ts" />
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalPrivateFiles, createS3PrivateFiles, readAll, type PrivateFiles } from './private-files';

const pdf = Buffer.from('%PDF-1.7\nnot really a certificate\n%%EOF\n');

/** The same behaviour from every store. */
function behaves(name: string, store: () => PrivateFiles) {
  describe(name, () => {
    it('stores, reads back with the content type, and removes', async () => {
      await store().put('certificates/AAAA-BBBB/one.pdf', pdf, 'application/pdf');
      const file = await store().get('certificates/AAAA-BBBB/one.pdf');
      expect(file?.contentType).toBe('application/pdf');
      expect(file?.size).toBe(pdf.length);
      expect((await readAll(file!)).equals(pdf)).toBe(true);
      await store().remove('certificates/AAAA-BBBB/one.pdf');
      expect(await store().get('certificates/AAAA-BBBB/one.pdf')).toBeNull();
      await expect(store().remove('certificates/AAAA-BBBB/one.pdf')).resolves.toBeUndefined();
    });

    it('answers null for a file it never had', async () => {
      expect(await store().get('certificates/none.pdf')).toBeNull();
    });

    it('refuses keys that could leave its folder or prefix', async () => {
      for (const key of ['../x.pdf', '/abs.pdf', 'a/../../b.pdf', 'a//b.pdf', 'a/./b.pdf', '', 'spaces are bad.pdf']) {
        await expect(store().put(key, pdf, 'application/pdf'), key).rejects.toThrow(/not valid/);
      }
    });
  });
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-private-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

behaves('a folder on disk', () => createLocalPrivateFiles(dir));

describe('a folder on disk, privately', () => {
  it('writes files only its owner may read', async () => {
    await createLocalPrivateFiles(dir).put('x/owner-only.pdf', pdf, 'application/pdf');
    expect(fs.statSync(path.join(dir, 'x', 'owner-only.pdf')).mode & 0o077).toBe(0);
  });
});

// A local S3-compatible server (as the upload tests use).
let s3: S3rver;
let s3Dir: string;
let endpoint: string;
beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-s3-private-'));
  s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'media' }] });
  await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3?.close();
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

const s3Store = () =>
  createS3PrivateFiles({ driver: 's3', bucket: 'media', prefix: 'private/', region: 'us-east-1', endpoint, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });

behaves('S3 (the upload bucket, under private/)', s3Store);

describe('S3, privately', () => {
  it('keeps objects under the prefix', async () => {
    await s3Store().put('certificates/CCCC/two.pdf', pdf, 'application/pdf');
    expect(fs.existsSync(path.join(s3Dir, 'media', 'private', 'certificates', 'CCCC'))).toBe(true);
  });

  it('never asks for a public ACL (s3rver ignores ACLs, so the request itself is checked)', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const recorder = http.createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(200, { ETag: '"0"' }).end());
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = recorder.address() as net.AddressInfo;
      const store = createS3PrivateFiles({ driver: 's3', bucket: 'vault', prefix: '', region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true });
      await store.put('certificates/DDDD/three.pdf', pdf, 'application/pdf');
    } finally {
      recorder.close();
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.['x-amz-acl']).toBeUndefined();
    expect(seen[0]?.['content-type']).toBe('application/pdf');
  });
});
