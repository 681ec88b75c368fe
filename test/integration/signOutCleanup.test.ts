// Sign-out and Remove Connection in a real VS Code against the sandbox: they take every token and
// secret with them, a removed application user cannot come back with a wrong secret, imported access
// tokens are checked, and after signing out of everything and removing every connection the
// extension's secret storage is empty and no metadata cache file of the org is left on disk. The
// query history is kept per account and goes with its sign-out. Runs after signIn.test.ts (files
// run in name order), which leaves a client secret behind for a connection it then took out of the
// settings by hand.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cacheKeyFor, detailsKeyFor } from '../../src/core/metadata/cacheStore';
import type { HistoryOutcome } from '../../src/scratchpad/historyPicker';
import type { RunOutcome } from '../../src/scratchpad/runner';
import { activatedExtension, extensionId } from './extension';
import { control, sandbox, tokenRequests, waitFor, whoAmI } from './sandbox';
import { signInWithDeviceCode as signInReturningSession } from './signInSteps';

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
    authentication: 'clientSecret',
    clientId: info.confidentialClientId,
    tenant: info.tenantId,
    clientSecret,
  });
}

function removeConnection(orgUrl = info.orgUrl): Thenable<unknown> {
  return vscode.commands.executeCommand('dynamics365.removeConnection', orgUrl, { confirm: false });
}

async function signInWithDeviceCode(): Promise<void> {
  const known = new Set((await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code));
  const signingIn = vscode.commands.executeCommand('dynamics365.signIn', info.orgUrl, { flow: 'deviceCode' });
  const userCode = await waitFor('a device code', async () =>
    (await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code).find((c) => !known.has(c)),
  );
  await control('/device/approve', { user_code: userCode, username: info.users[0].username });
  assert.ok(await signingIn, 'device-code sign-in failed');
}

/** An unsigned JWT with these claims: the extension reads aud/exp itself; Dataverse would check the signature. */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ oid: 'b7c3e7f2-0000-4000-8000-00000000000a', upn: 'imported@sandbox.test', ...claims })}.sig`;
}

/** The extension's metadata cache folder: the harness runs VS Code with --user-data-dir <run>/user-data and HOME=<run>/home. */
function metadataCacheDir(): string {
  const root = path.join(path.dirname(process.env.HOME ?? ''), 'user-data', 'User', 'globalStorage');
  const name = fs.readdirSync(root).find((n) => n.toLowerCase() === extensionId.toLowerCase());
  assert.ok(name, `no global storage folder for ${extensionId} in ${root}`);
  return path.join(root, name, 'metadata');
}

const listCache = (): string[] => (fs.existsSync(metadataCacheDir()) ? fs.readdirSync(metadataCacheDir()).sort() : []);

async function runInScratchpad(content: string): Promise<RunOutcome> {
  const document = await vscode.workspace.openTextDocument({
    language: 'dataverse-query',
    content: `@connection = ${info.orgUrl}\n${content}`,
  });
  const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('dynamics365.runQuery', document.uri, 0);
  assert.ok(outcome, 'the run failed (see the log)');
  assert.equal(outcome.status, 200, outcome.error);
  return outcome;
}

/** Every entry of the org's query history for the account requests go out with ('' when there is none). */
async function historyText(): Promise<string> {
  const done = Promise.resolve(
    vscode.commands.executeCommand<HistoryOutcome | undefined>('dynamics365.openQueryHistory', info.orgUrl),
  );
  // Up from the first entry wraps to "Clear History…", then "Open All in a Scratchpad".
  for (const [key, wait] of [
    ['workbench.action.quickOpenSelectPrevious', 600],
    ['workbench.action.quickOpenSelectPrevious', 300],
    ['workbench.action.acceptSelectedQuickOpenItem', 900],
  ] as const) {
    await new Promise((r) => setTimeout(r, wait));
    await vscode.commands.executeCommand(key);
  }
  const outcome = await done;
  if (outcome === undefined) return '';
  assert.equal(outcome.action, 'openAll', JSON.stringify(outcome));
  const uri = (outcome as { uri: string }).uri;
  const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText();
  assert.ok(text !== undefined, `no document ${uri}`);
  return text;
}

/**
 * Which account the org's requests go out with: the application user while its connection is in the
 * settings (as Add Connection wrote it), the person when the org has no connection there.
 */
async function requestsGoAs(kind: 'person' | 'application', appConnections: unknown): Promise<void> {
  const without = (config().get<{ orgUrl: string }[]>('connections') ?? []).filter((c) => c.orgUrl !== info.orgUrl);
  await config().update('connections', kind === 'person' ? without : appConnections, vscode.ConfigurationTarget.Global);
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
    assert.equal(
      (await tokenRequests()).client_credentials,
      1,
      'the wrong secret was sent to the sign-in service, and refused',
    );
    await removeConnection();
  });

  it('refuses an imported access token without an audience or an expiry, and keeps a good one per organization', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const refused = [
      jwt({ exp }),
      jwt({ aud: info.orgUrl }),
      jwt({ aud: info.orgUrl, exp: String(exp) }),
      jwt({ aud: 'https://other.crm.dynamics.com', exp }),
    ];
    for (const accessToken of refused) {
      assert.equal(
        await vscode.commands.executeCommand('dynamics365.importTokens', info.orgUrl, { accessToken }),
        undefined,
      );
    }
    assert.equal(await silent(delegated), undefined);
    const good = jwt({ aud: `${info.orgUrl}/`, exp });
    assert.ok(await vscode.commands.executeCommand('dynamics365.importTokens', info.orgUrl, { accessToken: good }));
    assert.equal((await silent(delegated))?.accessToken, good);
    assert.ok((await storedKeys()).some((k) => k.startsWith('dynamics365.imported-token/')));
    assert.equal(await vscode.commands.executeCommand('dynamics365.signOut', info.orgUrl), 1);
    assert.ok(
      !(await storedKeys()).some((k) => k.startsWith('dynamics365.imported-token/')),
      'the imported token outlived its sign-out',
    );
  });

  it('a connection set up for imported tokens asks for a token instead of starting a browser or device-code sign-in', async () => {
    await config().update(
      'connections',
      [{ name: 'Imported', orgUrl: info.orgUrl, authentication: 'importedToken' }],
      vscode.ConfigurationTarget.Global,
    );
    await control('/stats/reset', {});
    let settled = false;
    const signingIn = Promise.resolve(vscode.commands.executeCommand('dynamics365.signIn', info.orgUrl)).finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(settled, false, 'the sign-in ended at once instead of asking for a token');
    assert.deepEqual(await control('/device/pending'), [], 'a device-code sign-in was started');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await signingIn, undefined, 'closing the token box cancels the sign-in');
    assert.equal(
      Object.values(await tokenRequests()).reduce((a, b) => a + b, 0),
      0,
      'no token request was made',
    );
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
      assert.ok(
        keys.some((k) => k.startsWith(kind)),
        `no ${kind} among ${keys.join(', ')}`,
      );
    }
  });

  it('keeps the query history per account: another account of the org never sees it, and signing out takes it', async function () {
    this.timeout(150_000);
    const stamp = Date.now();
    const asApp = `# app ${stamp}\nGET WhoAmI`;
    const asPerson = `# person ${stamp}\nGET WhoAmI`;
    // Signed in as both (as the test before leaves it; again here so the test also runs alone): the
    // person with no connection of the org in the settings (a device code needs the public client),
    // then the application user, whose connection Add Connection puts there.
    if (!(await silent(delegated)) || !(await silent(appOnly))) {
      const others = (config().get<{ orgUrl: string }[]>('connections') ?? []).filter((c) => c.orgUrl !== info.orgUrl);
      await config().update('connections', others, vscode.ConfigurationTarget.Global);
      await signInReturningSession();
      assert.ok(await addAppConnection(info.confidentialClientSecret), 'client-secret sign-in failed');
    }
    const appConnections = config().get('connections');
    try {
      // The connection signs in as the application user: requests go out as it.
      await runInScratchpad(asApp);
      await requestsGoAs('person', appConnections);
      await runInScratchpad(asPerson);
      const personSees = await historyText();
      assert.ok(personSees.includes(asPerson), 'the person does not see their own request');
      assert.ok(!personSees.includes(asApp), "the person sees the application user's request");
      await requestsGoAs('application', appConnections);
      const appSees = await historyText();
      assert.ok(appSees.includes(asApp), 'the application user does not see its own request');
      assert.ok(!appSees.includes(asPerson), "the application user sees the person's request");

      // The person signs out and back in (the same account, so the same session id): their history is gone, the other's stays.
      await requestsGoAs('person', appConnections);
      const personId = (await silent(delegated))?.id;
      assert.ok(personId);
      assert.equal(await vscode.commands.executeCommand('dynamics365.signOut', personId), 1);
      assert.equal((await signInReturningSession()).sessionId, personId);
      assert.ok(!(await historyText()).includes(asPerson), "the person's history outlived their sign-out");
      await requestsGoAs('application', appConnections);
      assert.ok((await historyText()).includes(asApp), "signing the person out took the application user's history");
    } finally {
      await requestsGoAs('application', appConnections);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('after signing out of everything and removing every connection, nothing of ours is in secret storage or the metadata cache', async () => {
    // This window opens the org (a run reads its table list); a window before it left details of
    // tables this one never opened, and a temp file of a write it did not finish.
    await runInScratchpad('GET WhoAmI');
    const key = cacheKeyFor(info.orgUrl);
    await waitFor('the metadata cache of the org', async () =>
      listCache().includes(`${key}.json`) ? true : undefined,
    );
    const index = fs.readFileSync(path.join(metadataCacheDir(), `${key}.json`), 'utf8');
    for (const table of ['new_widget', 'contact']) {
      fs.writeFileSync(path.join(metadataCacheDir(), `${detailsKeyFor(info.orgUrl, table)}.json`), index);
    }
    fs.writeFileSync(
      path.join(metadataCacheDir(), `${detailsKeyFor(info.orgUrl, 'account')}.json.4242-0badf00d.tmp`),
      '{"format"',
    );
    const otherOrg = `${cacheKeyFor('https://other.crm.dynamics.com')}.json`;
    fs.writeFileSync(path.join(metadataCacheDir(), otherOrg), '{}');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    assert.equal(
      await vscode.commands.executeCommand('dynamics365.signOut', info.orgUrl),
      2,
      'the person and the application user',
    );
    const orgs = new Set([
      info.orgUrl,
      ...(config().get<{ orgUrl: string }[]>('connections') ?? []).map((c) => c.orgUrl),
    ]);
    for (const orgUrl of orgs) await removeConnection(orgUrl);
    assert.deepEqual(config().get('connections'), []);
    assert.equal(await silent(delegated), undefined);
    assert.equal(await silent(appOnly), undefined);
    assert.deepEqual(await storedKeys(), [], 'secret storage still holds keys of ours');
    assert.deepEqual(listCache(), [otherOrg], 'metadata cache files of a removed org are left');
    fs.rmSync(path.join(metadataCacheDir(), otherOrg));
  });
});
