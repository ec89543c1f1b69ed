import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { createTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix, type TestDatabase } from './db';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const randomSecret = () => crypto.randomBytes(24).toString('base64');

/** The environment of one test stack: fresh secrets, its own database and Redis prefix. */
export function testEnvironment(opts: { databaseUrl: string; redisPrefix: string; port: number; sitePort?: number }) {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(opts.port),
    SITE_PORT: String(opts.sitePort ?? 4321),
    PUBLIC_URL: `http://127.0.0.1:${opts.port}`,
    CMS_URL: `http://127.0.0.1:${opts.port}`,
    SITE_URL: `http://127.0.0.1:${opts.sitePort ?? 4321}`,
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: opts.redisPrefix,
    APP_KEYS: `${randomSecret()},${randomSecret()}`,
    API_TOKEN_SALT: randomSecret(),
    ADMIN_JWT_SECRET: randomSecret(),
    TRANSFER_TOKEN_SALT: randomSecret(),
    JWT_SECRET: randomSecret(),
    ENCRYPTION_KEY: randomSecret(),
    // The site names the learner's address to the cms with it (cms/src/middlewares/client-ip.ts).
    LMS_INTERNAL_SECRET: randomSecret(),
    // lms-payouts encrypts bank details with it (AES-256: 32 bytes).
    LMS_PAYOUTS_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    // Encrypts lms-lti's tool keys at rest (32 bytes).
    LTI_KEY_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    SEED_PASSWORD: 'TestPass2026!',
    SEED_ADMIN_EMAIL: 'admin@example.com',
    SITE_CACHE_SECONDS: '0',
    LOG_LEVEL: 'warn',
    // Lets a request set "now" with the x-lms-test-now header (lms-enrollment's clock; honoured
    // only when NODE_ENV is test as well).
    LMS_TEST_CLOCK: 'true',
    // Certificates and assignment uploads of this stack only; removed by stop().
    PRIVATE_FILES_DIR: path.join(os.tmpdir(), `lms-private-files-${crypto.randomBytes(6).toString('hex')}`),
  } satisfies Record<string, string>;
}

export interface Stack {
  cmsUrl: string;
  siteUrl?: string;
  databaseUrl: string;
  redisPrefix: string;
  seedPassword: string;
  adminEmail: string;
  /** LMS_INTERNAL_SECRET of the stack (the site's proof when it names a learner's address). */
  internalSecret: string;
  /** APP_KEYS of the stack (they sign private-file download links). */
  appKeys: string;
  /** PRIVATE_FILES_DIR of the stack. */
  privateFilesDir: string;
  strapi: Core.Strapi;
  stop(): Promise<void>;
}

function requireBuilt(file: string, what: string) {
  if (!fs.existsSync(path.join(repoRoot, file))) {
    throw new Error(`${what} is not built (${file} missing): run \`npm test\`, which builds first, or \`npm run build\``);
  }
}

/**
 * Boots the real cms in this process on a fresh PostgreSQL database, seeds the demo, and
 * optionally starts the built site as a child process. One stack per test project.
 */
export async function startStack(options: { site?: boolean; label?: string; env?: Record<string, string> } = {}): Promise<Stack> {
  requireBuilt('cms/dist/src/index.js', 'the cms');
  requireBuilt('plugins/lms-core/dist/server/index.js', 'the lms-core plugin');
  if (options.site) requireBuilt('site/dist/server/entry.mjs', 'the site');

  const db: TestDatabase = await createTestDatabase(options.label ?? 'lms');
  const port = await freePort();
  const sitePort = options.site ? await freePort() : undefined;
  // Extra settings (an SMTP server, ...) join the generated ones and reach cms and site alike.
  const env = { ...testEnvironment({ databaseUrl: db.url, redisPrefix: uniqueRedisPrefix(options.label), port, sitePort }), ...options.env };
  Object.assign(process.env, env);

  let strapi: Core.Strapi;
  try {
    // Imported late: both read the environment set just above.
    const { bootStrapi } = await import('../../scripts/lib/strapi');
    const { seedDemo } = await import('../../database/seed');
    strapi = await bootStrapi({ listen: true, logLevel: 'warn' });
    await seedDemo(strapi);
  } catch (error) {
    await db.drop().catch(() => undefined);
    throw error;
  }

  let site: ChildProcess | undefined;
  if (options.site && sitePort) {
    site = spawn(process.execPath, ['server.mjs'], {
      cwd: path.join(repoRoot, 'site'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    site.stderr?.on('data', (d: Buffer) => process.stderr.write(`[site] ${d}`));
    await waitForHttp(`http://127.0.0.1:${sitePort}/`, 60_000);
  }

  return {
    cmsUrl: env.CMS_URL,
    siteUrl: sitePort ? `http://127.0.0.1:${sitePort}` : undefined,
    databaseUrl: db.url,
    redisPrefix: env.REDIS_PREFIX,
    seedPassword: env.SEED_PASSWORD,
    adminEmail: env.SEED_ADMIN_EMAIL,
    internalSecret: env.LMS_INTERNAL_SECRET,
    appKeys: env.APP_KEYS,
    privateFilesDir: env.PRIVATE_FILES_DIR,
    strapi,
    async stop() {
      if (site && site.exitCode === null) {
        const exited = new Promise((r) => site?.once('exit', r));
        site.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      await removeUploadedFiles(strapi);
      await destroyKeepingProcessListeners(strapi);
      fs.rmSync(env.PRIVATE_FILES_DIR, { recursive: true, force: true });
      await db.drop().catch(() => undefined);
    },
  };
}

/** Polls until the URL answers (any status below 500) or the time runs out. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
      lastError = new Error(`status ${res.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * The local upload provider writes into cms/public/uploads; a test database's files would
 * otherwise pile up there run after run. Removes exactly the files this database references.
 */
async function removeUploadedFiles(strapi: Core.Strapi): Promise<void> {
  try {
    const files = (await strapi.db.query('plugin::upload.file').findMany({ select: ['url', 'formats', 'provider'] })) as Array<{
      url: string;
      provider: string;
      formats: Record<string, { url: string }> | null;
    }>;
    const publicDir = path.join(repoRoot, 'cms', 'public');
    for (const file of files.filter((f) => f.provider === 'local')) {
      for (const url of [file.url, ...Object.values(file.formats ?? {}).map((f) => f.url)]) {
        if (url.startsWith('/uploads/')) fs.rmSync(path.join(publicDir, url), { force: true });
      }
    }
  } catch {
    // best effort: a leftover file is harmless
  }
}

/**
 * `strapi.destroy()` ends with `process.removeAllListeners()`, which would also strip the test
 * runner's own listeners in this process; put them back afterwards.
 */
async function destroyKeepingProcessListeners(strapi: Core.Strapi): Promise<void> {
  const saved = process.eventNames().map((name) => [name, process.rawListeners(name as string)] as const);
  await strapi.destroy().catch(() => undefined);
  for (const [name, listeners] of saved) {
    const present = new Set(process.rawListeners(name as string));
    for (const listener of listeners) {
      if (!present.has(listener)) process.on(name as string, listener as (...args: unknown[]) => void);
    }
  }
}
