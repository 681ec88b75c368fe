// Regression: MSAL clears its in-memory cache before a silent call and relies on the cache plugin to
// refill it. A plugin that skipped deserializing "unchanged" text left the very client that had just
// signed in with an empty cache ("no_tokens_found").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { startEmulator, type Emulator } from '../../../emulator/src/server';
import { Authority } from '../../../../src/core/auth/authority';
import { resolveCloud } from '../../../../src/core/org/clouds';
import { MemorySecretStore } from '../../../../src/core/auth/cachePlugin';
import { ScopeSet } from '../../../../src/core/auth/scopes';
import { TokenClient } from '../../../../src/core/auth/tokenClient';
import { HttpClient } from '../../../../src/core/http/httpClient';

describe('TokenClient: the client that signed in serves silent requests', function () {
  this.timeout(30_000);
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ deviceCodeIntervalSeconds: 1 });
  });
  after(() => emu?.close());

  it('after a device-code sign-in, from its own cache', async () => {
    const ca = readFileSync(emu.info.caCertPath, 'utf8');
    const cloud = resolveCloud('custom', emu.info.authorityHost);
    assert.ok(cloud.ok);
    const authority = Authority.create(cloud.cloud, emu.info.tenantId);
    assert.ok(authority.ok);
    const client = await TokenClient.create({
      authority: authority.value,
      clientId: emu.info.publicClientId,
      http: new HttpClient({ extraCa: [ca] }),
      secretStore: new MemorySecretStore(),
    });
    const parsed = ScopeSet.parse([`${emu.info.orgUrl}/user_impersonation`]);
    assert.ok(parsed.ok);
    const signedIn = await client.acquireTokenByDeviceCode({
      scopes: parsed.value,
      onCode: (info) => {
        https
          .request(`${emu.info.controlUrl}/device/approve`, {
            method: 'POST',
            ca,
            headers: { 'content-type': 'application/json' },
          })
          .end(JSON.stringify({ user_code: info.userCode }));
      },
    });
    const before = emu.stats.tokenRequests.refresh_token ?? 0;
    const silent = await client.acquireTokenSilent({ scopes: parsed.value, accountId: signedIn.account!.id });
    assert.equal(silent.accessToken, signedIn.accessToken);
    assert.equal(silent.fromCache, true);
    assert.equal(emu.stats.tokenRequests.refresh_token ?? 0, before);
  });
});
