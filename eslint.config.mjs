// `npm run lint`: typescript-eslint's strict and stylistic type-checked rules for the server, its tests,
// the benches, the tools and the portal (with the React hooks rules); Prettier owns the layout
// (eslint-config-prettier, last). Every rule tuned below says why.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // The portal's API types are generated (tools/openapi.mjs) and checked against the API by CI, not by hand.
  { ignores: ['dist/', 'coverage/', 'bench/results/', 'docs/', 'docker/', 'apps/portal/src/api/schema.d.ts'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      // Each file is checked with the nearest tsconfig.json (the portal has its own); the Vite config is in none.
      parserOptions: { projectService: { allowDefaultProject: ['apps/portal/vite.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Nest modules are classes with decorators and no members.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // Numbers (counts, amounts in fen, ports) are written into messages as they are.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `||` on a string is meant: an empty one (an environment variable set to '') counts as unset.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // The code's convention: `T[]` for simple types, `Array<{ … }>` for object and union types.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // `_`-prefixed parameters are the ones a signature (a Nest interface, a callback) imposes.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.medium-spec.ts'],
    rules: {
      // `expect(service.method).toHaveBeenCalled()` and jest.spyOn pass methods unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      // supertest types every answer body as `any`; a test reads it and its expectations are the type check
      // (a wrong shape fails the test). The unsafe-any rules stay on for the product code.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // A fixture that must exist is asserted with `!`: a missing one fails the test at once with a TypeError.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['apps/portal/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    languageOptions: { globals: globals.browser },
  },
  {
    // Plain JavaScript (configs, tools/*.mjs, test setup) is in no tsconfig: the rules that need types stay off.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: {
      // A CommonJS config (dependency-cruiser's) has no other way to export.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  prettier,
);
