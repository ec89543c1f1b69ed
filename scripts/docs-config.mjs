#!/usr/bin/env node
// Regenerates the configuration table in README.md from the env schema (config/src/schema.ts).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { buildAll, repoRoot } from './lib/tasks.mjs';

await buildAll({ only: ['config'] });
const require = createRequire(import.meta.url);
const { configurationTable, envExample } = require(path.join(repoRoot, 'config', 'dist', 'index.js'));
const readme = path.join(repoRoot, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- config:start -->';
const end = '<!-- config:end -->';
const next = text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${configurationTable()}\n${end}`);
fs.writeFileSync(readme, next);
console.log(next === text ? 'README configuration table already up to date' : 'README configuration table regenerated');
fs.writeFileSync(path.join(repoRoot, 'config', '.env.example'), envExample());
console.log('config/.env.example regenerated');
