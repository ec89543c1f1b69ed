import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// lms-revenue's own tests: the pure domain (rules, split, reversals, balances, payout decisions),
// example-based and property-based (fast-check). From the repository root:
//   npx vitest run --config plugins/lms-revenue/vitest.config.ts
// The root config runs the same files in its unit project.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['server/src/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
  },
});
