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
  prettier
);
