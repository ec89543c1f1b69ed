import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { createTestDatabase, type TestDatabase } from './db';
import { freePort, repoRoot, testEnvironment, waitForHttp } from './stack';

/** A cms of its own whose uploads go to S3: a local S3-compatible server (s3rver) and a fresh database. */
export interface S3Cms {
  baseUrl: string;
  s3Port: number;
  /** Where s3rver keeps the bucket's objects on disk (`<key>._S3rver_object`). */
  bucketDir: string;
  /** The cms's output so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts s3rver with the bucket `lms-media` and a cms (`strapi start`, the built app) with
 * S3_BUCKET pointing at it, path-style, as tests/integration/upload.test.ts does by hand. The
 * database has no demo seed; register the first admin through /admin/register-admin.
 */
export async function startS3Cms(label: string): Promise<S3Cms> {
  const s3Port = await freePort();
  const s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-s3-`));
  const s3 = new S3rver({ port: s3Port, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'lms-media' }] });
  await s3.run();
  const db: TestDatabase = await createTestDatabase(label.replace(/[^a-z0-9_]/gi, '_'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...testEnvironment({ databaseUrl: db.url, redisPrefix: `${label}-${crypto.randomBytes(3).toString('hex')}`, port }),
    S3_BUCKET: 'lms-media',
    S3_REGION: 'us-east-1',
    S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    SEED_DEMO: 'false',
  };
  let output = '';
  const cms: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'], {
    cwd: path.join(repoRoot, 'cms'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cms.stdout?.on('data', (d) => (output += d));
  cms.stderr?.on('data', (d) => (output += d));
  const stop = async () => {
    if (cms.exitCode === null) {
      const exited = new Promise((r) => cms.once('exit', r));
      cms.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    await s3.close().catch(() => undefined);
    await db.drop().catch(() => undefined);
    fs.rmSync(s3Dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${baseUrl}/_health`, 120_000);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n${output.slice(-3000)}`);
  }
  return { baseUrl, s3Port, bucketDir: path.join(s3Dir, 'lms-media'), output: () => output, stop };
}
