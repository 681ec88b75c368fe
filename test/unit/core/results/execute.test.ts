// Running a scratchpad request and its later pages with a fake Web API: the request's own page
// size holds for every page, and a function's answer is one row.
import * as assert from 'node:assert/strict';
import { execute, nextPage } from '../../../../src/core/results/execute';
import { resolveQuickQuery, type RunnableRequest } from '../../../../src/core/query/run/resolve';
import type { HttpResponse, WebApiRequest, WebApiSender } from '../../../../src/core/ports';

function reply(body: unknown): HttpResponse {
  const text = JSON.stringify(body);
  return {
    status: 200,
    headers: {},
    url: '',
    body: Buffer.from(text),
    text: () => text,
    json: <T>() => JSON.parse(text) as T,
  };
}

function fakeSender(answers: unknown[]): WebApiSender & { sent: WebApiRequest[] } {
  const sent: WebApiRequest[] = [];
  return {
    apiUrl: 'https://org.example/api/data/v9.2/',
    sent,
    send: async (req) => {
      sent.push(req);
      return reply(answers.shift());
    },
  };
}

function get(path: string, headers: Record<string, string> = {}): RunnableRequest {
  return { method: 'GET', path, headers, safety: { access: 'read', summary: 'reads' } } as unknown as RunnableRequest;
}

function preferOf(req: WebApiRequest | undefined): string {
  return Object.entries(req?.headers ?? {}).find(([k]) => k.toLowerCase() === 'prefer')?.[1] ?? '';
}

describe('results: execute and next page', () => {
  it('asks for the next pages with the page size the request asked for', async () => {
    const sender = fakeSender([
      { value: [{ name: 'a' }], '@odata.nextLink': 'https://org.example/api/data/v9.2/accounts?$skiptoken=1' },
      { value: [{ name: 'b' }], '@odata.nextLink': 'https://org.example/api/data/v9.2/accounts?$skiptoken=2' },
    ]);
    const first = await execute(
      sender,
      get('accounts', { Prefer: 'odata.include-annotations="*",odata.maxpagesize=1' }),
    );
    assert.equal(first.rows?.length, 1);
    assert.ok(first.next);
    const second = await nextPage(sender, first.next);
    assert.deepEqual(second.rows, [{ name: 'b' }]);
    assert.match(preferOf(sender.sent[1]), /odata\.maxpagesize=1(?!\d)/);
    assert.match(preferOf(sender.sent[1]), /include-annotations/);
  });

  it('asks for every annotation when the request states no Prefer, and keeps the one it states', async () => {
    const sender = fakeSender([{ value: [] }, { value: [] }]);
    await execute(sender, get('accounts'));
    await execute(sender, get('accounts', { prefer: 'odata.maxpagesize=3' }));
    assert.equal(preferOf(sender.sent[0]), 'odata.include-annotations="*"');
    assert.equal(preferOf(sender.sent[1]), 'odata.maxpagesize=3');
  });

  it('offers no next page for an empty nextLink, and stops a page whose nextLink is itself', async () => {
    const link = 'https://org.example/api/data/v9.2/accounts?$skiptoken=1';
    const sender = fakeSender([
      { value: [{}], '@odata.nextLink': '' },
      { value: [{}], '@odata.nextLink': link },
      { value: [{}], '@odata.nextLink': link },
    ]);
    assert.equal((await execute(sender, get('accounts'))).next, undefined);
    const run = await execute(sender, get('accounts'));
    await assert.rejects(nextPage(sender, run.next!), /same next-page link twice/);
  });

  it('shows a function answer (WhoAmI) as one row', async () => {
    const sender = fakeSender([
      {
        '@odata.context': 'https://org.example/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse',
        UserId: 'u',
      },
    ]);
    const run = await execute(sender, get('WhoAmI'));
    assert.equal(run.rows?.length, 1);
  });

  it('pages a FetchXML query too long for a URL like a short one: rows of the $batch part, then the next page with the cookie', async () => {
    const conditions = Array.from(
      { length: 900 },
      (_, i) => `<condition attribute="name" operator="neq" value="Name number ${i}"/>`,
    ).join('');
    const resolved = resolveQuickQuery(
      `<fetch count="2"><entity name="account"><attribute name="name"/><filter>${conditions}</filter></entity></fetch>`,
      { entitySetOf: (name) => (name === 'account' ? 'accounts' : undefined) },
    );
    assert.ok(resolved.ok);
    const cookie = '<cookie page="1"><accountid last="{B}" first="{A}" /></cookie>';
    const answers = [
      {
        value: [{ name: 'a' }, { name: 'b' }],
        '@Microsoft.Dynamics.CRM.morerecords': true,
        '@Microsoft.Dynamics.CRM.fetchxmlpagingcookie': `<cookie pagenumber="2" pagingcookie="${encodeURIComponent(encodeURIComponent(cookie))}" istracking="False" />`,
      },
      { value: [{ name: 'c' }], '@Microsoft.Dynamics.CRM.morerecords': false },
    ];
    const sent: WebApiRequest[] = [];
    const sender: WebApiSender = {
      apiUrl: 'https://org.example/api/data/v9.2/',
      send: async (req) => {
        sent.push(req);
        const part = `--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(answers.shift())}\r\n--batchresponse_1--\r\n`;
        return {
          status: 200,
          headers: { 'content-type': 'multipart/mixed; boundary=batchresponse_1' },
          url: '',
          body: Buffer.from(part),
          text: () => part,
          json: <T>() => JSON.parse(part) as T,
        };
      },
    };
    const first = await execute(sender, resolved.request);
    assert.deepEqual(first.rows, [{ name: 'a' }, { name: 'b' }], 'the rows, not one "part 1" row');
    assert.equal(first.batch, undefined);
    assert.equal(first.next?.kind, 'fetch');
    const second = await nextPage(sender, first.next);
    assert.deepEqual(second.rows, [{ name: 'c' }]);
    assert.equal(second.next, undefined);
    assert.deepEqual(
      sent.map((r) => `${r.method} ${r.path}`),
      ['POST $batch', 'POST $batch'],
      'each page inside a $batch',
    );
    const innerGet = (req: WebApiRequest): string =>
      decodeURIComponent(/\r\nGET (\S+) HTTP/.exec(String(req.body))![1]!);
    assert.match(innerGet(sent[0]!), /<fetch count="2" page="1">/);
    assert.match(innerGet(sent[1]!), /page="2"/);
    assert.match(innerGet(sent[1]!), /paging-cookie="&lt;cookie page=&quot;1&quot;&gt;/);
  });
});
