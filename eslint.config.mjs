import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['web/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', sessionStorage: 'readonly', localStorage: 'readonly', console: 'readonly', navigator: 'readonly', URLSearchParams: 'readonly' } },
  },
  {
    files: ['scripts/**/*.js', 'tests/**/*.js', '*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Tests read loosely typed JSON answers from the service under test.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Layering (DESIGN.md section 2): nothing below adapters/ and server/ imports restify or a
    // platform SDK, and knowledge/, officers/ and storage/ never import botbuilder.
    files: ['knowledge/**/*.ts', 'officers/**/*.ts', 'storage/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['botbuilder', 'botbuilder-*', 'restify', '../bot/*', '../dialogs/*', '../adapters/*', '../server/*'] }],
    },
  },
  {
    files: ['bot/**/*.ts', 'dialogs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['restify', '../adapters/*', '../server/*'] }],
    },
  },
);
