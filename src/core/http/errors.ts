// Typed errors of the HTTP client. Messages name the host and path only (never the query, which may
// carry codes or tokens) and say what the user can do.
import * as l10n from '@vscode/l10n';
import { redact } from '../log/redact';
import { formatCount } from '../numberFormat';
import { parseRetryAfter } from './retryPolicy';
import type { HttpResponse } from '../ports';

export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return redact(url.split('?')[0] ?? '');
  }
}

export abstract class HttpError extends Error {
  abstract readonly code: string;
}

/** A 429 that is not (or no longer) retried automatically; the UI offers "Retry in N s". */
export class ThrottledError extends HttpError {
  readonly code = 'THROTTLED';
  constructor(
    readonly retryAfterSeconds: number | undefined,
    readonly method: string,
    readonly target: string,
    /** Dataverse error code from the body, e.g. 0x80072322, when there is one. */
    readonly serviceCode?: string,
    /** Which limit was hit, in words (added by the Dataverse client, which knows the codes). */
    readonly detail?: string,
  ) {
    super(throttledText(method, target, detail, retryAfterSeconds));
    this.name = 'ThrottledError';
  }

  /** The same error with the limit named, for the layer that knows the service's codes. */
  withDetail(detail: string): ThrottledError {
    return new ThrottledError(this.retryAfterSeconds, this.method, this.target, this.serviceCode, detail);
  }
}

function throttledText(method: string, target: string, detail?: string, retryAfterSeconds?: number): string {
  if (detail) {
    return retryAfterSeconds !== undefined
      ? l10n.t(
          'The server is throttling requests (429) for {0} {1}. {2} Try again in {3} s.',
          method,
          target,
          detail,
          formatCount(retryAfterSeconds),
        )
      : l10n.t(
          'The server is throttling requests (429) for {0} {1}. {2} Try again in a moment.',
          method,
          target,
          detail,
        );
  }
  return retryAfterSeconds !== undefined
    ? l10n.t(
        'The server is throttling requests (429) for {0} {1}. Try again in {2} s.',
        method,
        target,
        formatCount(retryAfterSeconds),
      )
    : l10n.t('The server is throttling requests (429) for {0} {1}. Try again in a moment.', method, target);
}

export class HttpTimeoutError extends HttpError {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
  ) {
    super(
      l10n.t(
        'No answer from {0} within {1} s. Check your network or proxy, or raise the setting dynamics365.requestTimeoutSeconds.',
        target,
        formatCount(Math.round(timeoutMs / 1000)),
      ),
    );
    this.name = 'HttpTimeoutError';
  }
}

export class HttpCancelledError extends HttpError {
  readonly code = 'CANCELLED';
  constructor(readonly target: string) {
    super(l10n.t('The request to {0} was cancelled.', target));
    this.name = 'HttpCancelledError';
  }
}

const TLS_CODES = /^(CERT_|ERR_TLS_CERT|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|HOSTNAME_MISMATCH)/;

export class HttpNetworkError extends HttpError {
  constructor(
    readonly code: string,
    readonly target: string,
    detail: string,
  ) {
    super(unreachableText(code, target, redact(detail)));
    this.name = 'HttpNetworkError';
  }
  get isCertificateError(): boolean {
    return TLS_CODES.test(this.code);
  }
}

/** What failed, and what to do about it for the causes people can fix. */
function unreachableText(code: string, target: string, detail: string): string {
  if (TLS_CODES.test(code)) {
    return l10n.t(
      'Could not reach {0}: {1}. The server certificate is not trusted: if a corporate proxy inspects TLS, add its CA certificate (PEM file) to the setting dynamics365.extraCaCertificates.',
      target,
      detail,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return l10n.t('Could not reach {0}: {1}. Check the host name and your DNS or proxy settings.', target, detail);
  }
  if (code === 'ECONNREFUSED') {
    return l10n.t(
      'Could not reach {0}: {1}. Nothing answers on that address; check the URL and the proxy setting http.proxy.',
      target,
      detail,
    );
  }
  return l10n.t('Could not reach {0}: {1}.', target, detail);
}

/** The proxy refused the request (407) or could not be used. */
export class ProxyError extends HttpError {
  readonly code = 'PROXY';
  constructor(message: string) {
    super(message);
    this.name = 'ProxyError';
  }
}

/** A configured setting (proxy URL, CA file) is unusable; the message names the setting or file. */
export class HttpConfigurationError extends HttpError {
  readonly code = 'CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'HttpConfigurationError';
  }
}

/** The one place a 429 becomes an error: the wait the server asks for and its service code. */
export function throttledError(response: HttpResponse, method: string, target: string, now: number): ThrottledError {
  const waitMs = parseRetryAfter(response.headers['retry-after'], now);
  return new ThrottledError(
    waitMs === undefined ? undefined : Math.ceil(waitMs / 1000),
    method,
    target,
    serviceErrorCode(response),
  );
}

function serviceErrorCode(response: HttpResponse): string | undefined {
  try {
    const code = response.json<{ error?: { code?: unknown } }>().error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
