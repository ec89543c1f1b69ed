import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configurationTable, envExample } from '../config/src';

describe('README', () => {
  it('carries the configuration table generated from the env schema (npm run docs:config)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const match = /<!-- config:start -->\n([\s\S]*?)\n<!-- config:end -->/.exec(readme);
    expect(match?.[1]).toBe(configurationTable());
  });

  it('ships config/.env.example generated from the same schema', () => {
    expect(fs.readFileSync(path.join(__dirname, '..', 'config', '.env.example'), 'utf8')).toBe(envExample());
  });

  it('documents exactly the two set-up commands', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain('npm run up');
    expect(readme).toContain('npm test');
  });
});
