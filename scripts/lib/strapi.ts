import { createRequire } from 'node:module';
import path from 'node:path';
import type { Core, createStrapi as CreateStrapi } from '@strapi/strapi';

// Loaded through require on purpose: under vitest, dependencies are imported as native ESM, which
// picks @strapi/strapi's .mjs build, and that fails on `import 'lodash/fp'` (a directory import
// Node's ESM loader refuses). The CommonJS build loads the same way under tsx, node and vitest.
const { createStrapi } = createRequire(__filename)('@strapi/strapi') as { createStrapi: typeof CreateStrapi };

export const repoRoot = path.resolve(__dirname, '..', '..');
export const cmsDir = path.join(repoRoot, 'cms');

/**
 * Loads the built cms (cms/dist) in this process: register, bootstrap, plugins, database.
 * `listen: true` also opens the HTTP server on PORT; otherwise nothing listens (worker, seed, tests
 * that only need services). The environment must already hold the settings (see config/).
 */
export async function bootStrapi(options: { listen?: boolean; logLevel?: string } = {}): Promise<Core.Strapi> {
  const app = createStrapi({ appDir: cmsDir, distDir: path.join(cmsDir, 'dist'), autoReload: false });
  if (options.logLevel) app.log.level = options.logLevel;
  // load() + listen() rather than start(): start() calls process.exit on a boot error,
  // which would hide the error from a test runner or the seed script.
  await app.load();
  if (options.listen) await app.listen();
  return app;
}
