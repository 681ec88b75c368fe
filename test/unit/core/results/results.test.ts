import * as assert from 'node:assert/strict';
import { csvHeader, writeCsv } from '../../../../src/core/results/csv';
import { ResultTable, rowsOfAnswer } from '../../../../src/core/results/resultTable';
import { snippet, type SnippetRequest } from '../../../../src/core/results/snippets';

const F = '@OData.Community.Display.V1.FormattedValue';
const L = '@Microsoft.Dynamics.CRM.lookuplogicalname';

describe('results: table of rows', () => {
  it('keeps columns in first-seen order, with formatted values and lookup tables', () => {
    const table = new ResultTable();
    const rows = table.addRows([
      { '@odata.etag': 'W/"1"', name: 'A', [`statecode${F}`]: 'Active', statecode: 0, accountid: '1' },
      {
        name: 'B',
        [`_primarycontactid_value${F}`]: 'Yvonne',
        [`_primarycontactid_value${L}`]: 'contact',
        _primarycontactid_value: 'c1',
        accountid: '2',
      },
      'not a row',
    ]);
    assert.equal(table.size, 2);
    assert.deepEqual(
      table.columns.map((c) => [c.key, c.label, c.role, c.hasFormatted]),
      [
        ['name', 'name', 'value', false],
        ['statecode', 'statecode', 'value', true],
        ['accountid', 'accountid', 'id', false],
        ['_primarycontactid_value', 'primarycontactid', 'lookup', true],
      ],
    );
    assert.deepEqual([...table.columns[3]!.lookupTables], ['contact']);
    assert.deepEqual(rows[0], [{ raw: 'A' }, { raw: 0, formatted: 'Active' }, { raw: '1' }]);
    assert.deepEqual(rows[1]![3], { raw: 'c1', formatted: 'Yvonne' });
    assert.equal(rows[1]![1], undefined);
  });

  it('treats a single record or a function answer as one row, other JSON as no table', () => {
    assert.equal(rowsOfAnswer({ '@odata.context': 'x/$metadata#accounts/$entity', name: 'A' })?.length, 1);
    assert.equal(rowsOfAnswer({ value: [1, 2] })?.length, 2);
    assert.equal(rowsOfAnswer({ UserId: 'x' }), undefined);
    assert.equal(
      rowsOfAnswer({ '@odata.context': 'x/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse', UserId: 'x' })?.length,
      1,
    );
    assert.equal(rowsOfAnswer({ '@odata.context': 'x/$metadata#Edm.String', value: 'x' }), undefined);
    assert.equal(rowsOfAnswer('text'), undefined);
  });
});

describe('results: CSV', () => {
  function tableOf(rows: unknown[]) {
    const table = new ResultTable();
    return { table, rows: table.addRows(rows) };
  }

  it('writes a header with formatted columns and quotes what needs quoting', async () => {
    const { table, rows } = tableOf([
      { name: 'Contoso, Ltd', [`statecode${F}`]: 'Active', statecode: 0, note: 'say "hi"\nbye' },
      { name: '=HYPERLINK("x")', statecode: -1, note: null },
    ]);
    assert.deepEqual(csvHeader(table.columns), ['name', 'statecode', 'statecode (formatted)', 'note']);
    let out = '';
    const count = await writeCsv(table.columns, rows, (c) => {
      out += c;
    });
    assert.equal(count, 2);
    assert.equal(
      out,
      'name,statecode,statecode (formatted),note\r\n"Contoso, Ltd",0,Active,"say ""hi""\nbye"\r\n"\'=HYPERLINK(""x"")",-1,,\r\n',
    );
  });

  it('can leave formulas alone and writes in chunks', async () => {
    const { table, rows } = tableOf(Array.from({ length: 2500 }, (_, i) => ({ v: i % 2 ? `+${i}x` : i })));
    const chunks: string[] = [];
    await writeCsv(
      table.columns,
      rows,
      (c) => {
        chunks.push(c);
      },
      { protectFormulas: false, chunkRows: 1000, newline: '\n' },
    );
    assert.equal(chunks.length, 4);
    assert.ok(chunks.join('').includes('\n+1x\n'));
  });

  it("reads rows from an async iterable as from an array, every line with the header's cells", async () => {
    const table = new ResultTable();
    const first = table.addRows([
      { name: 'A', statecode: 0 },
      { name: 'B, C', statecode: 1 },
    ]);
    let fromArray = '';
    await writeCsv(
      table.columns,
      first,
      (c) => {
        fromArray += c;
      },
      { chunkRows: 1 },
    );
    let fromPages = '';
    const pages = async function* () {
      yield* first;
      // A page that arrives during the export adds a formatted value and a column the header has not got.
      yield* table.addRows([{ name: 'D', [`statecode${F}`]: 'Active', statecode: 0, extra: 'x' }]);
    };
    const count = await writeCsv(
      table.columns,
      pages(),
      (c) => {
        fromPages += c;
      },
      { chunkRows: 1 },
    );
    assert.equal(count, 3);
    assert.equal(fromPages, `${fromArray}D,0\r\n`);
  });
});

describe('results: copy as code', () => {
  const get: SnippetRequest = {
    method: 'GET',
    url: 'https://org.crm.dynamics.com/api/data/v9.2/accounts?$select=name,revenue&$top=3&$expand=primarycontactid($select=fullname)',
    headers: { Authorization: 'Bearer SECRET', Prefer: 'odata.include-annotations="*"' },
  };
  const patch: SnippetRequest = {
    method: 'PATCH',
    url: 'https://org.crm.dynamics.com/api/data/v9.2/accounts(00000000-0000-0000-0000-000000000001)',
    headers: { 'Content-Type': 'application/json' },
    body: '{"name":"It\'s"}',
  };
  const logical = (set: string) => (({ accounts: 'account' }) as Record<string, string>)[set];

  it('never includes the token', () => {
    for (const kind of ['curl', 'fetch', 'xrm', 'dynamicsWebApi'] as const) {
      for (const req of [get, patch]) assert.ok(!snippet(kind, req, logical).includes('SECRET'), kind);
    }
  });

  it('curl quotes for the shell', () => {
    const text = snippet('curl', patch);
    assert.match(text, /^curl -X PATCH 'https:\/\/org\.crm\.dynamics\.com\/api\/data\/v9\.2\/accounts\([0-9-]+\)'/);
    assert.ok(text.includes(`--data-raw '{"name":"It'\\''s"}'`));
    assert.ok(text.includes(`"$TOKEN"`));
  });

  it('Xrm.WebApi uses logical names and the record calls', () => {
    assert.equal(
      snippet('xrm', get, logical).split('\n')[0],
      'const result = await Xrm.WebApi.retrieveMultipleRecords("account", "?$select=name,revenue&$top=3&$expand=primarycontactid($select=fullname)");',
    );
    assert.match(
      snippet('xrm', patch, logical),
      /Xrm\.WebApi\.updateRecord\("account", "00000000-0000-0000-0000-000000000001", \{\n {2}"name": "It's"\n\}\);/,
    );
    assert.match(
      snippet('xrm', { ...get, url: 'https://org.crm.dynamics.com/api/data/v9.2/WhoAmI' }, logical),
      /getClientUrl\(\)/,
    );
  });

  it('dynamics-web-api gets options as the library names them', () => {
    const text = snippet('dynamicsWebApi', get);
    assert.ok(
      text.includes(
        'api.retrieveMultiple({ collection: "accounts", select: ["name","revenue"], top: 3, expand: [{ property: "primarycontactid", select: ["fullname"] }] })',
      ),
      text,
    );
    assert.ok(
      snippet('dynamicsWebApi', patch).includes(
        'api.update({ collection: "accounts", key: "00000000-0000-0000-0000-000000000001", data: {',
      ),
    );
  });

  it('fetch keeps the body as JSON', () => {
    const text = snippet('fetch', patch);
    assert.ok(text.includes('method: "PATCH"'));
    assert.ok(text.includes('"Authorization": `Bearer ${token}`'));
    assert.ok(text.includes('body: JSON.stringify({'));
  });
});
