import * as assert from 'node:assert/strict';
import type { HttpRequest } from '../../../../src/core/http/httpClient';
import { HttpCancelledError } from '../../../../src/core/http/errors';
import { ForeignHostError } from '../../../../src/core/webapi/client';
import { pages, rowsOf, withPrefer } from '../../../../src/core/webapi/paging';
import { isCancellation, UserError } from '../../../../src/core/userError';
import { API, clientWith, FakeHttp, response } from './fakes';

/** An org with `total` accounts, served `size` per page with @odata.nextLink like Dataverse. */
function pagedOrg(total: number): FakeHttp {
  return new FakeHttp((req: HttpRequest) => {
    const size = Number(/odata\.maxpagesize=(\d+)/.exec(req.headers?.Prefer ?? '')?.[1] ?? 5000);
    const from = Number(new URL(req.url).searchParams.get('$skiptoken') ?? 0);
    const value = Array.from({ length: Math.min(size, total - from) }, (_, i) => ({ accountid: `id-${from + i}`, name: `Account ${from + i}` }));
    const body: Record<string, unknown> = { '@odata.context': `${API}$metadata#accounts(name)`, value };
    if (from === 0 && new URL(req.url).searchParams.get('$count') === 'true') body['@odata.count'] = total;
    if (from + size < total) body['@odata.nextLink'] = `${API}accounts?$select=name&$skiptoken=${from + size}`;
    return response(200, body, { 'content-type': 'application/json' });
  });
}

describe('pages()', () => {
  it('asks for each page only when the caller wants it, following @odata.nextLink', async () => {
    const http = pagedOrg(5);
    const it = pages<{ name: string }>(clientWith(http), 'accounts?$select=name&$count=true', { pageSize: 2 });
    assert.equal(http.requests.length, 0, 'nothing is sent before the first next()');
    const first = await it.next();
    assert.equal(http.requests.length, 1);
    assert.ok(!first.done);
    assert.deepEqual(first.value.value.map((r) => r.name), ['Account 0', 'Account 1']);
    assert.equal(first.value.index, 1);
    assert.equal(first.value.count, 5);
    assert.equal(first.value.annotations['@odata.context'], `${API}$metadata#accounts(name)`);
    assert.ok(first.value.response.bytes > 0);
    assert.equal(first.value.nextLink, `${API}accounts?$select=name&$skiptoken=2`);
    const rest = [];
    for await (const page of { [Symbol.asyncIterator]: () => it }) rest.push(page);
    assert.deepEqual(rest.map((p) => p.value.length), [2, 1]);
    assert.equal(rest[1]!.nextLink, undefined);
    assert.deepEqual(http.requests.map((r) => r.url), [
      `${API}accounts?$select=name&$count=true`, `${API}accounts?$select=name&$skiptoken=2`, `${API}accounts?$select=name&$skiptoken=4`,
    ]);
  });

  it('sends the same Prefer (page size and annotations) with every page', async () => {
    const http = pagedOrg(3);
    for await (const _ of pages(clientWith(http), 'accounts', { pageSize: 1 })) { /* read all */ }
    assert.equal(http.requests.length, 3);
    for (const r of http.requests) assert.equal(r.headers?.Prefer, 'odata.include-annotations="*",odata.maxpagesize=1');
  });

  it('stops asking when the caller stops reading', async () => {
    const http = pagedOrg(100);
    for await (const page of pages(clientWith(http), 'accounts', { pageSize: 10 })) if (page.index === 2) break;
    assert.equal(http.requests.length, 2);
  });

  it('flattens pages into rows without reading ahead', async () => {
    const http = pagedOrg(7);
    const names: string[] = [];
    for await (const row of rowsOf(pages<{ name: string }>(clientWith(http), 'accounts', { pageSize: 3 }))) {
      names.push(row.name);
      if (names.length === 4) break;
    }
    assert.deepEqual(names, ['Account 0', 'Account 1', 'Account 2', 'Account 3']);
    assert.equal(http.requests.length, 2);
  });

  it('stops before the next request once cancelled', async () => {
    const http = pagedOrg(100);
    const controller = new AbortController();
    const it = pages(clientWith(http), 'accounts', { pageSize: 10, signal: controller.signal });
    await it.next();
    controller.abort();
    await assert.rejects(it.next(), (e: unknown) => e instanceof HttpCancelledError && isCancellation(e));
    assert.equal(http.requests.length, 1);
  });

  it('stops a page that is in flight when cancelled', async () => {
    const controller = new AbortController();
    const http = new FakeHttp((req) => new Promise((_resolve, reject) => {
      req.signal?.addEventListener('abort', () => reject(new HttpCancelledError('x')), { once: true });
    }));
    const pending = pages(clientWith(http), 'accounts', { signal: controller.signal }).next();
    setImmediate(() => controller.abort());
    await assert.rejects(pending, HttpCancelledError);
  });

  it('refuses a nextLink that leaves the org, without sending the token', async () => {
    const http = new FakeHttp([response(200, { value: [{}], '@odata.nextLink': 'https://contoso.crm.dynamics.com.evil.example/api/data/v9.2/accounts?$skiptoken=1' })]);
    const it = pages(clientWith(http), 'accounts');
    await it.next();
    await assert.rejects(it.next(), ForeignHostError);
    assert.equal(http.requests.length, 1);
  });

  it('stops when Dataverse sends the same nextLink again', async () => {
    const loop = `${API}accounts?$skiptoken=same`;
    const http = new FakeHttp(() => response(200, { value: [{}], '@odata.nextLink': loop }));
    const seen: number[] = [];
    await assert.rejects((async () => { for await (const p of pages(clientWith(http), 'accounts')) seen.push(p.index); })(),
      (e: unknown) => e instanceof UserError && e.code === 'PAGING_LOOP');
    assert.deepEqual(seen, [1]);
  });

  it('says so when the path is not a collection', async () => {
    const http = new FakeHttp([response(200, { accountid: 'x', name: 'one record' })]);
    await assert.rejects(pages(clientWith(http), 'accounts(x)').next(), (e: unknown) => e instanceof UserError && e.code === 'NOT_A_COLLECTION');
  });

  for (const size of [0, 5001, 2.5, NaN]) {
    it(`refuses a page size of ${size}`, async () => {
      await assert.rejects(pages(clientWith(new FakeHttp([])), 'accounts', { pageSize: size }).next(), /page size must be a whole number from 1 to 5000/);
    });
  }
});

describe('withPrefer', () => {
  it('merges with the caller\'s Prefer, ours replacing the same preference', () => {
    assert.deepEqual(withPrefer({ prefer: 'return=representation, odata.maxpagesize=10', Accept: 'x' }, { maxPageSize: 50, annotations: '*' }),
      { Accept: 'x', Prefer: 'return=representation,odata.include-annotations="*",odata.maxpagesize=50' });
    assert.deepEqual(withPrefer({ Prefer: 'odata.include-annotations="A,B"' }, { maxPageSize: 5 }),
      { Prefer: 'odata.include-annotations="A,B",odata.maxpagesize=5' });
    assert.deepEqual(withPrefer(undefined, { annotations: false }), {});
  });
});
