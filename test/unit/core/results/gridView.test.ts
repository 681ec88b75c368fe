// Rows as arrays for the results grid: every column reads its own slot, slots never move when later
// pages add columns or formatted values, and the formatted twin follows its column.
import assert from 'node:assert/strict';
import { GridLayout } from '../../../../src/core/results/gridView';
import type { GridColumn } from '../../../../src/core/results/protocol';
import { ResultTable } from '../../../../src/core/results/resultTable';

const F = '@OData.Community.Display.V1.FormattedValue';

/** A row as the grid shows it: header → value, through the columns' slots. */
function view(columns: readonly GridColumn[], row: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c.header, row[c.slot] ?? null]));
}

describe('core/results/gridView', () => {
  it('lays out columns with formatted twins after them and rows as arrays by slot', () => {
    const table = new ResultTable();
    const layout = new GridLayout();
    const {
      columns,
      rows: [row],
    } = layout.page(
      table.columns,
      table.addRows([
        {
          name: 'A',
          [`statecode${F}`]: 'Active',
          statecode: 0,
          _primarycontactid_value: 'c1',
          [`_primarycontactid_value${F}`]: 'Yvonne',
          extra: { a: 1 },
        },
      ]),
    );
    assert.deepEqual(
      columns.map((c) => c.header),
      ['name', 'statecode', 'statecode (formatted)', 'primarycontactid (id)', 'primarycontactid', 'extra'],
    );
    assert.deepEqual(view(columns, row!), {
      name: 'A',
      statecode: 0,
      'statecode (formatted)': 'Active',
      'primarycontactid (id)': 'c1',
      primarycontactid: 'Yvonne',
      extra: '{"a":1}',
    });
  });

  it('keeps earlier rows readable when a later page adds a column or a formatted value', () => {
    const table = new ResultTable();
    const layout = new GridLayout();
    const first = layout.page(table.columns, table.addRows([{ name: 'A', revenue: 5 }])).rows;
    const { columns, rows: second } = layout.page(
      table.columns,
      table.addRows([{ name: 'B', revenue: 7, [`revenue${F}`]: '$7.00', city: 'Oslo' }]),
    );
    assert.deepEqual(
      columns.map((c) => c.header),
      ['name', 'revenue', 'revenue (formatted)', 'city'],
    );
    assert.deepEqual(view(columns, first[0]!), { name: 'A', revenue: 5, 'revenue (formatted)': null, city: null });
    assert.deepEqual(view(columns, second[0]!), {
      name: 'B',
      revenue: 7,
      'revenue (formatted)': '$7.00',
      city: 'Oslo',
    });
    assert.equal(new Set(columns.map((c) => c.slot)).size, columns.length, 'one slot per column');
  });

  it('is much smaller on the wire than one object per row', () => {
    const table = new ResultTable();
    const layout = new GridLayout();
    const page = Array.from({ length: 500 }, (_, i) => ({
      accountid: `id-${i}`,
      name: `Account ${i}`,
      telephone1: '555',
      revenue: i,
      [`revenue${F}`]: `$${i}.00`,
    }));
    const asArrays = JSON.stringify(layout.page(table.columns, table.addRows(page)).rows).length;
    assert.ok(asArrays < JSON.stringify(page).length * 0.6, `${asArrays} characters as arrays`);
  });
});
