import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// lms-lti's own tests: the pure protocol core (OIDC login, launch verification against a test
// platform's real RSA keys, tool keys, deep linking, AGS wire format, LTI 1.1). From the root:
//   npx vitest run --config plugins/lms-lti/vitest.config.ts
// The root config runs the same files in its unit project.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['server/src/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
  },
});
