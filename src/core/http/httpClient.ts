// The one HTTP client of the extension: Dataverse requests and (through the MSAL adapter in
// core/auth) sign-in traffic share its proxy, CA, timeout, cancellation and retry rules.
import * as l10n from '@vscode/l10n';
import fetch, { FetchError } from 'node-fetch';
import type { Logger } from '../log/logger';
import { UserError } from '../userError';
import { createAgents, type AgentFor, type AgentOptions } from './agents';
import {
  describeTarget,
  HttpCancelledError,
  HttpNetworkError,
  HttpTimeoutError,
  ProxyError,
  throttledError,
} from './errors';
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryOutcome, type RetryPolicy } from './retryPolicy';
import type { HttpRequest, HttpResponse, HttpSender } from '../ports';

export interface HttpClientOptions extends AgentOptions {
  /** Per attempt; dynamics365.requestTimeoutSeconds. Default 120 s. */
  timeoutMs?: number;
  userAgent?: string;
  retryPolicy?: RetryPolicy;
  logger?: Logger;
}

/** Seams for tests: the clock, the waiting and the dice. */
export interface HttpClientDeps {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

type Attempt = { response: HttpResponse } | { error: Error; code: string };

export class HttpClient implements HttpSender {
  private readonly agentFor: AgentFor;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private readonly options: HttpClientOptions = {},
    deps: HttpClientDeps = {},
  ) {
    this.agentFor = createAgents(options);
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.sleep = deps.sleep ?? abortableSleep;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = describeTarget(req.url);
    // fetch refuses these with a TypeError, which would otherwise read as "could not reach" and be retried.
    if ((method === 'GET' || method === 'HEAD') && req.body !== undefined && req.body.length > 0) {
      throw new UserError(
        l10n.t(
          'A {0} request cannot have a body, so {0} {1} was not sent. Remove the body, or use POST for an action.',
          method,
          target,
        ),
        { code: 'GET_WITH_BODY' },
      );
    }
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(req, method, target);
      const outcome: RetryOutcome =
        'response' in result ? { status: result.response.status } : { networkError: result.code };
      const retryAfter = 'response' in result ? result.response.headers['retry-after'] : undefined;
      const decision =
        req.retry === false
          ? { retry: false, delayMs: 0, reason: 'retries off' }
          : decideRetry(
              attempt,
              req.idempotent ? 'GET' : method,
              outcome,
              retryAfter,
              this.now(),
              this.policy,
              this.random(),
            );
      if (decision.retry) {
        this.options.logger?.debug(
          `${method} ${target}: attempt ${attempt} failed (${decision.reason}); retrying in ${decision.delayMs} ms`,
        );
        await this.sleep(decision.delayMs, req.signal).catch(() => {
          throw new HttpCancelledError(target);
        });
        continue;
      }
      if ('error' in result) throw result.error;
      return this.finish(result.response, req, method, target);
    }
  }

  private finish(response: HttpResponse, req: HttpRequest, method: string, target: string): HttpResponse {
    if (response.status === 407) {
      throw new ProxyError(
        l10n.t(
          'The proxy asks for credentials (407). Put them in http.proxy (http://user:password@host:port) or set http.proxyAuthorization.',
        ),
      );
    }
    if (response.status === 429 && req.onThrottle !== 'return') {
      throw throttledError(response, method, target, this.now());
    }
    return response;
  }

  private async attempt(req: HttpRequest, method: string, target: string): Promise<Attempt> {
    if (req.signal?.aborted) throw new HttpCancelledError(target);
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs ?? 120_000;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    const started = this.now();
    try {
      const res = await fetch(req.url, {
        method,
        headers: { ...(this.options.userAgent ? { 'User-Agent': this.options.userAgent } : {}), ...req.headers },
        // An empty body on a GET is no body (request() refused any other).
        body: method === 'GET' || method === 'HEAD' ? undefined : req.body,
        signal,
        agent: this.agentFor,
        redirect: 'manual',
      });
      const body = Buffer.from(await res.arrayBuffer());
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value;
      });
      this.options.logger?.debug(`${method} ${target} → ${res.status} in ${this.now() - started} ms`);
      return { response: makeResponse(res.status, headers, req.url, body) };
    } catch (err) {
      if (req.signal?.aborted) throw new HttpCancelledError(target);
      if (timeout.signal.aborted) return { error: new HttpTimeoutError(target, timeoutMs), code: 'ETIMEDOUT' };
      const code = errorCode(err);
      this.options.logger?.debug(`${method} ${target} failed: ${code}`);
      return { error: new HttpNetworkError(code, target, networkReason(err)), code };
    } finally {
      clearTimeout(timer);
    }
  }
}

function makeResponse(status: number, headers: Record<string, string>, url: string, body: Buffer): HttpResponse {
  return {
    status,
    headers,
    url,
    body,
    text: () => body.toString('utf8'),
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
  };
}

function errorCode(err: unknown): string {
  if (err instanceof FetchError) return err.code ?? err.errno ?? err.type ?? 'EFETCH';
  const code =
    (err as { code?: unknown; cause?: { code?: unknown } }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' ? code : 'EFETCH';
}

// node-fetch says "request to <full URL> failed, reason: …"; the URL (and its query) stays out of messages.
function networkReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^request to \S+ failed, reason:\s*/, '') || l10n.t('connection failed');
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
