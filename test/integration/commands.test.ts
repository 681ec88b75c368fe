import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension, manifest } from './extension';

describe('commands', () => {
  before(() => activatedExtension());

  it('registers every command the manifest declares', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = manifest.contributes.commands.map((c) => c.command);
    assert.ok(declared.length > 0);
    assert.deepEqual(
      declared.filter((c) => !registered.has(c)),
      [],
    );
  });
});
