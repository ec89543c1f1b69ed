import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.cache/**',
      '**/.strapi/**',
      '**/.astro/**',
      '**/.tmp/**',
      'cms/types/**',
      'cms/public/**',
      'data/**',
      'database/seed/media/**',
      // Third-party code: the H5P player's frame (copied from h5p-standalone at build) and H5P fixtures.
      'site/public/h5p-player/**',
      'tests/fixtures/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['site/src/**/*.{ts,tsx}', 'plugins/*/admin/src/**/*.{ts,tsx}', 'site/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
