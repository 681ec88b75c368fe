// The German language pack the German e2e installs: a TEST FIXTURE (fixtures/language-pack-de), not
// the real one. VS Code switches its display language (vscode.env.language, package.nls.de.json,
// l10n/bundle.l10n.de.json) only when a language pack for that locale is installed, and the
// Marketplace's German pack (MS-CEINTL.vscode-language-pack-de) cannot be downloaded where these
// tests run (only the npm registry and Debian are reachable). The fixture holds a few of VS Code's
// own German strings under their real keys (checked against code-server's out/nls.keys.json), so
// the workbench really resolves German; the real pack adds German for all of VS Code's own UI.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createVSIX } from '@vscode/vsce';

const fixture = path.join(__dirname, 'fixtures', 'language-pack-de');

/** The fixture packaged as a VSIX in a temporary folder, for code-server's --install-extension. */
export async function germanLanguagePack(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-langpack-'));
  const packagePath = path.join(dir, 'language-pack-de.vsix');
  // vsce prints its file list; the test's output is the place for the test's own lines.
  const log = console.log;
  console.log = () => undefined;
  try {
    await createVSIX({
      cwd: fixture,
      packagePath,
      dependencies: false,
      skipLicense: true,
      allowMissingRepository: true,
    });
  } finally {
    console.log = log;
  }
  return packagePath;
}
