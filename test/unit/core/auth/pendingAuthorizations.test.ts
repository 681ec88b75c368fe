import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { SignInCancelledError } from '../../../../src/core/auth/authErrors';
import {
  AuthCallbackError,
  callbackFailure,
  oauthErrorKind,
  timedOutCallback,
  type CallbackErrorKind,
} from '../../../../src/core/auth/callbackErrors';
import { parseCallback, PendingAuthorizations } from '../../../../src/core/auth/pendingAuthorizations';
import { FakeClock } from '../fakeClock';

function rejectsWith(fn: () => unknown, kind: CallbackErrorKind): void {
  assert.throws(fn, (e: AuthCallbackError) => {
    assert.ok(e instanceof AuthCallbackError, String(e));
    assert.equal(e.kind, kind, e.message);
    return true;
  });
}

describe('PendingAuthorizations', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });

  it('issues random 32-byte states and S256 PKCE pairs', () => {
    const store = new PendingAuthorizations<string>({ ttlMs: 60_000, clock });
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
    [
      'vscode URI',
      (s) =>
        `vscode://dataverse-devtools.dynamics365-connections/auth-callback?code=abc.def&state=${s}&session_state=x`,
    ],
    ['loopback URL', (s) => `http://localhost:51234/?code=abc.def&state=${s}`],
    ['fragment response', (s) => `https://host/cb#code=abc.def&state=${s}`],
    ['bare query', (s) => `?code=abc.def&state=${s}`],
    ['query without ?', (s) => `code=abc.def&state=${s}`],
    ['with whitespace', (s) => `  http://localhost:1/?state=${s}&code=abc.def \n`],
  ];
  for (const [name, make] of inputs) {
    it(`completes from a ${name}`, () => {
      const store = new PendingAuthorizations<string>({ ttlMs: 60_000, clock });
      const p = store.begin('meta');
      const done = store.complete(make(p.state));
      assert.deepEqual(done, { code: 'abc.def', verifier: p.verifier, state: p.state, meta: 'meta' });
      assert.equal(store.size, 0);
    });
  }

  it('accepts a bare code when the paste flow knows its state', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    const p = store.begin(undefined);
    assert.equal(store.complete('0.AXYZabc-def_ghi', p.state).code, '0.AXYZabc-def_ghi');
  });

  it('refuses a replayed callback', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    const p = store.begin(undefined);
    store.complete(`?code=c&state=${p.state}`);
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'replayed');
  });
  it('refuses an unknown state', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    store.begin(undefined);
    rejectsWith(() => store.complete('?code=c&state=forged'), 'unknownState');
  });
  it('refuses a missing state', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    store.begin(undefined);
    rejectsWith(() => store.complete('?code=c'), 'missingState');
    rejectsWith(() => store.complete('justacode'), 'missingState');
  });
  it('refuses a state from another attempt in the paste flow', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    const a = store.begin(undefined);
    const b = store.begin(undefined);
    rejectsWith(() => store.complete(`?code=c&state=${b.state}`, a.state), 'stateMismatch');
  });
  it('refuses a missing code and burns the state', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    const p = store.begin(undefined);
    rejectsWith(() => store.complete(`?state=${p.state}`), 'missingCode');
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'replayed');
  });
  it('expires', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    const p = store.begin(undefined);
    clock.advance(60_001);
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'expired');
  });
  it('forgets long-expired entries', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    const p = store.begin(undefined);
    clock.advance(10 * 60_000);
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'unknownState');
    assert.equal(store.size, 0);
  });
  it('refuses a callback for a cancelled sign-in', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    const p = store.begin(undefined);
    store.cancel(p.state);
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'replayed');
  });
  it('refuses garbage', () => {
    const store = new PendingAuthorizations({ ttlMs: 60_000, clock });
    rejectsWith(() => store.complete(''), 'unparseable');
    rejectsWith(() => store.complete('hello world'), 'unparseable');
    rejectsWith(() => store.complete('http://['), 'unparseable');
  });
});

describe('parseCallback', () => {
  it('ignores unrelated parameters', () =>
    assert.deepEqual(parseCallback('?code=a&state=b&session_state=c&client_info=d'), { code: 'a', state: 'b' }));
  it('marks a bare code', () => assert.deepEqual(parseCallback('abc'), { code: 'abc', bare: true }));
});

describe('PendingAuthorizations: error callbacks', () => {
  const link = '[Click to fix](command:workbench.action.quit)';
  const errorQuery = (
    state: string | undefined,
    error = 'server_error',
    description = `AADSTS50000: ${link} code=SECRETCODE\nforged log line`,
  ): string => {
    const q = new URLSearchParams({ error, error_description: description });
    if (state !== undefined) q.set('state', state);
    return `?${q}`;
  };
  let clock: FakeClock;
  let store: PendingAuthorizations<string>;
  beforeEach(() => {
    clock = new FakeClock();
    store = new PendingAuthorizations<string>({ ttlMs: 60_000, clock });
  });

  it("refuses an error callback whose state no sign-in issued, as a refusal (not as the server's answer)", () => {
    const p = store.begin('m');
    rejectsWith(() => store.complete(errorQuery('forged')), 'unknownState');
    rejectsWith(() => store.complete(errorQuery(undefined)), 'missingState');
    // The real sign-in is untouched and still completes.
    assert.equal(store.complete(`?code=c&state=${p.state}`).code, 'c');
  });

  it("honours an error for a pending state, burns that state, and shows none of the callback's text", () => {
    const p = store.begin('m');
    assert.throws(
      () => store.complete(errorQuery(p.state)),
      (e: AuthCallbackError) => {
        assert.equal(e.kind, 'server');
        assert.equal(e.oauthKind, 'unavailable');
        assert.doesNotMatch(e.message, /command:|Click to fix|AADSTS50000|server_error|SECRETCODE/);
        assert.match(e.message, /^Sign-in service unavailable\. /);
        // The log gets the description: redacted, on one line.
        assert.match(e.detail ?? '', /^error=server_error, error_description: AADSTS50000: /);
        assert.doesNotMatch(e.detail ?? '', /SECRETCODE|\n/);
        return true;
      },
    );
    rejectsWith(() => store.complete(`?code=c&state=${p.state}`), 'replayed');
  });

  const kinds: [string, RegExp][] = [
    ['access_denied', /^Sign-in cancelled or declined\./],
    ['consent_required', /^Sign-in cancelled or declined\./],
    ['invalid_request', /^Sign-in request refused\./],
    ['unauthorized_client', /^App registration not accepted\./],
    ['server_error', /^Sign-in service unavailable\./],
    ['temporarily_unavailable', /^Sign-in service unavailable\./],
    ['interaction_required', /^More sign-in steps needed\./],
    ['something_new', /^Sign-in failed\./],
    ['<b>[x](command:evil)</b>', /^Sign-in failed\./],
    ['__proto__', /^Sign-in failed\./],
  ];
  for (const [error, message] of kinds) {
    it(`error=${error} → a fixed message`, () => {
      const p = store.begin('m');
      assert.throws(
        () => store.complete(errorQuery(p.state, error, link)),
        (e: AuthCallbackError) => {
          assert.match(e.message, message);
          assert.ok(!e.message.includes(error) && !e.message.includes('command:'), e.message);
          return true;
        },
      );
    });
  }

  it('does not repeat an error code that is not a plain word, even in the log', () => {
    const p = store.begin('m');
    assert.throws(
      () => store.complete(errorQuery(p.state, '<script>x</script>', 'd')),
      (e: AuthCallbackError) => e.detail === 'error=(not a valid error code), error_description: d',
    );
  });
});

describe('PendingAuthorizations: waiting for a callback', () => {
  let clock: FakeClock;
  let store: PendingAuthorizations<string>;
  beforeEach(() => {
    clock = new FakeClock();
    store = new PendingAuthorizations<string>({ ttlMs: 10 * 60_000, clock });
  });
  const settled = async <T>(p: Promise<T>): Promise<'pending' | 'resolved' | 'rejected'> => {
    const marker = Symbol('pending');
    const result = await Promise.race([
      p.then(
        () => 'resolved' as const,
        () => 'rejected' as const,
      ),
      Promise.resolve().then(() => marker),
    ]);
    return result === marker ? 'pending' : (result as 'resolved' | 'rejected');
  };

  it('hands a delivered callback to the sign-in waiting for it', async () => {
    const p = store.begin('m');
    const waiting = store.wait(p.state);
    const delivery = store.deliver(`?code=c&state=${p.state}`);
    assert.equal(delivery.waited, true);
    assert.equal((await waiting).code, 'c');
    assert.equal(clock.pendingTimers, 0);
  });

  it('leaves the waiting sign-in alone when a forged or error callback for another state arrives', async () => {
    const p = store.begin('m');
    const waiting = store.wait(p.state);
    const forged = store.deliver(
      '?error=server_error&error_description=%5Bx%5D(command%3Aworkbench.action.quit)&state=forged',
    );
    assert.equal(forged.waited, false);
    assert.equal(forged.error?.kind, 'unknownState');
    assert.equal(store.deliver('?code=c&state=also-forged').waited, false);
    assert.equal(await settled(waiting), 'pending');
    store.deliver(`?code=real&state=${p.state}`);
    assert.equal((await waiting).code, 'real');
  });

  it('ends the waiting sign-in with the fixed error when the callback for its state carries one', async () => {
    const p = store.begin('m');
    const waiting = store.wait(p.state);
    assert.equal(store.deliver(`?error=access_denied&error_description=nope&state=${p.state}`).waited, true);
    await assert.rejects(
      waiting,
      (e: AuthCallbackError) => e.kind === 'server' && e.oauthKind === 'denied' && !e.message.includes('nope'),
    );
  });

  it('ends at the expiry with "timed out", and a callback after that is refused as expired', async () => {
    const p = store.begin('m');
    const waiting = store.wait(p.state);
    clock.advance(10 * 60_000 - 1);
    assert.equal(await settled(waiting), 'pending');
    clock.advance(1);
    await assert.rejects(
      waiting,
      (e: AuthCallbackError) => e.kind === 'timedOut' && /within 10 minutes/.test(e.message),
    );
    const late = store.deliver(`?code=c&state=${p.state}`);
    assert.deepEqual([late.waited, late.error?.kind], [false, 'expired']);
  });

  it('cancels the state when the sign-in is cancelled', async () => {
    const p = store.begin('m');
    const abort = new AbortController();
    const waiting = store.wait(p.state, abort.signal);
    abort.abort();
    await assert.rejects(waiting, SignInCancelledError);
    assert.equal(store.size, 0);
    assert.equal(clock.pendingTimers, 0);
    assert.equal(store.deliver(`?code=c&state=${p.state}`).error?.kind, 'replayed');
  });

  it('cancel() ends a wait, and a wait for an unknown or used state fails at once', async () => {
    const p = store.begin('m');
    const waiting = store.wait(p.state);
    store.cancel(p.state);
    await assert.rejects(waiting, SignInCancelledError);
    await assert.rejects(store.wait(p.state), (e: AuthCallbackError) => e.kind === 'replayed');
    await assert.rejects(store.wait('never-issued'), (e: AuthCallbackError) => e.kind === 'unknownState');
  });
});

describe('callback failures', () => {
  it('offer "Try a Different Way" for an error answer and for a wait that timed out; refusals have no actions', () => {
    const store = new PendingAuthorizations<string>({ ttlMs: 60_000, clock: new FakeClock() });
    const p = store.begin('m');
    const server = store.deliver(`?error=server_error&state=${p.state}`).error!;
    assert.deepEqual(callbackFailure(server)?.actions, ['signInAgain', 'tryDifferentWay']);
    assert.equal(callbackFailure(server)?.code, 'callback_unavailable');
    assert.deepEqual(callbackFailure(timedOutCallback(600_000))?.actions, ['tryDifferentWay', 'signInAgain']);
    assert.equal(callbackFailure(store.deliver('?code=c&state=x').error!), undefined);
  });
  it('say how long the wait was', () => {
    assert.match(timedOutCallback(60_000).message, /within 1 minute,/);
    assert.match(timedOutCallback(1_500).message, /within 2 seconds/);
  });
  it('classify OAuth errors', () => {
    assert.deepEqual(
      [
        'access_denied',
        'invalid_scope',
        'invalid_client',
        'temporarily_unavailable',
        'login_required',
        'toString',
        undefined,
      ].map(oauthErrorKind),
      ['denied', 'invalidRequest', 'clientRefused', 'unavailable', 'interactionRequired', 'unknown', 'unknown'],
    );
  });
});
