// The v1 endpoint (`/{tenant}/oauth2/token` with `resource=`) for tenants and tools that still need it:
// client credentials with a secret, and the refresh-token grant. Same HTTP client as everything else.
// Interactive v1 sign-in is not offered: MSAL (v2) covers it, and v2 tokens work for Dataverse.
import * as l10n from '@vscode/l10n';
import { isJsonObject, tryParseJson } from '../json';
import type { Logger } from '../log/logger';
import type { Authority } from './authority';
import { mapAuthError, type AuthErrorContext } from './authErrors';
import { SingleFlight } from './singleFlight';
import type { HttpSender } from '../ports';

export interface V1TokenClientOptions {
  authority: Authority;
  clientId: string;
  http: HttpSender;
  /** For client credentials; public clients refreshing a token need none. */
  clientSecret?: string;
  logger?: Logger;
  now?: () => number;
}

export interface V1Token {
  accessToken: string;
  expiresOn: Date;
  resource: string;
  /** Present for user tokens; rotate it into storage — the old one may stop working. */
  refreshToken?: string;
}

interface V1Response {
  access_token?: string;
  refresh_token?: string;
  expires_in?: string | number;
  expires_on?: string | number;
  resource?: string;
}

export class V1TokenClient {
  private readonly flights = new SingleFlight<V1Token>();
  private readonly now: () => number;

  constructor(private readonly options: V1TokenClientOptions) {
    this.now = options.now ?? Date.now;
  }

  get tokenEndpoint(): string {
    return this.options.authority.endpoints('v1').token;
  }

  /** App-only token for `resource` (the org URL); concurrent callers share one request. */
  clientCredentials(resource: string, signal?: AbortSignal): Promise<V1Token> {
    const secret = this.options.clientSecret;
    if (!secret) {
      return Promise.reject(
        mapAuthError(
          { error: 'invalid_client', error_description: 'The v1 client-credentials grant needs a client secret.' },
          this.context(resource),
        ),
      );
    }
    return this.flights.run(`cc|${resource}`, () =>
      this.post(
        { grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: secret, resource },
        resource,
        signal,
      ),
    );
  }

  /** Redeems a refresh token; concurrent callers with the same token share one request. */
  refresh(refreshToken: string, resource: string, signal?: AbortSignal): Promise<V1Token> {
    const form: Record<string, string> = {
      grant_type: 'refresh_token',
      client_id: this.options.clientId,
      refresh_token: refreshToken,
      resource,
    };
    if (this.options.clientSecret) form.client_secret = this.options.clientSecret;
    return this.flights.run(`rt|${resource}|${refreshToken}`, () => this.post(form, resource, signal));
  }

  private async post(form: Record<string, string>, resource: string, signal?: AbortSignal): Promise<V1Token> {
    const started = this.now();
    let body: V1Response & Record<string, unknown>;
    try {
      const res = await this.options.http.request({
        url: this.tokenEndpoint,
        method: 'POST',
        body: new URLSearchParams(form).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        ...(signal ? { signal } : {}),
      });
      body = tokenResponseOf(res.text());
      if (res.status !== 200 || !body.access_token) {
        throw body.error
          ? body
          : {
              error: 'invalid_response',
              error_description: l10n.t('The token endpoint answered {0} without a token.', res.status),
            };
      }
    } catch (err) {
      const failure = mapAuthError(err, this.context(resource));
      this.options.logger?.warn(`v1 token request (${form.grant_type}) failed: ${failure.code}`);
      throw failure;
    }
    return {
      accessToken: body.access_token,
      expiresOn: expiry(body, started),
      resource: body.resource ?? resource,
      ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    };
  }

  private context(resource: string): AuthErrorContext {
    return { clientId: this.options.clientId, tenant: this.options.authority.tenant, orgUrl: resource };
  }
}

function tokenResponseOf(text: string): V1Response & Record<string, unknown> {
  const v = tryParseJson(text);
  if (isJsonObject(v)) return v as V1Response & Record<string, unknown>;
  // a proxy or gateway page
  return {
    error: 'invalid_response',
    error_description: l10n.t('The token endpoint did not answer with JSON; a proxy may be in the way.'),
  };
}

/** v1 sends numbers as strings; expires_on is absolute (epoch seconds), expires_in relative. */
function expiry(body: V1Response, started: number): Date {
  const on = Number(body.expires_on);
  if (Number.isFinite(on) && on > 0) return new Date(on * 1000);
  const inSeconds = Number(body.expires_in);
  return new Date(started + (Number.isFinite(inSeconds) && inSeconds > 0 ? inSeconds : 3600) * 1000);
}
