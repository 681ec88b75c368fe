// A thin Dataverse Web API client: the right headers, a bearer token from a TokenSource, one forced
// token refresh and one resend on 401 (the request was refused before it ran, so a resend cannot
// apply a write twice), and Dataverse errors turned into DataverseError. The token only ever goes to
// the organization's own origin, whatever a response (an @odata.nextLink) points at.
import * as l10n from '@vscode/l10n';
import { describeTarget, HttpCancelledError, ThrottledError, throttledError } from '../http/errors';
import type { OrgUrl } from '../org/orgUrl';
import { UserError } from '../userError';
import { dataverseErrorFrom, throttlingDetail } from './errors';
import type { HttpResponse, HttpSender, TokenSource, WebApiRequest, WebApiSender } from '../ports';

export const API_PATH = '/api/data/v9.2/';

/** A URL that is not on the organization: the request is not sent, so the token cannot leak. */
export class ForeignHostError extends UserError {
  constructor(readonly target: string) {
    super(
      l10n.t(
        "Refusing to send the organization's token to another host: {0}. Only links on the organization itself are followed.",
        target,
      ),
      { code: 'FOREIGN_HOST' },
    );
    this.name = 'ForeignHostError';
  }
}

export class DataverseClient implements WebApiSender {
  /** https://org.crm.dynamics.com — no trailing slash. */
  readonly orgUrl: string;
  readonly apiUrl: string;
  private readonly origin: string;

  constructor(
    private readonly http: HttpSender,
    /** The organization, or a service with the same shape of address (the discovery service). */
    orgUrl: string | OrgUrl,
    private readonly tokens: TokenSource,
  ) {
    // A string is a service root (the discovery service, a test server): its origin, as URL defines it.
    this.orgUrl = typeof orgUrl === 'string' ? new URL(orgUrl.trim()).origin : orgUrl.url;
    this.apiUrl = this.orgUrl + API_PATH;
    this.origin = new URL(this.orgUrl).origin;
  }

  /** Sends a request; resolves with any 2xx/3xx response, throws DataverseError otherwise. */
  async send(req: WebApiRequest): Promise<HttpResponse> {
    const url = this.resolve(req.path);
    const method = (req.method ?? 'GET').toUpperCase();
    let response = await this.sendOnce(req, url, method, false);
    if (response.status === 401) response = await this.sendOnce(req, url, method, true);
    if (response.status === 429) {
      const throttled = throttledError(response, method, describeTarget(url), Date.now());
      throw throttled.withDetail(throttlingDetail(throttled.serviceCode));
    }
    if (response.status >= 400 && req.throwOnError !== false) {
      throw dataverseErrorFrom(response.status, response.text());
    }
    return response;
  }

  private async sendOnce(
    req: WebApiRequest,
    url: string,
    method: string,
    forceRefresh: boolean,
  ): Promise<HttpResponse> {
    if (req.signal?.aborted) throw new HttpCancelledError(describeTarget(url));
    const token = await this.tokens.getToken(forceRefresh, req.signal);
    if (req.signal?.aborted) throw new HttpCancelledError(describeTarget(url));
    const body =
      req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    try {
      return await this.http.request({
        url,
        method,
        headers: {
          Accept: 'application/json',
          'OData-MaxVersion': '4.0',
          'OData-Version': '4.0',
          ...(body !== undefined ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
          ...req.headers,
          Authorization: `Bearer ${token}`,
        },
        body,
        signal: req.signal,
        ...(req.idempotent ? { idempotent: true } : {}),
      });
    } catch (err) {
      if (err instanceof ThrottledError && !err.detail) {
        throw err.withDetail(throttlingDetail(err.serviceCode));
      }
      throw err;
    }
  }

  /** The full URL for a request path; throws ForeignHostError for anything off the org's origin. */
  resolve(path: string): string {
    const p = path.trim();
    if (/^[a-z][a-z0-9+.-]*:/i.test(p) || /^[/\\]{2}/.test(p)) {
      let url: URL;
      try {
        url = new URL(p, this.origin);
      } catch {
        throw new ForeignHostError(describeTarget(p));
      }
      // The origin compares scheme, host (already punycode) and port; user info would let a link
      // look like the org while naming another host, so it is refused outright.
      if (url.origin !== this.origin || url.username || url.password) throw new ForeignHostError(hostOf(url));
      return url.href;
    }
    if (/^\/api\//i.test(p)) return this.orgUrl + p;
    return this.apiUrl + p.replace(/^\/+/, '');
  }
}

function hostOf(url: URL): string {
  const host = url.protocol === 'https:' ? url.host : `${url.protocol}//${url.host}`;
  return url.username || url.password ? `${host} (the link carries a user name)` : host;
}
