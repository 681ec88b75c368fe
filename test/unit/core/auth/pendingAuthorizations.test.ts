import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { AuthCallbackError, parseCallback, PendingAuthorizations, type CallbackErrorKind } from '../../../../src/core/auth/pendingAuthorizations';

function rejectsWith(fn: () => unknown, kind: CallbackErrorKind): void {
  assert.throws(fn, (e: AuthCallbackError) => {
    assert.ok(e instanceof AuthCallbackError, String(e));
    assert.equal(e.kind, kind, e.message);
    return true;
  });
}

describe('PendingAuthorizations', () => {
  let now = 1_000_000;
  const clock = (): number => now;
  beforeEach(() => { now = 1_000_000; });

  it('issues random 32-byte states and S256 PKCE pairs', () => {
    const store = new PendingAuthorizations<string>(60_000, clock);
    const a = store.begin('a');
    const b = store.begin('b');
    assert.notEqual(a.state, b.state);
    assert.match(a.state, /^[A-Za-z0-9_-]{43}$/);
    assert.match(a.verifier, /^[A-Za-z0-9_-]{43,128}$/);
    assert.equal(a.challenge, createHash('sha256').update(a.verifier).digest('base64url'));
    assert.equal(a.challengeMethod, 'S256');
    assert.equal(store.size, 2);
  });

  const inputs: [string, (state: string) => string][] = [
    ['vscode URI', (s) => `vscode://dataverse-devtools.dynamics365-connections/auth-callback?code=abc.def&state=${s}&session_state=x`],
    ['loopback URL', (s) => `http://localhost:51234/?code=abc.def&state=${s}`],
    ['fragment response', (s) => `https://host/cb#code=abc.def&state=${s}`],
    ['bare query', (s) => `?code=abc.def&state=${s}`],
    ['query without ?', (s) => `code=abc.def&state=${s}`],
    ['with whitespace', (s) => `  http://localhost:1/?state=${s}&code=abc.def \n`],
  ];
  for (const [name, make] of inputs) {
    it(`completes from a ${name}`, () => {
      const store = new PendingAuthorizations<string>(60_000, clock);
      const p = store.begin('meta');
      const done = store.complete(make(p.state));
      assert.deepEqual(done, { code: 'abc.def', verifier: p.verifier, state: p.state, meta: 'meta' });
      assert.equal(store.size, 0);
    });
  }

  it('accepts a bare code when the paste flow knows its state', () => {
    const store = new PendingAuthorizations(60_000, clock);
    const p = store.begin(undefined);
    assert.equal(store.complete('0.AXYZabc-def_ghi', p.state).code, '0.AXYZabc-def_ghi');
  });

  it('refuses a replayed callback', () => {
    const store = new PendingAuthorizations(60_000, clock);
    const p = store.begin(undefined);
    store.complete(`?code=c&state=${p.state}`);
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'replayed');
  });
  it('refuses an unknown state', () => {
    const store = new PendingAuthorizations(60_000, clock);
    store.begin(undefined);
    rejectsWith(() => store.complete('?code=c&state=forged'), 'unknownState');
  });
  it('refuses a missing state', () => {
    const store = new PendingAuthorizations(60_000, clock);
    store.begin(undefined);
    rejectsWith(() => store.complete('?code=c'), 'missingState');
    rejectsWith(() => store.complete('justacode'), 'missingState');
  });
  it('refuses a state from another attempt in the paste flow', () => {
    const store = new PendingAuthorizations(60_000, clock);
    const a = store.begin(undefined);
    const b = store.begin(undefined);
    rejectsWith(() => store.complete(`?code=c&state=${b.state}`, a.state), 'stateMismatch');
  });
  it('refuses a missing code and burns the state', () => {
    const store = new PendingAuthorizations(60_000, clock);
    const p = store.begin(undefined);
    rejectsWith(() => store.complete(`?state=${p.state}`), 'missingCode');
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'replayed');
  });
  it('expires', () => {
    const store = new PendingAuthorizations(60_000, clock);
    const p = store.begin(undefined);
    now += 60_001;
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'expired');
  });
  it('forgets long-expired entries', () => {
    const store = new PendingAuthorizations(60_000, clock);
    const p = store.begin(undefined);
    now += 10 * 60_000;
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'unknownState');
    assert.equal(store.size, 0);
  });
  it('refuses a callback for a cancelled sign-in', () => {
    const store = new PendingAuthorizations(60_000, clock);
    const p = store.begin(undefined);
    store.cancel(p.state);
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'replayed');
  });
  it('maps error= from the callback and redacts the description', () => {
    const store = new PendingAuthorizations(60_000, clock);
    const p = store.begin(undefined);
    const q = new URLSearchParams({ error: 'invalid_request', error_description: 'AADSTS50011: The redirect URI does not match. code=SECRETCODE', state: p.state });
    assert.throws(() => store.complete(`http://localhost:1/?${q}`), (e: AuthCallbackError) => {
      assert.equal(e.kind, 'server');
      assert.equal(e.oauthError, 'invalid_request');
      assert.match(e.message, /AADSTS50011/);
      assert.doesNotMatch(e.message + (e.errorDescription ?? ''), /SECRETCODE/);
      return true;
    });
  });
  it('maps access_denied to a cancel message', () => {
    const store = new PendingAuthorizations(60_000, clock);
    assert.throws(() => store.complete('?error=access_denied&state=x'), /cancelled or access was denied/);
  });
  it('refuses garbage', () => {
    const store = new PendingAuthorizations(60_000, clock);
    rejectsWith(() => store.complete(''), 'unparseable');
    rejectsWith(() => store.complete('hello world'), 'unparseable');
    rejectsWith(() => store.complete('http://['), 'unparseable');
  });
});

describe('parseCallback', () => {
  it('ignores unrelated parameters', () => assert.deepEqual(parseCallback('?code=a&state=b&session_state=c&client_info=d'), { code: 'a', state: 'b' }));
  it('marks a bare code', () => assert.deepEqual(parseCallback('abc'), { code: 'abc', bare: true }));
});
