// inertText and the places that must use it: every text from an organization or a sign-in service
// that reaches a notification is free of the `[label](command:…)` links VS Code would render.
import * as assert from 'node:assert/strict';
import { mapAuthError } from '../../../../src/core/auth/authErrors';
import { inertText } from '../../../../src/core/log/inert';
import { parseBatchResponse } from '../../../../src/core/webapi/batchResponse';
import { dataverseErrorFrom } from '../../../../src/core/webapi/errors';
import { UserError, userMessage } from '../../../../src/core/userError';

/** What VS Code's notifications read as a link: `[label](target)` with an http(s), command or file target. */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;
/** What the status bar reads as an icon. */
const ICON = /\$\([\w-]+(?:~[\w-]+)?\)/;

const PLUGIN_MESSAGE =
  'Account is locked. [Click here to unlock it](command:dynamics365.runQuery?%5Bnull%2Cnull%2C%22DELETE%20accounts(1)%22%5D)';

describe('inertText', () => {
  const links = [
    '[run](command:workbench.action.quit)',
    '[run](COMMAND:workbench.action.quit)',
    '[docs](https://evil.example/x)',
    '[file](file:///etc/passwd)',
    '[[x](command:y)',
    'a [one](command:a) and [two](https://b.example) c',
    PLUGIN_MESSAGE,
  ];
  for (const text of links) {
    it(`leaves no link in ${JSON.stringify(text).slice(0, 60)}`, () => {
      assert.match(text, NOTIFICATION_LINK, 'the case itself is a link');
      const inert = inertText(text);
      assert.doesNotMatch(inert, NOTIFICATION_LINK);
      // Shown as written: only a space is added.
      assert.equal(inert.replace(/\] \(/g, ']('), text);
    });
  }

  it('leaves no status bar icon', () => {
    assert.equal(inertText('$(check) Saved'), '$ (check) Saved');
    assert.doesNotMatch(inertText('ok $(sync~spin) $(zap)'), ICON);
  });

  it('changes nothing else, and is idempotent', () => {
    for (const text of [
      "Resource not found for the segment 'acounts'.",
      'a [bracket] and (paren)',
      'Content-ID $1',
      '',
    ]) {
      assert.equal(inertText(text), text);
    }
    assert.equal(inertText(inertText(PLUGIN_MESSAGE)), inertText(PLUGIN_MESSAGE));
  });

  it('leaves no link in random text made of link pieces', () => {
    const pieces = ['[', ']', '(', ')', 'command:', 'https://', 'file:', 'x', ' ', '$', '\\', ']('];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: 3 + (next() % 12) }, () => pieces[next() % pieces.length]).join('');
      const inert = inertText(text);
      assert.doesNotMatch(inert, NOTIFICATION_LINK, text);
      assert.doesNotMatch(inert, ICON, text);
    }
  });
});

describe('service text is inert where it enters a message', () => {
  it("an organization's error message (a plug-in's)", () => {
    const e = dataverseErrorFrom(400, JSON.stringify({ error: { code: '0x80040265', message: PLUGIN_MESSAGE } }));
    assert.doesNotMatch(e.serviceMessage, NOTIFICATION_LINK);
    assert.doesNotMatch(e.message, NOTIFICATION_LINK);
    assert.match(
      e.message,
      /Account is locked\. \[Click here to unlock it\] \(command:/,
      'the text is still shown, literally',
    );
  });

  it('a plain-text error answer', () => {
    const e = dataverseErrorFrom(400, '[x](command:workbench.action.quit)');
    assert.doesNotMatch(e.message, NOTIFICATION_LINK);
  });

  it('a failed part of a $batch answer', () => {
    const body = [
      '--batchresponse_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 400 Bad Request',
      'Content-Type: application/json; odata.metadata=minimal',
      '',
      JSON.stringify({ error: { code: '0x80040265', message: PLUGIN_MESSAGE } }),
      '--batchresponse_1--',
      '',
    ].join('\r\n');
    const [part] = parseBatchResponse('multipart/mixed; boundary=batchresponse_1', body);
    const error = part && 'status' in part ? part.error : undefined;
    assert.ok(error, 'the part failed');
    assert.doesNotMatch(error.message, NOTIFICATION_LINK);
  });

  it("a sign-in service's error description", () => {
    for (const description of [
      `AADSTS50000: There was an error. ${PLUGIN_MESSAGE}`,
      `Something failed. ${PLUGIN_MESSAGE}`,
    ]) {
      const failure = mapAuthError({ error: 'server_error', error_description: description });
      assert.doesNotMatch(failure.message, NOTIFICATION_LINK);
      assert.doesNotMatch(failure.details.description ?? '', NOTIFICATION_LINK);
    }
  });

  it('userMessage, whatever error it is given', () => {
    assert.doesNotMatch(userMessage(new UserError(`Failed: ${PLUGIN_MESSAGE}`)), NOTIFICATION_LINK);
    assert.doesNotMatch(userMessage(new Error(PLUGIN_MESSAGE)), NOTIFICATION_LINK);
    assert.doesNotMatch(userMessage(PLUGIN_MESSAGE), NOTIFICATION_LINK);
  });
});
