import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../harness/stack';

/**
 * The newcomer's path: `npm run up` with nothing configured but ports, i.e. SQLite and the
 * inline queue, then Ctrl-C. Runs the real script in its own process group, as a terminal would.
 */
describe('npm run up (SQLite + inline queue)', () => {
  const dbFile = `.tmp/smoke-${crypto.randomBytes(4).toString('hex')}.sqlite`;
  let up: ChildProcess | undefined;
  let output = '';

  afterAll(() => {
    if (up?.pid && up.exitCode === null && up.signalCode === null) {
      try {
        process.kill(-up.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    }
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(repoRoot, dbFile + suffix), { force: true });
  });

  it('starts cms, site and worker, prints URLs and logins, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const sitePort = await freePort();
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(DATABASE_|REDIS_|PUBLIC_URL|SITE_URL|CMS_URL|VITEST|NODE_ENV)/.test(k)),
    );
    up = spawn('npm', ['run', 'up'], {
      cwd: repoRoot,
      env: { ...env, PORT: String(port), SITE_PORT: String(sitePort), DATABASE_FILENAME: dbFile },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    up.stdout?.on('data', (d) => (output += d));
    up.stderr?.on('data', (d) => (output += d));

    const deadline = Date.now() + 600_000;
    while (!output.includes('LMS is running') && Date.now() < deadline && up.exitCode === null) {
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(output, output.slice(-4000)).toContain('LMS is running');
    expect(output).toContain(`http://localhost:${sitePort}`);
    expect(output).toContain(`http://localhost:${port}/admin`);
    expect(output).toMatch(/demo logins/);
    expect(output).toContain('admin@example.com');
    expect(output).toMatch(/\[cms\].*No REDIS_URL: jobs run inline in this process/);

    const health = await fetch(`http://127.0.0.1:${port}/_health`);
    expect(health.status).toBe(204);
    const catalog = await fetch(`http://127.0.0.1:${port}/api/catalog/courses`);
    expect(catalog.status).toBe(200);
    expect(((await catalog.json()) as { meta: { pagination: { total: number } } }).meta.pagination.total).toBe(6);
    const home = await fetch(`http://127.0.0.1:${sitePort}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<main');

    // Ctrl-C in a terminal signals the whole foreground group: npm itself may die of the SIGINT
    // (exit by signal, as a shell reports 130) while scripts/up.mjs stops every child and says so.
    const exited = new Promise<string>((resolve) => up?.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
    process.kill(-(up.pid as number), 'SIGINT');
    const how = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 30_000))]);
    expect(['exit 0', 'exit 130', 'SIGINT'], output.slice(-3000)).toContain(how);
    await waitFor(() => output.includes('› stopped'), 10_000);
    expect(output, output.slice(-3000)).toContain('› stopped');
    expect(output).not.toContain('stopped unexpectedly');
    await expect(fetch(`http://127.0.0.1:${port}/_health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${sitePort}/`)).rejects.toThrow();
  });
});

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
