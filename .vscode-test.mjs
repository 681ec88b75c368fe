// @vscode/test-cli configuration: the same integration suites as the code-server harness, on a
// desktop VS Code that test-electron downloads (needs internet; not usable on the offline CI box).
//   npm run build && npx tsx test/harness/bundle.ts && npx vscode-test [--label vscode-1.100]
// As in the harness, the sandbox emulator runs for the whole session and the test VS Code gets its
// own user-data folder whose settings point the extension at it.
import { defineConfig } from '@vscode/test-cli';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

const { startEmulator } = await tsImport('./scripts/harness/emulator.ts', import.meta.url);
const { writeUserSettings } = await tsImport('./scripts/harness/server.ts', import.meta.url);

const emulator = await startEmulator(['--device-code-interval-seconds', '1']);
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-desktop-'));
writeUserSettings(userData, emulator.userSettings);
process.on('exit', () => fs.rmSync(userData, { recursive: true, force: true }));

const suites = {
  files: 'out/test/integration/*.test.js',
  mocha: { ui: 'bdd', timeout: 30000 },
  env: emulator.env,
  launchArgs: [`--user-data-dir=${userData}`],
};

export default defineConfig([
  { label: 'vscode-1.100', version: '1.100.3', ...suites },
  { label: 'vscode-stable', version: 'stable', ...suites },
]);
