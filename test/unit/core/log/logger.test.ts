import * as assert from 'node:assert/strict';
import { MemoryLogSink, RedactingLogger, describeError, parseLogLevel, type LogLevel } from '../../../../src/core/log/logger';
import { CancelledError, UserError, isCancellation } from '../../../../src/core/userError';
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
    assert.ok(sink.lines.every((l) => !l.includes('my-client-secret-1')), sink.lines.join('\n'));
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
    for (const err of [new CancelledError(), new SignInCancelledError(), canceled, abort]) assert.equal(isCancellation(err), true, String(err));
    for (const err of [new Error('boom'), new UserError('x'), 'CANCELLED', undefined]) assert.equal(isCancellation(err), false, String(err));
  });
});
