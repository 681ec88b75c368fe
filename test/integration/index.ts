// The extensionTestsPath module: VS Code's extension host loads it and awaits run(), exactly as
// @vscode/test-electron does. Mocha is bundled in (see test/harness/bundle.ts) so the host needs
// nothing from node_modules; the suites are the *.test.js files next to this bundle.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.INTEGRATION_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      // A bare count line: the harness and CI read it from the extension host's console.
      console.log(`${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} test(s) failed`));
      else if (passed === 0) reject(new Error('no test ran'));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
}
