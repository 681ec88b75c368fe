// The run decision: which requests go out at once, which ask first, which are refused. A request
// passed as the text argument of "Run Query" (a command link, another extension) asks like one
// from the history.
import * as assert from 'node:assert/strict';
import { consentPrompt, runConsent, type RunOrigin } from '../../../../src/core/query/run/runConsent';

const DEV = { readOnly: false, production: false };
const PROD = { readOnly: false, production: true };
const READ_ONLY = { readOnly: true, production: false };

describe('runConsent', () => {
  const origins: RunOrigin[] = ['document', 'typed', 'history', 'argument', 'notebook'];

  it('sends every read, from anywhere, on any connection', () => {
    for (const origin of origins) {
      for (const connection of [DEV, PROD, READ_ONLY, undefined]) {
        assert.deepEqual(runConsent('read', origin, connection), { kind: 'send' });
      }
    }
  });

  it('refuses a write on a read-only connection, from anywhere', () => {
    for (const origin of origins) assert.deepEqual(runConsent('write', origin, READ_ONLY), { kind: 'refuse' });
  });

  it('asks the production question for a write to production, from anywhere', () => {
    for (const origin of origins) {
      assert.deepEqual(runConsent('write', origin, PROD), { kind: 'ask', production: true, origin });
    }
  });

  it('asks for a write from a notebook cell not edited in this window, on any writable connection, with the request', () => {
    assert.deepEqual(runConsent('write', 'notebook', DEV), { kind: 'ask', production: false, origin: 'notebook' });
    assert.deepEqual(runConsent('write', 'notebook', undefined), {
      kind: 'ask',
      production: false,
      origin: 'notebook',
    });
    const prompt = consentPrompt(
      { kind: 'ask', production: false, origin: 'notebook' },
      'deletes a row',
      'Dev (https://d.crm.dynamics.com)',
      'DELETE accounts(1)',
    );
    assert.match(prompt.message, /notebook cell, not edited in this window, deletes a row/);
    assert.equal(prompt.detail, 'The request:\nDELETE accounts(1)');
  });

  it('on a development connection sends a write the user has in view, and asks for one from the history or an argument', () => {
    assert.deepEqual(runConsent('write', 'document', DEV), { kind: 'send' });
    assert.deepEqual(runConsent('write', 'typed', DEV), { kind: 'send' });
    assert.deepEqual(runConsent('write', 'history', DEV), { kind: 'ask', production: false, origin: 'history' });
    assert.deepEqual(runConsent('write', 'argument', DEV), { kind: 'ask', production: false, origin: 'argument' });
    assert.deepEqual(runConsent('write', 'argument', undefined), {
      kind: 'ask',
      production: false,
      origin: 'argument',
    });
  });
});

describe('consentPrompt', () => {
  const where = 'Sandbox (https://org.example.com)';

  it('an argument: says where it came from and shows the request', () => {
    const p = consentPrompt(
      { kind: 'ask', production: false, origin: 'argument' },
      'deletes accounts(1)',
      where,
      'DELETE accounts(1)',
    );
    assert.equal(
      p.message,
      `A link or another extension asks to run a request that deletes accounts(1) in ${where}. Send it?`,
    );
    assert.equal(p.detail, 'The request:\nDELETE accounts(1)');
    assert.equal(p.send, 'Send');
  });

  it('an argument to production: the production button, and the request capped', () => {
    const p = consentPrompt(
      { kind: 'ask', production: true, origin: 'argument' },
      'creates a row in accounts',
      where,
      `POST accounts\n\n${'x'.repeat(2000)}`,
    );
    assert.match(p.message, /^A link or another extension .* in the PRODUCTION organization Sandbox/);
    assert.ok(p.detail!.length < 600);
    assert.equal(p.send, 'Send to Production');
  });

  it('the history and production keep their questions', () => {
    assert.deepEqual(
      consentPrompt({ kind: 'ask', production: false, origin: 'history' }, 'deletes x', where, 'DELETE x'),
      {
        message: `This request from the history deletes x in ${where}. Send it again?`,
        detail: 'Open it in a scratchpad first to see its headers and body.',
        send: 'Send',
      },
    );
    assert.deepEqual(
      consentPrompt({ kind: 'ask', production: true, origin: 'document' }, 'deletes x', where, 'DELETE x'),
      {
        message: `This request deletes x in the PRODUCTION organization ${where}. Send it?`,
        send: 'Send to Production',
      },
    );
  });
});
