import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// lms-enrollment's own tests without the repository's integration stack: domain unit tests and
// the migration test on real PostgreSQL and SQLite. From the repository root:
//   npx vitest run --config plugins/lms-enrollment/vitest.config.ts
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
