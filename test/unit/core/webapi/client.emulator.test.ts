// The Web API client against the Dataverse emulator, in process over real HTTP: what the fakes in
// the other tests assume about Dataverse's answers is checked here against the emulator's.
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http/httpClient';
import { ThrottledError } from '../../../../src/core/http/errors';
import { DataverseClient } from '../../../../src/core/webapi/client';
import { DataverseError } from '../../../../src/core/webapi/errors';
import { executeBatch } from '../../../../src/core/webapi/batch';
import { fetchXmlPages } from '../../../../src/core/webapi/fetchXmlPaging';
import { readPage, type Page } from '../../../../src/core/webapi/paging';
import { startTestOrg, type TestOrg } from '../../../emulator/test/support/dataverse-server';

type Row = Record<string, unknown>;

describe('DataverseClient against the emulator', function () {
  this.timeout(30_000);
  let org: TestOrg;
  const waits: number[] = [];
  let client: DataverseClient;
  const http = new HttpClient(
    {},
    {
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
  );

  before(async () => {
    org = await startTestOrg({ accountRecords: 120 });
  });
  after(async () => {
    await org.close();
  });
  beforeEach(() => {
    waits.length = 0;
    org.faults.throttleNext = 0;
    client = new DataverseClient(http, org.url, { getToken: async () => 'good:tester' });
  });

  it('pages through every account by its nextLinks, with formatted values', async () => {
    const total = Number((await client.send({ path: 'accounts/$count' })).text());
    const ids = new Set<string>();
    let pages = 0;
    for (let link: string | undefined = 'accounts?$select=name,statecode'; link !== undefined; pages++) {
      const page: Page<Row> = await readPage<Row>(client, link, { pageSize: 50 });
      for (const r of page.value) ids.add(String(r['accountid']));
      assert.match(
        String(page.value[0]!['statecode@OData.Community.Display.V1.FormattedValue']),
        /^(Active|Inactive)$/,
      );
      link = page.nextLink;
    }
    assert.equal(ids.size, total);
    assert.equal(pages, Math.ceil(total / 50));
  });

  it('pages a FetchXML query with the paging cookie', async () => {
    const xml = '<fetch><entity name="account"><attribute name="name"/><order attribute="accountid"/></entity></fetch>';
    const ids = new Set<string>();
    const cookies: boolean[] = [];
    for await (const page of fetchXmlPages<Row>(client, 'accounts', xml, { pageSize: 40 })) {
      for (const r of page.value) ids.add(String(r['accountid']));
      cookies.push(page.nextPagingCookie !== undefined);
    }
    const total = Number((await client.send({ path: 'accounts/$count' })).text());
    assert.equal(ids.size, total);
    assert.deepEqual(cookies, [...cookies.slice(0, -1).map(() => true), false]);
  });

  it('runs a $batch with a change set and a Content-ID reference', async () => {
    const result = await executeBatch(client, [
      {
        changeSet: [
          { method: 'POST', url: 'contacts', body: { firstname: 'Grace', lastname: 'Hopper' }, contentId: '1' },
          {
            method: 'POST',
            url: 'accounts',
            body: { name: 'Batch Co', 'primarycontactid@odata.bind': '$1' },
            contentId: '2',
          },
        ],
      },
      { method: 'GET', url: `accounts?$select=name&$filter=${encodeURIComponent("name eq 'Batch Co'")}` },
    ]);
    assert.deepEqual(result.errors, []);
    assert.equal(result.status, 200);
    assert.deepEqual(
      result.parts.map((p) => p.status),
      [204, 204, 200],
    );
    const accountUrl = result.parts[1]!.entityId!;
    assert.match(accountUrl, /accounts\([0-9a-f-]{36}\)$/);
    const account = (
      await client.send({ path: `${accountUrl}?$expand=primarycontactid($select=lastname)` })
    ).json<Row>();
    assert.equal((account['primarycontactid'] as Row)['lastname'], 'Hopper');
  });

  it('reports a failed change set as a typed part error and rolls it back', async () => {
    const result = await executeBatch(client, [
      {
        changeSet: [
          { method: 'POST', url: 'accounts', body: { name: 'Rolled Back Co' } },
          {
            method: 'PATCH',
            url: 'accounts(00000000-0000-0000-0000-00000000dead)',
            headers: { 'If-Match': '*' },
            body: { name: 'nope' },
          },
        ],
      },
    ]);
    assert.equal(result.errors.length, 1);
    assert.ok(result.errors[0] instanceof DataverseError);
    assert.equal(result.errors[0]!.status, 404);
    assert.match(result.errors[0]!.message, /^Part 1 of the batch answer: Dataverse answered 404/);
    const left = (
      await client.send({ path: `accounts?$filter=${encodeURIComponent("name eq 'Rolled Back Co'")}` })
    ).json<{ value: Row[] }>();
    assert.deepEqual(left.value, []);
  });

  it('turns an unknown entity set into a DataverseError with its code', async () => {
    await assert.rejects(
      client.send({ path: 'acounts' }),
      (e: unknown) =>
        e instanceof DataverseError && e.status === 404 && e.code === '0x8006088a' && /acounts/.test(e.message),
    );
  });

  it('waits out a 429 on a read and succeeds', async () => {
    org.faults.throttleNext = 1;
    org.faults.throttleRetryAfterSeconds = 3;
    const who = (await client.send({ path: 'WhoAmI' })).json<{ UserId?: string }>();
    assert.ok(who.UserId);
    assert.deepEqual(waits, [3000]);
  });

  it('resends a $batch of reads after a 429, as a read', async () => {
    org.faults.throttleNext = 1;
    org.faults.throttleRetryAfterSeconds = 1;
    const result = await executeBatch(client, [{ method: 'GET', url: 'WhoAmI' }]);
    assert.deepEqual(
      result.parts.map((p) => p.status),
      [200],
    );
    assert.deepEqual(waits, [1000]);
  });

  it('never resends a write that got a 429', async () => {
    org.faults.throttleNext = 1;
    org.faults.throttleRetryAfterSeconds = 9;
    org.faults.throttleKind = 'concurrency';
    const posts = org.stats.dataverseRequests['POST'] ?? 0;
    try {
      await assert.rejects(
        client.send({ method: 'POST', path: 'accounts', body: { name: 'Throttled Co' } }),
        (e: unknown) =>
          e instanceof ThrottledError &&
          e.retryAfterSeconds === 9 &&
          e.serviceCode === '0x80072326' &&
          /concurrent requests/.test(e.message),
      );
    } finally {
      delete org.faults.throttleKind;
    }
    assert.equal((org.stats.dataverseRequests['POST'] ?? 0) - posts, 1);
    assert.deepEqual(waits, []);
  });

  it('refreshes an expired token once and resends', async () => {
    const asked: boolean[] = [];
    const c = new DataverseClient(http, org.url, {
      getToken: async (force) => {
        asked.push(force);
        return force ? 'good:tester' : 'expired:tester';
      },
    });
    assert.ok((await c.send({ path: 'WhoAmI' })).json<{ UserId?: string }>().UserId);
    assert.deepEqual(asked, [false, true]);
  });
});
