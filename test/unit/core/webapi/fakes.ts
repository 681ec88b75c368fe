// Small fakes for the Web API client tests: an HttpSender that answers from a script or a function,
// and a TokenSource that records forced refreshes.
import { DataverseClient } from '../../../../src/core/webapi/client';
import type { HttpRequest, HttpResponse, HttpSender } from '../../../../src/core/ports';

export const ORG = 'https://contoso.crm.dynamics.com';
export const API = `${ORG}/api/data/v9.2/`;

export function response(status: number, body: unknown = '', headers: Record<string, string> = {}): HttpResponse {
  const buf = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    status,
    headers,
    url: '',
    body: buf,
    text: () => buf.toString(),
    json: <T>() => JSON.parse(buf.toString()) as T,
  };
}

export class FakeHttp implements HttpSender {
  readonly requests: HttpRequest[] = [];
  constructor(
    private readonly answer: HttpResponse[] | ((req: HttpRequest, n: number) => HttpResponse | Promise<HttpResponse>),
  ) {}
  async request(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    if (typeof this.answer === 'function') return this.answer(req, this.requests.length);
    const next = this.answer.shift();
    if (!next) throw new Error('no more answers');
    return next;
  }
}

export function tokens(): { calls: boolean[]; source: { getToken: (force: boolean) => Promise<string> } } {
  const calls: boolean[] = [];
  return {
    calls,
    source: {
      getToken: async (force: boolean) => {
        calls.push(force);
        return force ? 'fresh-token' : 'cached-token';
      },
    },
  };
}

export function clientWith(http: HttpSender): DataverseClient {
  return new DataverseClient(http, ORG, tokens().source);
}
