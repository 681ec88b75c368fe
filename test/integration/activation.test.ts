import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { activatedExtension, extensionId, manifest } from './extension';

describe('activation', () => {
  it('finds and activates the extension under development', async () => {
    const extension = await activatedExtension();
    assert.equal(extension.id, extensionId);
    assert.equal(extension.isActive, true);
    assert.equal(extension.packageJSON.version, manifest.version);
  });

  // This suite runs first (files run in name order) and opens no scratchpad. The positive check on
  // extension.js shows the host loads through Node's require cache, which the chunk check reads.
  it('leaves the scratchpad and metadata engines (their own chunks) unloaded until they are used', function () {
    if (vscode.workspace.textDocuments.some((d) => d.languageId === 'dataverse-query')) this.skip();
    const dist = fs.realpathSync(path.join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'dist'));
    const loaded = (file: string): boolean => Object.keys(require.cache).some((f) => f === path.join(dist, file));
    assert.equal(loaded('extension.js'), true, `${path.join(dist, 'extension.js')} is not in the require cache`);
    assert.equal(loaded(path.join('lazy', 'scratchpad.js')), false);
    assert.equal(loaded(path.join('lazy', 'metadata.js')), false);
  });

  it('runs in a VS Code the manifest supports', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    const [wantMajor, wantMinor] = manifest.engines.vscode.replace(/^\^/, '').split('.').map(Number);
    assert.ok(
      major > wantMajor || (major === wantMajor && minor >= wantMinor),
      `VS Code ${vscode.version} vs engines ${manifest.engines.vscode}`,
    );
  });
});
