// Shared by the suites: the extension under test, activated.
import * as vscode from 'vscode';
import manifest from '../../package.json';

export const extensionId = `${manifest.publisher}.${manifest.name}`;

export { manifest };

export async function activatedExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed in this extension host`);
  await extension.activate();
  return extension;
}
