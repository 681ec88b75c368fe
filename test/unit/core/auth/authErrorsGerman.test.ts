// Sign-in failures in the display language: with @vscode/l10n given the German bundle, as activation
// gives it VS Code's, a real Entra failure reads in German, its values in place, and translating it
// adds nothing the English message would not hold (no echoed secret, no expanded placeholder).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { mapAuthError } from '../../../../src/core/auth/authErrors';
import { toUserError } from '../../../../src/core/auth/authFailureUi';
import { timedOutCallback } from '../../../../src/core/auth/callbackErrors';
import { UserError } from '../../../../src/core/userError';

const german = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.de.json'), 'utf8'),
) as Record<string, string>;

const context = {
  clientId: '11111111-2222-3333-4444-555555555555',
  orgUrl: 'https://contoso.crm.dynamics.com',
  tenant: 'contoso.onmicrosoft.com',
};

describe('sign-in failures in German', () => {
  beforeEach(() => l10n.config({ contents: german }));
  afterEach(() => l10n.config({ contents: {} }));

  it('a wrong client secret (AADSTS7000215) says what to do in German, with the app id', () => {
    const failure = mapAuthError(
      { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
      context,
    );
    assert.equal(failure.code, 'AADSTS7000215');
    assert.equal(failure.title, 'Falscher geheimer Clientschlüssel');
    assert.equal(
      failure.whatToDo,
      'Der geheime Clientschlüssel der App 11111111-2222-3333-4444-555555555555 ist ungültig. Fügen Sie den Wert des Schlüssels (nicht seine ID) aus „Zertifikate & Geheimnisse“ erneut ein.',
    );
  });

  it('the notification and its button are German too', () => {
    const shown = toUserError({ error: 'invalid_grant', error_codes: [50173] }, context) as UserError;
    assert.ok(shown instanceof UserError);
    assert.equal(
      shown.message,
      'Anmeldung nicht mehr gültig. Ihre Anmeldung wurde widerrufen, zum Beispiel weil sich Ihr Kennwort geändert hat. Melden Sie sich erneut an.',
    );
    assert.deepEqual(
      shown.actions.map((a) => a.title),
      ['Erneut anmelden'],
    );
  });

  it('a tenant that does not exist is named in the German sentence', () => {
    const failure = mapAuthError({ error: 'invalid_request', error_codes: [90002] }, { tenant: 'fabrikam.example' });
    assert.match(failure.whatToDo, /^Der Mandant „fabrikam\.example“ ist nicht vorhanden/);
  });

  it('an unknown failure keeps only its redacted description, and a {1} in it stays text', () => {
    const failure = mapAuthError({
      error: 'weird',
      error_description: 'Broke {1} at refresh_token=0.AXYZ' + 'a'.repeat(60) + ' client_secret=hunter2hunter2',
    });
    assert.equal(failure.title, 'Anmeldung fehlgeschlagen');
    assert.match(failure.whatToDo, /^Die Anmeldung wurde nicht abgeschlossen \(Broke \{1\} at /);
    assert.doesNotMatch(failure.message, /hunter2|0\.AXYZ/);
  });

  it('a sign-in the browser never finished counts its wait in German', () => {
    assert.match(timedOutCallback(10 * 60_000).message, /^Keine Antwort vom Browser\. .*innerhalb von 10 Minuten/);
  });

  it('after the reset the same failure is English again', () => {
    l10n.config({ contents: {} });
    assert.equal(mapAuthError({ error: 'invalid_client' }, context).title, 'Client credentials not accepted');
  });
});
