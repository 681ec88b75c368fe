// ESLint flat config. The one rule that matters most: nothing under src/core imports 'vscode',
// so the core stays unit-testable without an extension host.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './scripts/eslint/layers.mjs';
import { userFacingLiterals } from './scripts/eslint/l10n.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', '.harness/**', 'out/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message:
                'src/core must not depend on VS Code: put the VS Code side in src/<area>/ and pass an interface in.',
            },
          ],
          patterns: [{ group: ['vscode/*'], message: 'src/core must not depend on VS Code.' }],
        },
      ],
    },
  },
  {
    // Layers never import upward (scripts/eslint/layers.mjs says which folder is which layer).
    files: ['src/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/no-upward-import': 'error' },
  },
  {
    // Every user-facing string goes through l10n.t (vscode.l10n in src/, @vscode/l10n in src/core and the
    // webview) so it lands in l10n/bundle.l10n.json and its translations. These selectors catch the places
    // a literal sentence would reach a person untranslated; test/unit/l10n/bundle.test.ts checks the bundles.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...userFacingLiterals()],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
);
