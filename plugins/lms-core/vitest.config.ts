import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// lms-core's own tests without the repository's integration stack: domain unit tests and the
// service tests against real PostgreSQL, SQLite and Redis (they create and drop their own
// databases and Redis keys). From the repository root:
//   npx vitest run --config plugins/lms-core/vitest.config.ts
// The root config runs the same files too (unit and integration projects).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['server/src/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
