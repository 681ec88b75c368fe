// What the user gets for a callback that ended a sign-in: a fixed message, the buttons its kind calls
// for, and "Try a Different Way" where another flow may work. (authFailureUi imports no vscode.)
import { strict as assert } from 'node:assert';
import { offersDifferentWay, toUserError } from '../../../src/core/auth/authFailureUi';
import { timedOutCallback } from '../../../src/core/auth/callbackErrors';
import { PendingAuthorizations } from '../../../src/core/auth/pendingAuthorizations';
import { UserError } from '../../../src/core/userError';
import { FakeClock } from '../core/fakeClock';

const context = { orgUrl: 'https://contoso.crm.dynamics.com', clientId: 'c', tenant: 'organizations' };

function errorAnswer(error: string, description: string): unknown {
  const store = new PendingAuthorizations<string>({ clock: new FakeClock() });
  const p = store.begin('m');
  return store.deliver(`?${new URLSearchParams({ error, error_description: description, state: p.state })}`).error;
}

describe('sign-in failures from callbacks, as the user sees them', () => {
  it('an error answer: fixed text, no callback text, and Try a Different Way', () => {
    const shown = toUserError(errorAnswer('server_error', '[x](command:workbench.action.quit)'), context) as UserError;
    assert.ok(shown instanceof UserError);
    assert.equal(
      shown.message,
      'Sign-in service unavailable. The sign-in service had a problem and could not finish. Try again in a minute, or try a different way to sign in.',
    );
    assert.equal(shown.code, 'callback_unavailable');
    assert.deepEqual(
      shown.actions.map((a) => a.title),
      ['Sign In Again'],
    );
    assert.equal(offersDifferentWay(shown), true);
  });
  it('a wait that reached its expiry offers Try a Different Way', () => {
    const shown = toUserError(timedOutCallback(10 * 60_000), context) as UserError;
    assert.match(shown.message, /^No answer from the browser\. The sign-in did not come back within 10 minutes/);
    assert.equal(offersDifferentWay(shown), true);
  });
  it('a refused callback keeps its own fixed text and offers nothing else', () => {
    const store = new PendingAuthorizations<string>({ clock: new FakeClock() });
    const shown = toUserError(store.deliver('?code=c&state=nope').error, context) as UserError;
    assert.equal(shown.code, 'state_unknownState');
    assert.equal(offersDifferentWay(shown), false);
  });
});
