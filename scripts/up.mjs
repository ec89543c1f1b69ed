#!/usr/bin/env node
// `npm run up`: install what is missing, build what changed, seed the demo, then run the cms,
// the site and the worker until Ctrl-C. Plain JavaScript: it runs before anything is installed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildAll, ensureDotenv, ensureInstalled, log, repoRoot, run, validateConfigOrExit } from './lib/tasks.mjs';

const children = new Map();
let stopping = false;

function start(name, command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}]`.padEnd(9);
  const forward = (stream, out) => {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) out.write(`${prefix}${line}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      process.stderr.write(`${prefix}stopped unexpectedly (${signal ?? `exit ${code}`}); stopping everything\n`);
      void stopAll(1);
    }
  });
  children.set(name, child);
  return child;
}

async function stopAll(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log('\n› stopping…');
  const exits = [...children.values()].map(
    (child) =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => {
          if (child.exitCode === null) child.kill('SIGKILL');
        }, 10_000).unref();
      }),
  );
  await Promise.all(exits);
  log('› stopped');
  process.exit(exitCode);
}

async function waitFor(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function main() {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  await ensureInstalled();
  ensureDotenv();
  await buildAll({ only: ['config'] });
  validateConfigOrExit();

  const { loadConfig } = await import(path.join(repoRoot, 'config', 'dist', 'index.js')).then((m) => m.default ?? m);
  const config = loadConfig();
  await buildAll();

  log(`› database: ${config.database.client === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `SQLite at ${path.relative(repoRoot, config.database.filename)}`}`);

  let accounts = [];
  let demoCertificate = null;
  if (config.seed.demo) {
    log('› seeding the demo (first run creates it; later runs change nothing)…');
    const summaryFile = path.join(repoRoot, '.cache', 'seed-summary.json');
    const { code, output } = await run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--summary', summaryFile], {
      quiet: true,
    });
    if (code !== 0) {
      process.stderr.write(output);
      process.stderr.write('seeding failed; see above\n');
      process.exit(1);
    }
    const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
    accounts = summary.accounts ?? [];
    demoCertificate = summary.demoCertificate ?? null;
  }

  const strapiBin = path.join(repoRoot, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
  start('cms', process.execPath, [strapiBin, 'start'], { cwd: path.join(repoRoot, 'cms'), env: { LMS_PROCESS_ROLE: 'cms' } });
  start('site', process.execPath, ['server.mjs'], { cwd: path.join(repoRoot, 'site') });
  start('worker', process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], { env: { LMS_PROCESS_ROLE: 'worker' } });

  const cmsUp = await waitFor(`http://127.0.0.1:${config.port}/_health`, 180_000);
  const siteUp = await waitFor(`http://127.0.0.1:${config.sitePort}/`, 60_000);
  if (stopping) return;
  if (!cmsUp || !siteUp) {
    process.stderr.write(`${!cmsUp ? 'the cms' : 'the site'} did not come up; see the log above\n`);
    return stopAll(1);
  }

  const lines = [
    '',
    '  LMS is running',
    `  site   ${config.siteUrl}`,
    `  cms    ${config.publicUrl}/api`,
    `  admin  ${config.publicUrl}/admin`,
  ];
  if (accounts.length) {
    lines.push('', '  demo logins (password for all: ' + config.seed.password + ')');
    for (const a of accounts) lines.push(`  ${a.role.padEnd(11)} ${a.email.padEnd(32)} ${a.where}`);
  }
  if (demoCertificate) {
    lines.push('', `  verify a certificate (${demoCertificate.learnerEmail} finished ${demoCertificate.courseSlug})`, `  ${demoCertificate.verifyUrl}`);
  }
  lines.push('', '  Ctrl-C stops everything.', '');
  log(lines.join('\n'));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  void stopAll(1);
});
