// ESLint flat config. The one rule that matters most: nothing under src/core imports 'vscode',
// so the core stays unit-testable without an extension host.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  // The VS Code layer is one level up from src/core/*.ts and two from src/core/<area>/*.ts; from
  // there, ../auth is src/core/auth, which core may use.
  ...[['src/core/*.ts', '../'], ['src/core/*/**/*.ts', '../../']].map(([files, up]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core must not depend on VS Code: put the VS Code side in src/<area>/ and pass an interface in.' }],
        patterns: [{ group: ['vscode/*', '../../*/extension', ...['auth', 'explorer', 'scratchpad', 'commands'].map((d) => `${up}${d}/*`)], message: 'src/core must not reach into the VS Code layer.' }],
      }],
    },
  })),
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
);
