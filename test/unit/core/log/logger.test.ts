import * as assert from 'node:assert/strict';
import {
  MemoryLogSink,
  RedactingLogger,
  describeError,
  parseLogLevel,
  type LogLevel,
} from '../../../../src/core/log/logger';
import { knownSecrets } from '../../../../src/core/log/redact';
import { CancelledError, UserError, isCancellation, userMessage } from '../../../../src/core/userError';
import { SignInCancelledError } from '../../../../src/core/auth/authErrors';

describe('RedactingLogger', () => {
  function setup(level: LogLevel) {
    const sink = new MemoryLogSink();
    return { sink, log: new RedactingLogger(sink, () => level) };
  }

  it('drops messages below the chosen level', () => {
    const { sink, log } = setup('warn');
    log.error('e');
    log.warn('w');
    log.info('i');
    log.debug('d');
    assert.deepEqual(sink.lines, ['[error] e', '[warn] w']);
  });

  it('writes nothing at "off"', () => {
    const { sink, log } = setup('off');
    log.error('e');
    assert.deepEqual(sink.lines, []);
  });

  it('redacts secrets in messages and errors', () => {
    const { sink, log } = setup('trace');
    log.secrets.add('my-client-secret-1');
    log.trace('POST body client_secret=my-client-secret-1&grant_type=client_credentials');
    log.error('failed', new Error('bad secret my-client-secret-1'));
    assert.ok(
      sink.lines.every((l) => !l.includes('my-client-secret-1')),
      sink.lines.join('\n'),
    );
    assert.equal(sink.lines.length, 2);
  });

  it('describes errors by code and message, never by stack', () => {
    const err = new UserError('The organization was not found', { code: '0x80040217' });
    assert.equal(describeError(err), '0x80040217: The organization was not found');
    assert.equal(describeError('plain'), 'plain');
    assert.equal(describeError({ a: 1 }), '{"a":1}');
    assert.ok(!describeError(new Error('x')).includes('at '));
  });

  it('parses levels with a fallback', () => {
    assert.equal(parseLogLevel('debug'), 'debug');
    assert.equal(parseLogLevel('loud'), 'info');
    assert.equal(parseLogLevel(undefined, 'warn'), 'warn');
  });
});

describe('isCancellation', () => {
  it('recognizes every way a user stops something, and nothing else', () => {
    const canceled = Object.assign(new Error('Canceled'), { name: 'Canceled' });
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    for (const err of [new CancelledError(), new SignInCancelledError(), canceled, abort]) {
      assert.equal(isCancellation(err), true, String(err));
    }
    for (const err of [new Error('boom'), new UserError('x'), 'CANCELLED', undefined]) {
      assert.equal(isCancellation(err), false, String(err));
    }
  });
});

describe('messages shown to the user', () => {
  const secret = 'Shapeless-S3cret+value';
  afterEach(() => knownSecrets.delete(secret));

  it('mask a secret the extension learned, even one learned after the error was made', () => {
    const err = new UserError(`Sign-in failed for the secret ${secret}.`);
    knownSecrets.add(secret);
    assert.equal(userMessage(err), 'Sign-in failed for the secret [REDACTED].');
    assert.equal(
      userMessage(new Error(`boom ${encodeURIComponent(secret)}`)),
      'Something went wrong: boom [REDACTED]. See the Dynamics 365 log for details.',
    );
  });

  it('a UserError made after the secret was learned holds no copy of it', () => {
    knownSecrets.add(secret);
    assert.equal(
      new UserError(`The client id "${secret}" is not a GUID.`).message,
      'The client id "[REDACTED]" is not a GUID.',
    );
  });

  it('the log and the messages share one list', () => {
    const sink = new MemoryLogSink();
    new RedactingLogger(sink, () => 'info').addSecret(secret);
    assert.equal(userMessage(new UserError(`x ${secret}`)), 'x [REDACTED]');
  });

  it('mask recognizable secrets too, with no stack', () => {
    const message = userMessage(new Error('token request failed: refresh_token=opaque-value-123&client_id=x'));
    assert.match(message, /refresh_token=\[REDACTED\]&client_id=x/);
  });
});
