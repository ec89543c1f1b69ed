import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminAuth } from '../harness/api';
import { createTestDatabase, type TestDatabase } from '../harness/db';
import { freePort, repoRoot, testEnvironment, waitForHttp } from '../harness/stack';

// A small PDF: the upload plugin stores documents byte for byte (images it may re-encode).
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function uploadPdf(baseUrl: string, auth: Record<string, string>, name: string) {
  const form = new FormData();
  form.append('files', new Blob([PDF], { type: 'application/pdf' }), name);
  const res = await fetch(`${baseUrl}/upload`, { method: 'POST', headers: auth, body: form });
  const body = (await res.json()) as Array<{ id: number; url: string; provider: string }>;
  return { status: res.status, file: body[0] };
}

describe('uploads with the default local provider', () => {
  it('stores the file under /uploads and serves it back', async () => {
    const auth = await adminAuth(inject('adminEmail'), inject('seedPassword'));
    const { status, file } = await uploadPdf(inject('cmsUrl'), auth, 'local-check.pdf');
    expect(status).toBe(201);
    expect(file?.provider).toBe('local');
    expect(file?.url).toMatch(/^\/uploads\/.+\.pdf$/);
    const served = await fetch(`${inject('cmsUrl')}${file?.url}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(PDF)).toBe(true);
  });
});

describe('uploads with S3_BUCKET set go to S3 (a local S3-compatible server)', () => {
  let s3: S3rver;
  let s3Port: number;
  let s3Dir: string;
  let cms: ChildProcess;
  let db: TestDatabase;
  let baseUrl: string;
  let output = '';

  beforeAll(async () => {
    // s3rver speaks the S3 REST protocol (signature v4, path-style) on loopback.
    s3Port = await freePort();
    s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-s3-'));
    s3 = new S3rver({ port: s3Port, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'lms-media' }] });
    await s3.run();

    db = await createTestDatabase('lms_s3');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env = {
      ...testEnvironment({ databaseUrl: db.url, redisPrefix: `lms-s3-${crypto.randomBytes(3).toString('hex')}`, port }),
      S3_BUCKET: 'lms-media',
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
    cms = spawn(process.execPath, [path.join(repoRoot, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'], {
      cwd: path.join(repoRoot, 'cms'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cms.stdout?.on('data', (d) => (output += d));
    cms.stderr?.on('data', (d) => (output += d));
    try {
      await waitForHttp(`${baseUrl}/_health`, 120_000);
    } catch (error) {
      throw new Error(`${String(error)}\n${output.slice(-3000)}`);
    }
  });

  afterAll(async () => {
    if (cms && cms.exitCode === null) {
      const exited = new Promise((r) => cms.once('exit', r));
      cms.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    await s3?.close().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    if (s3Dir) fs.rmSync(s3Dir, { recursive: true, force: true });
  });

  it('puts the object in the bucket, serves its URL, and deletes it with the media entry', async () => {
    const register = await fetch(`${baseUrl}/admin/register-admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 's3-admin@example.com', firstname: 'S3', lastname: 'Admin', password: 'TestPass2026!' }),
    });
    expect(register.status).toBe(200);
    const auth = await adminAuth('s3-admin@example.com', 'TestPass2026!', baseUrl);

    const { status, file } = await uploadPdf(baseUrl, auth, 'handout.pdf');
    expect(status, output.slice(-2000)).toBe(201);
    expect(file?.provider).toBe('aws-s3');
    expect(file?.url.startsWith(`http://127.0.0.1:${s3Port}/lms-media/`)).toBe(true);

    const fetched = await fetch(file!.url);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(PDF)).toBe(true);

    const del = await fetch(`${baseUrl}/upload/files/${file?.id}`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(200);
    expect((await fetch(file!.url)).status).toBe(404);
  });
});
