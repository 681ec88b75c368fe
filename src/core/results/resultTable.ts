// Rows of a Web API answer as a grid reads them: one column per property (in first-seen order),
// each cell with the raw value and, where Dataverse sent one, its formatted value; lookups say
// which table they point to. Built page by page, so paging through 100k rows only ever adds.

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const LOOKUP_TABLE = '@Microsoft.Dynamics.CRM.lookuplogicalname';

export type ColumnRole = 'value' | 'lookup' | 'id';

export interface ResultColumn {
  /** The property name as sent (e.g. `_primarycontactid_value`). */
  readonly key: string;
  /** What people call it: `primarycontactid` for `_primarycontactid_value`. */
  readonly label: string;
  readonly role: ColumnRole;
  /** Some row had a formatted value for it (choices, money, dates, lookups' names). */
  hasFormatted: boolean;
  /** For lookups: the tables seen in `lookuplogicalname`. */
  readonly lookupTables: Set<string>;
}

export interface ResultCell {
  readonly raw: unknown;
  readonly formatted?: string;
}

export type ResultRow = readonly (ResultCell | undefined)[];

export class ResultTable {
  readonly columns: ResultColumn[] = [];
  private readonly index = new Map<string, number>();
  private rowCount = 0;

  get size(): number {
    return this.rowCount;
  }

  /** Adds a page of rows; returns them as cells in column order (columns may have grown). */
  addRows(rows: readonly unknown[]): ResultRow[] {
    const out: ResultRow[] = [];
    for (const row of rows) {
      if (!row || typeof row !== 'object' || Array.isArray(row)) continue;
      out.push(this.addRow(row as Record<string, unknown>));
    }
    this.rowCount += out.length;
    return out;
  }

  /**
   * One pass over the row's properties: an annotation (`name@…FormattedValue`, `name@…lookuplogicalname`)
   * is read where it stands, instead of looking each annotation name up for every property.
   */
  private addRow(row: Record<string, unknown>): ResultRow {
    const cells: (ResultCell | undefined)[] = [];
    let formattedOf: Map<string, string> | undefined;
    for (const key in row) {
      const at = key.indexOf('@');
      if (at === -1) {
        this.columnFor(key);
        cells[this.index.get(key)!] = { raw: row[key] };
        continue;
      }
      if (at === 0) continue; // @odata.etag and other row annotations
      const value = row[key];
      if (typeof value !== 'string') continue;
      const annotation = key.slice(at);
      if (annotation === FORMATTED) (formattedOf ??= new Map()).set(key.slice(0, at), value);
      else if (annotation === LOOKUP_TABLE) this.columnFor(key.slice(0, at)).lookupTables.add(value);
    }
    for (const [name, formatted] of formattedOf ?? []) {
      const i = this.index.get(name);
      // A formatted value without its property (never sent by Dataverse) is dropped, as before.
      if (i === undefined || !Object.prototype.hasOwnProperty.call(row, name)) continue;
      this.columns[i]!.hasFormatted = true;
      cells[i] = { raw: row[name], formatted };
    }
    return cells;
  }

  private columnFor(key: string): ResultColumn {
    const at = this.index.get(key);
    if (at !== undefined) return this.columns[at]!;
    const lookup = /^_(.+)_value$/.exec(key);
    const column: ResultColumn = {
      key,
      label: lookup ? lookup[1]! : key,
      role: lookup ? 'lookup' : /id$/.test(key) && key !== 'id' ? 'id' : 'value',
      hasFormatted: false,
      lookupTables: new Set(),
    };
    this.index.set(key, this.columns.length);
    this.columns.push(column);
    return column;
  }
}

/** Whether an answer body is a collection (`value` array) and its rows. */
export function rowsOf(body: unknown): unknown[] | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as { value?: unknown }).value;
  return Array.isArray(value) ? value : undefined;
}

/**
 * A collection; a single record (GET entityset(id), context `…/$entity`) or a function's answer
 * (`#Microsoft.Dynamics.CRM.WhoAmIResponse`) as one row; other JSON is not a table.
 */
export function rowsOfAnswer(body: unknown): unknown[] | undefined {
  const rows = rowsOf(body);
  if (rows) return rows;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const context = (body as { '@odata.context'?: unknown })['@odata.context'];
  if (typeof context !== 'string') return undefined;
  const fragment = context.slice(context.indexOf('#') + 1);
  return fragment.endsWith('/$entity') || /^Microsoft\.Dynamics\.CRM\.\w+$/.test(fragment) ? [body] : undefined;
}
