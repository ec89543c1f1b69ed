import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const strapiBin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

function runWith(env: Record<string, string>, args: string[], cwd = root) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DATABASE_') && !k.startsWith('REDIS_')));
  return spawnSync(process.execPath, args, { cwd, env: { ...clean, ...env }, encoding: 'utf8', timeout: 120_000 });
}

describe('a bad setting stops start-up with one line naming it', () => {
  it('npm run up (scripts/up.mjs) refuses PORT=abc before starting anything', () => {
    const r = runWith({ PORT: 'abc' }, ['scripts/up.mjs']);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(['Invalid setting PORT: expected an integer from 1 to 65535 (got "abc")']);
  });

  it('the cms itself refuses a malformed DATABASE_URL', () => {
    const r = runWith({ DATABASE_URL: 'mysql://db/lms' }, [strapiBin, 'start'], path.join(root, 'cms'));
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}\n${r.stderr}`).toContain('Invalid setting DATABASE_URL: expected a postgres:// connection URL (got "mysql://db/lms")');
  });
});
