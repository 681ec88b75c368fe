// Running a scratchpad request and its later pages with a fake Web API: the request's own page
// size holds for every page, and a function's answer is one row.
import * as assert from 'node:assert/strict';
import { execute, nextPage, pageSizeOf } from '../../../../src/core/results/execute';
import type { RunnableRequest } from '../../../../src/core/query/resolve';
import type { HttpResponse } from '../../../../src/core/http/httpClient';
import type { WebApiRequest, WebApiSender } from '../../../../src/core/webapi/client';

function reply(body: unknown): HttpResponse {
  const text = JSON.stringify(body);
  return { status: 200, headers: {}, url: '', body: Buffer.from(text), text: () => text, json: <T>() => JSON.parse(text) as T };
}

function fakeSender(answers: unknown[]): WebApiSender & { sent: WebApiRequest[] } {
  const sent: WebApiRequest[] = [];
  return { apiUrl: 'https://org.example/api/data/v9.2/', sent, send: async (req) => { sent.push(req); return reply(answers.shift()); } };
}

function get(path: string, headers: Record<string, string> = {}): RunnableRequest {
  return { method: 'GET', path, headers, safety: { access: 'read', summary: 'reads' } } as unknown as RunnableRequest;
}

function preferOf(req: WebApiRequest | undefined): string {
  return Object.entries(req?.headers ?? {}).find(([k]) => k.toLowerCase() === 'prefer')?.[1] ?? '';
}

describe('results: execute and next page', () => {
  it('reads the page size of a Prefer header', () => {
    const table: [Record<string, string>, number | undefined][] = [
      [{}, undefined],
      [{ Prefer: 'odata.maxpagesize=1000' }, 1000],
      [{ prefer: 'odata.include-annotations="*", odata.maxpagesize=250' }, 250],
      [{ Prefer: 'odata.maxpagesize=0' }, undefined],
      [{ Prefer: 'odata.maxpagesize=9000' }, undefined],
      [{ Prefer: 'return=representation' }, undefined],
    ];
    for (const [headers, size] of table) assert.equal(pageSizeOf(headers), size, JSON.stringify(headers));
  });

  it('asks for the next pages with the page size the request asked for', async () => {
    const sender = fakeSender([
      { value: [{ name: 'a' }], '@odata.nextLink': 'https://org.example/api/data/v9.2/accounts?$skiptoken=1' },
      { value: [{ name: 'b' }], '@odata.nextLink': 'https://org.example/api/data/v9.2/accounts?$skiptoken=2' },
    ]);
    const first = await execute(sender, get('accounts', { Prefer: 'odata.include-annotations="*",odata.maxpagesize=1' }));
    assert.equal(first.rows?.length, 1);
    assert.ok(first.next);
    const second = await nextPage(sender, first.next);
    assert.deepEqual(second.rows, [{ name: 'b' }]);
    assert.match(preferOf(sender.sent[1]), /odata\.maxpagesize=1(?!\d)/);
    assert.match(preferOf(sender.sent[1]), /include-annotations/);
  });

  it('shows a function answer (WhoAmI) as one row', async () => {
    const sender = fakeSender([{ '@odata.context': 'https://org.example/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse', UserId: 'u' }]);
    const run = await execute(sender, get('WhoAmI'));
    assert.equal(run.rows?.length, 1);
  });
});
