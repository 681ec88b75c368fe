// A ResultTable as the results grid shows it: each column, with its formatted twin right after it
// where Dataverse sent formatted values (choices, money, dates, lookups' names) — formatted values
// beside raw ones, as in the CSV export. Objects and arrays (expanded rows) show as JSON text.
//
// Rows travel to the webview as arrays (a 5,000-row page is several MB as objects repeating every
// key). Each grid column reads one slot of the array; slots are handed out once and never move, so
// rows sent before a later page added columns (or formatted values) stay valid.
import * as l10n from '@vscode/l10n';
import type { GridCell, GridColumn, GridRow } from './protocol';
import type { ResultColumn, ResultRow } from './resultTable';

export class GridLayout {
  /** Slot of each column's raw value, by ResultTable column index. */
  private readonly raw: number[] = [];
  /** Slot of each column's formatted value, once it has one. */
  private readonly formatted: (number | undefined)[] = [];
  private next = 0;

  /** A page for the grid: the columns as they are now (new ones get slots) and the rows by slot. */
  page(columns: readonly ResultColumn[], rows: readonly ResultRow[]): { columns: GridColumn[]; rows: GridRow[] } {
    const gridColumns = this.columns(columns);
    return { columns: gridColumns, rows: this.rows(rows) };
  }

  /** The grid's columns in display order, each with its slot (assigning slots to new ones). */
  private columns(columns: readonly ResultColumn[]): GridColumn[] {
    const out: GridColumn[] = [];
    columns.forEach((c, i) => {
      const raw = (this.raw[i] ??= this.next++);
      out.push({
        id: c.key,
        header:
          c.role === 'lookup'
            ? l10n.t({ message: '{0} (id)', args: [c.label], comment: ['{0} is a column'] })
            : c.label,
        property: c.key,
        formatted: false,
        slot: raw,
      });
      if (!c.hasFormatted) return;
      const formatted = (this.formatted[i] ??= this.next++);
      out.push({
        id: `${c.key}@formatted`,
        header:
          c.role === 'lookup'
            ? c.label
            : l10n.t({
                message: '{0} (formatted)',
                args: [c.label],
                comment: ['{0} is a column; its formatted values'],
              }),
        property: c.key,
        formatted: true,
        slot: formatted,
      });
    });
    return out;
  }

  /** Rows as arrays by slot (columns() has given every column of these rows its slots). */
  private rows(rows: readonly ResultRow[]): GridRow[] {
    return rows.map((row) => {
      const out: GridCell[] = [];
      for (let i = 0; i < row.length; i++) {
        const cell = row[i];
        if (!cell) continue;
        out[this.raw[i]!] = plain(cell.raw);
        const slot = this.formatted[i];
        if (slot !== undefined && cell.formatted !== undefined) out[slot] = cell.formatted;
      }
      // Holes become null on the way to the webview; the grid shows both as empty.
      return out;
    });
  }
}

function plain(value: unknown): GridCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
