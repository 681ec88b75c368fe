// Every AADSTS case the emulator promises, produced through its public surface and checked for
// Entra's exact error shape.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { httpsRequest, redirectParams, ScriptedBrowser, type HttpResult } from './support/entra-support';
import { startEmulator, type Emulator } from '../src/server';

describe('emulator Entra side: AADSTS errors', function () {
  let emu: Emulator;
  let ca: string;
  let org: string;
  let domain: string;
  const verifier = 'v'.repeat(20) + 'erifier-for-the-emulator-tests-0123456789';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://localhost:40001/callback';

  before(async function () {
    this.timeout(30000);
    emu = await startEmulator({ redirectUris: ['http://localhost/callback'] });
    ca = readFileSync(emu.info.caCertPath, 'utf8');
    org = emu.info.orgUrl;
    domain = emu.info.tenantDomain;
  });
  after(() => emu?.close());
  afterEach(async () => {
    await control('faults/reset');
  });

  const control = (path: string, body: object = {}) =>
    httpsRequest(`${emu.info.controlUrl}/${path}`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function token(
    form: Record<string, string>,
    path = `${emu.info.tenantId}/oauth2/v2.0/token`,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await httpsRequest(`${emu.info.authorityHost}/${path}`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> };
  }

  function assertAad(
    res: { status: number; json: Record<string, unknown> },
    status: number,
    error: string,
    code: number,
  ): void {
    const j = res.json;
    assert.equal(res.status, status, JSON.stringify(j));
    assert.equal(j.error, error);
    assert.deepEqual(j.error_codes, [code]);
    assert.match(
      String(j.error_description),
      new RegExp(
        `^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
      ),
    );
    assert.match(String(j.timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    assert.match(String(j.trace_id), /^[0-9a-f-]{36}$/);
    assert.match(String(j.correlation_id), /^[0-9a-f-]{36}$/);
    assert.equal(j.error_uri, `${emu.info.authorityHost}/error?code=${code}`);
  }

  function authorizeUrl(params: Record<string, string>): string {
    const q = new URLSearchParams({
      client_id: emu.info.publicClientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: `${org}/user_impersonation offline_access openid profile`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's1',
      ...params,
    });
    return `${emu.info.authorityHost}/organizations/oauth2/v2.0/authorize?${q}`;
  }

  function redirectError(res: HttpResult, error: string, code: number): void {
    const p = redirectParams(res);
    assert.equal(p.error, error);
    assert.match(p.error_description, new RegExp(`^AADSTS${code}: `));
    assert.equal(p.error_uri, `${emu.info.authorityHost}/error?code=${code}`);
    assert.equal(p.state, 's1');
  }

  async function codeFor(
    username: string,
    params: Record<string, string> = {},
    browser = new ScriptedBrowser(emu.info.authorityHost, ca),
  ): Promise<string> {
    const p = redirectParams(await browser.signIn(authorizeUrl(params), username, emu.info.users[0].password));
    assert.ok(p.code, JSON.stringify(p));
    return p.code;
  }

  const redeem = (code: string, extra: Record<string, string> = {}) =>
    token({
      grant_type: 'authorization_code',
      client_id: emu.info.publicClientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      scope: `${org}/user_impersonation offline_access`,
      ...extra,
    });

  async function refreshTokenFor(username: string): Promise<string> {
    const res = await redeem(await codeFor(username));
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return String(res.json.refresh_token);
  }

  const refresh = (rt: string) =>
    token({
      grant_type: 'refresh_token',
      client_id: emu.info.publicClientId,
      refresh_token: rt,
      scope: `${org}/user_impersonation offline_access`,
    });
  const secretGrant = (clientId: string, secret: string, scope = `${org}/.default`) =>
    token({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope });

  it('90002: unknown tenant, on discovery and on the token endpoint', async () => {
    const res = await httpsRequest(
      `${emu.info.authorityHost}/nope.onmicrosoft.com/v2.0/.well-known/openid-configuration`,
      ca,
    );
    assertAad({ status: res.status, json: JSON.parse(res.body) }, 400, 'invalid_tenant', 90002);
    assertAad(
      await token({ grant_type: 'client_credentials' }, 'nope.example/oauth2/v2.0/token'),
      400,
      'invalid_tenant',
      90002,
    );
  });

  it('700016: unknown application, as JSON and on the authorize page', async () => {
    assertAad(await secretGrant('00000000-1111-2222-3333-444444444444', 'x'), 400, 'unauthorized_client', 700016);
    const page = await httpsRequest(authorizeUrl({ client_id: '00000000-1111-2222-3333-444444444444' }), ca);
    assert.equal(page.status, 400);
    assert.match(
      page.body,
      /AADSTS700016: Application with identifier &#39;00000000-1111-2222-3333-444444444444&#39; was not found/,
    );
  });

  it('7000215 bad secret, 7000222 expired secret, and a working secret', async () => {
    assertAad(await secretGrant(emu.info.confidentialClientId, 'wrong'), 401, 'invalid_client', 7000215);
    assertAad(
      await secretGrant(emu.info.expiredSecretClientId, emu.info.expiredClientSecret),
      401,
      'invalid_client',
      7000222,
    );
    const ok = await secretGrant(emu.info.confidentialClientId, emu.info.confidentialClientSecret);
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.keys(ok.json).sort(), ['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
  });

  it('50011: redirect URI mismatch is shown on the page; loopback URIs match on any port, not across hosts', async () => {
    const bad = await httpsRequest(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), ca);
    assert.equal(bad.status, 400);
    assert.match(
      bad.body,
      /AADSTS50011: The redirect URI &#39;https:\/\/evil.example\/cb&#39; specified in the request does not match/,
    );
    const otherHost = await httpsRequest(authorizeUrl({ redirect_uri: 'http://127.0.0.1:5000/' }), ca);
    assert.match(otherHost.body, /AADSTS50011/);
    const anyPort = await httpsRequest(authorizeUrl({ redirect_uri: 'http://localhost:5000/?ignored=query' }), ca);
    assert.equal(anyPort.status, 200);
    assert.match(anyPort.body, /id="loginForm"/);
  });

  it('65001: prompt=none for an app the user never consented to; 65004 when the user cancels consent', async () => {
    const browser = new ScriptedBrowser(emu.info.authorityHost, ca);
    await codeFor(`alice@${domain}`, {}, browser);
    const silent = await browser.request(authorizeUrl({ client_id: emu.info.consentClientId, prompt: 'none' }));
    redirectError(silent, 'consent_required', 65001);
    const cancelled = await browser.signIn(
      authorizeUrl({ client_id: emu.info.consentClientId }),
      `alice@${domain}`,
      '',
      { consent: 'cancel' },
    );
    redirectError(cancelled, 'access_denied', 65004);
    const ropc = await token({
      grant_type: 'password',
      client_id: emu.info.consentClientId,
      username: `bob@${domain}`,
      password: emu.info.users[0].password,
      scope: `${org}/user_impersonation`,
    });
    assertAad(ropc, 400, 'invalid_grant', 65001);
    assert.equal(ropc.json.suberror, 'consent_required');
  });

  it('50076: the MFA user signs in with a code, but the refresh grant demands MFA', async () => {
    const rt = await refreshTokenFor(`mfa.user@${domain}`);
    const res = await refresh(rt);
    assertAad(res, 400, 'invalid_grant', 50076);
    assert.equal(res.json.suberror, 'basic_action');
  });

  it('53003: Conditional Access blocks the blocked user in the browser and on the token endpoint', async () => {
    const browser = new ScriptedBrowser(emu.info.authorityHost, ca);
    redirectError(
      await browser.signIn(authorizeUrl({}), `blocked.user@${domain}`, emu.info.users[0].password),
      'access_denied',
      53003,
    );
    assertAad(
      await token({
        grant_type: 'password',
        client_id: emu.info.publicClientId,
        username: `blocked.user@${domain}`,
        password: emu.info.users[0].password,
        scope: `${org}/user_impersonation`,
      }),
      400,
      'invalid_grant',
      53003,
    );
  });

  it('700082 and 70043: dead refresh tokens, by user flag and by control call', async () => {
    assertAad(await refresh(await refreshTokenFor(`stale.user@${domain}`)), 400, 'invalid_grant', 700082);
    assertAad(await refresh(await refreshTokenFor(`frequent.user@${domain}`)), 400, 'invalid_grant', 70043);
    const rt = await refreshTokenFor(`alice@${domain}`);
    assert.equal((await refresh(rt)).status, 200);
    await control('refresh-tokens/expire', { username: `alice@${domain}`, reason: 'signInFrequency' });
    assertAad(await refresh(rt), 400, 'invalid_grant', 70043);
    await control('refresh-tokens/expire', { username: `alice@${domain}`, reason: 'inactivity' });
    assertAad(await refresh(rt), 400, 'invalid_grant', 700082);
  });

  it('50173: a revoked refresh token', async () => {
    const rt = await refreshTokenFor(`bob@${domain}`);
    const revoked = await control('refresh-tokens/revoke', { username: `bob@${domain}` });
    assert.ok((JSON.parse(revoked.body) as { revoked: number }).revoked >= 1);
    assertAad(await refresh(rt), 400, 'invalid_grant', 50173);
  });

  it('invalid_scope: two resources (28000), an unknown Dataverse scope (650053), client credentials without /.default (1002012)', async () => {
    const ropc = (scope: string) =>
      token({
        grant_type: 'password',
        client_id: emu.info.publicClientId,
        username: `alice@${domain}`,
        password: emu.info.users[0].password,
        scope,
      });
    assertAad(
      await ropc(`${org}/user_impersonation https://graph.microsoft.com/User.Read`),
      400,
      'invalid_scope',
      28000,
    );
    assertAad(await ropc(`${org}/Account.Read`), 400, 'invalid_scope', 650053);
    assertAad(
      await secretGrant(emu.info.confidentialClientId, emu.info.confidentialClientSecret, `${org}/user_impersonation`),
      400,
      'invalid_scope',
      1002012,
    );
  });

  it('500011: a resource that is not in the tenant (bad org URL)', async () => {
    const res = await secretGrant(
      emu.info.confidentialClientId,
      emu.info.confidentialClientSecret,
      'https://contoso.crm.dynamics.com/.default',
    );
    assertAad(res, 400, 'invalid_resource', 500011);
    assert.match(
      String(res.json.error_description),
      /resource principal named https:\/\/contoso.crm.dynamics.com was not found in the tenant named/,
    );
  });

  it('54005: an authorization code redeemed twice; 501481: a PKCE verifier that does not match', async () => {
    const code = await codeFor(`alice@${domain}`);
    assert.equal((await redeem(code)).status, 200);
    assertAad(await redeem(code), 400, 'invalid_grant', 54005);
    assertAad(
      await redeem(await codeFor(`alice@${domain}`), { code_verifier: 'not-the-verifier-0123456789012345678901234' }),
      400,
      'invalid_grant',
      501481,
    );
  });

  it('PKCE is required for public clients and plain is refused', async () => {
    const browser = new ScriptedBrowser(emu.info.authorityHost, ca);
    redirectError(await browser.request(authorizeUrl({ code_challenge: '' })), 'invalid_request', 9002325);
    redirectError(await browser.request(authorizeUrl({ code_challenge_method: 'plain' })), 'invalid_request', 5000751);
  });

  it('70016 pending, 70019 expired (clock skew fault), declined, for the device flow', async () => {
    const start = async () => {
      const res = await token(
        { client_id: emu.info.publicClientId, scope: `${org}/user_impersonation` },
        `${emu.info.tenantId}/oauth2/v2.0/devicecode`,
      );
      assert.equal(res.status, 200);
      return res.json as { device_code: string; user_code: string };
    };
    const poll = (deviceCode: string) =>
      token({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: emu.info.publicClientId,
        device_code: deviceCode,
      });
    const a = await start();
    assertAad(await poll(a.device_code), 400, 'authorization_pending', 70016);
    await control('faults', { clockSkewSeconds: 3600 });
    assertAad(await poll(a.device_code), 400, 'expired_token', 70019);
    await control('faults/reset');
    const b = await start();
    assert.equal((await control('device/approve', { user_code: b.user_code, decline: true })).status, 200);
    assertAad(await poll(b.device_code), 400, 'authorization_declined', 70000);
  });

  it('50126: wrong password, on the token endpoint and on the sign-in page', async () => {
    assertAad(
      await token({
        grant_type: 'password',
        client_id: emu.info.publicClientId,
        username: `alice@${domain}`,
        password: 'nope',
        scope: `${org}/user_impersonation`,
      }),
      400,
      'invalid_grant',
      50126,
    );
    const page = await new ScriptedBrowser(emu.info.authorityHost, ca).signIn(
      authorizeUrl({}),
      `alice@${domain}`,
      'nope',
    );
    assert.equal(page.status, 200);
    assert.match(page.body, /Your account or password is incorrect.*AADSTS50126/);
  });

  it('the token endpoint answers 503 while the tokenEndpointDown fault is on, and counts the request', async () => {
    const before = emu.stats.tokenRequests.client_credentials ?? 0;
    await control('faults', { tokenEndpointDown: true });
    assertAad(
      await secretGrant(emu.info.confidentialClientId, emu.info.confidentialClientSecret),
      503,
      'temporarily_unavailable',
      90033,
    );
    assert.equal(emu.stats.tokenRequests.client_credentials, before + 1);
  });
});
