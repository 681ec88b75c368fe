// MSAL stays behind this folder: loaded on first use (not at activation), given our network client
// so proxy and CA settings apply to sign-in, and our logger with PII off.
import * as l10n from '@vscode/l10n';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse, NodeSystemOptions } from '@azure/msal-node';
import type { Logger } from '../log/logger';
import { HttpError } from '../http/errors';
import type { HttpSender } from '../ports';

export type MsalModule = typeof import('@azure/msal-node');

let loaded: Promise<MsalModule> | undefined;

export function loadMsal(): Promise<MsalModule> {
  loaded ??= import('@azure/msal-node');
  return loaded;
}

/**
 * MSAL's INetworkModule over our HTTP client. GETs (metadata) may be retried by the client; POSTs to
 * the token endpoint are never resent (a resent authorization code is refused with AADSTS54005, and
 * MSAL handles 429/5xx of the token endpoint itself), so throttling responses are handed back to MSAL.
 */
export class MsalNetworkClient implements INetworkModule {
  /**
   * The last network failure. MSAL swallows errors of its metadata requests into its own
   * "endpoints_resolution_error"; this lets the caller still say what really went wrong.
   */
  lastError: Error | undefined;

  constructor(
    private readonly http: HttpSender,
    private readonly msal: MsalModule,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    let res;
    try {
      res = await this.http.request({
        url,
        method,
        retry: method === 'GET',
        onThrottle: 'return',
        ...(options?.headers ? { headers: options.headers } : {}),
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        ...(timeout ? { timeoutMs: timeout } : {}),
      });
    } catch (err) {
      throw this.wrap(err);
    }
    let body: T;
    try {
      body = (res.body.length ? res.json<T>() : {}) as T;
    } catch {
      const type = res.headers['content-type'] ?? l10n.t('no content type');
      throw new this.msal.AuthError(
        'network_error',
        '',
        l10n.t(
          'The sign-in service answered {0} with something that is not JSON ({1}); a proxy may be in the way.',
          res.status,
          type,
        ),
      );
    }
    return { status: res.status, headers: res.headers, body };
  }

  // MSAL rethrows its own AuthError unchanged but replaces anything else with a bare "network_error";
  // wrapping keeps our message and, as `cause`, the typed error for mapAuthError.
  private wrap(err: unknown): Error {
    if (err instanceof Error) this.lastError = err;
    const message = err instanceof Error ? err.message : String(err);
    const wrapped = new this.msal.AuthError(err instanceof HttpError ? err.code : 'network_error', '', message);
    (wrapped as { cause?: unknown }).cause = err;
    return wrapped;
  }
}

/** MSAL log lines → our logger; MSAL's Info is chatty, so it goes to debug. PII is never logged. */
type LoggerOptions = NonNullable<NodeSystemOptions['loggerOptions']>;

export function msalLoggerOptions(msal: MsalModule, logger: Logger | undefined): LoggerOptions {
  return {
    piiLoggingEnabled: false,
    logLevel: msal.LogLevel.Verbose,
    loggerCallback: (level: number, message: string, containsPii: boolean) => {
      if (!logger || containsPii) return;
      const line = `[msal] ${message}`;
      if (level === msal.LogLevel.Error) logger.error(line);
      else if (level === msal.LogLevel.Warning) logger.warn(line);
      else if (level === msal.LogLevel.Info) logger.debug(line);
      else logger.trace(line);
    },
  };
}
