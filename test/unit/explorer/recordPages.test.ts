// The explorer's Records folder reads pages through the shared page reader: fifty rows with their
// formatted names, Load more… by the kept nextLink with the same Prefer, and a nextLink that loops
// or leaves the org stops with a clear error instead of showing the same rows again.
import * as assert from 'node:assert/strict';
import { OrgUrl } from '../../../src/core/org/orgUrl';
import type { TableInfo } from '../../../src/core/metadata/model';
import { ForeignHostError } from '../../../src/core/webapi/client';
import type { ConnectionsService } from '../../../src/connections/connectionsService';
import { RecordPages } from '../../../src/explorer/recordPages';
import { UserError } from '../../../src/core/userError';
import { API, clientWith, FakeHttp, ORG, response } from '../core/webapi/fakes';

const TABLE = {
  logicalName: 'account',
  schemaName: 'Account',
  entitySetName: 'accounts',
  displayName: 'Account',
  primaryIdAttribute: 'accountid',
  primaryNameAttribute: 'name',
  isCustom: false,
  isActivity: false,
  isIntersect: false,
  metadataId: 'm',
} satisfies TableInfo;

function org(): OrgUrl {
  const parsed = OrgUrl.parse(ORG);
  assert.ok(parsed.ok);
  return parsed.value;
}

function recordsOver(http: FakeHttp): RecordPages {
  const client = clientWith(http);
  return new RecordPages({ client: () => client } as unknown as ConnectionsService);
}

const row = (n: number): Record<string, unknown> => ({
  accountid: `00000000-0000-0000-0000-00000000000${n}`,
  name: `Account ${n}`,
});

describe('explorer: record pages', () => {
  it('reads fifty rows with annotations, then Load more… by the nextLink with the same Prefer', async () => {
    const next = `${API}accounts?$select=accountid,name&$skiptoken=1`;
    const http = new FakeHttp([
      response(200, { value: [row(1)], '@odata.nextLink': next }),
      response(200, { value: [row(2)] }),
    ]);
    const records = recordsOver(http);
    const first = await records.list(org(), TABLE);
    assert.deepEqual(first, { rows: [{ id: row(1).accountid, label: 'Account 1' }], more: true });
    await records.loadMore(org(), TABLE);
    const all = await records.list(org(), TABLE);
    assert.deepEqual(
      all.rows.map((r) => r.label),
      ['Account 1', 'Account 2'],
    );
    assert.equal(all.more, false);
    assert.deepEqual(
      http.requests.map((r) => r.url),
      [`${API}accounts?$select=accountid,name`, next],
    );
    for (const r of http.requests) {
      assert.equal(r.headers?.Prefer, 'odata.include-annotations="*",odata.maxpagesize=50');
    }
  });

  it('stops with a clear error when the next page names itself as the next one, keeping the rows shown once', async () => {
    const loop = `${API}accounts?$skiptoken=loop`;
    const http = new FakeHttp(() => response(200, { value: [row(1)], '@odata.nextLink': loop }));
    const records = recordsOver(http);
    await records.list(org(), TABLE);
    await assert.rejects(
      records.loadMore(org(), TABLE),
      (e: unknown) => e instanceof UserError && e.code === 'PAGING_LOOP',
    );
    assert.equal((await records.list(org(), TABLE)).rows.length, 1);
  });

  it('never sends the token to a nextLink on another host', async () => {
    const http = new FakeHttp([
      response(200, { value: [row(1)], '@odata.nextLink': 'https://evil.example/api/data/v9.2/accounts?$skiptoken=1' }),
    ]);
    const records = recordsOver(http);
    await records.list(org(), TABLE);
    await assert.rejects(records.loadMore(org(), TABLE), ForeignHostError);
    assert.equal(http.requests.length, 1);
  });
});
