// ESLint flat config. Deliberately NOT type-aware (no parserOptions.project): linting must stay fast, and
// `npm run typecheck` (tsc --noEmit, strict) already catches what type-aware rules would.
// Formatting is not linted here; the house style is no semicolons, single quotes, width 120 (see CONTRIBUTING.md).
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

// The few Node globals our plain-JavaScript files use (TypeScript files get theirs from @types/node).
const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  URLSearchParams: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  structuredClone: 'readonly',
}

const browserGlobals = { window: 'readonly', document: 'readonly', navigator: 'readonly', console: 'readonly', fetch: 'readonly', setTimeout: 'readonly' }

// Only src/platform/config.ts reads the environment: everything else is given a parsed, frozen Config.
const ENV_MESSAGE = 'Only src/platform/config.ts reads the environment: add a variable there and use the Config it returns.'

export default defineConfig([
  globalIgnores(['node_modules/', 'public/build/', 'data/', 'coverage/', 'test-results/', '.tmp/']),

  {
    name: 'charter/javascript-and-typescript',
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-throw-literal': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['better-sqlite3'], message: 'We use node:sqlite (docs/adr/0003-node-sqlite-driver.md).' },
            { group: ['@prisma/*', 'prisma'], message: 'Prisma does not work here (engine download). Use Kysely.' },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  {
    name: 'charter/plain-javascript',
    files: ['**/*.{js,mjs}'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },
  {
    name: 'charter/commonjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    name: 'charter/browser-assets',
    files: ['assets/**/*.js'],
    languageOptions: { sourceType: 'module', globals: browserGlobals },
  },

  {
    // The application reads configuration in one place only. CLI entry points, scripts, tests and
    // e2e helpers outside src/ may read the environment (they are not the application).
    name: 'charter/config-is-the-only-reader-of-process-env',
    files: ['src/**/*.ts'],
    ignores: ['src/platform/config.ts'],
    rules: {
      // Catches process.env, process['env'] and const { env } = process.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: ENV_MESSAGE }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportDeclaration[source.value=/^(node:)?process$/] > ImportSpecifier[imported.name="env"]', message: ENV_MESSAGE },
      ],
    },
  },

  {
    // Migrations are frozen in time: they take Kysely<any> and never import application types (DESIGN.md).
    name: 'charter/migrations',
    files: ['src/**/migrations/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
])
