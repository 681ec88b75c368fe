// Reading a collection one page at a time, as the explorer's "Load more…" and the results view's
// "Next page" / "All pages" do: the same Prefer on every page, and a nextLink that leaves the org,
// loops or is no collection stops the reading with a clear error.
import * as assert from 'node:assert/strict';
import { HttpCancelledError } from '../../../../src/core/http/errors';
import { ForeignHostError } from '../../../../src/core/webapi/client';
import { readPage, type Page, type PageOptions } from '../../../../src/core/webapi/paging';
import { isCancellation, UserError } from '../../../../src/core/userError';
import { API, clientWith, FakeHttp, response } from './fakes';
import type { HttpRequest } from '../../../../src/core/ports';

/** An org with `total` accounts, served `size` per page with @odata.nextLink like Dataverse. */
function pagedOrg(total: number): FakeHttp {
  return new FakeHttp((req: HttpRequest) => {
    const size = Number(/odata\.maxpagesize=(\d+)/.exec(req.headers?.Prefer ?? '')?.[1] ?? 5000);
    const from = Number(new URL(req.url).searchParams.get('$skiptoken') ?? 0);
    const value = Array.from({ length: Math.min(size, total - from) }, (_, i) => ({
      accountid: `id-${from + i}`,
      name: `Account ${from + i}`,
    }));
    const body: Record<string, unknown> = { '@odata.context': `${API}$metadata#accounts(name)`, value };
    if (from === 0 && new URL(req.url).searchParams.get('$count') === 'true') body['@odata.count'] = total;
    if (from + size < total) body['@odata.nextLink'] = `${API}accounts?$select=name&$skiptoken=${from + size}`;
    return response(200, body, { 'content-type': 'application/json' });
  });
}

/** Every page, each asked for by the last one's nextLink. */
async function readAll<T>(http: FakeHttp, path: string, options: PageOptions = {}): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for (let link: string | undefined = path; link !== undefined; link = out[out.length - 1]!.nextLink) {
    out.push(await readPage<T>(clientWith(http), link, options));
  }
  return out;
}

describe('readPage()', () => {
  it('reads one page with its count, annotations and nextLink', async () => {
    const http = pagedOrg(5);
    const first = await readPage<{ name: string }>(clientWith(http), 'accounts?$select=name&$count=true', {
      pageSize: 2,
    });
    assert.equal(http.requests.length, 1);
    assert.deepEqual(
      first.value.map((r) => r.name),
      ['Account 0', 'Account 1'],
    );
    assert.equal(first.count, 5);
    assert.equal(first.annotations['@odata.context'], `${API}$metadata#accounts(name)`);
    assert.ok(first.response.bytes > 0);
    assert.equal(first.nextLink, `${API}accounts?$select=name&$skiptoken=2`);
  });

  it('follows the nextLinks to the last page', async () => {
    const http = pagedOrg(5);
    const all = await readAll<{ name: string }>(http, 'accounts?$select=name&$count=true', { pageSize: 2 });
    assert.deepEqual(
      all.map((p) => p.value.length),
      [2, 2, 1],
    );
    assert.equal(all[2]!.nextLink, undefined);
    assert.deepEqual(
      http.requests.map((r) => r.url),
      [
        `${API}accounts?$select=name&$count=true`,
        `${API}accounts?$select=name&$skiptoken=2`,
        `${API}accounts?$select=name&$skiptoken=4`,
      ],
    );
  });

  it('sends the same Prefer (page size and annotations) with every page', async () => {
    const http = pagedOrg(3);
    await readAll(http, 'accounts', { pageSize: 1 });
    assert.equal(http.requests.length, 3);
    for (const r of http.requests) assert.equal(r.headers?.Prefer, 'odata.include-annotations="*",odata.maxpagesize=1');
  });

  it("keeps the caller's preferences and annotations when told to", async () => {
    const http = pagedOrg(3);
    await readPage(clientWith(http), 'accounts', {
      pageSize: 2,
      annotations: false,
      headers: { Prefer: 'odata.include-annotations="A"' },
    });
    assert.equal(http.requests[0]!.headers?.Prefer, 'odata.include-annotations="A",odata.maxpagesize=2');
  });

  it('sends nothing once cancelled', async () => {
    const http = pagedOrg(100);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      readPage(clientWith(http), 'accounts', { signal: controller.signal }),
      (e: unknown) => e instanceof HttpCancelledError && isCancellation(e),
    );
    assert.equal(http.requests.length, 0);
  });

  it('stops a page that is in flight when cancelled', async () => {
    const controller = new AbortController();
    const http = new FakeHttp(
      (req) =>
        new Promise((_resolve, reject) => {
          req.signal?.addEventListener('abort', () => reject(new HttpCancelledError('x')), { once: true });
        }),
    );
    const pending = readPage(clientWith(http), 'accounts', { signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(pending, HttpCancelledError);
  });

  it('refuses a nextLink that leaves the org, without sending the token', async () => {
    const http = new FakeHttp([
      response(200, {
        value: [{}],
        '@odata.nextLink': 'https://contoso.crm.dynamics.com.evil.example/api/data/v9.2/accounts?$skiptoken=1',
      }),
    ]);
    const first = await readPage(clientWith(http), 'accounts');
    await assert.rejects(readPage(clientWith(http), first.nextLink!), ForeignHostError);
    assert.equal(http.requests.length, 1);
  });

  it('stops when Dataverse sends the link of the page just read as the next one', async () => {
    const loop = `${API}accounts?$skiptoken=same`;
    const http = new FakeHttp(() => response(200, { value: [{}], '@odata.nextLink': loop }));
    const first = await readPage(clientWith(http), 'accounts');
    await assert.rejects(
      readPage(clientWith(http), first.nextLink!),
      (e: unknown) => e instanceof UserError && e.code === 'PAGING_LOOP',
    );
  });

  it('treats an empty nextLink as the last page', async () => {
    const http = new FakeHttp([response(200, { value: [{}], '@odata.nextLink': '' })]);
    assert.equal((await readPage(clientWith(http), 'accounts')).nextLink, undefined);
  });

  it('says so when the path is not a collection', async () => {
    const http = new FakeHttp([response(200, { accountid: 'x', name: 'one record' })]);
    await assert.rejects(
      readPage(clientWith(http), 'accounts(x)'),
      (e: unknown) => e instanceof UserError && e.code === 'NOT_A_COLLECTION',
    );
  });

  for (const size of [0, 5001, 2.5, NaN]) {
    it(`refuses a page size of ${size}`, async () => {
      await assert.rejects(
        readPage(clientWith(new FakeHttp([])), 'accounts', { pageSize: size }),
        /page size must be a whole number from 1 to 5000/,
      );
    });
  }
});
