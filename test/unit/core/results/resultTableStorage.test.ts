// The result table keeps rows by property in compact stores: what it gives back (cells for the grid
// and CSV, records for the JSON tab and export) must be what went in, for every kind of value
// Dataverse sends, across pages and blocks, at a fraction of the memory of objects per cell.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResultTable, type ResultRow } from '../../../../src/core/results/resultTable';

const F = '@OData.Community.Display.V1.FormattedValue';
const L = '@Microsoft.Dynamics.CRM.lookuplogicalname';

/** The cells the table built before it stored rows compactly: one object per cell, from the row as sent. */
function cellsAsBefore(table: ResultTable, row: Record<string, unknown>): ResultRow {
  const cells: ({ raw: unknown; formatted?: string } | undefined)[] = [];
  table.columns.forEach((c, i) => {
    if (!Object.prototype.hasOwnProperty.call(row, c.key)) return;
    const formatted = row[c.key + F];
    cells[i] = typeof formatted === 'string' ? { raw: row[c.key], formatted } : { raw: row[c.key] };
  });
  return cells;
}

function guid(n: number): string {
  const h = n.toString(16).padStart(8, '0');
  return `${h}-7d1c-ef11-a72f-00224806${h.slice(0, 4)}`;
}

/** Accounts as the Web API sends them with annotations, with every kind of JSON value somewhere. */
function accounts(start: number, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, k) => {
    const n = start + k;
    const row: Record<string, unknown> = { '@odata.etag': `W/"${n}"`, accountid: guid(n), name: `Contoso ${n}` };
    if (n % 3 === 0) {
      row[`_primarycontactid_value${F}`] = `Yvonne ${n}`;
      row[`_primarycontactid_value${L}`] = 'contact';
    }
    row._primarycontactid_value = n % 3 === 0 ? guid(n * 7) : null;
    row[`statecode${F}`] = n % 2 ? 'Inactive' : 'Active';
    row.statecode = n % 2;
    row.revenue = n % 5 === 0 ? null : n * 1.25;
    row.bignumber = n % 7 === 0 ? -0 : Number.MAX_SAFE_INTEGER - n;
    row.donotemail = n % 2 === 0;
    row.description =
      n % 11 === 0
        ? `Zürich 東京 🚀 line\n"${n}"`
        : n % 13 === 0
          ? 'lone \ud800 surrogate'
          : `plain ${'x'.repeat(n % 90)}`;
    row.upper = 'ABCDEF00-0000-0000-0000-000000000000';
    if (n % 17 === 0) {
      row.contact_customer_accounts = [{ fullname: `C ${n}`, age: n }, { nested: { deep: [1, null, true] } }];
    }
    if (n % 19 === 0) row.empty = '';
    return row;
  });
}

describe('results: table storage', () => {
  it('gives back the same cells as the rows added, and each row as sent, across pages and blocks', () => {
    const table = new ResultTable();
    const sent: Record<string, unknown>[] = [];
    for (let start = 0; start < 9_500; start += 2_500) {
      const page = accounts(start, Math.min(2_500, 9_500 - start));
      const added = table.addRows(page);
      page.forEach((row, k) => assert.deepEqual(added[k], cellsAsBefore(table, row), `row ${start + k} as added`));
      sent.push(...page);
    }
    assert.equal(table.size, 9_500);
    sent.forEach((row, n) => {
      assert.deepEqual(table.row(n), cellsAsBefore(table, row), `row ${n} read back`);
      assert.deepEqual(table.record(n), row, `record ${n}`);
    });
    assert.deepEqual([...table.rows(9_498)].length, 2);
    assert.ok(Object.is(table.row(0)[table.columns.findIndex((c) => c.key === 'bignumber')]!.raw, -0));
  });

  it('keeps the keys of each record in the order Dataverse sent them, a property sent later included', () => {
    const table = new ResultTable();
    table.addRows([
      { '@odata.etag': 'a', name: 'A', _p_value: null, email: 'x' },
      {
        '@odata.etag': 'b',
        name: 'B',
        [`_p_value${F}`]: 'P',
        [`_p_value${L}`]: 'contact',
        _p_value: guid(1),
        email: 'y',
      },
    ]);
    assert.deepEqual(Object.keys(table.record(1)), [
      '@odata.etag',
      'name',
      `_p_value${F}`,
      `_p_value${L}`,
      '_p_value',
      'email',
    ]);
    assert.deepEqual(Object.keys(table.record(0)), ['@odata.etag', 'name', '_p_value', 'email']);
  });

  it('reads the recorded organizations answer back exactly', () => {
    const body = JSON.parse(
      readFileSync(
        join(__dirname, '../../../fixtures/dataverse/recorded/organizations_with_formattedvalue_annotations.json'),
        'utf8',
      ),
    ) as { value: Record<string, unknown>[] };
    const table = new ResultTable();
    table.addRows(body.value);
    body.value.forEach((row, n) => assert.deepEqual(table.record(n), row));
  });

  it('holds accounts-like rows in under 300 bytes each', () => {
    const table = new ResultTable();
    for (let start = 0; start < 20_000; start += 5_000) {
      table.addRows(accounts(start, 5_000).map(({ description: _d, contact_customer_accounts: _c, ...r }) => r));
    }
    const perRow = table.byteSize / table.size;
    assert.ok(perRow < 300, `${perRow.toFixed(0)} bytes per row`);
  });
});
