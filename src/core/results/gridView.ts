// A ResultTable as the results grid shows it: each column, with its formatted twin right after it
// where Dataverse sent formatted values (choices, money, dates, lookups' names) — formatted values
// beside raw ones, as in the CSV export. Objects and arrays (expanded rows) show as JSON text.
import type { GridColumn, GridRow } from './protocol';
import type { ResultColumn, ResultRow } from './resultTable';

export function gridColumns(columns: readonly ResultColumn[]): GridColumn[] {
  const out: GridColumn[] = [];
  for (const c of columns) {
    out.push({ id: c.key, header: c.role === 'lookup' ? `${c.label} (id)` : c.label, property: c.key, formatted: false });
    if (c.hasFormatted) out.push({ id: `${c.key}@formatted`, header: c.role === 'lookup' ? c.label : `${c.label} (formatted)`, property: c.key, formatted: true });
  }
  return out;
}

export function gridRows(columns: readonly ResultColumn[], rows: readonly ResultRow[]): GridRow[] {
  return rows.map((row) => {
    const out: Record<string, string | number | boolean | null> = {};
    columns.forEach((c, i) => {
      const cell = row[i];
      if (!cell) return;
      out[c.key] = plain(cell.raw);
      if (cell.formatted !== undefined) out[`${c.key}@formatted`] = cell.formatted;
    });
    return out;
  });
}

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
