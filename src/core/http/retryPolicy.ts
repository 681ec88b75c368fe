// When to send a request again. Pure: the client supplies the clock and does the waiting.
//
// Only GET, HEAD and OPTIONS are ever resent. PUT and DELETE are idempotent in HTTP terms, but in
// Dataverse they are writes (set a column, delete a record) and the house rule is that no write is
// ever sent twice by a retry: a resent DELETE whose first copy did land answers 404 and confuses the
// user. Writes that meet a 429 surface as a ThrottledError so the UI can offer "Retry in N s".

export type RetryOutcome = { status: number } | { networkError: string };

export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  /** Backoff for attempt n (1-based, the attempt that just failed) is baseDelayMs * 2^(n-1). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the caller gets a ThrottledError instead. */
  maxRetryAfterMs: number;
  /** 0..1 share of the backoff that is randomized, so parallel clients do not retry in step. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  jitter: 0.2,
};

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
  /** Why, for the debug log. */
  reason: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const RETRYABLE_STATUS = new Set([502, 503, 504]);
// Errors that will not go away by asking again: wrong host name, untrusted certificate.
const PERMANENT_NETWORK_ERRORS =
  /^(ENOTFOUND|ERR_INVALID_URL|CERT_|ERR_TLS_CERT|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|HOSTNAME_MISMATCH|ERR_SSL_)/;

export function isResendable(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Parses a Retry-After header: delta-seconds or an HTTP date. Returns milliseconds to wait (never
 * negative), or undefined when the header is missing or unreadable.
 */
export function parseRetryAfter(header: string | undefined | null, now: number): number | undefined {
  if (header === undefined || header === null) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function backoffMs(attempt: number, policy: RetryPolicy, random: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const spread = exp * policy.jitter;
  return Math.round(exp - spread / 2 + spread * random);
}

/**
 * Decides whether the request that just got `outcome` on attempt `attempt` (1-based) is sent again.
 * `random` in [0,1) feeds the jitter; tests pass a fixed value.
 */
export function decideRetry(
  attempt: number,
  method: string,
  outcome: RetryOutcome,
  retryAfterHeader: string | undefined,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random = 0.5,
): RetryDecision {
  const no = (reason: string): RetryDecision => ({ retry: false, delayMs: 0, reason });
  if ('status' in outcome && outcome.status < 400) return no('success');
  if (!isResendable(method)) return no(`${method.toUpperCase()} is never resent automatically`);
  if (attempt >= policy.maxAttempts) return no(`gave up after ${attempt} attempts`);
  if ('networkError' in outcome) {
    if (PERMANENT_NETWORK_ERRORS.test(outcome.networkError)) return no(`${outcome.networkError} is not transient`);
    return {
      retry: true,
      delayMs: backoffMs(attempt, policy, random),
      reason: `network error ${outcome.networkError}`,
    };
  }
  if (outcome.status === 429) {
    const wait = parseRetryAfter(retryAfterHeader, now);
    if (wait === undefined) {
      return { retry: true, delayMs: backoffMs(attempt, policy, random), reason: '429 without Retry-After' };
    }
    if (wait > policy.maxRetryAfterMs) return no(`429 asks to wait ${Math.ceil(wait / 1000)} s, longer than the cap`);
    return { retry: true, delayMs: wait, reason: '429 Retry-After' };
  }
  if (RETRYABLE_STATUS.has(outcome.status)) {
    const wait = parseRetryAfter(retryAfterHeader, now);
    const delay =
      wait !== undefined && wait <= policy.maxRetryAfterMs ? Math.max(wait, 0) : backoffMs(attempt, policy, random);
    return { retry: true, delayMs: delay, reason: `status ${outcome.status}` };
  }
  return no(`status ${outcome.status} is not retryable`);
}
