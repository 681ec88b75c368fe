// Discovery documents, token shapes, the v1 endpoints, the sign-in pages' prompts and the device pages.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeJwt } from '../src/entra/jwt';
import { httpsRequest, redirectParams, ScriptedBrowser, txOf } from './support/entra-support';
import { startEmulator, type Emulator } from '../src/server';

describe('emulator Entra side: discovery, tokens, pages', function () {
  let emu: Emulator;
  let ca: string;
  let org: string;
  let alice: string;
  let password: string;
  const verifier = 'a-verifier-that-is-long-enough-for-pkce-0123456789';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://localhost:40002/';

  before(async function () {
    this.timeout(30000);
    emu = await startEmulator();
    ca = readFileSync(emu.info.caCertPath, 'utf8');
    org = emu.info.orgUrl;
    alice = `alice@${emu.info.tenantDomain}`;
    password = emu.info.users[0].password;
  });
  after(() => emu?.close());

  const getJson = async (path: string) => {
    const res = await httpsRequest(`${emu.info.authorityHost}${path}`, ca);
    return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> };
  };
  const post = async (path: string, form: Record<string, string>) => {
    const res = await httpsRequest(`${emu.info.authorityHost}${path}`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> };
  };
  const authorizeUrl = (params: Record<string, string>, path = 'organizations/oauth2/v2.0/authorize') =>
    `${emu.info.authorityHost}/${path}?${new URLSearchParams({
      client_id: emu.info.publicClientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: `${org}/user_impersonation openid profile offline_access`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st',
      ...params,
    })}`;
  const claimsOf = (token: unknown) => decodeJwt(String(token))!.payload;

  it('serves the v2 and v1 OpenID configuration on the same host, by tenant id, domain and alias', async () => {
    const byId = (await getJson(`/${emu.info.tenantId}/v2.0/.well-known/openid-configuration`)).json;
    assert.equal(byId.issuer, `${emu.info.authorityHost}/${emu.info.tenantId}/v2.0`);
    assert.equal(byId.token_endpoint, `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`);
    assert.equal(
      byId.device_authorization_endpoint,
      `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/devicecode`,
    );
    const byDomain = (await getJson(`/${emu.info.tenantDomain}/v2.0/.well-known/openid-configuration`)).json;
    assert.equal(byDomain.authorization_endpoint, byId.authorization_endpoint);
    const orgs = (await getJson('/organizations/v2.0/.well-known/openid-configuration')).json;
    assert.equal(orgs.issuer, `${emu.info.authorityHost}/{tenantid}/v2.0`);
    assert.equal(orgs.token_endpoint, `${emu.info.authorityHost}/organizations/oauth2/v2.0/token`);
    const v1 = (await getJson(`/${emu.info.tenantId}/.well-known/openid-configuration`)).json;
    assert.equal(v1.issuer, `https://sts.windows.net/${emu.info.tenantId}/`);
    assert.equal(v1.token_endpoint, `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/token`);
  });

  it('publishes the signing key in JWKS, and instance discovery names this host', async () => {
    const keys = (await getJson(`/${emu.info.tenantId}/discovery/v2.0/keys`)).json.keys as Record<string, string>[];
    const res = await post(`/${emu.info.tenantId}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: emu.info.confidentialClientId,
      client_secret: emu.info.confidentialClientSecret,
      scope: `${org}/.default`,
    });
    const jwt = decodeJwt(String(res.json.access_token))!;
    const jwk = keys.find((k) => k.kid === jwt.header.kid)!;
    const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
    assert.ok(verify('sha256', Buffer.from(jwt.signingInput), key, jwt.signature));
    const host = new URL(emu.info.authorityHost).host;
    const disco = (
      await getJson(
        `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${emu.info.authorityHost}/organizations/oauth2/v2.0/authorize`)}`,
      )
    ).json;
    assert.equal(
      disco.tenant_discovery_endpoint,
      `${emu.info.authorityHost}/organizations/v2.0/.well-known/openid-configuration`,
    );
    assert.deepEqual(disco.metadata, [{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
    const other = await getJson(
      '/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.example.com/common/oauth2/v2.0/authorize',
    );
    assert.equal(other.json.error, 'invalid_instance');
  });

  it('issues Entra-shaped delegated tokens: v1 access token for Dataverse, id_token with nonce, client_info', async () => {
    const browser = new ScriptedBrowser(emu.info.authorityHost, ca);
    const p = redirectParams(await browser.signIn(authorizeUrl({ nonce: 'n-123', client_info: '1' }), alice, password));
    const res = await post('/organizations/oauth2/v2.0/token', {
      grant_type: 'authorization_code',
      client_id: emu.info.publicClientId,
      code: p.code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_info: '1',
      scope: `${org}/user_impersonation openid profile offline_access`,
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.token_type, 'Bearer');
    assert.equal(res.json.scope, `${org}/user_impersonation`);
    assert.equal(typeof res.json.expires_in, 'number');
    assert.ok(String(res.json.refresh_token).length > 40);
    const at = claimsOf(res.json.access_token);
    assert.equal(at.aud, org);
    assert.equal(at.ver, '1.0');
    assert.equal(at.iss, `https://sts.windows.net/${emu.info.tenantId}/`);
    assert.equal(at.upn, alice);
    assert.equal(at.appid, emu.info.publicClientId);
    const id = claimsOf(res.json.id_token);
    assert.equal(id.aud, emu.info.publicClientId);
    assert.equal(id.nonce, 'n-123');
    assert.equal(id.preferred_username, alice);
    assert.equal(id.iss, `${emu.info.authorityHost}/${emu.info.tenantId}/v2.0`);
    const info = JSON.parse(Buffer.from(String(res.json.client_info), 'base64url').toString()) as Record<
      string,
      string
    >;
    assert.deepEqual(info, { uid: at.oid, utid: emu.info.tenantId });
  });

  it('accepts the double-slash scope some tools send; the token audience keeps the trailing slash', async () => {
    const res = await post(`/${emu.info.tenantId}/oauth2/v2.0/token`, {
      grant_type: 'password',
      client_id: emu.info.publicClientId,
      username: alice,
      password,
      scope: `${org}//user_impersonation`,
    });
    assert.equal(res.status, 200);
    assert.equal(claimsOf(res.json.access_token).aud, `${org}/`);
    assert.ok(emu.verifyAccessToken(String(res.json.access_token)).ok);
  });

  it('v1 endpoints: resource= on token and authorize, string expires_in, ver 1.0', async () => {
    const app = await post(`/${emu.info.tenantId}/oauth2/token`, {
      grant_type: 'client_credentials',
      client_id: emu.info.confidentialClientId,
      client_secret: emu.info.confidentialClientSecret,
      resource: `${org}/`,
    });
    assert.equal(app.status, 200);
    assert.equal(app.json.resource, `${org}/`);
    assert.equal(typeof app.json.expires_in, 'string');
    assert.equal(claimsOf(app.json.access_token).aud, `${org}/`);
    const browser = new ScriptedBrowser(emu.info.authorityHost, ca);
    const url = `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/authorize?${new URLSearchParams({
      client_id: emu.info.publicClientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      resource: org,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;
    const p = redirectParams(await browser.signIn(url, alice, password));
    const user = await post(`/${emu.info.tenantId}/oauth2/token`, {
      grant_type: 'authorization_code',
      client_id: emu.info.publicClientId,
      code: p.code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      resource: org,
    });
    assert.equal(user.status, 200);
    assert.equal(claimsOf(user.json.access_token).ver, '1.0');
    assert.ok(user.json.refresh_token);
  });

  it('prompts: none reuses the session, login asks again, select_account shows the picker; login_hint prefills', async () => {
    const browser = new ScriptedBrowser(emu.info.authorityHost, ca);
    redirectParams(await browser.signIn(authorizeUrl({}), alice, password));
    assert.ok(redirectParams(await browser.request(authorizeUrl({ prompt: 'none' }))).code);
    const login = await browser.request(authorizeUrl({ prompt: 'login', login_hint: 'bob@x' }));
    assert.match(login.body, /id="username" name="username" autocomplete="username" value="bob@x"/);
    const picker = await browser.request(authorizeUrl({ prompt: 'select_account' }));
    assert.match(picker.body, /id="pickerForm"/);
    const chosen = await browser.post('/common/reprocess', { tx: txOf(picker.body), account: alice });
    assert.ok(redirectParams(chosen).code);
    const nobody = new ScriptedBrowser(emu.info.authorityHost, ca);
    assert.equal(redirectParams(await nobody.request(authorizeUrl({ prompt: 'none' }))).error, 'login_required');
    assert.match((await nobody.request(authorizeUrl({ prompt: 'select_account' }))).body, /id="loginForm"/);
  });

  it('response_mode=form_post answers with an auto-submitting form carrying code and state', async () => {
    const res = await new ScriptedBrowser(emu.info.authorityHost, ca).signIn(
      authorizeUrl({ response_mode: 'form_post' }),
      alice,
      password,
    );
    assert.equal(res.status, 200);
    assert.match(res.body, new RegExp(`<form method="post" action="${redirectUri}" id="hiddenform">`));
    assert.match(res.body, /name="code" value="[^"]+"/);
    assert.match(res.body, /name="state" value="st"/);
  });

  it('device flow through the verification pages', async () => {
    const dc = await post(`/${emu.info.tenantId}/oauth2/v2.0/devicecode`, {
      client_id: emu.info.publicClientId,
      scope: `${org}/user_impersonation offline_access`,
    });
    assert.equal(dc.json.verification_uri, `${emu.info.authorityHost}/devicelogin`);
    const browser = new ScriptedBrowser(emu.info.authorityHost, ca);
    const hop = await browser.request(String(dc.json.verification_uri));
    assert.equal(hop.headers.location, '/common/oauth2/deviceauth');
    const wrong = await browser.post('/common/oauth2/deviceauth', { otc: 'NOPE' });
    assert.match(wrong.body, /That code didn&#39;t work/);
    const confirm = await browser.post('/common/oauth2/deviceauth', { otc: String(dc.json.user_code).toLowerCase() });
    const login = await browser.post('/common/oauth2/deviceauth/confirm', {
      tx: txOf(confirm.body),
      decision: 'continue',
    });
    const done = await browser.post('/common/login', { tx: txOf(login.body), username: alice, password });
    assert.match(done.body, /id="deviceDone"/);
    const res = await post(`/${emu.info.tenantId}/oauth2/v2.0/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: emu.info.publicClientId,
      device_code: String(dc.json.device_code),
    });
    assert.equal(res.status, 200);
    assert.ok(res.json.refresh_token);
  });

  it('verifyAccessToken: missing, malformed, signature, expired (clock skew), audience', async () => {
    const good = await post(`/${emu.info.tenantId}/oauth2/v2.0/token`, {
      grant_type: 'password',
      client_id: emu.info.publicClientId,
      username: alice,
      password,
      scope: `${org}/.default`,
    });
    const token = String(good.json.access_token);
    assert.deepEqual(emu.verifyAccessToken(undefined), { ok: false, reason: 'missing' });
    assert.deepEqual(emu.verifyAccessToken('Bearer abc'), { ok: false, reason: 'malformed' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claimsOf(token), upn: 'mallory@x' })).toString('base64url');
    assert.deepEqual(emu.verifyAccessToken(`${header}.${forged}.${signature}`), { ok: false, reason: 'signature' });
    emu.faults.clockSkewSeconds = 7200;
    try {
      assert.deepEqual(emu.verifyAccessToken(token), { ok: false, reason: 'expired' });
    } finally {
      emu.faults.clockSkewSeconds = 0;
    }
    const graph = await post(`/${emu.info.tenantId}/oauth2/v2.0/token`, {
      grant_type: 'password',
      client_id: emu.info.publicClientId,
      username: alice,
      password,
      scope: 'openid profile',
    });
    assert.deepEqual(emu.verifyAccessToken(String(graph.json.access_token)), { ok: false, reason: 'audience' });
  });
});
