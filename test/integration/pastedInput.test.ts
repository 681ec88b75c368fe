// Input as people paste it, in a real VS Code against the sandbox: a client secret with a line break
// around it, an org URL with spaces and a Web API path, a tenant domain in capitals, a client id in
// upper case. Each must just work, and be stored normalized.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Configuration } from '../../src/platform/config/configuration';
import { activatedExtension } from './extension';
import { control, sandbox, waitFor, whoAmI } from './sandbox';

const info = sandbox();
const appOnly = [`${info.orgUrl}/.default`];

interface Entry {
  name?: string;
  orgUrl: string;
  tenant?: string;
  clientId?: string;
  authentication?: string;
}

function userConnections(): Entry[] {
  return vscode.workspace.getConfiguration('dynamics365').inspect<Entry[]>('connections')?.globalValue ?? [];
}

async function appSession(): Promise<vscode.AuthenticationSession | undefined> {
  return vscode.authentication.getSession('dynamics365', appOnly, { silent: true });
}

describe('pasted input', function () {
  this.timeout(60_000);
  const original = vscode.workspace.getConfiguration('dynamics365').inspect('connections')?.globalValue;

  before(() => activatedExtension());
  afterEach(async () => {
    await vscode.commands.executeCommand('dynamics365.signOut', info.orgUrl);
    await vscode.workspace
      .getConfiguration('dynamics365')
      .update('connections', original, vscode.ConfigurationTarget.Global);
  });

  it('a client secret pasted with spaces and a line break around it signs in', async () => {
    const result = await vscode.commands.executeCommand('dynamics365.addConnection', info.orgUrl, {
      authentication: 'clientSecret',
      clientId: info.confidentialClientId,
      tenant: info.tenantId,
      clientSecret: `  ${info.confidentialClientSecret}\r\n`,
    });
    assert.ok(result, 'client-secret sign-in failed (see the log)');
    const session = await appSession();
    assert.ok(session);
    assert.equal((await whoAmI(session.accessToken)).status, 200);
  });

  it('an org URL with spaces and a Web API path, a tenant domain in capitals and an upper-case client id just work, stored normalized', async () => {
    const result = await vscode.commands.executeCommand(
      'dynamics365.addConnection',
      `  ${info.orgUrl}/api/data/v9.2/ \n`,
      {
        authentication: 'clientSecret',
        clientId: ` ${info.confidentialClientId.toUpperCase()}\n`,
        tenant: `  ${info.tenantDomain.replace(/^./, (c) => c.toUpperCase()).replace('onmicrosoft', 'OnMicrosoft')} `,
        clientSecret: info.confidentialClientSecret,
      },
    );
    assert.ok(result, 'sign-in failed (see the log)');
    const session = await appSession();
    assert.ok(session);
    assert.equal((await whoAmI(session.accessToken)).status, 200);
    const saved = userConnections().filter((c) => c.orgUrl.toLowerCase().includes(new URL(info.orgUrl).host));
    assert.deepEqual(
      saved.map((c) => [c.orgUrl, c.tenant, c.clientId]),
      [[info.orgUrl, info.tenantDomain.toLowerCase(), info.confidentialClientId.toLowerCase()]],
    );
  });

  it('a connection written with spaces, a path and upper case is the same org: signing in finds it and adds no second one', async () => {
    const messy = `  ${info.orgUrl.replace('https://', 'HTTPS://')}/api/data/v9.2/  `;
    await vscode.workspace
      .getConfiguration('dynamics365')
      .update('connections', [{ name: 'Sandbox', orgUrl: messy }], vscode.ConfigurationTarget.Global);
    const configuration = new Configuration();
    try {
      assert.deepEqual(
        configuration.settings.connections.map((c) => c.org.url),
        [info.orgUrl],
      );
    } finally {
      configuration.dispose();
    }
    const known = new Set((await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code));
    const signingIn = vscode.commands.executeCommand<{ account: string } | undefined>(
      'dynamics365.signIn',
      info.orgUrl,
      { flow: 'deviceCode' },
    );
    const userCode = await waitFor(
      'a device code',
      async () =>
        (await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code).find((c) => !known.has(c)),
      10_000,
    );
    await control('/device/approve', { user_code: userCode, username: info.users[0].username });
    assert.equal((await signingIn)?.account, info.users[0].username);
    assert.deepEqual(
      userConnections().map((c) => c.name),
      ['Sandbox'],
      'a second connection was saved for the same org',
    );
  });
});
