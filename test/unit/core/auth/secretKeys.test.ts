// The key scheme and the sign-out decisions: which keys a session holds, and what its end deletes.
import { strict as assert } from 'node:assert';
import { MemorySecretStore } from '../../../../src/core/auth/cachePlugin';
import { LedgeredSecretStore } from '../../../../src/core/auth/keyLedger';
import {
  cacheHoldsRefreshToken,
  cacheHoldsTokens,
  editSerializedCache,
} from '../../../../src/core/auth/msalCacheEdits';
import {
  LEDGER_KEY,
  SESSION_INDEX_KEY,
  appCacheKey,
  credentialKey,
  holdingOf,
  importedTokenKey,
  isCredentialOf,
  isStaleKey,
  publicCacheKey,
  releaseSteps,
  type SessionKeyFacts,
} from '../../../../src/core/auth/secretKeys';
import { releaseSession } from '../../../../src/core/auth/sessionRelease';

const HOST = 'https://login.microsoftonline.com';
const CLIENT = '51f81489-12ee-4a9e-aaae-a2591f45987d';
const A = 'https://a.crm.dynamics.com';
const B = 'https://b.crm.dynamics.com';

function person(orgUrl: string, over: Partial<SessionKeyFacts> = {}): SessionKeyFacts {
  return {
    id: `uid.tid|${orgUrl}`,
    orgUrl,
    accountId: 'UID.TID',
    flow: 'deviceCode',
    clientId: CLIENT,
    authorityHost: HOST,
    tenant: 'organizations',
    ...over,
  };
}
function app(orgUrl: string, over: Partial<SessionKeyFacts> = {}): SessionKeyFacts {
  return {
    id: `app:c|${orgUrl}`,
    orgUrl,
    accountId: 'app:c',
    flow: 'clientSecret',
    clientId: 'c',
    authorityHost: HOST,
    tenant: 'tid',
    ...over,
  };
}
function imported(orgUrl: string): SessionKeyFacts {
  return {
    id: `imported:oid|${orgUrl}`,
    orgUrl,
    accountId: 'imported:oid',
    flow: 'importedToken',
    clientId: CLIENT,
    authorityHost: HOST,
    tenant: 'tid',
  };
}

describe('secret keys', () => {
  it('one public cache per client and sign-in host, whatever the tenant', () => {
    assert.equal(
      holdingOf(person(A, { tenant: 'organizations' }))?.key,
      holdingOf(person(A, { tenant: '4f5e6d7c-8b9a-4c0d-9e1f-2a3b4c5d6e7f' }))?.key,
    );
    assert.equal(publicCacheKey(CLIENT.toUpperCase(), `${HOST}/`), publicCacheKey(CLIENT, HOST));
  });
  it('a public and a confidential client with the same id never share a key', () => {
    assert.notEqual(publicCacheKey('c', HOST), appCacheKey('c', HOST, 'tid', A));
    assert.notEqual(holdingOf(person(A, { clientId: 'c' }))?.key, holdingOf(app(A))?.key);
  });
  it('application users are kept per tenant and organization; v1 ones only in memory', () => {
    assert.notEqual(appCacheKey('c', HOST, 'tid', A), appCacheKey('c', HOST, 'tid', B));
    assert.notEqual(appCacheKey('c', HOST, 'tid', A), appCacheKey('c', HOST, 'other', A));
    assert.equal(holdingOf(app(A, { endpointVersion: 'v1' })), undefined);
  });
  it('imported access tokens are per session, so per account and organization', () => {
    assert.deepEqual(holdingOf(imported(A)), { kind: 'key', key: importedTokenKey(`imported:oid|${A}`) });
    assert.notEqual(holdingOf(imported(A))?.key, holdingOf(imported(B))?.key);
  });
  it('finds every credential of an org, whichever client id it was stored for', () => {
    assert.ok(isCredentialOf(credentialKey('X', `${A}/`), A));
    assert.ok(isCredentialOf(credentialKey('y', A), A));
    assert.ok(!isCredentialOf(credentialKey('x', B), A));
    assert.ok(!isCredentialOf(credentialKey('x', `${A}.evil.example`), A));
  });
  it('keys in an earlier format are stale; current ones are not', () => {
    assert.ok(
      isStaleKey('dynamics365.msal-cache/51f81489-12ee-4a9e-aaae-a2591f45987d/login.microsoftonline.com/organizations'),
    );
    for (const key of [
      SESSION_INDEX_KEY,
      LEDGER_KEY,
      publicCacheKey('c', HOST),
      appCacheKey('c', HOST, 't', A),
      credentialKey('c', A),
      importedTokenKey('i'),
    ]) {
      assert.ok(!isStaleKey(key), key);
    }
    assert.ok(!isStaleKey('another.extension/key'));
  });
});

describe('releaseSteps', () => {
  const pub = publicCacheKey(CLIENT, HOST);
  const table: [string, SessionKeyFacts, SessionKeyFacts[], ReturnType<typeof releaseSteps>][] = [
    [
      'the last session of an account drops the account',
      person(A),
      [],
      [{ kind: 'dropAccount', key: pub, accountId: 'uid.tid' }],
    ],
    [
      "another org of the same account keeps the refresh token, drops this org's access tokens",
      person(A),
      [person(B)],
      [{ kind: 'dropOrgTokens', key: pub, accountId: 'uid.tid', orgUrl: A }],
    ],
    [
      'another account at the same org does not keep this one',
      person(A),
      [person(A, { id: 'x', accountId: 'other.tid' })],
      [{ kind: 'dropAccount', key: pub, accountId: 'uid.tid' }],
    ],
    [
      "the same account with another client does not keep this client's token",
      person(A),
      [person(B, { clientId: 'other' })],
      [{ kind: 'dropAccount', key: pub, accountId: 'uid.tid' }],
    ],
    [
      'reached through another tenant: still the one refresh token',
      person(A, { tenant: 'organizations' }),
      [person(B, { tenant: 'tid' })],
      [{ kind: 'dropOrgTokens', key: pub, accountId: 'uid.tid', orgUrl: A }],
    ],
    [
      'replaced by a sign-in to the same org, same client: nothing to drop',
      person(A, { flow: 'loopback' }),
      [person(A, { flow: 'deviceCode', tenant: 'tid' })],
      [],
    ],
    [
      "replaced by a sign-in with another client: the old client's account goes",
      person(A),
      [person(A, { clientId: 'other' })],
      [{ kind: 'dropAccount', key: pub, accountId: 'uid.tid' }],
    ],
    [
      'an imported access token goes even when the account has one for another org',
      imported(A),
      [imported(B)],
      [{ kind: 'deleteKey', key: importedTokenKey(`imported:oid|${A}`) }],
    ],
    [
      "an application user's cache goes even when the app serves another org",
      app(A),
      [app(B)],
      [{ kind: 'deleteKey', key: appCacheKey('c', HOST, 'tid', A) }],
    ],
    [
      "an application user re-added with another tenant: the old tenant's cache goes",
      app(A, { tenant: 'old' }),
      [app(A)],
      [{ kind: 'deleteKey', key: appCacheKey('c', HOST, 'old', A) }],
    ],
    ['v1 application users hold nothing stored', app(A, { endpointVersion: 'v1' }), [], []],
  ];
  for (const [name, removed, remaining, expected] of table) {
    it(name, () => assert.deepEqual(releaseSteps(removed, remaining), expected));
  }
});

describe('editSerializedCache', () => {
  const at = (home: string, target: string) => ({
    home_account_id: home,
    credential_type: 'AccessToken',
    target,
    secret: 's',
  });
  const cache = () =>
    JSON.stringify({
      Account: { a: { home_account_id: 'uid.tid' }, b: { home_account_id: 'other.tid' } },
      IdToken: { a: { home_account_id: 'uid.tid' } },
      AccessToken: {
        a1: at('uid.tid', `${A}/user_impersonation`),
        a2: at('UID.TID', `${B}/user_impersonation openid`),
        b1: at('other.tid', `${A}/user_impersonation`),
      },
      RefreshToken: { a: { home_account_id: 'uid.tid' }, b: { home_account_id: 'other.tid' } },
      AppMetadata: { m: { client_id: CLIENT } },
    });
  const keysOf = (text: string | undefined) =>
    Object.fromEntries(
      Object.entries(JSON.parse(text ?? '{}') as Record<string, object>).map(([k, v]) => [k, Object.keys(v).sort()]),
    );

  it('drops every entry of one account, in any case, and keeps the others', () => {
    assert.deepEqual(keysOf(editSerializedCache(cache(), { kind: 'dropAccount', accountId: 'UID.tid' })), {
      Account: ['b'],
      IdToken: [],
      AccessToken: ['b1'],
      RefreshToken: ['b'],
      AppMetadata: ['m'],
    });
  });
  it("drops only one org's access tokens of one account", () => {
    assert.deepEqual(keysOf(editSerializedCache(cache(), { kind: 'dropOrgTokens', accountId: 'uid.tid', orgUrl: A })), {
      Account: ['a', 'b'],
      IdToken: ['a'],
      AccessToken: ['a2', 'b1'],
      RefreshToken: ['a', 'b'],
      AppMetadata: ['m'],
    });
  });
  it('says "delete the key" when nothing of anyone is left, or the text cannot be read', () => {
    const one = JSON.stringify({
      Account: { a: { home_account_id: 'u' } },
      RefreshToken: { a: { home_account_id: 'u' } },
      AppMetadata: { m: {} },
    });
    assert.equal(editSerializedCache(one, { kind: 'dropAccount', accountId: 'u' }), undefined);
    assert.equal(editSerializedCache('not json', { kind: 'dropAccount', accountId: 'u' }), undefined);
    assert.equal(editSerializedCache(undefined, { kind: 'dropAccount', accountId: 'u' }), undefined);
    assert.equal(cacheHoldsTokens(JSON.stringify({ Account: {}, AppMetadata: { m: {} } })), false);
    assert.equal(cacheHoldsTokens(one), true);
  });
  it("tells whether an account's refresh token is in the cache (another tab's sign-in is not)", () => {
    assert.equal(cacheHoldsRefreshToken(cache(), 'UID.TID'), true);
    const accessOnly = JSON.stringify({
      Account: { a: { home_account_id: 'new.tid' } },
      AccessToken: { a: at('new.tid', `${A}/user_impersonation`) },
    });
    assert.equal(cacheHoldsRefreshToken(accessOnly, 'new.tid'), false);
    assert.equal(cacheHoldsRefreshToken(cache(), 'new.tid'), false);
    assert.equal(cacheHoldsRefreshToken(undefined, 'uid.tid'), false);
    assert.equal(cacheHoldsRefreshToken('not json', 'uid.tid'), false);
  });
});

describe('LedgeredSecretStore', () => {
  it('records every key it writes, strikes off what it deletes, and deletes an empty ledger', async () => {
    const raw = new MemorySecretStore();
    const store = new LedgeredSecretStore(raw);
    await Promise.all(['dynamics365.a', 'dynamics365.b', 'dynamics365.c'].map((k) => store.store(k, 'v')));
    assert.deepEqual(await store.keys(), ['dynamics365.a', 'dynamics365.b', 'dynamics365.c', LEDGER_KEY]);
    await Promise.all(['dynamics365.a', 'dynamics365.b'].map((k) => store.delete(k)));
    assert.deepEqual(await store.keys(), ['dynamics365.c', LEDGER_KEY]);
    await store.delete('dynamics365.c');
    assert.deepEqual(await store.keys(), []);
    assert.deepEqual([...raw.values.keys()], []);
  });
  it('adds what the host lists of ours, so a key the ledger missed is still found', async () => {
    const raw = new MemorySecretStore();
    await raw.store('dynamics365.msal-cache/old/format', 'v');
    await raw.store('other.extension', 'v');
    const store = new LedgeredSecretStore({ ...bind(raw), keys: async () => [...raw.values.keys()] });
    assert.deepEqual(await store.keys(), ['dynamics365.msal-cache/old/format']);
    const unlisted = new LedgeredSecretStore({ ...bind(raw), keys: async () => undefined });
    assert.deepEqual(await unlisted.keys(), []);
  });
});

describe('releaseSession', () => {
  it('carries out the steps and deletes keys in an earlier format', async () => {
    const store = new LedgeredSecretStore(new MemorySecretStore());
    const pub = publicCacheKey(CLIENT, HOST);
    await store.store(
      pub,
      JSON.stringify({
        Account: { a: { home_account_id: 'uid.tid' } },
        AccessToken: { t: { home_account_id: 'uid.tid', target: `${A}/user_impersonation` } },
      }),
    );
    await store.store(importedTokenKey(`imported:oid|${A}`), '{}');
    await store.store('dynamics365.msal-cache/c/login.microsoftonline.com/organizations', '{}');
    await releaseSession(store, person(A), [person(B)]);
    assert.deepEqual(await store.keys(), [LEDGER_KEY, importedTokenKey(`imported:oid|${A}`), pub].sort());
    assert.deepEqual(Object.keys((JSON.parse((await store.get(pub))!) as { AccessToken: object }).AccessToken), []);
    await releaseSession(store, imported(A), []);
    await releaseSession(store, person(B), []);
    assert.deepEqual(await store.keys(), []);
  });
});

function bind(s: MemorySecretStore) {
  return { get: s.get.bind(s), store: s.store.bind(s), delete: s.delete.bind(s) };
}
