import { strict as assert } from 'node:assert';
import {
  decideRetry,
  parseRetryAfter,
  DEFAULT_RETRY_POLICY,
  isResendable,
} from '../../../../src/core/http/retryPolicy';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const P = { ...DEFAULT_RETRY_POLICY, jitter: 0 };

describe('retry policy', () => {
  const cases: [
    string,
    number,
    string,
    { status: number } | { networkError: string },
    string | undefined,
    boolean,
    number,
  ][] = [
    // name, attempt, method, outcome, retry-after, retry, delay
    ['GET 200', 1, 'GET', { status: 200 }, undefined, false, 0],
    ['GET 503 backs off', 1, 'GET', { status: 503 }, undefined, true, 500],
    ['GET 502 second attempt doubles', 2, 'GET', { status: 502 }, undefined, true, 1000],
    ['GET 504 third attempt', 3, 'GET', { status: 504 }, undefined, true, 2000],
    ['GET 503 last attempt gives up', 4, 'GET', { status: 503 }, undefined, false, 0],
    ['HEAD 503', 1, 'HEAD', { status: 503 }, undefined, true, 500],
    ['OPTIONS reset', 1, 'options', { networkError: 'ECONNRESET' }, undefined, true, 500],
    ['GET 500 is not retried', 1, 'GET', { status: 500 }, undefined, false, 0],
    ['GET 404', 1, 'GET', { status: 404 }, undefined, false, 0],
    ['GET 401', 1, 'GET', { status: 401 }, undefined, false, 0],
    ['GET 429 Retry-After seconds', 1, 'GET', { status: 429 }, '7', true, 7000],
    ['GET 429 Retry-After date', 1, 'GET', { status: 429 }, 'Thu, 01 Jan 2026 00:00:03 GMT', true, 3000],
    ['GET 429 Retry-After date in the past', 1, 'GET', { status: 429 }, 'Wed, 31 Dec 2025 23:00:00 GMT', true, 0],
    ['GET 429 no Retry-After backs off', 1, 'GET', { status: 429 }, undefined, true, 500],
    ['GET 429 unreadable Retry-After backs off', 1, 'GET', { status: 429 }, 'soon', true, 500],
    ['GET 429 Retry-After over the cap', 1, 'GET', { status: 429 }, '300', false, 0],
    ['GET 503 honours a short Retry-After', 1, 'GET', { status: 503 }, '2', true, 2000],
    ['GET network error', 1, 'GET', { networkError: 'ECONNRESET' }, undefined, true, 500],
    ['GET timeout', 2, 'GET', { networkError: 'ETIMEDOUT' }, undefined, true, 1000],
    ['GET unknown host is permanent', 1, 'GET', { networkError: 'ENOTFOUND' }, undefined, false, 0],
    ['GET untrusted cert is permanent', 1, 'GET', { networkError: 'SELF_SIGNED_CERT_IN_CHAIN' }, undefined, false, 0],
    ['POST 429 never resent', 1, 'POST', { status: 429 }, '1', false, 0],
    ['POST 503 never resent', 1, 'POST', { status: 503 }, undefined, false, 0],
    ['POST network error never resent', 1, 'POST', { networkError: 'ECONNRESET' }, undefined, false, 0],
    ['PATCH 429 never resent', 1, 'PATCH', { status: 429 }, '1', false, 0],
    ['PUT 503 never resent (a write)', 1, 'PUT', { status: 503 }, undefined, false, 0],
    ['DELETE reset never resent (a write)', 1, 'DELETE', { networkError: 'ECONNRESET' }, undefined, false, 0],
  ];
  for (const [name, attempt, method, outcome, retryAfter, retry, delay] of cases) {
    it(name, () => {
      const d = decideRetry(attempt, method, outcome, retryAfter, NOW, P);
      assert.equal(d.retry, retry, d.reason);
      assert.equal(d.delayMs, delay);
    });
  }

  it('caps the backoff', () => {
    assert.equal(
      decideRetry(9, 'GET', { status: 503 }, undefined, NOW, { ...P, maxAttempts: 20 }).delayMs,
      P.maxDelayMs,
    );
  });

  it('spreads the backoff by the jitter share', () => {
    const policy = { ...P, jitter: 0.2 };
    assert.equal(decideRetry(1, 'GET', { status: 503 }, undefined, NOW, policy, 0).delayMs, 450);
    assert.equal(decideRetry(1, 'GET', { status: 503 }, undefined, NOW, policy, 0.999).delayMs, 550);
  });

  it('parses Retry-After', () => {
    assert.equal(parseRetryAfter('0', NOW), 0);
    assert.equal(parseRetryAfter(' 12 ', NOW), 12_000);
    assert.equal(parseRetryAfter('1.5', NOW), 1500);
    assert.equal(parseRetryAfter('', NOW), undefined);
    assert.equal(parseRetryAfter('-3', NOW), undefined);
    assert.equal(parseRetryAfter(undefined, NOW), undefined);
  });

  it('knows which methods are resendable', () => {
    assert.deepEqual(['GET', 'head', 'OPTIONS', 'POST', 'PATCH', 'PUT', 'DELETE'].map(isResendable), [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
