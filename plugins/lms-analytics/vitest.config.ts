import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// lms-analytics' own tests: the pure domain (event checks, series, funnel, ledger folding).
//   npx vitest run --config plugins/lms-analytics/vitest.config.ts
// The root config runs the same files in its unit project.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['server/src/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
  },
});
