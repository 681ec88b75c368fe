// A FetchXML query too long for a URL, run as the scratchpad runs it, against the Dataverse
// emulator over real HTTP: each page goes inside a $batch of one GET, its rows come back as rows,
// and Next page follows the paging cookie until every matching account has been read once.
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http/httpClient';
import { resolveQuickQuery } from '../../../../src/core/query/run/resolve';
import { execute, nextPage } from '../../../../src/core/results/execute';
import { DataverseClient } from '../../../../src/core/webapi/client';
import { MAX_GET_URL_LENGTH } from '../../../../src/core/webapi/fetchXmlPaging';
import { fetchXmlPath } from '../../../../src/core/webapi/fetchXml';
import { startTestOrg, type TestOrg } from '../../../emulator/test/support/dataverse-server';

type Row = Record<string, unknown>;

describe('results: a long FetchXML against the emulator', function () {
  this.timeout(30_000);
  let org: TestOrg;
  let client: DataverseClient;

  before(async () => {
    org = await startTestOrg({ accountRecords: 90 });
    client = new DataverseClient(new HttpClient({}, { sleep: async () => undefined }), org.url, {
      getToken: async () => 'good:tester',
    });
  });
  after(async () => {
    await org.close();
  });

  it('shows the rows of each $batch page and pages with the paging cookie', async () => {
    // 900 conditions no account meets: the URL passes 32 KB, and every account still matches.
    const conditions = Array.from(
      { length: 900 },
      (_, i) => `<condition attribute="name" operator="ne" value="No such name ${i}"/>`,
    ).join('');
    const xml = `<fetch count="40"><entity name="account"><attribute name="name"/><order attribute="accountid"/><filter>${conditions}</filter></entity></fetch>`;
    assert.ok(fetchXmlPath('accounts', xml).length > MAX_GET_URL_LENGTH);
    const resolved = resolveQuickQuery(xml, {
      entitySetOf: (name) => (name === 'account' ? 'accounts' : undefined),
      orgUrl: org.url,
    });
    assert.ok(resolved.ok);
    const postsBefore = org.stats.dataverseRequests['POST'] ?? 0;
    const getsBefore = org.stats.dataverseRequests['GET'] ?? 0;

    const first = await execute(client, resolved.request);
    assert.equal(first.status, 200);
    assert.equal(first.error, undefined);
    const rows = [...(first.rows ?? [])] as Row[];
    assert.equal(rows.length, 40);
    assert.ok(
      rows.every((r) => typeof r['name'] === 'string' && typeof r['accountid'] === 'string'),
      'accounts, not "part 1"',
    );
    let next = first.next;
    let pages = 1;
    while (next) {
      assert.equal(next.kind, 'fetch');
      if (next.kind === 'fetch') {
        assert.match(next.fetchXml, /paging-cookie="&lt;cookie /, 'the next page is asked with the cookie');
      }
      const page = await nextPage(client, next);
      rows.push(...(page.rows as Row[]));
      next = page.next;
      pages++;
    }
    assert.equal((org.stats.dataverseRequests['POST'] ?? 0) - postsBefore, pages, 'each page inside a $batch (a POST)');
    assert.equal((org.stats.dataverseRequests['GET'] ?? 0) - getsBefore, 0, 'no page as a plain GET');
    const total = Number((await client.send({ path: 'accounts/$count' })).text());
    assert.equal(new Set(rows.map((r) => r['accountid'])).size, total, 'every account once');
    assert.equal(rows.length, total);
    assert.equal(pages, Math.ceil(total / 40));
  });
});
