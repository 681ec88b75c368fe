// A converted query returns the same rows as its source: each FetchXML of the corpus runs against the
// emulator, then as the OData it converts to (and back to FetchXML again); each OData query runs, then
// as the FetchXML it converts to. Rows are compared by their column values, in order when ordered.
import * as assert from 'node:assert/strict';
import { fetchXmlToOData } from '../../../../../src/core/query/convert/fetchToOData';
import { odataToFetchXml } from '../../../../../src/core/query/convert/odataToFetch';
import { snapshotSource } from '../../../../../src/core/query/convert/conversion';
import { encodeTarget } from '../../../../../src/core/query/run/urlEncoding';
import { startTestOrg, type TestOrg } from '../../../../emulator/test/support/dataverse-server';
import { csdlSnapshot } from '../csdlSnapshot';
import { FETCH_CORPUS, ODATA_CORPUS } from './corpus';

type Row = Record<string, unknown>;
const source = snapshotSource(csdlSnapshot());

/** A row as `key=value` strings: `_x_value` read as x, `alias.col` and nested `{col}` as `*.col`, nulls left out. */
function flatten(row: Row): Map<string, string> {
  const out = new Map<string, string>();
  const put = (k: string, v: unknown): void => {
    if (k.includes('@') || v === null || v === undefined) return;
    out.set(k.replace(/^_(.*)_value$/, '$1'), typeof v === 'string' ? v.toLowerCase() : JSON.stringify(v));
  };
  for (const [k, v] of Object.entries(row)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [nk, nv] of Object.entries(v as Row)) put(`*.${nk}`, nv);
    } else put(k.includes('.') ? `*.${k.slice(k.indexOf('.') + 1)}` : k, v);
  }
  return out;
}

function keysOf(rows: Map<string, string>[]): Set<string> {
  return new Set(rows.flatMap((r) => [...r.keys()]));
}

/** The rows as comparable strings over the columns both results have; sorted unless the query orders them. */
function canonical(rows: Map<string, string>[], keys: string[], ordered: boolean, valuesOnly: boolean): string[] {
  const lines = rows.map((r) =>
    valuesOnly ? [...r.values()].sort().join('|') : keys.map((k) => `${k}=${r.get(k) ?? ''}`).join('|'),
  );
  return ordered ? lines : lines.sort();
}

describe('conversions return the same rows as their source (emulator)', function () {
  this.timeout(60_000);
  let org: TestOrg;
  const get = async (path: string): Promise<Row[]> => {
    const res = await fetch(`${org.url}/api/data/v9.2/${path}`, {
      headers: { Authorization: 'Bearer good:convert', Accept: 'application/json' },
    });
    const body = (await res.json()) as Row;
    assert.equal(res.status, 200, `${path}\n${JSON.stringify(body)}`);
    return body['value'] as Row[];
  };
  const runFetch = (xml: string): Promise<Row[]> => {
    const entity = /<entity name="([^"]+)"/.exec(xml)?.[1] ?? /<entity name='([^']+)'/.exec(xml)![1]!;
    const set = csdlSnapshot().tableByLogicalName(entity)!.entitySetName!;
    return get(`${set}?fetchXml=${encodeURIComponent(xml)}`);
  };
  const runOData = (request: string): Promise<Row[]> => {
    const [line] = request.split('\n');
    return get(encodeTarget(line!.replace(/^GET\s+/, '')));
  };
  const same = (a: Row[], b: Row[], ordered: boolean, valuesOnly: boolean, what: string): void => {
    const fa = a.map(flatten);
    const fb = b.map(flatten);
    const ka = keysOf(fa);
    const kb = keysOf(fb);
    const common = [...ka].filter((k) => kb.has(k)).sort();
    const rootOnly = [...ka].filter((k) => !k.startsWith('*.') && !kb.has(k));
    if (!valuesOnly) assert.deepEqual(rootOnly, [], `${what}: columns missing from the conversion`);
    assert.equal(b.length, a.length, `${what}: row count`);
    assert.deepEqual(canonical(fb, common, ordered, valuesOnly), canonical(fa, common, ordered, valuesOnly), what);
  };

  before(async () => {
    org = await startTestOrg({ accountRecords: 150 });
    const post = (set: string, body: Row): Promise<Response> =>
      fetch(`${org.url}/api/data/v9.2/${set}`, {
        method: 'POST',
        headers: { Authorization: 'Bearer good:convert', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const day = 86_400_000;
    const names = ['Pct 50% off', 'Under_score Ltd', 'Bracket [a] Inc', "O'Brien & Sons", 'Same Numbers'];
    for (const [i, name] of names.entries()) {
      await post('accounts', {
        name,
        revenue: 100 * (i + 1),
        creditlimit: i === 4 ? 500 : 300,
        address1_city: i % 2 ? 'Redmond' : 'Seattle',
        lastusedincampaign: new Date(Date.now() - (i * 20 + 2) * day).toISOString(),
      });
    }
  });
  after(async () => {
    await org.close();
  });

  for (const c of FETCH_CORPUS) {
    it(`FetchXML → OData → FetchXML: ${c.name}`, async () => {
      const rows = await runFetch(c.fetch);
      assert.ok(rows.length > 0, `${c.name}: the source returns rows`);
      const odata = await fetchXmlToOData(c.fetch, source);
      assert.ok(odata.ok, odata.ok ? '' : odata.reason);
      if (c.odata) assert.equal(odata.text, c.odata);
      same(rows, await runOData(odata.text), !!c.ordered, !!c.aggregate, `${c.name} as OData`);
      const back = await odataToFetchXml(odata.text.split('\n')[0]!, source);
      assert.ok(back.ok, back.ok ? '' : back.reason);
      same(rows, await runFetch(back.text), !!c.ordered, !!c.aggregate, `${c.name} back as FetchXML`);
    });
  }

  for (const c of ODATA_CORPUS) {
    it(`OData → FetchXML: ${c.name}`, async () => {
      const rows = await runOData(c.odata);
      assert.ok(rows.length > 0, `${c.name}: the source returns rows`);
      const fetchXml = await odataToFetchXml(c.odata, source);
      assert.ok(fetchXml.ok, fetchXml.ok ? '' : fetchXml.reason);
      same(rows, await runFetch(fetchXml.text), !!c.ordered, !!c.aggregate, `${c.name} as FetchXML`);
    });
  }
});
