// Sign-out against real MSAL and the emulator, with a secret store that lists its keys: what a session
// held is gone from storage and from MSAL's memory, what another session needs stays, and an
// application user removed with its secret cannot get a token with a wrong one.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { startEmulator, type Emulator } from '../../emulator/src/server';
import { ImportedAccessTokens } from '../../../src/core/auth/importedTokens';
import { SessionIndex, type SessionRecord } from '../../../src/core/auth/sessionIndex';
import type { SignInTarget } from '../../../src/core/auth/signInTarget';
import { TokenClients, credentialKey } from '../../../src/core/auth/tokenClients';
import { Authority } from '../../../src/core/auth/authority';
import { MemorySecretStore } from '../../../src/core/auth/cachePlugin';
import { resolveCloud } from '../../../src/core/org/clouds';
import { LedgeredSecretStore } from '../../../src/core/auth/keyLedger';
import { LEDGER_KEY, SESSION_INDEX_KEY } from '../../../src/core/auth/secretKeys';
import { OrgUrl } from '../../../src/core/org/orgUrl';
import { ScopeSet, sessionKey } from '../../../src/core/auth/scopes';
import { releaseSession } from '../../../src/core/auth/sessionRelease';
import type { TokenResult } from '../../../src/core/auth/tokenClient';
import { HttpClient } from '../../../src/core/http/httpClient';
import { MemoryLogSink, RedactingLogger } from '../../../src/core/log/logger';

describe('sign-out against real MSAL: storage and memory', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let ca: string;
  let store: LedgeredSecretStore;
  let clients: TokenClients;

  before(async () => {
    emu = await startEmulator({ deviceCodeIntervalSeconds: 1 });
    ca = readFileSync(emu.info.caCertPath, 'utf8');
  });
  after(() => emu?.close());
  beforeEach(() => {
    store = new LedgeredSecretStore(new MemorySecretStore());
    const http = new HttpClient({ extraCa: [ca] });
    clients = new TokenClients(store, () => http, new RedactingLogger(new MemoryLogSink(), () => 'error'));
  });

  function authority(tenant: string): Authority {
    const cloud = resolveCloud('custom', emu.info.authorityHost);
    assert.ok(cloud.ok);
    const a = Authority.create(cloud.cloud, tenant);
    assert.ok(a.ok);
    return a.value;
  }
  const org = () => OrgUrl.from(emu.info.orgUrl);
  const scopes = () => ScopeSet.forOrg(org());

  function record(token: TokenResult, a: Authority, over: Partial<SessionRecord> = {}): SessionRecord {
    const accountId = token.account!.id;
    return {
      id: sessionKey(accountId, org()),
      orgUrl: org().url,
      accountId,
      label: token.account!.username,
      flow: 'deviceCode',
      clientId: emu.info.publicClientId,
      authorityHost: a.host,
      tenant: a.tenant,
      customHost: true,
      ...over,
    };
  }

  /** A refresh token obtained outside the extension, as another tool would hold it. */
  function refreshTokenOf(user: { username: string; password: string }): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'password',
      client_id: emu.info.publicClientId,
      username: user.username,
      password: user.password,
      scope: `${emu.info.orgUrl}/user_impersonation offline_access openid profile`,
    }).toString();
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`,
        { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve((JSON.parse(text) as { refresh_token: string }).refresh_token));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function deviceCodeSignIn(a: Authority): Promise<TokenResult> {
    const client = await clients.publicClient(a, emu.info.publicClientId);
    return client.acquireTokenByDeviceCode({
      scopes: scopes(),
      onCode: (code) => {
        https
          .request(`${emu.info.controlUrl}/device/approve`, {
            method: 'POST',
            ca,
            headers: { 'content-type': 'application/json' },
          })
          .end(JSON.stringify({ user_code: code.userCode }));
      },
    });
  }

  it('an account signed out is not written back by the MSAL instance that still held it in memory', async () => {
    const a = authority(emu.info.tenantId);
    const alice = await deviceCodeSignIn(a);
    await releaseSession(store, record(alice, a), []);
    assert.deepEqual(await store.keys(), []);
    // The same MSAL instance now signs Bob in; Alice must not come back with his cache write.
    const client = await clients.publicClient(a, emu.info.publicClientId);
    const bob = await client.acquireTokenByRefreshToken({
      scopes: scopes(),
      refreshToken: await refreshTokenOf(emu.info.users[1]),
    });
    assert.deepEqual(
      (await client.getAccounts()).map((x) => x.username),
      [bob.account!.username],
    );
    await releaseSession(store, record(bob, a, { flow: 'importedToken' }), []);
    assert.deepEqual(await store.keys(), []);
    await assert.rejects(client.acquireTokenSilent({ scopes: scopes(), accountId: alice.account!.id }), /sign in/i);
  });

  it('an account reached through "organizations" and through its tenant id has one refresh token, gone after sign-out', async () => {
    const viaOrganizations = authority('organizations');
    const viaTenant = authority(emu.info.tenantId);
    const first = await (
      await clients.publicClient(viaOrganizations, emu.info.publicClientId)
    ).acquireTokenByRefreshToken({ scopes: scopes(), refreshToken: await refreshTokenOf(emu.info.users[0]) });
    const again = await (
      await clients.publicClient(viaTenant, emu.info.publicClientId)
    ).acquireTokenSilent({ scopes: scopes(), accountId: first.account!.id });
    assert.equal(again.account?.id, first.account?.id);
    assert.equal((await store.keys()).filter((k) => k.includes('msal-cache')).length, 1, 'one cache for both tenants');
    await releaseSession(store, record(again, viaTenant), []);
    assert.deepEqual(await store.keys(), []);
  });

  it('an application user removed with its secret gets no token with a wrong one; a changed secret makes a new client', async () => {
    const a = authority(emu.info.tenantId);
    const { confidentialClientId: id, confidentialClientSecret: secret } = emu.info;
    await store.store(credentialKey(id, org().url), secret);
    const appScopes = ScopeSet.forOrg(org(), 'application');
    const first = await clients.confidentialClient(a, id, org().url, 'secret', '');
    await first.acquireTokenByClientCredential({ scopes: appScopes });
    assert.equal(
      await clients.confidentialClient(a, id, org().url, 'secret', ''),
      first,
      'the same secret reuses the client',
    );
    await store.store(credentialKey(id, org().url), `${secret}x`);
    assert.notEqual(
      await clients.confidentialClient(a, id, org().url, 'secret', ''),
      first,
      'a changed secret makes a new client',
    );

    const app: SessionRecord = {
      id: `app:${id}|${org().url}`,
      orgUrl: org().url,
      accountId: `app:${id}`,
      label: 'app',
      flow: 'clientSecret',
      clientId: id,
      authorityHost: a.host,
      tenant: a.tenant,
      customHost: true,
    };
    await releaseSession(store, app, []);
    await clients.deleteCredentials(org().url);
    assert.deepEqual(await store.keys(), []);
    await assert.rejects(clients.confidentialClient(a, id, org().url, 'secret', ''), /No client secret is stored/);

    await store.store(credentialKey(id, org().url), 'not-the-secret');
    const wrong = await clients.confidentialClient(a, id, org().url, 'secret', '');
    await assert.rejects(wrong.acquireTokenByClientCredential({ scopes: appScopes }), /secret/i);
  });

  it("an imported access token ends with its own session only, not with the same account's at another org", async () => {
    const a = authority(emu.info.tenantId);
    const imported = new ImportedAccessTokens(store);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const target = (orgUrl: string): SignInTarget => ({ org: OrgUrl.from(orgUrl), authority: a }) as SignInTarget;
    const jwt = (aud: string) =>
      `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ aud, exp, oid: 'same-person' })).toString('base64url')}.x`;
    const atA = await imported.add(
      target('https://a.crm.dynamics.com'),
      emu.info.publicClientId,
      jwt('https://a.crm.dynamics.com'),
    );
    const atB = await imported.add(
      target('https://b.crm.dynamics.com'),
      emu.info.publicClientId,
      jwt('https://b.crm.dynamics.com'),
    );
    await releaseSession(store, atA, [atB]);
    await assert.rejects(imported.token(atA), /sign in/i);
    assert.equal((await imported.token(atB)).accessToken, jwt('https://b.crm.dynamics.com'));
    await releaseSession(store, atB, []);
    assert.deepEqual(await store.keys(), []);
  });

  it('the session index reports what it replaced and leaves no key when empty', async () => {
    const index = new SessionIndex(store);
    const r: SessionRecord = {
      id: 'x|https://a',
      orgUrl: 'https://a',
      accountId: 'x',
      label: 'x',
      flow: 'deviceCode',
      clientId: 'c1',
      authorityHost: 'https://h',
      tenant: 't',
      customHost: false,
    };
    assert.equal(await index.upsert(r), undefined);
    assert.deepEqual(await index.upsert({ ...r, clientId: 'c2' }), r);
    assert.deepEqual(await store.keys(), [SESSION_INDEX_KEY, LEDGER_KEY].sort());
    await index.remove(r.id);
    assert.deepEqual(await store.keys(), []);
  });
});
