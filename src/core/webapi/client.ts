// A thin Dataverse Web API client: the right headers, a bearer token from a TokenSource, one forced
// token refresh and one resend on 401 (the request was refused before it ran, so a resend cannot
// apply a write twice), and Dataverse errors turned into DataverseError.
import type { HttpResponse, HttpSender } from '../http/httpClient';
import { dataverseErrorFrom } from './errors';

export const API_PATH = '/api/data/v9.2/';

export interface TokenSource {
  /** An access token for the org; forceRefresh skips any cached token. */
  getToken(forceRefresh: boolean, signal?: AbortSignal): Promise<string>;
}

export interface WebApiRequest {
  method?: string;
  /** Relative to `<org>/api/data/v9.2/`, or an absolute URL on the org (e.g. an @odata.nextLink). */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface WhoAmI {
  UserId: string;
  BusinessUnitId: string;
  OrganizationId: string;
}

export class DataverseClient {
  readonly apiUrl: string;

  constructor(
    private readonly http: HttpSender,
    readonly orgUrl: string,
    private readonly tokens: TokenSource,
  ) {
    this.apiUrl = orgUrl.replace(/\/+$/, '') + API_PATH;
  }

  async whoAmI(signal?: AbortSignal): Promise<WhoAmI> {
    return (await this.send({ path: 'WhoAmI', signal })).json<WhoAmI>();
  }

  /** Sends a request; resolves with any 2xx/3xx response, throws DataverseError otherwise. */
  async send(req: WebApiRequest): Promise<HttpResponse> {
    let response = await this.sendOnce(req, false);
    if (response.status === 401) response = await this.sendOnce(req, true);
    if (response.status >= 400) throw dataverseErrorFrom(response.status, response.text());
    return response;
  }

  private async sendOnce(req: WebApiRequest, forceRefresh: boolean): Promise<HttpResponse> {
    const token = await this.tokens.getToken(forceRefresh, req.signal);
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    return this.http.request({
      url: this.resolve(req.path),
      method: req.method ?? 'GET',
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
    });
  }

  private resolve(path: string): string {
    if (/^https:\/\//i.test(path)) {
      // Never send our token to another host, even if a response pointed there.
      if (!path.toLowerCase().startsWith(this.orgUrl.replace(/\/+$/, '').toLowerCase() + '/')) {
        throw new Error(`Refusing to send the organization's token to another host: ${new URL(path).host}`);
      }
      return path;
    }
    return this.apiUrl + path.replace(/^\/+/, '');
  }
}
