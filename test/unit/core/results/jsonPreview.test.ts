// The JSON tab's text: the answer as sent for one page; every loaded row in one document after
// Next page; never more than the limit, and built without stringifying rows past it.
import assert from 'node:assert/strict';
import { jsonPreview } from '../../../../src/core/results/jsonPreview';

const CONTEXT = 'https://contoso.crm.dynamics.com/api/data/v9.2/$metadata#accounts(name)';
const NEXT =
  'https://contoso.crm.dynamics.com/api/data/v9.2/accounts?$select=name&$skiptoken=%3Ccookie%20pagenumber=%222%22/%3E';

function page(rows: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ '@odata.context': CONTEXT, ...extra, value: rows });
}

describe('core/results/jsonPreview', () => {
  const first = [
    { '@odata.etag': 'W/"1"', name: 'A', accountid: '1' },
    { '@odata.etag': 'W/"2"', name: 'B\n"quoted"', accountid: '2' },
  ];
  const second = [{ '@odata.etag': 'W/"3"', name: 'C', accountid: '3', nested: { a: [1, { b: null }] } }];

  it('shows one page as Dataverse sent it, pretty-printed, next link included', () => {
    const body = page(first, { '@odata.nextLink': NEXT, '@odata.count': 3 });
    const p = jsonPreview(body, first, 1, 1_000_000);
    assert.equal(p.json, JSON.stringify(JSON.parse(body), null, 2));
    assert.equal(p.truncated, false);
  });

  it("after more pages: the first page's annotations without its paging ones, and every loaded row", () => {
    const body = page(first, {
      '@odata.nextLink': NEXT,
      '@odata.count': 3,
      '@Microsoft.Dynamics.CRM.totalrecordcount': 3,
    });
    const p = jsonPreview(body, [...first, ...second], 2, 1_000_000);
    const expected = {
      '@odata.context': CONTEXT,
      '@odata.count': 3,
      '@Microsoft.Dynamics.CRM.totalrecordcount': 3,
      value: [...first, ...second],
    };
    assert.equal(p.json, JSON.stringify(expected, null, 2));
    assert.deepEqual(JSON.parse(p.json), expected);
  });

  it('drops the FetchXML paging cookie and "more records" of the first page once pages are combined', () => {
    const body = page(first, {
      '@Microsoft.Dynamics.CRM.fetchxmlpagingcookie': '<cookie page="1"/>',
      '@Microsoft.Dynamics.CRM.morerecords': true,
    });
    const combined = JSON.parse(jsonPreview(body, [...first, ...second], 2, 1_000_000).json) as Record<string, unknown>;
    assert.deepEqual(Object.keys(combined), ['@odata.context', 'value']);
    const single = JSON.parse(jsonPreview(body, first, 1, 1_000_000).json) as Record<string, unknown>;
    assert.equal(single['@Microsoft.Dynamics.CRM.morerecords'], true);
  });

  it('writes the same text as JSON.stringify for empty, odd and annotation-free collections', () => {
    for (const [body, rows] of [
      [JSON.stringify({ value: [] }), []],
      [JSON.stringify({ value: [null, 1, 'x', [2]] }), [null, 1, 'x', [2]]],
      [page([]), []],
    ] as [string, unknown[]][]) {
      assert.equal(jsonPreview(body, rows, 2, 1_000_000).json, JSON.stringify(JSON.parse(body), null, 2));
    }
  });

  it('shows a single record, an error, a non-JSON body and no body as they are', () => {
    const record = JSON.stringify({ '@odata.context': CONTEXT, accountid: '1', name: 'A' });
    assert.equal(jsonPreview(record, [], 1, 1000).json, JSON.stringify(JSON.parse(record), null, 2));
    assert.deepEqual(jsonPreview('<html>Bad gateway</html>', [], 1, 1000), {
      json: '<html>Bad gateway</html>',
      truncated: false,
    });
    assert.deepEqual(jsonPreview('', [], 1, 1000), { json: '(no body)', truncated: false });
  });

  it('stops at the limit, and does not turn rows past it into text', () => {
    const rows: unknown[] = Array.from({ length: 1000 }, (_, i) => ({ i, name: `row ${i}` }));
    let read = 0;
    // A row read after the text passed the limit would throw.
    const watched = new Proxy(rows, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) {
          read++;
          if (read > 30) throw new Error(`row ${key} was read after the limit`);
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const p = jsonPreview(page(rows.slice(0, 5)), watched, 3, 500);
    assert.equal(p.truncated, true);
    assert.equal(p.json.length, 500);
    assert.ok(p.json.startsWith('{\n  "@odata.context"'));
    const long = jsonPreview('x'.repeat(2000), [], 1, 100);
    assert.deepEqual(long, { json: 'x'.repeat(100), truncated: true });
  });
});
