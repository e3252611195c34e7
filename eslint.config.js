// Flat ESLint config for every workspace: strict TypeScript, no `any`, process.env only in config modules.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-h5/**',
      'data/**',
      'coverage/**',
      'test-results/**',
      'miniapp/config/**',
      'miniapp/babel.config.js',
      'miniapp/jest.config.js',
      'miniapp/test/babel.jest.js',
      'miniapp/test/__mocks__/style.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through config.ts only.' },
      ],
    },
  },
  {
    // The places allowed to read the environment: the BFF config, build configs, scripts and test harnesses.
    files: [
      'bff/src/config.ts',
      'scripts/**',
      'test/**',
      'miniapp/types/**',
      'packages/*/bench/**',
      'packages/*/src/cli.ts',
      '**/*.test.ts',
      '**/vitest.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx}', 'miniapp/test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.jest } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
