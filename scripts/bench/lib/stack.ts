import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createTestDatabase, TEST_PG_ADMIN_URL, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../tests/harness/db';
import { freePort, repoRoot, testEnvironment, waitForHttp } from '../../../tests/harness/stack';
import { onCleanup } from './cleanup';

export interface BenchCms {
  strapi: Core.Strapi;
  cmsUrl: string;
  env: Record<string, string>;
}

/**
 * The cms under test, in this process (so knex query events can be counted), on a throwaway
 * PostgreSQL database (or one kept by an earlier run) and its own Redis prefix, with the
 * environment the test harness uses plus `extraEnv` (e.g. a Stripe webhook secret).
 */
export async function startCms(
  database: { reuse?: string; keep: boolean; label?: string },
  extraEnv: Record<string, string> = {},
  options: { listen?: boolean } = {},
): Promise<BenchCms> {
  if (!fs.existsSync(path.join(repoRoot, 'cms/dist/src/index.js'))) {
    throw new Error('the cms is not built (cms/dist/src/index.js missing): run `npm run build` first');
  }
  const databaseUrl = database.reuse ? await existingDatabaseUrl(database.reuse) : await freshDatabaseUrl(database.keep, database.label ?? 'lms_bench');

  const redisPrefix = uniqueRedisPrefix('lms-bench');
  onCleanup(`delete Redis keys ${redisPrefix}*`, () => deleteRedisKeys(redisPrefix));
  const env: Record<string, string> = {
    ...testEnvironment({ databaseUrl, redisPrefix, port: await freePort() }),
    LOG_LEVEL: 'error',
    // Strapi's telemetry sends each of the first 1000 API requests of the day to
    // analytics.strapi.io, one outgoing HTTPS call per request. A long-running server soon
    // stops paying for it; here it would slow only whichever endpoint is measured first.
    STRAPI_TELEMETRY_DISABLED: 'true',
    ...extraEnv,
  };
  // The site keeps its default catalog cache, as in production; the test stack turns it off.
  delete env.SITE_CACHE_SECONDS;
  delete process.env.SITE_CACHE_SECONDS;
  Object.assign(process.env, env);
  // Certificates and assignment uploads of this run (a fresh folder each start, so a kept
  // database's files are gone anyway): thousands of PDFs must not pile up in the temp folder.
  const privateFiles = env.PRIVATE_FILES_DIR;
  if (privateFiles) onCleanup(`remove ${privateFiles}`, () => fs.promises.rm(privateFiles, { recursive: true, force: true }));

  // Imported late: the cms config reads the environment set just above.
  const { bootStrapi } = await import('../../lib/strapi');
  // listen: false boots as the worker does (no HTTP server), for benchmarks of services alone.
  const strapi = await bootStrapi({ listen: options.listen ?? true, logLevel: 'error' });
  onCleanup('stop the cms', () => strapi.destroy());
  return { strapi, cmsUrl: env.CMS_URL ?? '', env };
}

async function freshDatabaseUrl(keep: boolean, label: string): Promise<string> {
  const db = await createTestDatabase(label);
  if (keep) {
    console.log(`database ${db.name} (kept: measure it again with --database ${db.name})`);
  } else {
    onCleanup(`drop database ${db.name}`, () => db.drop());
    console.log(`database ${db.name} (dropped at the end)`);
  }
  return db.url;
}

/** A database kept by an earlier `--keep` run: measured again without generating anything. */
async function existingDatabaseUrl(name: string): Promise<string> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) throw new Error(`--database ${name}: no such database on ${new URL(TEST_PG_ADMIN_URL).host}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  console.log(`database ${name} (reused, kept)`);
  return url.toString();
}

export type SiteHandle = { url: string } | { skipped: string };

/** The built Astro site as a child process pointed at the cms, or why it could not start. */
export async function startSite(cms: BenchCms): Promise<SiteHandle> {
  const siteDir = path.join(repoRoot, 'site');
  for (const file of ['server.mjs', 'dist/server/entry.mjs']) {
    if (!fs.existsSync(path.join(siteDir, file))) return { skipped: `site/${file} missing: the site is not built yet` };
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: siteDir,
    env: { ...process.env, ...cms.env, CMS_URL: cms.cmsUrl, SITE_PORT: String(port), SITE_URL: url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[site] ${d}`));
  onCleanup('stop the site', () => stopChild(child));
  try {
    await waitForHttp(`${url}/`, 60_000);
  } catch (error) {
    return { skipped: `the site did not start: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { url };
}

async function stopChild(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
