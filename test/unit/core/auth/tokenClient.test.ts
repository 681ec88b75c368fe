// The MSAL wiring against the local Entra ID + Dataverse emulator (test/emulator): every grant for real,
// over our HTTP client trusting the emulator's CA through the extra-CA setting.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { HttpClient } from '../../../../src/core/http/httpClient';
import { Authority } from '../../../../src/core/auth/authority';
import { AuthFailure, SignInCancelledError } from '../../../../src/core/auth/authErrors';
import { MemorySecretStore } from '../../../../src/core/auth/cachePlugin';
import { parseClientCertificate } from '../../../../src/core/auth/certificate';
import { resolveCloud } from '../../../../src/core/org/clouds';
import { startLoopbackServer } from '../../../../src/core/auth/loopbackServer';
import { OrgUrl } from '../../../../src/core/org/orgUrl';
import { PendingAuthorizations } from '../../../../src/core/auth/pendingAuthorizations';
import { ScopeSet } from '../../../../src/core/auth/scopes';
import { discoverTenant } from '../../../../src/core/auth/tenantDiscovery';
import { V1TokenClient } from '../../../../src/core/auth/v1TokenClient';
import { TokenClient, type ClientCredential, type TokenResult } from '../../../../src/core/auth/tokenClient';
import { MemoryLogSink, RedactingLogger } from '../../../../src/core/log/logger';
import { httpsRequest, ScriptedBrowser } from '../../../emulator/test/support/entra-support';
import { startEmulator, type Emulator } from '../../../emulator/src/server';
import { get, startProxy } from '../http/fixtures';

describe('TokenClient against the emulator', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let ca: string;
  let httpClient: HttpClient;
  let authority: Authority;
  let scopes: ScopeSet;
  let appScopes: ScopeSet;
  const sink = new MemoryLogSink();
  const logger = new RedactingLogger(sink, () => 'trace');
  const issued: string[] = [];

  before(async () => {
    emu = await startEmulator({ tokenLifetimeSeconds: 120, deviceCodeIntervalSeconds: 1 });
    ca = readFileSync(emu.info.caCertPath, 'utf8');
    httpClient = new HttpClient({ extraCa: [ca], logger });
    const cloud = resolveCloud('custom', emu.info.authorityHost);
    assert.ok(cloud.ok);
    const a = Authority.create(cloud.cloud, emu.info.tenantId);
    assert.ok(a.ok);
    authority = a.value;
    const s = ScopeSet.parse([`${emu.info.orgUrl}//user_impersonation`, 'openid']);
    assert.ok(s.ok);
    scopes = s.value;
    appScopes = ScopeSet.forOrg(scopes.org, 'application');
  });
  after(() => emu?.close());

  function client(
    store = new MemorySecretStore(),
    credential?: ClientCredential,
    clientId = credential ? emu.info.confidentialClientId : emu.info.publicClientId,
  ): Promise<TokenClient> {
    return TokenClient.create({
      authority,
      clientId,
      http: httpClient,
      secretStore: store,
      logger,
      ...(credential ? { credential } : {}),
    });
  }
  const user = (name: string): string => `${name}@${emu.info.tenantDomain}`;
  const keep = (r: TokenResult): TokenResult => {
    issued.push(r.accessToken);
    return r;
  };

  async function signInViaLoopback(tc: TokenClient, username: string): Promise<{ result: TokenResult; page: string }> {
    const pending = new PendingAuthorizations<undefined>();
    const p = pending.begin(undefined);
    const loopback = await startLoopbackServer({ state: p.state, productName: 'VS Code' });
    const url = await tc.getAuthCodeUrl({
      scopes,
      redirectUri: loopback.redirectUri,
      state: p.state,
      codeChallenge: p.challenge,
      loginHint: username,
    });
    assert.ok(url.startsWith(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/authorize?`), url);
    let page: { body: string };
    let callbackUrl: string;
    try {
      const answer = await new ScriptedBrowser(emu.info.authorityHost, ca).signIn(
        url,
        username,
        emu.info.users[0]!.password,
      );
      assert.equal(answer.status, 302, answer.body.slice(0, 300));
      page = await get(answer.headers.location!);
      callbackUrl = await loopback.callback;
    } finally {
      await loopback.close();
    }
    const done = pending.complete(callbackUrl);
    const result = await tc.acquireTokenByCode({
      scopes,
      redirectUri: loopback.redirectUri,
      code: done.code,
      codeVerifier: done.verifier,
    });
    return { result: keep(result), page: page.body };
  }

  it('discovers the tenant from the org through the same client', async () => {
    const c = await discoverTenant(httpClient, OrgUrl.from(emu.info.orgUrl));
    assert.equal(c.tenant, emu.info.tenantId);
    assert.equal(c.authorityHost, emu.info.authorityHost);
  });

  it('signs in with auth code + PKCE through the loopback server and persists the cache', async () => {
    const store = new MemorySecretStore();
    const { result, page } = await signInViaLoopback(await client(store), user('alice'));
    assert.match(page, /You are signed in/);
    assert.equal(result.account?.username, user('alice'));
    assert.ok(emu.verifyAccessToken(`Bearer ${result.accessToken}`).ok);
    assert.equal(store.values.size, 1);
    assert.ok([...store.values.keys()][0]!.includes(emu.info.publicClientId));
  });

  it('refreshes silently from the persisted cache in a new client (another window, a restart)', async () => {
    const store = new MemorySecretStore();
    const { result } = await signInViaLoopback(await client(store), user('alice'));
    const again = await client(store);
    assert.deepEqual(
      (await again.getAccounts()).map((a) => a.username),
      [user('alice')],
    );
    const before = emu.stats.tokenRequests.refresh_token ?? 0;
    const refreshed = keep(
      await again.acquireTokenSilent({ scopes, accountId: result.account!.id, forceRefresh: true }),
    );
    assert.equal(emu.stats.tokenRequests.refresh_token, before + 1);
    assert.notEqual(refreshed.accessToken, result.accessToken);
  });

  it('refreshes a token that is about to expire without being forced, once for concurrent callers', async () => {
    // The emulator's 120 s tokens are inside MSAL's 5-minute renewal window: every silent call is due.
    const tc = await client();
    const { result } = await signInViaLoopback(tc, user('alice'));
    const before = emu.stats.tokenRequests.refresh_token ?? 0;
    const all = await Promise.all(
      Array.from({ length: 5 }, () => tc.acquireTokenSilent({ scopes, accountId: result.account!.id })),
    );
    assert.equal(emu.stats.tokenRequests.refresh_token, before + 1);
    assert.ok(all.every((r) => !r.fromCache && r.accessToken !== result.accessToken));
    keep(all[0]!);
  });

  it('single flight: concurrent refreshes for one account and org cause exactly one token request', async () => {
    const tc = await client();
    const { result } = await signInViaLoopback(tc, user('bob'));
    const before = emu.stats.tokenRequests.refresh_token ?? 0;
    const all = await Promise.all(
      Array.from({ length: 8 }, () =>
        tc.acquireTokenSilent({ scopes, accountId: result.account!.id, forceRefresh: true }),
      ),
    );
    assert.equal(emu.stats.tokenRequests.refresh_token, before + 1);
    assert.equal(new Set(all.map((r) => r.accessToken)).size, 1);
  });

  it('device code: shows the code, the user approves elsewhere', async () => {
    const tc = await client();
    let shown = '';
    const result = keep(
      await tc.acquireTokenByDeviceCode({
        scopes,
        onCode: (info) => {
          shown = info.message;
          assert.match(info.userCode, /^[A-Z0-9]+$/);
          void httpsRequest(`${emu.info.controlUrl}/device/approve`, ca, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user_code: info.userCode, username: user('alice') }),
          });
        },
      }),
    );
    assert.match(shown, /enter the code/);
    assert.equal(result.account?.username, user('alice'));
  });

  it('device code: cancelling stops polling with SignInCancelledError', async () => {
    const tc = await client();
    const controller = new AbortController();
    await assert.rejects(
      tc.acquireTokenByDeviceCode({ scopes, signal: controller.signal, onCode: () => controller.abort() }),
      SignInCancelledError,
    );
  });

  it('client credentials with a secret; a wrong and an expired secret say what to do', async () => {
    const ok = keep(
      await (
        await client(undefined, { kind: 'secret', secret: emu.info.confidentialClientSecret })
      ).acquireTokenByClientCredential({ scopes: appScopes }),
    );
    const check = emu.verifyAccessToken(ok.accessToken);
    assert.ok(check.ok && check.claims.appid === emu.info.confidentialClientId);
    await assert.rejects(
      (await client(undefined, { kind: 'secret', secret: 'not-the-secret-at-all' })).acquireTokenByClientCredential({
        scopes: appScopes,
      }),
      (e: AuthFailure) =>
        e instanceof AuthFailure &&
        e.code === 'AADSTS7000215' &&
        e.actions.includes('checkSecret') &&
        !e.message.includes('not-the-secret-at-all'),
    );
    await assert.rejects(
      (
        await client(
          undefined,
          { kind: 'secret', secret: emu.info.expiredClientSecret },
          emu.info.expiredSecretClientId,
        )
      ).acquireTokenByClientCredential({ scopes: appScopes }),
      (e: AuthFailure) => e.code === 'AADSTS7000222',
    );
  });

  it('single flight: concurrent app-only requests cause exactly one client_credentials request', async () => {
    const tc = await client(undefined, { kind: 'secret', secret: emu.info.confidentialClientSecret });
    const before = emu.stats.tokenRequests.client_credentials ?? 0;
    const all = await Promise.all(
      Array.from({ length: 6 }, () => tc.acquireTokenByClientCredential({ scopes: appScopes, forceRefresh: true })),
    );
    assert.equal(emu.stats.tokenRequests.client_credentials, before + 1);
    assert.equal(new Set(all.map((r) => keep(r).accessToken)).size, 1);
  });

  it('sign-in traffic goes through the configured proxy', async () => {
    const proxy = await startProxy();
    try {
      const viaProxy = new HttpClient({ extraCa: [ca], proxy: { url: proxy.url, noProxy: '' } });
      const tc = await TokenClient.create({
        authority,
        clientId: emu.info.confidentialClientId,
        http: viaProxy,
        credential: { kind: 'secret', secret: emu.info.confidentialClientSecret },
      });
      keep(await tc.acquireTokenByClientCredential({ scopes: appScopes }));
      assert.ok(proxy.connects.includes(new URL(emu.info.authorityHost).host), proxy.connects.join());
    } finally {
      await proxy.close();
    }
  });

  it('client credentials with a certificate from a PEM file', async () => {
    const cert = parseClientCertificate(
      readFileSync(emu.info.certificatePemPath, 'utf8'),
      undefined,
      emu.info.certificatePemPath,
    );
    assert.equal(cert.thumbprintSha256.toLowerCase(), emu.info.certificateThumbprintSha256.toLowerCase());
    const tc = await client(undefined, { kind: 'certificate', certificate: cert }, emu.info.certificateClientId);
    const r = keep(await tc.acquireTokenByClientCredential({ scopes: appScopes }));
    const check = emu.verifyAccessToken(r.accessToken);
    assert.ok(check.ok && check.claims.appid === emu.info.certificateClientId);
  });

  it('imports a refresh token, then refreshes silently', async () => {
    const store = new MemorySecretStore();
    await signInViaLoopback(await client(store), user('alice'));
    const cache = JSON.parse([...store.values.values()][0]!) as { RefreshToken: Record<string, { secret: string }> };
    const refreshToken = Object.values(cache.RefreshToken)[0]!.secret;
    issued.push(refreshToken);
    const fresh = await client();
    const r = keep(await fresh.acquireTokenByRefreshToken({ scopes, refreshToken }));
    assert.equal(r.account?.username, user('alice'));
    keep(await fresh.acquireTokenSilent({ scopes, accountId: r.account!.id, forceRefresh: true }));
  });

  it('a revoked refresh token is reported as dead, with "Sign in again"', async () => {
    const tc = await client();
    const { result } = await signInViaLoopback(tc, user('bob'));
    await httpsRequest(`${emu.info.controlUrl}/refresh-tokens/revoke`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user('bob') }),
    });
    await assert.rejects(
      tc.acquireTokenSilent({ scopes, accountId: result.account!.id, forceRefresh: true }),
      (e: AuthFailure) => {
        assert.equal(e.code, 'AADSTS50173');
        assert.ok(e.deadRefreshToken);
        assert.ok(e.actions.includes('signInAgain'));
        return true;
      },
    );
    assert.equal((await tc.getAccounts()).length, 1, 'the account is kept');
  });

  it('an unknown account asks to sign in again', async () => {
    await assert.rejects(
      (await client()).acquireTokenSilent({ scopes, accountId: 'nobody.nowhere' }),
      (e: AuthFailure) => e.deadRefreshToken && e.actions.includes('signInAgain'),
    );
  });

  it('removes an account from the cache', async () => {
    const store = new MemorySecretStore();
    const tc = await client(store);
    const { result } = await signInViaLoopback(tc, user('alice'));
    await tc.removeAccount(result.account!.id);
    assert.deepEqual(await (await client(store)).getAccounts(), []);
  });

  it('without the emulator CA, sign-in fails with the certificate hint', async () => {
    const tc = await TokenClient.create({
      authority,
      clientId: emu.info.confidentialClientId,
      http: new HttpClient(),
      credential: { kind: 'secret', secret: emu.info.confidentialClientSecret },
    });
    await assert.rejects(
      tc.acquireTokenByClientCredential({ scopes: appScopes }),
      (e: AuthFailure) => e instanceof AuthFailure && /extraCaCertificates/.test(e.message),
    );
  });

  describe('v1 endpoint (resource=)', () => {
    const v1 = (secret?: string): V1TokenClient =>
      new V1TokenClient({
        authority,
        clientId: secret ? emu.info.confidentialClientId : emu.info.publicClientId,
        http: httpClient,
        logger,
        ...(secret ? { clientSecret: secret } : {}),
      });

    it('client credentials, shared by concurrent callers', async () => {
      const before = emu.stats.tokenRequests.client_credentials ?? 0;
      const [a, b] = await Promise.all([
        v1(emu.info.confidentialClientSecret).clientCredentials(scopes.v1Resource),
        v1(emu.info.confidentialClientSecret).clientCredentials(scopes.v1Resource),
      ]);
      assert.equal(emu.stats.tokenRequests.client_credentials, before + 2, 'two clients, two requests');
      const c = v1(emu.info.confidentialClientSecret);
      const same = await Promise.all([c.clientCredentials(scopes.v1Resource), c.clientCredentials(scopes.v1Resource)]);
      assert.equal(emu.stats.tokenRequests.client_credentials, before + 3, 'one client, one request');
      for (const t of [a!, b!, ...same]) {
        issued.push(t.accessToken);
        const check = emu.verifyAccessToken(t.accessToken);
        assert.ok(check.ok && check.claims.appid === emu.info.confidentialClientId, JSON.stringify(check));
        assert.ok(t.expiresOn.getTime() > Date.now());
        assert.equal(t.refreshToken, undefined);
      }
    });

    it('refresh grant with a refresh token from a v2 sign-in', async () => {
      const store = new MemorySecretStore();
      await signInViaLoopback(await client(store), user('alice'));
      const cache = JSON.parse([...store.values.values()][0]!) as { RefreshToken: Record<string, { secret: string }> };
      const rt = Object.values(cache.RefreshToken)[0]!.secret;
      const t = await v1().refresh(rt, scopes.v1Resource);
      issued.push(t.accessToken, t.refreshToken ?? '');
      assert.ok(emu.verifyAccessToken(t.accessToken).ok);
      assert.ok(t.refreshToken);
    });

    it('maps errors: wrong secret, no secret, dead refresh token', async () => {
      await assert.rejects(
        v1('wrong-secret-value').clientCredentials(scopes.v1Resource),
        (e: AuthFailure) => e.code === 'AADSTS7000215',
      );
      await assert.rejects(v1().clientCredentials(scopes.v1Resource), (e: AuthFailure) =>
        e.actions.includes('checkSecret'),
      );
      await assert.rejects(
        v1().refresh('not-a-refresh-token', scopes.v1Resource),
        (e: AuthFailure) => e instanceof AuthFailure && e.deadRefreshToken,
      );
    });
  });

  it('never wrote a token or secret to the log', () => {
    assert.ok(sink.lines.length > 0);
    const log = sink.lines.join('\n');
    for (const secret of [...issued, emu.info.confidentialClientSecret]) {
      assert.ok(!log.includes(secret), 'a secret reached the log');
    }
    assert.doesNotMatch(log, /code_verifier=|client_secret=(?!\[REDACTED\])/);
  });
});
