import * as assert from 'node:assert/strict';
import { OrgUrl } from '../../../../src/core/org/orgUrl';
import { HttpCancelledError, ThrottledError } from '../../../../src/core/http/errors';
import { DataverseClient, ForeignHostError } from '../../../../src/core/webapi/client';
import { DataverseError } from '../../../../src/core/webapi/errors';
import { FakeHttp, response, tokens } from './fakes';

describe('DataverseClient', () => {
  it('sends the OData headers and the bearer token to the v9.2 endpoint', async () => {
    const http = new FakeHttp([response(200, { UserId: 'u', BusinessUnitId: 'b', OrganizationId: 'o' })]);
    const t = tokens();
    const who = (
      await new DataverseClient(http, 'https://contoso.crm.dynamics.com/', t.source).send({ path: 'WhoAmI' })
    ).json<{ UserId: string }>();
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
    await new DataverseClient(http, 'https://contoso.crm.dynamics.com', t.source).send({ path: 'WhoAmI' });
    assert.deepEqual(t.calls, [false, true]);
    assert.equal(http.requests[1].headers?.Authorization, 'Bearer fresh-token');
  });

  it('gives up after the second 401 with a clear error', async () => {
    const http = new FakeHttp([response(401, ''), response(401, '')]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await assert.rejects(
      client.send({ path: 'WhoAmI' }),
      (err: unknown) => err instanceof DataverseError && err.code === 'HTTP401' && /not signed in/.test(err.message),
    );
    assert.equal(http.requests.length, 2);
  });

  it('turns Dataverse error JSON into a message with the code and a hint', async () => {
    const http = new FakeHttp([
      response(404, { error: { code: '0x80060888', message: "Resource not found for the segment 'acounts'." } }),
    ]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await assert.rejects(
      client.send({ path: 'acounts' }),
      (err: unknown) =>
        err instanceof DataverseError &&
        err.code === '0x80060888' &&
        err.message.includes("segment 'acounts'") &&
        err.message.includes('query syntax'),
    );
  });

  it('does not resend a write on other errors', async () => {
    const http = new FakeHttp([
      response(500, { error: { code: '0x80040216', message: 'An unexpected error occurred.' } }),
    ]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await assert.rejects(client.send({ method: 'POST', path: 'accounts', body: { name: 'x' } }));
    assert.equal(http.requests.length, 1);
    assert.equal(http.requests[0].body, '{"name":"x"}');
  });

  it('follows absolute links on the same org but never sends the token elsewhere', async () => {
    const http = new FakeHttp([response(200, { value: [] })]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await client.send({ path: 'https://contoso.crm.dynamics.com/api/data/v9.2/accounts?$skiptoken=x' });
    await assert.rejects(
      client.send({ path: 'https://evil.example.com/api/data/v9.2/accounts' }),
      /another host: evil.example.com/,
    );
    assert.equal(http.requests.length, 1);
  });

  it('accepts an OrgUrl value object as well as a string', async () => {
    const http = new FakeHttp([response(200, { value: [] })]);
    const client = new DataverseClient(
      http,
      OrgUrl.from('https://Contoso.crm4.dynamics.com/main.aspx'),
      tokens().source,
    );
    assert.equal(client.orgUrl, 'https://contoso.crm4.dynamics.com');
    await client.send({ path: 'accounts' });
    assert.equal(http.requests[0]!.url, 'https://contoso.crm4.dynamics.com/api/data/v9.2/accounts');
  });

  it('resolves relative, org-absolute and absolute paths on the org', () => {
    const client = new DataverseClient(new FakeHttp([]), 'https://contoso.crm.dynamics.com/', tokens().source);
    assert.equal(client.resolve('accounts?$top=1'), 'https://contoso.crm.dynamics.com/api/data/v9.2/accounts?$top=1');
    assert.equal(client.resolve('/accounts'), 'https://contoso.crm.dynamics.com/api/data/v9.2/accounts');
    assert.equal(client.resolve('/api/data/v9.1/accounts'), 'https://contoso.crm.dynamics.com/api/data/v9.1/accounts');
    assert.equal(
      client.resolve('HTTPS://CONTOSO.crm.dynamics.com:443/api/data/v9.2/x'),
      'https://contoso.crm.dynamics.com/api/data/v9.2/x',
    );
  });

  describe('never sends the token off the org', () => {
    const cases: [string, string, RegExp][] = [
      ['another host', 'https://evil.example.com/api/data/v9.2/accounts', /evil\.example\.com/],
      [
        'a look-alike host with user info',
        'https://contoso.crm.dynamics.com@evil.example.com/api/data/v9.2/accounts',
        /evil\.example\.com/,
      ],
      ['user info on the org itself', 'https://someone@contoso.crm.dynamics.com/api/data/v9.2/accounts', /user name/],
      [
        'another port',
        'https://contoso.crm.dynamics.com:8443/api/data/v9.2/accounts',
        /contoso\.crm\.dynamics\.com:8443/,
      ],
      ['plain http', 'http://contoso.crm.dynamics.com/api/data/v9.2/accounts', /http:\/\/contoso/],
      ['a punycode look-alike (Cyrillic о)', 'https://c\u043entoso.crm.dynamics.com/api/data/v9.2/accounts', /xn--/],
      ['a suffix look-alike', 'https://contoso.crm.dynamics.com.evil.example/api/data/v9.2/accounts', /evil\.example/],
      ['a protocol-relative link', '//evil.example.com/api/data/v9.2/accounts', /evil\.example\.com/],
      ['backslashes', 'https:\\\\evil.example.com\\api', /evil\.example\.com/],
      ['another scheme', 'ftp://contoso.crm.dynamics.com/x', /ftp:/],
    ];
    for (const [name, link, shown] of cases) {
      it(`refuses ${name} before asking for a token`, async () => {
        const http = new FakeHttp([]);
        const t = tokens();
        const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', t.source);
        await assert.rejects(client.send({ path: link }), (err: unknown) => {
          assert.ok(err instanceof ForeignHostError, String(err));
          assert.match(err.message, shown);
          assert.equal(err.code, 'FOREIGN_HOST');
          return true;
        });
        assert.equal(http.requests.length, 0);
        assert.deepEqual(t.calls, []);
      });
    }
  });

  it('turns a 429 on a write into a ThrottledError with the wait and the limit, sent once', async () => {
    const http = new FakeHttp([
      response(
        429,
        { error: { code: '0x80072326', message: 'Number of concurrent requests exceeded the limit of 52.' } },
        { 'retry-after': '7' },
      ),
    ]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await assert.rejects(client.send({ method: 'POST', path: 'accounts', body: { name: 'x' } }), (err: unknown) => {
      assert.ok(err instanceof ThrottledError);
      assert.equal(err.retryAfterSeconds, 7);
      assert.equal(err.serviceCode, '0x80072326');
      assert.match(err.message, /concurrent requests/);
      assert.match(err.message, /Try again in 7 s/);
      return true;
    });
    assert.equal(http.requests.length, 1);
  });

  it('adds the limit to a ThrottledError the HTTP client threw', async () => {
    const http = {
      request: async () => {
        throw new ThrottledError(30, 'PATCH', 'contoso.crm.dynamics.com/api/data/v9.2/accounts(1)', '0x80072322');
      },
    };
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await assert.rejects(
      client.send({ method: 'PATCH', path: 'accounts(1)', body: {} }),
      (err: unknown) =>
        err instanceof ThrottledError &&
        err.retryAfterSeconds === 30 &&
        /Too many requests in 5 minutes/.test(err.message),
    );
  });

  it('does not ask for a token or send when already cancelled', async () => {
    const http = new FakeHttp([]);
    const t = tokens();
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', t.source);
    await assert.rejects(client.send({ path: 'accounts', signal: AbortSignal.abort() }), HttpCancelledError);
    assert.deepEqual(t.calls, []);
    assert.equal(http.requests.length, 0);
  });

  it('does not send when cancelled while the token was being fetched', async () => {
    const http = new FakeHttp([]);
    const controller = new AbortController();
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', {
      getToken: async () => {
        controller.abort();
        return 't';
      },
    });
    await assert.rejects(client.send({ path: 'accounts', signal: controller.signal }), HttpCancelledError);
    assert.equal(http.requests.length, 0);
  });

  it('returns an error status instead of throwing when asked (for $batch)', async () => {
    const http = new FakeHttp([response(400, 'x')]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    assert.equal((await client.send({ method: 'POST', path: '$batch', body: 'x', throwOnError: false })).status, 400);
  });

  it('passes the idempotent flag of read-only requests to the HTTP client, and only then', async () => {
    const http = new FakeHttp([response(200, ''), response(200, '')]);
    const client = new DataverseClient(http, 'https://contoso.crm.dynamics.com', tokens().source);
    await client.send({ method: 'POST', path: '$batch', body: 'x', idempotent: true });
    await client.send({ method: 'POST', path: 'accounts', body: {} });
    assert.equal(http.requests[0]!.idempotent, true);
    assert.equal(http.requests[1]!.idempotent, undefined);
  });
});
