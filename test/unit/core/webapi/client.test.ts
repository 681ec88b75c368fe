import * as assert from 'node:assert/strict';
import type { HttpRequest, HttpResponse, HttpSender } from '../../../../src/core/http/httpClient';
import { DataverseClient } from '../../../../src/core/webapi/client';
import { DataverseError } from '../../../../src/core/webapi/errors';

function response(status: number, body: unknown): HttpResponse {
  const buf = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { status, headers: {}, url: '', body: buf, text: () => buf.toString(), json: <T>() => JSON.parse(buf.toString()) as T };
}

class FakeHttp implements HttpSender {
  readonly requests: HttpRequest[] = [];
  constructor(private readonly answers: HttpResponse[]) {}
  async request(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    const next = this.answers.shift();
    if (!next) throw new Error('no more answers');
    return next;
  }
}

function tokens() {
  const calls: boolean[] = [];
  return { calls, source: { getToken: async (force: boolean) => { calls.push(force); return force ? 'fresh-token' : 'cached-token'; } } };
}

describe('DataverseClient', () => {
  it('sends the OData headers and the bearer token to the v9.2 endpoint', async () => {
    const http = new FakeHttp([response(200, { UserId: 'u', BusinessUnitId: 'b', OrganizationId: 'o' })]);
    const t = tokens();
    const who = await new DataverseClient(http, 'https://contoso.crm.dynamics.com/', t.source).whoAmI();
    assert.equal(who.UserId, 'u');
    const [req] = http.requests;
    assert.equal(req.url, 'https://contoso.crm.dynamics.com/api/data/v9.2/WhoAmI');
    assert.equal(req.headers?.Authorization, 'Bearer cached-token');
    assert.equal(req.headers?.['OData-Version'], '4.0');
    assert.equal(req.headers?.['OData-MaxVersion'], '4.0');
  });

  it('on 401 forces one token refresh and resends once', async () => {
    const http = new FakeHttp([response(401, ''), response(200, { UserId: 'u' })]);
    const t = tokens();
    await new DataverseClient(http, 'https://contoso.crm.dynamics.com', t.source).whoAmI();
    assert.deepEqual(t.calls, [false, true]);
    assert.equal(http.requests[1].headers?.Authorization, 'Bearer fresh-token');
  });

  it('gives up after the second 401 with a clear error', async () => {
    const http = new FakeHttp([response(401, ''), response(401, '')]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await assert.rejects(client.whoAmI(), (err: unknown) => err instanceof DataverseError && err.code === 'HTTP401' && /not signed in/.test(err.message));
    assert.equal(http.requests.length, 2);
  });

  it('turns Dataverse error JSON into a message with the code and a hint', async () => {
    const http = new FakeHttp([response(404, { error: { code: '0x80060888', message: "Resource not found for the segment 'acounts'." } })]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await assert.rejects(client.send({ path: 'acounts' }), (err: unknown) =>
      err instanceof DataverseError && err.code === '0x80060888' && err.message.includes("segment 'acounts'") && err.message.includes('query syntax'));
  });

  it('does not resend a write on other errors', async () => {
    const http = new FakeHttp([response(500, { error: { code: '0x80040216', message: 'An unexpected error occurred.' } })]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await assert.rejects(client.send({ method: 'POST', path: 'accounts', body: { name: 'x' } }));
    assert.equal(http.requests.length, 1);
    assert.equal(http.requests[0].body, '{"name":"x"}');
  });

  it('follows absolute links on the same org but never sends the token elsewhere', async () => {
    const http = new FakeHttp([response(200, { value: [] })]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await client.send({ path: 'https://contoso.crm.dynamics.com/api/data/v9.2/accounts?$skiptoken=x' });
    await assert.rejects(client.send({ path: 'https://evil.example.com/api/data/v9.2/accounts' }), /another host: evil.example.com/);
    assert.equal(http.requests.length, 1);
  });
});
