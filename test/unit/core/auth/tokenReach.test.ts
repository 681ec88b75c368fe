// Which sessions of another window this window can use without a reload.
import { strict as assert } from 'node:assert';
import { MemorySecretStore } from '../../../../src/core/auth/cachePlugin';
import { canReachTokens } from '../../../../src/core/auth/tokenReach';
import {
  credentialKey,
  importedTokenKey,
  publicCacheKey,
  type SessionKeyFacts,
} from '../../../../src/core/auth/secretKeys';

const ORG = 'https://contoso.crm.dynamics.com';
const CLIENT = '51f81489-12ee-4a9e-aaae-a2591f45987d';
const HOST = 'https://login.microsoftonline.com';

function person(accountId: string): SessionKeyFacts {
  return {
    id: `${accountId}|${ORG}`,
    orgUrl: ORG,
    accountId,
    flow: 'uriHandler',
    clientId: CLIENT,
    authorityHost: HOST,
    tenant: 'organizations',
  };
}

describe('canReachTokens', () => {
  it("a person: only when the shared MSAL cache here holds the account's refresh token", async () => {
    const store = new MemorySecretStore();
    assert.equal(await canReachTokens(store, person('uid.tid')), false);
    await store.store(
      publicCacheKey(CLIENT, HOST),
      JSON.stringify({ RefreshToken: { r: { home_account_id: 'other.tid' } } }),
    );
    assert.equal(
      await canReachTokens(store, person('uid.tid')),
      false,
      "another account's refresh token does not count",
    );
    await store.store(
      publicCacheKey(CLIENT, HOST),
      JSON.stringify({ RefreshToken: { r: { home_account_id: 'UID.TID' } } }),
    );
    assert.equal(await canReachTokens(store, person('uid.tid')), true);
  });

  it('an application user with a client secret: only when the secret is here', async () => {
    const store = new MemorySecretStore();
    const app: SessionKeyFacts = { ...person(`app:${CLIENT}`), flow: 'clientSecret', tenant: 'tid' };
    assert.equal(await canReachTokens(store, app), false);
    await store.store(credentialKey(CLIENT, ORG), 's3cret');
    assert.equal(await canReachTokens(store, app), true);
  });

  it('an imported token: only when it is here; a certificate user is not doubted', async () => {
    const store = new MemorySecretStore();
    const imported: SessionKeyFacts = { ...person('imported:abc'), flow: 'importedToken' };
    assert.equal(await canReachTokens(store, imported), false);
    await store.store(importedTokenKey(imported.id), 'token');
    assert.equal(await canReachTokens(store, imported), true);
    assert.equal(
      await canReachTokens(store, {
        ...person(`app:${CLIENT}`),
        flow: 'clientCertificate',
        tenant: 'tid',
        endpointVersion: 'v1',
      }),
      true,
    );
  });
});
