import { defineConfig } from 'vitest/config';

// One runner, four tiers. `npm test` runs them all; each can be run alone with
// `npx vitest run --project <name>`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'config/src/**/*.test.ts',
            'cms/src/**/*.test.ts',
            'plugins/*/server/src/**/*.test.ts',
            'plugins/*/admin/src/**/*.test.ts',
            'site/src/**/*.test.ts',
            'database/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
          environment: 'node',
        },
      },
      {
        // Real Strapi on a fresh PostgreSQL database and Redis with a unique key prefix,
        // booted once for the whole project by the global setup.
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'plugins/*/server/src/**/*.int.test.ts'],
          globalSetup: ['tests/harness/integration-setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      {
        // The same stack plus the built Astro site, driven by Debian's Chromium.
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/harness/browser-setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 90_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: 'smoke',
          include: ['tests/smoke/**/*.test.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
