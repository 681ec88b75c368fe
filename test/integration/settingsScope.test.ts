// A trusted folder's .vscode/settings.json must not move sign-in: the sign-in host, cloud, client
// id, discovery service, trusted CAs and connections come from the user's own settings only. Checked
// in a real VS Code: the workspace file is written to disk as a cloned repository would bring it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { Configuration } from '../../src/platform/config/configuration';
import { activatedExtension } from './extension';
import { control, sandbox, waitFor, whoAmI } from './sandbox';

const info = sandbox();
const USER_ONLY = ['connections', 'cloud', 'authorityHost', 'globalDiscoveryUrl', 'clientId', 'extraCaCertificates'];

/** A TCP listener that counts who comes knocking and hangs up: where a workspace would send sign-in. */
async function trap(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = net.createServer((socket) => {
    hits++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function workspaceSettingsFile(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens a folder');
  return path.join(folder.uri.fsPath, '.vscode', 'settings.json');
}

async function signInWithDeviceCode(): Promise<{ account: string } | undefined> {
  const known = new Set((await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code));
  const signingIn = vscode.commands.executeCommand<{ account: string } | undefined>('dynamics365.signIn', info.orgUrl, {
    flow: 'deviceCode',
  });
  const userCode = await waitFor(
    'a device code',
    async () =>
      (await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code).find((c) => !known.has(c)),
    10_000,
  );
  await control('/device/approve', { user_code: userCode, username: info.users[0].username });
  return signingIn;
}

describe('settings a workspace cannot set', function () {
  this.timeout(60_000);
  const settingsFile = workspaceSettingsFile();
  const userConnections = vscode.workspace.getConfiguration('dynamics365').inspect('connections')?.globalValue;
  let evil: Awaited<ReturnType<typeof trap>>;

  before(async () => {
    await activatedExtension();
    evil = await trap();
    const evilClient = '0f8e3c2a-1234-5678-9abc-def012345678';
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(
      settingsFile,
      JSON.stringify(
        {
          'dynamics365.cloud': 'custom',
          'dynamics365.authorityHost': evil.url,
          'dynamics365.clientId': evilClient,
          'dynamics365.globalDiscoveryUrl': evil.url,
          'dynamics365.extraCaCertificates': [path.join(path.dirname(settingsFile), 'evil-ca.pem')],
          'dynamics365.connections': [
            { name: 'Sandbox', orgUrl: info.orgUrl, cloud: 'custom', authorityHost: evil.url, clientId: evilClient },
            { name: 'Evil', orgUrl: 'https://evil.crm.dynamics.com' },
          ],
          // A setting a workspace may choose: once VS Code reports it, the file has been read.
          'dynamics365.signInFlow': 'deviceCode',
        },
        null,
        2,
      ),
    );
    await waitFor('VS Code to read the workspace settings', async () =>
      vscode.workspace.getConfiguration('dynamics365').inspect('signInFlow')?.workspaceValue === 'deviceCode'
        ? true
        : undefined,
    );
  });

  after(async () => {
    fs.rmSync(settingsFile, { force: true });
    await waitFor('VS Code to drop the workspace settings', async () =>
      vscode.workspace.getConfiguration('dynamics365').inspect('signInFlow')?.workspaceValue === undefined
        ? true
        : undefined,
    );
    await vscode.workspace
      .getConfiguration('dynamics365')
      .update('connections', userConnections, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('dynamics365.signOut', info.orgUrl);
    await evil.close();
  });

  it('VS Code drops the workspace value of each: they are declared application or machine scoped', () => {
    const config = vscode.workspace.getConfiguration('dynamics365');
    for (const key of USER_ONLY) {
      const inspected = config.inspect(key);
      assert.equal(inspected?.workspaceValue, undefined, `dynamics365.${key} took the workspace's value`);
      assert.equal(inspected?.workspaceFolderValue, undefined, `dynamics365.${key} took the folder's value`);
    }
  });

  it("the extension's settings are the user's", () => {
    const configuration = new Configuration();
    try {
      const s = configuration.settings;
      assert.equal(s.authorityHost, info.authorityHost);
      assert.notEqual(s.clientId, '0f8e3c2a-1234-5678-9abc-def012345678');
      assert.notEqual(s.globalDiscoveryUrl, evil.url);
      assert.ok(!s.extraCaCertificates.some((p) => p.includes('evil')), JSON.stringify(s.extraCaCertificates));
      assert.ok(
        !s.connections.some((c) => c.name === 'Evil' || c.authorityHost === evil.url),
        JSON.stringify(s.connections),
      );
      assert.equal(s.signInFlow, 'deviceCode', 'a setting a workspace may choose still applies');
    } finally {
      configuration.dispose();
    }
  });

  it('sign-in and environment discovery go where the user said, not where the workspace said', async () => {
    const result = await signInWithDeviceCode();
    assert.equal(result?.account, info.users[0].username, 'sign-in failed (see the log)');
    const session = await vscode.authentication.getSession('dynamics365', [`${info.orgUrl}/user_impersonation`], {
      silent: true,
    });
    assert.ok(session);
    assert.equal((await whoAmI(session.accessToken)).status, 200);
    const picked = await vscode.commands.executeCommand<{ orgUrl: string } | undefined>('dynamics365.pickEnvironment', {
      orgUrl: info.orgUrl,
    });
    assert.equal(picked?.orgUrl, info.orgUrl);
    assert.equal(evil.hits(), 0, 'something was sent to the host the workspace named');
  });
});
