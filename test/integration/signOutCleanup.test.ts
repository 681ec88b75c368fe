// Sign-out and Remove Connection in a real VS Code against the sandbox: they take every token and
// secret with them, a removed application user cannot come back with a wrong secret, imported access
// tokens are checked, and after signing out of everything and removing every connection the
// extension's secret storage is empty. Runs after signIn.test.ts (files run in name order), which
// leaves a client secret behind for a connection it then took out of the settings by hand.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension } from './extension';
import { control, sandbox, tokenRequests, waitFor, whoAmI } from './sandbox';

const info = sandbox();
const appOnly = [`${info.orgUrl}/.default`];
const delegated = [`${info.orgUrl}/user_impersonation`];
const config = () => vscode.workspace.getConfiguration('dynamics365');

async function silent(scopes: string[]): Promise<vscode.AuthenticationSession | undefined> {
  return vscode.authentication.getSession('dynamics365', scopes, { silent: true });
}

/** The names the extension reports it keeps in secret storage (its ledger, and VS Code's own list where it has one). */
async function storedKeys(): Promise<string[]> {
  const keys = await vscode.commands.executeCommand<string[]>('dynamics365.showStoredSecrets');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  assert.ok(Array.isArray(keys), 'Show Stored Secrets returned no list');
  return keys;
}

function addAppConnection(clientSecret: string): Thenable<unknown> {
  return vscode.commands.executeCommand('dynamics365.addConnection', info.orgUrl, {
    authentication: 'clientSecret', clientId: info.confidentialClientId, tenant: info.tenantId, clientSecret,
  });
}

function removeConnection(orgUrl = info.orgUrl): Thenable<unknown> {
  return vscode.commands.executeCommand('dynamics365.removeConnection', orgUrl, { confirm: false });
}

async function signInWithDeviceCode(): Promise<void> {
  const known = new Set((await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code));
  const signingIn = vscode.commands.executeCommand('dynamics365.signIn', info.orgUrl, { flow: 'deviceCode' });
  const userCode = await waitFor('a device code', async () =>
    (await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code).find((c) => !known.has(c)));
  await control('/device/approve', { user_code: userCode, username: info.users[0].username });
  assert.ok(await signingIn, 'device-code sign-in failed');
}

/** An unsigned JWT with these claims: the extension reads aud/exp itself; Dataverse would check the signature. */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ oid: 'b7c3e7f2-0000-4000-8000-00000000000a', upn: 'imported@sandbox.test', ...claims })}.sig`;
}

describe('sign-out and Remove Connection leave nothing behind', function () {
  this.timeout(60_000);
  const original = config().inspect('connections')?.globalValue;

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
  });
  after(async () => {
    await config().update('connections', original, vscode.ConfigurationTarget.Global);
  });

  it('adding an application user again with a wrong secret checks that secret instead of serving the earlier token', async () => {
    assert.ok(await addAppConnection(info.confidentialClientSecret), 'client-secret sign-in failed');
    assert.ok(await silent(appOnly));
    await control('/stats/reset', {});
    assert.equal(await addAppConnection('not-the-secret'), undefined, 'signed in with a wrong secret');
    assert.equal((await tokenRequests()).client_credentials, 1, 'the wrong secret was not sent to the sign-in service');
    assert.equal(await silent(appOnly), undefined, 'the token obtained with the earlier secret is still handed out');
    await removeConnection();
  });

  it('Remove Connection of an application user: no session afterwards, and a wrong secret does not bring it back', async () => {
    assert.ok(await addAppConnection(info.confidentialClientSecret), 'client-secret sign-in failed');
    const before = await silent(appOnly);
    assert.ok(before);
    assert.equal((await whoAmI(before.accessToken)).status, 200);

    assert.equal(await removeConnection(), true, 'the connection was not removed from the settings');
    assert.equal(await silent(appOnly), undefined, 'getSession still hands out the removed application session');

    await control('/stats/reset', {});
    assert.equal(await addAppConnection('not-the-secret'), undefined, 'signed in with a wrong secret');
    assert.equal(await silent(appOnly), undefined, 'a token is served although the new secret is wrong');
    assert.equal((await tokenRequests()).client_credentials, 1, 'the wrong secret was sent to the sign-in service, and refused');
    await removeConnection();
  });

  it('refuses an imported access token without an audience or an expiry, and keeps a good one per organization', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const refused = [jwt({ exp }), jwt({ aud: info.orgUrl }), jwt({ aud: info.orgUrl, exp: String(exp) }), jwt({ aud: 'https://other.crm.dynamics.com', exp })];
    for (const accessToken of refused) {
      assert.equal(await vscode.commands.executeCommand('dynamics365.importTokens', info.orgUrl, { accessToken }), undefined);
    }
    assert.equal(await silent(delegated), undefined);
    const good = jwt({ aud: `${info.orgUrl}/`, exp });
    assert.ok(await vscode.commands.executeCommand('dynamics365.importTokens', info.orgUrl, { accessToken: good }));
    assert.equal((await silent(delegated))?.accessToken, good);
    assert.ok((await storedKeys()).some((k) => k.startsWith('dynamics365.imported-token/')));
    assert.equal(await vscode.commands.executeCommand('dynamics365.signOut', info.orgUrl), 1);
    assert.ok(!(await storedKeys()).some((k) => k.startsWith('dynamics365.imported-token/')), 'the imported token outlived its sign-out');
  });

  it('a connection set up for imported tokens asks for a token instead of starting a browser or device-code sign-in', async () => {
    await config().update('connections', [{ name: 'Imported', orgUrl: info.orgUrl, authentication: 'importedToken' }], vscode.ConfigurationTarget.Global);
    await control('/stats/reset', {});
    let settled = false;
    const signingIn = Promise.resolve(vscode.commands.executeCommand('dynamics365.signIn', info.orgUrl)).finally(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(settled, false, 'the sign-in ended at once instead of asking for a token');
    assert.deepEqual(await control('/device/pending'), [], 'a device-code sign-in was started');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await signingIn, undefined, 'closing the token box cancels the sign-in');
    assert.equal(Object.values(await tokenRequests()).reduce((a, b) => a + b, 0), 0, 'no token request was made');
  });

  it('keeps its keys where it can list them while signed in', async () => {
    await config().update('connections', original, vscode.ConfigurationTarget.Global);
    await signInWithDeviceCode();
    assert.ok(await addAppConnection(info.confidentialClientSecret));
    assert.ok(await silent(appOnly));
    const keys = await storedKeys();
    // The session list itself holds no secret and lives in globalState, shared by every window.
    assert.ok(!keys.includes('dynamics365.sessions'), 'the session list is not a secret');
    for (const kind of ['dynamics365.msal-cache/public/', 'dynamics365.msal-cache/app/', 'dynamics365.credential/']) {
      assert.ok(keys.some((k) => k.startsWith(kind)), `no ${kind} among ${keys.join(', ')}`);
    }
  });

  it('after signing out of everything and removing every connection, nothing of ours is in secret storage', async () => {
    assert.equal(await vscode.commands.executeCommand('dynamics365.signOut', info.orgUrl), 2, 'the person and the application user');
    const orgs = new Set([info.orgUrl, ...(config().get<{ orgUrl: string }[]>('connections') ?? []).map((c) => c.orgUrl)]);
    for (const orgUrl of orgs) await removeConnection(orgUrl);
    assert.deepEqual(config().get('connections'), []);
    assert.equal(await silent(delegated), undefined);
    assert.equal(await silent(appOnly), undefined);
    assert.deepEqual(await storedKeys(), [], 'secret storage still holds keys of ours');
  });
});
