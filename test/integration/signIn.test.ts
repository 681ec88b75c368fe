// Sign-in inside a real VS Code against the sandbox emulator: every flow that needs no browser,
// silent refresh, single-flight refresh, dead refresh tokens and sign-out.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { activatedExtension } from './extension';
import { control, request, sandbox, tokenRequests, whoAmI } from './sandbox';
import { signInWithDeviceCode, type SignInResult } from './signInSteps';

const info = sandbox();
const delegated = [`${info.orgUrl}/user_impersonation`];
const appOnly = [`${info.orgUrl}/.default`];
const alice = info.users[0].username;

/** Every secret value the suite saw; none may show up in settings, logs or usage data. */
const secretsSeen = new Set<string>([info.confidentialClientSecret, info.expiredClientSecret]);

async function silent(scopes: string[]): Promise<vscode.AuthenticationSession | undefined> {
  const session = await vscode.authentication.getSession('dynamics365', scopes, { silent: true });
  if (session) secretsSeen.add(session.accessToken);
  return session;
}

async function signOutAll(): Promise<void> {
  for (const id of [info.orgUrl]) await vscode.commands.executeCommand('dynamics365.signOut', id);
}

/** A refresh and access token obtained outside the extension (ROPC), as another tool would have them. */
async function tokensFromAnotherTool(): Promise<{ access_token: string; refresh_token: string }> {
  const reply = await request(`${info.authorityHost}/${info.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: info.publicClientId,
      username: info.users[1].username,
      password: info.users[1].password,
      scope: `${info.orgUrl}/user_impersonation offline_access openid profile`,
    }).toString(),
  });
  assert.equal(reply.status, 200, reply.body);
  const tokens = JSON.parse(reply.body) as { access_token: string; refresh_token: string };
  secretsSeen.add(tokens.access_token).add(tokens.refresh_token);
  return tokens;
}

/** Files of this run that VS Code keeps on disk for the extension: user settings and logs. */
function filesToSearch(): string[] {
  // The harness runs each server in its own folder with HOME=<run>/home and --user-data-dir <run>/user-data.
  const userData = path.join(path.dirname(process.env.HOME ?? ''), 'user-data');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(json|log|txt)$/.test(entry.name)) out.push(full);
    }
  };
  walk(userData);
  return out;
}

describe('sign-in against the sandbox org', function () {
  this.timeout(60_000);
  const original = vscode.workspace.getConfiguration('dynamics365').inspect('connections')?.globalValue;

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
  });
  afterEach(async () => {
    await control('/settings', { tokenLifetimeSeconds: 3600 });
    await signOutAll();
  });
  after(async () => {
    await vscode.workspace
      .getConfiguration('dynamics365')
      .update('connections', original, vscode.ConfigurationTarget.Global);
  });

  it('shows the redirect URI to register, as this window receives it', async () => {
    const uri = await vscode.commands.executeCommand<string>('dynamics365.showRedirectUri');
    // code-server maps <scheme>://<publisher>.<name>/auth-callback to its own callback URL.
    assert.match(
      uri,
      /^(https?:\/\/[^/]+\/.*callback\?.*auth-callback|[a-z-]+:\/\/dataverse-devtools\.dynamics365-connections\/auth-callback)/,
    );
  });

  it('signs in with a device code and the token is accepted by Dataverse', async () => {
    const result = await signInWithDeviceCode();
    assert.equal(result.account, alice);
    const session = await silent(delegated);
    assert.ok(session, 'no session after sign-in');
    assert.equal(session.account.label, alice);
    assert.equal((await whoAmI(session.accessToken)).status, 200);
  });

  it('refreshes an expired token without a prompt, once for 50 concurrent requests', async () => {
    await control('/settings', { tokenLifetimeSeconds: 120 }); // inside MSAL's 5-minute margin: expired at once
    await signInWithDeviceCode();
    const first = await silent(delegated);
    await control('/settings', { tokenLifetimeSeconds: 3600 });
    await control('/stats/reset', {});
    const sessions = await Promise.all(Array.from({ length: 50 }, () => silent(delegated)));
    assert.equal((await tokenRequests()).refresh_token, 1);
    const tokens = new Set(sessions.map((s) => s?.accessToken));
    assert.equal(tokens.size, 1, 'every caller got the same refreshed token');
    assert.notEqual([...tokens][0], first?.accessToken);
    assert.equal((await whoAmI([...tokens][0]!)).status, 200);
  });

  it('keeps the account and stops handing out tokens when the refresh token was revoked', async () => {
    await control('/settings', { tokenLifetimeSeconds: 120 });
    await signInWithDeviceCode();
    await control('/refresh-tokens/revoke', { username: alice });
    assert.equal(await silent(delegated), undefined);
    // Not dropped silently: the session is still listed, so the user can sign in again or out.
    assert.equal(await vscode.commands.executeCommand('dynamics365.signOut', info.orgUrl), 1);
  });

  it('signs out: the session and its cached tokens are gone', async () => {
    await signInWithDeviceCode();
    assert.ok(await silent(delegated));
    assert.equal(await vscode.commands.executeCommand('dynamics365.signOut', info.orgUrl), 1);
    assert.equal(await silent(delegated), undefined);
    await control('/stats/reset', {});
    assert.equal(await silent(delegated), undefined);
    assert.equal((await tokenRequests()).refresh_token ?? 0, 0, 'no refresh token is left to use');
  });

  it('picks an environment from the discovery service and signs in to it without a prompt', async () => {
    await signInWithDeviceCode();
    await control('/stats/reset', {});
    const picked = await vscode.commands.executeCommand<{ orgUrl: string; name: string; account: string }>(
      'dynamics365.pickEnvironment',
      { orgUrl: info.orgUrl },
    );
    assert.deepEqual(picked, { orgUrl: info.orgUrl, name: 'Emulator Sandbox', account: alice });
    assert.equal((await tokenRequests()).device_code ?? 0, 0, 'no new interactive sign-in');
    const saved =
      vscode.workspace.getConfiguration('dynamics365').get<{ name?: string; orgUrl: string }[]>('connections') ?? [];
    assert.ok(
      saved.some((c) => c.orgUrl === info.orgUrl && c.name === 'Emulator Sandbox'),
      JSON.stringify(saved),
    );
  });

  it('signs in a service principal with a client secret', async () => {
    await control('/stats/reset', {});
    const result = await vscode.commands.executeCommand<SignInResult>('dynamics365.addConnection', info.orgUrl, {
      authentication: 'clientSecret',
      clientId: info.confidentialClientId,
      tenant: info.tenantId,
      clientSecret: info.confidentialClientSecret,
    });
    assert.ok(result, 'client-secret sign-in failed');
    const session = await silent(appOnly);
    assert.ok(session);
    assert.equal((await whoAmI(session.accessToken)).status, 200);
    await silent(appOnly);
    assert.equal((await tokenRequests()).client_credentials, 1, 'the second request is served from the cache');
  });

  it('signs in a service principal with a client secret on the v1 endpoint (resource=)', async () => {
    const result = await vscode.commands.executeCommand<SignInResult>('dynamics365.addConnection', info.orgUrl, {
      authentication: 'clientSecret',
      clientId: info.confidentialClientId,
      tenant: info.tenantId,
      clientSecret: info.confidentialClientSecret,
      endpointVersion: 'v1',
    });
    assert.ok(result, 'v1 client-secret sign-in failed');
    const session = await silent(appOnly);
    assert.ok(session);
    assert.equal((await whoAmI(session.accessToken)).status, 200);
    await control('/stats/reset', {});
    assert.equal((await silent(appOnly))?.accessToken, session.accessToken, 'kept until it nears expiry');
    assert.equal((await tokenRequests()).client_credentials ?? 0, 0);
  });

  it('signs in a service principal with a certificate', async () => {
    const result = await vscode.commands.executeCommand<SignInResult>('dynamics365.addConnection', info.orgUrl, {
      authentication: 'clientCertificate',
      clientId: info.certificateClientId,
      tenant: info.tenantId,
      certificatePath: info.certificatePemPath,
    });
    assert.ok(result, 'certificate sign-in failed');
    const session = await silent(appOnly);
    assert.ok(session);
    assert.equal((await whoAmI(session.accessToken)).status, 200);
  });

  it('does not sign in with an expired client secret', async () => {
    const result = await vscode.commands.executeCommand('dynamics365.addConnection', info.orgUrl, {
      authentication: 'clientSecret',
      clientId: info.expiredSecretClientId,
      tenant: info.tenantId,
      clientSecret: info.expiredClientSecret,
    });
    assert.equal(result, undefined);
    assert.equal(await silent(appOnly), undefined);
  });

  it('imports a refresh token from another tool and renews it', async () => {
    const tokens = await tokensFromAnotherTool();
    await vscode.workspace
      .getConfiguration('dynamics365')
      .update('connections', original, vscode.ConfigurationTarget.Global);
    const result = await vscode.commands.executeCommand<SignInResult>('dynamics365.importTokens', info.orgUrl, {
      refreshToken: tokens.refresh_token,
    });
    assert.equal(result?.account, info.users[1].username);
    const session = await silent(delegated);
    assert.ok(session);
    assert.notEqual(session.accessToken, tokens.access_token, 'a new access token was minted from the refresh token');
    assert.equal((await whoAmI(session.accessToken)).status, 200);
  });

  it('imports an access token and uses it as it is', async () => {
    const tokens = await tokensFromAnotherTool();
    await vscode.commands.executeCommand('dynamics365.importTokens', info.orgUrl, { accessToken: tokens.access_token });
    const session = await silent(delegated);
    assert.equal(session?.accessToken, tokens.access_token);
  });
});

describe('secrets stay out of settings, logs and usage data', () => {
  it('the suite above saw secrets to look for', () => {
    assert.ok(secretsSeen.size >= 5, `only ${secretsSeen.size} secrets recorded`);
  });

  it('no secret is in any setting', () => {
    const settings = JSON.stringify(vscode.workspace.getConfiguration('dynamics365'));
    for (const secret of secretsSeen) assert.ok(!settings.includes(secret), 'a secret is in the dynamics365 settings');
  });

  it('no secret is in the user settings file or any log of this run, and the extension log is there', () => {
    const files = filesToSearch();
    assert.ok(
      files.some((f) => f.endsWith('Dynamics 365.log')),
      `the extension's log was not found among ${files.length} files`,
    );
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const secret of secretsSeen) assert.ok(!text.includes(secret), `a secret is written in ${file}`);
    }
  });

  it('usage data holds no secret, org URL, tenant or user name', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamics365.showTelemetryEvents');
    const text = doc.getText();
    assert.match(text, /"name": "signIn"/);
    const personal = [
      ...secretsSeen,
      info.orgUrl,
      new URL(info.orgUrl).host,
      info.tenantId,
      ...info.users.map((u) => u.username),
    ];
    for (const value of personal) {
      assert.ok(!text.includes(value), `usage data contains ${value.length > 40 ? 'a secret' : value}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
