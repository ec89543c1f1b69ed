#!/usr/bin/env node
// `npm run build`: builds config, plugins, the cms (with its admin panel) and the site,
// skipping any unit whose sources are unchanged since its last build. `--force` rebuilds all.
import { buildAll, ensureDotenv, ensureInstalled } from './lib/tasks.mjs';

await ensureInstalled();
ensureDotenv();
await buildAll({ force: process.argv.includes('--force') });
