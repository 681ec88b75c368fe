// The real @azure/msal-node against the emulator's Entra side, one test per grant.
import {
  ConfidentialClientApplication,
  CryptoProvider,
  PublicClientApplication,
  type Configuration,
} from '@azure/msal-node';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { caNetworkClient, httpsRequest, redirectParams, ScriptedBrowser } from './support/entra-support';
import { startEmulator, type Emulator } from '../src/server';

describe('emulator Entra side with the real msal-node', function () {
  let emu: Emulator;
  let ca: string;
  let scope: string;
  const redirectUri = 'http://localhost:53117/';

  before(async function () {
    this.timeout(30000);
    // 120 s is inside MSAL's 5-minute renewal window, so every cached token counts as due for refresh.
    emu = await startEmulator({ tokenLifetimeSeconds: 120, deviceCodeIntervalSeconds: 1 });
    ca = readFileSync(emu.info.caCertPath, 'utf8');
    scope = `${emu.info.orgUrl}/user_impersonation`;
  });
  after(() => emu?.close());

  function config(clientId: string, tenant: string = emu.info.tenantId): Configuration {
    return {
      auth: {
        clientId,
        authority: `${emu.info.authorityHost}/${tenant}`,
        knownAuthorities: [new URL(emu.info.authorityHost).host],
      },
      system: { networkClient: caNetworkClient(emu.info.caCertPath) },
    };
  }

  async function signInWithCode(pca: PublicClientApplication, username: string, scopes: string[]) {
    const pkce = await new CryptoProvider().generatePkceCodes();
    const url = await pca.getAuthCodeUrl({
      scopes,
      redirectUri,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      state: 'st-1',
    });
    const browser = new ScriptedBrowser(emu.info.authorityHost, ca);
    const params = redirectParams(await browser.signIn(url, username, emu.info.users[0].password));
    assert.equal(params.state, 'st-1');
    return pca.acquireTokenByCode({ code: params.code, scopes, redirectUri, codeVerifier: pkce.verifier });
  }

  it('authorization code + PKCE, then acquireTokenSilent refreshes the expired token', async () => {
    const pca = new PublicClientApplication(config(emu.info.publicClientId));
    const first = await signInWithCode(pca, `alice@${emu.info.tenantDomain}`, [scope]);
    assert.equal(first.account?.username, `alice@${emu.info.tenantDomain}`);
    assert.equal(first.account?.tenantId, emu.info.tenantId);
    const check = emu.verifyAccessToken(`Bearer ${first.accessToken}`);
    assert.ok(check.ok, JSON.stringify(check));
    assert.equal(check.claims.upn, `alice@${emu.info.tenantDomain}`);
    assert.equal(check.claims.scp, 'user_impersonation');

    const before = emu.stats.tokenRequests.refresh_token ?? 0;
    const second = await pca.acquireTokenSilent({ account: first.account!, scopes: [scope] });
    assert.equal(emu.stats.tokenRequests.refresh_token, before + 1);
    assert.notEqual(second.accessToken, first.accessToken);
    assert.ok(emu.verifyAccessToken(second.accessToken).ok);
  });

  it('works through the organizations authority, whose issuer is the {tenantid} template', async () => {
    const pca = new PublicClientApplication(config(emu.info.publicClientId, 'organizations'));
    const result = await signInWithCode(pca, `bob@${emu.info.tenantDomain}`, [`${emu.info.orgUrl}/.default`]);
    assert.equal(result.tenantId, emu.info.tenantId);
    assert.ok(result.scopes.includes(`${emu.info.orgUrl}/user_impersonation`));
  });

  it("client credentials with a secret; the second call is served from MSAL's cache", async () => {
    const cca = new ConfidentialClientApplication({
      ...config(emu.info.confidentialClientId),
      auth: { ...config(emu.info.confidentialClientId).auth, clientSecret: emu.info.confidentialClientSecret },
    });
    const before = emu.stats.tokenRequests.client_credentials ?? 0;
    // An hour-long token, so MSAL's 5-minute renewal window does not send the second call out.
    emu.entra.settings.tokenLifetimeSeconds = 3600;
    try {
      const a = await cca.acquireTokenByClientCredential({ scopes: [`${emu.info.orgUrl}/.default`] });
      const b = await cca.acquireTokenByClientCredential({ scopes: [`${emu.info.orgUrl}/.default`] });
      assert.equal(a?.accessToken, b?.accessToken);
      assert.equal(emu.stats.tokenRequests.client_credentials, before + 1);
      const check = emu.verifyAccessToken(a!.accessToken);
      assert.ok(check.ok && check.claims.appid === emu.info.confidentialClientId && check.claims.scp === undefined);
    } finally {
      emu.entra.settings.tokenLifetimeSeconds = 120;
    }
  });

  it('client credentials with a certificate (client_assertion, x5t#S256, PS256)', async () => {
    const pem = readFileSync(emu.info.certificatePemPath, 'utf8');
    const privateKey = pem.slice(pem.indexOf('-----BEGIN PRIVATE KEY-----'));
    const cca = new ConfidentialClientApplication({
      ...config(emu.info.certificateClientId),
      auth: {
        ...config(emu.info.certificateClientId).auth,
        clientCertificate: { thumbprintSha256: emu.info.certificateThumbprintSha256, privateKey, x5c: pem },
      },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${emu.info.orgUrl}/.default`] });
    const check = emu.verifyAccessToken(result!.accessToken);
    assert.ok(check.ok, JSON.stringify(check));
    assert.equal(check.claims.appid, emu.info.certificateClientId);
  });

  it('device code, approved through the control endpoint', async () => {
    const pca = new PublicClientApplication(config(emu.info.publicClientId));
    let shown = '';
    const result = await pca.acquireTokenByDeviceCode({
      scopes: [scope],
      deviceCodeCallback: (r) => {
        shown = r.message;
        void httpsRequest(`${emu.info.controlUrl}/device/approve`, ca, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user_code: r.userCode, username: `alice@${emu.info.tenantDomain}` }),
        });
      },
    });
    assert.match(shown, /devicelogin and enter the code [A-Z0-9]{9} to authenticate/);
    assert.equal(result?.account?.username, `alice@${emu.info.tenantDomain}`);
    assert.ok(emu.verifyAccessToken(result!.accessToken).ok);
    assert.ok((emu.stats.tokenRequests.device_code ?? 0) >= 1);
  });

  it("refresh fails with AADSTS50173 after the control endpoint revokes the user's refresh tokens", async () => {
    const pca = new PublicClientApplication(config(emu.info.publicClientId));
    const first = await signInWithCode(pca, `bob@${emu.info.tenantDomain}`, [scope]);
    await httpsRequest(`${emu.info.controlUrl}/refresh-tokens/revoke`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `bob@${emu.info.tenantDomain}` }),
    });
    await assert.rejects(
      pca.acquireTokenSilent({ account: first.account!, scopes: [scope] }),
      (err: { errorCode?: string; errorMessage?: string }) =>
        err.errorCode === 'invalid_grant' && /AADSTS50173/.test(err.errorMessage ?? ''),
    );
  });
});
