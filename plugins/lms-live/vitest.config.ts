import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// lms-live's own tests: the pure domain (join window, reminders, time zones, ics).
//   npx vitest run --config plugins/lms-live/vitest.config.ts
// The root config runs the same files in its unit project.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['server/src/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
  },
});
