// Lint rules that keep the layers pointing inwards (see docs/ARCHITECTURE.md):
// engine and lib are pure; store is the only place with SQL; http, cli and jobs go through core.
import tseslint from 'typescript-eslint';

// Test support: tests, benchmarks, oracles, generators and fixtures. Production code never imports it.
const TEST_SUPPORT = [
  'src/testing/**',
  'src/**/*.test.ts',
  'src/**/*.bench.ts',
  'src/**/test-support.ts',
  'src/**/*-support.ts',
  'src/**/arbitrary-*.ts',
  'src/**/example-tariffs.ts',
  'src/**/*-oracle.ts',
  'src/**/*-naive.ts',
];
const TEST_SUPPORT_IMPORTS = [
  '**/testing/**',
  '**/*.test.ts',
  '**/*.bench.ts',
  '**/test-support*',
  '**/*-support.ts',
  '**/arbitrary-*',
  '**/example-tariffs*',
  '**/*-oracle*',
  '**/*-naive*',
];

// A layer's rule: what its production files may not import, plus test support for every layer.
const layer = (files, forbidden, message) => ({
  files,
  ignores: TEST_SUPPORT,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((group) => ({ group: [group], message })),
          {
            group: TEST_SUPPORT_IMPORTS,
            message: 'Production code never imports test support (tests, oracles, generators, fixtures).',
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', '.offpeak/**', 'bin/**', 'dist/**', 'sdk/src/generated/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Time that decides behaviour comes from the core context's `now(scope)` (src/core/clock.ts);
    // leases, timeouts and request IDs read `wallNow()` from the same module.
    files: ['src/**/*.ts'],
    ignores: ['src/core/clock.ts', 'src/**/*.test.ts', 'src/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message:
            'Read the time through ctx.now(scope), or wallNow() for leases and timeouts (src/core/clock.ts).',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message:
            'Read the time through ctx.now(scope), or wallNow() for leases and timeouts (src/core/clock.ts).',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Pass the clock, not Date.now (src/core/clock.ts).',
        },
      ],
    },
  },
  layer(['src/*.ts'], [], ''),
  layer(
    ['src/engine/**'],
    [
      '**/core/**',
      '**/store/**',
      '**/http/**',
      '**/cli/**',
      '**/jobs/**',
      '**/web/**',
      '**/config*',
      'pg',
      'kysely',
      'fastify',
      'node:fs',
      'node:net',
    ],
    'src/engine is pure: it may import only src/lib.',
  ),
  layer(
    ['src/lib/**'],
    ['**/engine/**', '**/core/**', '**/store/**', '**/http/**', '**/cli/**', '**/jobs/**', '**/web/**'],
    'src/lib holds tiny pieces with no project imports.',
  ),
  layer(
    ['src/store/**'],
    ['**/core/**', '**/http/**', '**/cli/**', '**/jobs/**', '**/web/**', 'fastify'],
    'src/store is SQL only and knows nothing of the layers above it.',
  ),
  layer(
    ['src/core/**'],
    ['**/http/**', '**/cli/**', '**/jobs/**', '**/web/**', 'fastify', 'pg'],
    'src/core knows no transport: no HTTP, no CLI.',
  ),
  layer(
    // repeats the core rule: a later layer replaces an earlier one for the files it names
    ['src/core/pricing/price-*.ts', 'src/core/pricing/metered.ts'],
    ['**/http/**', '**/cli/**', '**/jobs/**', '**/web/**', 'fastify', 'pg', '**/store/**', 'kysely'],
    'Pricing computes without I/O: only src/core/pricing/load-pricing-inputs.ts reads the store.',
  ),
  layer(
    ['src/http/**', 'src/cli/**', 'src/jobs/**'],
    ['**/store/**', 'kysely', 'pg', '!**/store/database*', '**/web/**'],
    'Transports reach the database only through src/core, and know no other transport.',
  ),
  layer(
    // the web pages are a transport like http: over core, never through http or the store
    ['src/web/**'],
    ['**/store/**', 'kysely', 'pg', '**/http/**', '**/cli/**', '**/jobs/**'],
    'src/web is a transport over src/core: no store, no other transport.',
  ),
  {
    // The SDK is a client package: it talks to the server over HTTP and never imports its code.
    // (Its tests and the examples' test may start a server through src/testing.)
    files: ['sdk/src/**', 'sdk/scripts/**', 'examples/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/*', '**/src/**', '!**/sdk/src/**'],
              message: 'The SDK and its examples use the server only over HTTP: no imports from src/.',
            },
          ],
        },
      ],
    },
  },
);
