#!/usr/bin/env node
// `npm test`: install what is missing, build, type-check, lint, then run every test tier
// (unit, integration, browser, smoke) and end with one line "N passed, N failed".
// Each check (build, a type-check, lint) counts as one test; vitest reports the rest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildAll, ensureDotenv, ensureInstalled, log, repoRoot, run } from './lib/tasks.mjs';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function record(name, ok) {
  if (ok) results.passed += 1;
  else {
    results.failed += 1;
    failures.push(name);
  }
  log(`${ok ? '✓' : '✗'} ${name}`);
}

/** Debian packages the browser and document tests drive; installed when absent (root on CI). */
function ensureDebianPackages() {
  const wanted = [
    ['/usr/bin/chromium', 'chromium'],
    ['/usr/bin/qpdf', 'qpdf'],
    ['/usr/bin/pdftotext', 'poppler-utils'],
    ['/usr/bin/zbarimg', 'zbar-tools'],
  ].filter(([bin]) => !fs.existsSync(bin));
  if (wanted.length === 0) return;
  const names = wanted.map(([, pkg]) => pkg);
  log(`› installing Debian packages: ${names.join(' ')}…`);
  const opts = { stdio: process.env.CI === 'true' ? 'ignore' : 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update', '-qq'], opts);
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], opts);
  if (install.status !== 0) log(`  could not install ${names.join(' ')} (browser/PDF tests will say so)`);
}

async function check(name, command, args, options = {}) {
  const { code, output } = await run(command, args, { ...options, quiet: true });
  if (code !== 0) process.stdout.write(output);
  record(name, code === 0);
  return code === 0;
}

async function vitestProject(project) {
  const outputFile = path.join(repoRoot, '.cache', `vitest-${project}.json`);
  fs.rmSync(outputFile, { force: true });
  log(`\n› ${project} tests`);
  await run('npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${outputFile}`], {
    env: { FORCE_COLOR: process.env.CI === 'true' ? '0' : '1' },
  });
  if (!fs.existsSync(outputFile)) {
    record(`${project} tests (the runner crashed before reporting)`, false);
    return;
  }
  const report = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
  results.passed += report.numPassedTests ?? 0;
  results.failed += report.numFailedTests ?? 0;
  results.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const file of report.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'failed') failures.push(`${project}: ${t.fullName}`);
    }
    // A suite that failed to load (or whose setup threw) has no assertion results: count it.
    if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') {
      results.failed += 1;
      failures.push(`${project}: ${path.relative(repoRoot, file.name)} (${(file.message ?? 'failed to run').split('\n')[0]})`);
    }
  }
  if ((report.testResults ?? []).length === 0 && report.success === false) {
    record(`${project} tests (setup failed)`, false);
  }
}

async function main() {
  const started = Date.now();
  await ensureInstalled();
  ensureDebianPackages();
  ensureDotenv();

  let built = true;
  try {
    await buildAll();
  } catch (error) {
    built = false;
    log(String(error instanceof Error ? error.message : error));
  }
  record('build (config, plugins, cms with admin panel, site)', built);

  log('\n› type-check');
  const pluginNames = fs.readdirSync(path.join(repoRoot, 'plugins')).filter((p) => fs.existsSync(path.join(repoRoot, 'plugins', p, 'package.json')));
  await check('type-check config', 'npx', ['tsc', '-p', 'config/tsconfig.json', '--noEmit']);
  for (const p of pluginNames) {
    await check(`type-check plugins/${p} (server)`, 'npx', ['tsc', '-p', `plugins/${p}/server/tsconfig.json`, '--noEmit']);
    await check(`type-check plugins/${p} (admin)`, 'npx', ['tsc', '-p', `plugins/${p}/admin/tsconfig.json`, '--noEmit']);
  }
  await check('type-check cms', 'npx', ['tsc', '-p', 'cms/tsconfig.json', '--noEmit']);
  await check('type-check site', 'npx', ['tsc', '-p', 'site/tsconfig.json', '--noEmit']);
  await check('type-check tests, scripts and seed', 'npx', ['tsc', '-p', 'tsconfig.json']);

  log('\n› lint');
  await check('lint (eslint)', 'npx', ['eslint', '--max-warnings=0', '.']);

  for (const project of ['unit', 'integration', 'browser', 'smoke']) {
    if (!built && project !== 'unit') {
      record(`${project} tests (skipped: the build failed)`, false);
      continue;
    }
    await vitestProject(project);
  }

  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  if (failures.length) {
    log(`\nfailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  }
  log(`\n(${minutes} min)`);
  const skipped = results.skipped ? `, ${results.skipped} skipped` : '';
  log(`${results.passed} passed, ${results.failed} failed${skipped}`);
  process.exit(results.failed === 0 ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  log(`${results.passed} passed, ${results.failed + 1} failed`);
  process.exit(1);
});
