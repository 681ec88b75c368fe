import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension, manifest } from './extension';

describe('explorer view', () => {
  before(() => activatedExtension());

  it('opens the Dynamics 365 view container', async () => {
    const container = manifest.contributes.viewsContainers.activitybar[0].id;
    await vscode.commands.executeCommand(`workbench.view.extension.${container}`);
  });

  it('focuses the Environments view', async () => {
    const view = manifest.contributes.views.dynamics365[0].id;
    assert.equal(view, 'dynamics365.explorer');
    // The focus command exists only once the workbench has resolved the view from the manifest.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(`${view}.focus`), `${view}.focus is not registered`);
    await vscode.commands.executeCommand(`${view}.focus`);
  });
});
