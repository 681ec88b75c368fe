// VS Code refuses every dialog while it runs extension tests ("DialogService: refused to show dialog
// in tests"), so the "Allow <extension> to use this account?" prompt can never be answered there, and
// silent getSession() from the tests would never see a session. Distributions can trust extensions
// for account access in their product configuration (code-server trusts GitHub's extensions); the
// test installation trusts ours the same way. Built VS Code inlines product.json into its bundles, so
// the list is extended there. The prompt path itself is covered by the e2e tests, which click through
// the real workbench.
import fs from 'node:fs';
import path from 'node:path';
import { installDir, type CodeServerBuild } from '../../scripts/harness/builds';

const LIST = 'trustedExtensionAuthAccess:[';

export function trustExtensionForAuthentication(build: CodeServerBuild, extensionId: string): void {
  const out = path.join(installDir(build), 'node_modules', 'code-server', 'lib', 'vscode', 'out');
  const bundles = [
    path.join(out, 'server-main.js'),
    path.join(out, 'vs', 'code', 'browser', 'workbench', 'workbench.js'),
  ];
  for (const file of bundles) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes(`${LIST}"${extensionId}",`)) continue;
    if (!text.includes(LIST)) {
      throw new Error(`${file}: no ${LIST} found; cannot trust ${extensionId} for authentication in this build`);
    }
    fs.writeFileSync(file, text.split(LIST).join(`${LIST}"${extensionId}",`));
  }
}
