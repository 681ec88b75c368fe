import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension, extensionId, manifest } from './extension';

describe('activation', () => {
  it('finds and activates the extension under development', async () => {
    const extension = await activatedExtension();
    assert.equal(extension.id, extensionId);
    assert.equal(extension.isActive, true);
    assert.equal(extension.packageJSON.version, manifest.version);
  });

  it('runs in a VS Code the manifest supports', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    const [wantMajor, wantMinor] = manifest.engines.vscode.replace(/^\^/, '').split('.').map(Number);
    assert.ok(major > wantMajor || (major === wantMajor && minor >= wantMinor), `VS Code ${vscode.version} vs engines ${manifest.engines.vscode}`);
  });
});
