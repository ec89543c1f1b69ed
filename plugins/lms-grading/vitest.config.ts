import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// lms-grading's own tests: the pure domain (grading, attempts, completion, rubrics) and the
// certificate renderer (checked with Debian's qpdf and poppler tools). From the repository root:
//   npx vitest run --config plugins/lms-grading/vitest.config.ts
// The root config runs the same files in its unit project.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['server/src/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
  },
});
