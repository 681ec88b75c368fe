// @vscode/test-cli configuration: the same integration suites as the code-server harness, on a
// desktop VS Code that test-electron downloads (needs internet; not usable on the offline CI box).
//   npm run build && npx tsx test/harness/bundle.ts && npx vscode-test
import { defineConfig } from '@vscode/test-cli';

const suites = { files: 'out/test/integration/*.test.js', mocha: { ui: 'bdd', timeout: 30000 } };

export default defineConfig([
  { label: 'vscode-1.100', version: '1.100.3', ...suites },
  { label: 'vscode-stable', version: 'stable', ...suites },
]);
