// ESLint flat config. Formatting is Prettier's job (.prettierrc, the plugin SDK template's
// values); eslint-config-prettier, last, turns off every rule that would fight it.
//
// Rule set: ESLint's and typescript-eslint's recommended rules, the two classic React hooks
// rules, and three type-aware rules that catch real bugs (a promise nobody awaits or
// catches, a promise where a void callback is expected, `await` on a non-promise). The
// type-aware rules read each file's nearest tsconfig.json (projectService), so every
// TypeScript folder has one: server/, admin/, client/, sandbox/ (with tests/sandbox/),
// tests/, bench/.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Folder boundaries (README → Development). Each top-level folder lists the folders it may
// import from; a relative import that leaves them is an error. no-restricted-imports sees the
// import string only, not where it points, so the rule is written once per folder depth: in
// admin/src/pages/x.tsx the repository root is '../../../', and only what follows it names the
// folder (sandbox/src/server.ts is not server/). Files deeper than MAX_DEPTH folders go unchecked.
const MAX_DEPTH = 8;
const outsideOf = (allowed, depth) =>
  `^${'\\.\\./'.repeat(depth)}\\.\\.(?:$|/(?!(?:${allowed.join('|')})(?:/|$)))`;
const boundary = (folder, allowed, why, extraPatterns = []) =>
  Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => ({
    files: [`${folder}/${'*/'.repeat(depth)}*.{ts,tsx,js,mjs,cjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: outsideOf(allowed, depth),
              caseSensitive: true,
              message: `${folder}/ imports only from ${allowed.map((f) => `${f}/`).join(' and ')}: ${why}`,
            },
            ...extraPatterns,
          ],
        },
      ],
    },
  }));
// common/ runs in Node and in browsers: plain packages only (a new one is added here on purpose).
const COMMON_PACKAGES = ['iso8601-duration', 'zod'];

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      '.tmp/**',
      '.cache/**',
      'test-results/**',
      'bench/out/**',
      'playground/.tmp/**',
      'playground/build/**',
      'playground/.strapi/**',
      'playground/types/generated/**',
      'playground/public/uploads/**',
      '*.tgz',
      // The Next.js and Astro recipes are apps of their own, checked by their own builds
      // (scripts/recipes.mjs; `next build` type-checks), with dependencies installed there only.
      'recipes/next-app/**',
      'recipes/astro/**',
      'recipes/.kit/**',
      'recipes/*/dist-consent/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // JSX handlers (onClick={async () => …}) may return promises; React ignores the value.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      // Links, model IDs and field values are screened for control characters on purpose.
      'no-control-regex': 'off',
      // `_name` marks a parameter or binding kept on purpose (a signature, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Browser code: the admin panel and the front-end kit.
    files: ['admin/**/*.{ts,tsx}', 'client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['admin/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Node code: the plugin's server, the sandbox, tests, bench, scripts, the playground app.
    files: [
      'server/**/*.ts',
      'sandbox/**/*.ts',
      'tests/**/*.{ts,js}',
      'bench/**/*.{ts,cjs}',
      'scripts/**/*.{mjs,js}',
      'recipes/**/*.mjs',
      'playground/**/*.js',
      '*.{js,mjs,cjs}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Tests run under Jest's globals. jest.mock() factories are hoisted above the imports,
    // so they load their modules with require().
    files: ['**/*.test.{ts,tsx}', 'tests/**/*.ts', 'admin/test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // CommonJS files (Strapi's config and API files, the entry points, Jest's config).
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Contracts follow Strapi's own (content-releases shared/contracts): one type-only
    // `declare namespace` per route, holding its Request and Response.
    files: ['common/contracts/*.ts'],
    rules: { '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }] },
  },
  ...boundary('common', ['common'], 'the shared vocabulary depends on nothing of the plugin.', [
    {
      regex: `^(?![./])(?!(?:${COMMON_PACKAGES.join('|')})(?:/|$))`,
      caseSensitive: true,
      message: `common/ runs in Node and in browsers: no Node, DOM or framework module (allowed packages: ${COMMON_PACKAGES.join(', ')}; eslint.config.mjs).`,
    },
  ]),
  ...boundary(
    'sandbox',
    ['sandbox'],
    "the Matterport sandbox is Matterport's side of the contract, written without the plugin."
  ),
  ...boundary(
    'client',
    ['client', 'common'],
    'the front-end kit ships without the server or the admin.'
  ),
  ...boundary('admin', ['admin', 'common'], 'the admin panel talks to the server over HTTP only.'),
  ...boundary(
    'server',
    ['server', 'common'],
    'the server ships without the admin, the kit or the sandbox.'
  ),
  prettier
);
