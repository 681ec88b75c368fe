// A connection's safety level (readOnly, production) in a real VS Code against the sandbox: "Add
// Connection" run again for a configured org (the "Update Connection" button of a failed secret
// runs it too) keeps the entry's name and safety, and a level given as a command argument lowers
// the safety only after the person's yes in a modal that names the connection. The window's message
// functions are answered by the test (see messages.ts): extension tests cannot click a dialog.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension } from './extension';
import { watching } from './messages';
import { sandbox } from './sandbox';

const info = sandbox();
const elsewhere = { name: 'Elsewhere', orgUrl: 'https://elsewhere.crm.dynamics.com', production: true };

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('dynamics365');
}

function userConnections(): Record<string, unknown>[] {
  return config().inspect<Record<string, unknown>[]>('connections')?.globalValue ?? [];
}

async function setConnections(entries: unknown[]): Promise<void> {
  await config().update('connections', entries, vscode.ConfigurationTarget.Global);
}

function setSafetyCommand(level: string): Thenable<unknown> {
  return vscode.commands.executeCommand('dynamics365.setConnectionSafety', info.orgUrl, level);
}

describe('connection safety is kept', function () {
  this.timeout(60_000);
  const original = config().inspect('connections')?.globalValue;

  before(() => activatedExtension());
  afterEach(async () => {
    await vscode.commands.executeCommand('dynamics365.signOut', info.orgUrl).then(undefined, () => undefined);
    await config().update('connections', original, vscode.ConfigurationTarget.Global);
  });

  it('"Add Connection" for an org already configured keeps its name, readOnly and production, and changes nothing else', async () => {
    await setConnections([
      {
        name: 'Guarded Sandbox',
        orgUrl: info.orgUrl,
        authentication: 'clientSecret',
        clientId: info.confidentialClientId,
        tenant: info.tenantId,
        readOnly: true,
        production: true,
      },
      elsewhere,
    ]);
    const result = await vscode.commands.executeCommand('dynamics365.addConnection', info.orgUrl, {
      authentication: 'clientSecret',
      clientId: info.confidentialClientId,
      tenant: info.tenantId,
      clientSecret: info.confidentialClientSecret,
    });
    assert.ok(result, 'client-secret sign-in failed (see the log)');
    const saved = userConnections();
    const entry = saved.find((c) => c.orgUrl === info.orgUrl) ?? {};
    const { name, readOnly, production, authentication } = entry;
    assert.deepEqual(
      { name, readOnly, production, authentication },
      { name: 'Guarded Sandbox', readOnly: true, production: true, authentication: 'clientSecret' },
    );
    assert.deepEqual(saved, [entry, elsewhere], 'the list changed beyond that entry');
  });

  it('a level given as an argument that lowers a read-only connection asks, naming it; declined, the settings stay as they were', async () => {
    const entries = [{ name: 'Guarded Sandbox', orgUrl: info.orgUrl, readOnly: true }, elsewhere];
    await setConnections(entries);
    await watching(
      () => undefined,
      async (calls) => {
        assert.equal(await setSafetyCommand('normal'), undefined, 'the level was changed');
        const asked = calls.filter((c) => c.options?.modal);
        assert.equal(asked.length, 1, JSON.stringify(calls));
        assert.equal(
          asked[0]!.message,
          `A link or another extension asks to lower the safety of Guarded Sandbox (${info.orgUrl}) from Read-only to Development. Lower it?`,
        );
        assert.deepEqual(asked[0]!.items, ['Lower to Development']);
      },
    );
    assert.deepEqual(userConnections(), entries);
  });

  it('a production connection lowered by an argument changes only on the button', async () => {
    await setConnections([{ name: 'Guarded Sandbox', orgUrl: info.orgUrl, production: true }]);
    await watching(
      (shown) => shown.items[0],
      async (calls) => {
        assert.equal(await setSafetyCommand('normal'), 'normal');
        assert.equal(calls.filter((c) => c.options?.modal).length, 1, JSON.stringify(calls));
      },
    );
    assert.deepEqual(userConnections(), [{ name: 'Guarded Sandbox', orgUrl: info.orgUrl }]);
  });

  it('an argument that raises the safety needs no question', async () => {
    await setConnections([{ name: 'Guarded Sandbox', orgUrl: info.orgUrl, production: true }]);
    await watching(
      () => undefined,
      async (calls) => {
        assert.equal(await setSafetyCommand('readOnly'), 'readOnly');
        assert.deepEqual(calls, []);
      },
    );
    assert.deepEqual(userConnections(), [{ name: 'Guarded Sandbox', orgUrl: info.orgUrl, readOnly: true }]);
  });

  it("the person's own pick in the quick pick lowers without a second question", async () => {
    await setConnections([{ name: 'Guarded Sandbox', orgUrl: info.orgUrl, readOnly: true }]);
    const window = vscode.window as unknown as { showQuickPick: unknown };
    const showQuickPick = window.showQuickPick;
    // Stands in for the person choosing "Development" in the quick pick.
    window.showQuickPick = (items: { level: string }[]) => Promise.resolve(items.find((i) => i.level === 'normal'));
    try {
      await watching(
        () => undefined,
        async (calls) => {
          assert.equal(await vscode.commands.executeCommand('dynamics365.setConnectionSafety', info.orgUrl), 'normal');
          assert.deepEqual(calls, []);
        },
      );
    } finally {
      window.showQuickPick = showQuickPick;
    }
    assert.deepEqual(userConnections(), [{ name: 'Guarded Sandbox', orgUrl: info.orgUrl }]);
  });
});
