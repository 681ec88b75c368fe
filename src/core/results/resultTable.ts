// Rows of a Web API answer as a grid reads them: one column per property (in first-seen order),
// each cell with the raw value and, where Dataverse sent one, its formatted value; lookups say
// which table they point to. Built page by page, so paging through 100k rows only ever adds.
// Rows are kept by property in compact stores (columnStore.ts), annotations included, so the
// table is the one copy of what was loaded: cells for the grid and CSV, records for JSON.
import { ColumnStore } from './columnStore';

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

/** How a column's cells are read from the stores. */
interface ColumnFields {
  raw?: ColumnStore;
  formatted?: ColumnStore;
}

export class ResultTable {
  readonly columns: ResultColumn[] = [];
  private readonly index = new Map<string, number>();
  private readonly fieldsOf: ColumnFields[] = [];
  /** Every property of the rows, annotations included, by name; `order`: as the rows send them. */
  private readonly fields = new Map<string, ColumnStore>();
  private readonly order: { readonly key: string; readonly store: ColumnStore }[] = [];
  private rowCount = 0;

  get size(): number {
    return this.rowCount;
  }

  /** Bytes the stored rows hold (what the results view's size cap counts). */
  get byteSize(): number {
    let size = 0;
    for (const f of this.order) size += f.store.byteSize;
    return size;
  }

  /** Adds a page of rows; returns them as cells in column order (columns may have grown). */
  addRows(rows: readonly unknown[]): ResultRow[] {
    const out: ResultRow[] = [];
    for (const row of rows) {
      if (!row || typeof row !== 'object' || Array.isArray(row)) continue;
      out.push(this.addRow(row as Record<string, unknown>, this.rowCount++));
    }
    for (const f of this.order) f.store.trim();
    return out;
  }

  /** A stored row as cells in column order, the same cells addRows returned for it. */
  row(n: number): ResultRow {
    const cells: (ResultCell | undefined)[] = [];
    for (let i = 0; i < this.fieldsOf.length; i++) {
      const { raw, formatted } = this.fieldsOf[i]!;
      if (!raw?.has(n)) continue;
      const text = this.columns[i]!.hasFormatted ? formatted?.get(n) : undefined;
      cells[i] = typeof text === 'string' ? { raw: raw.get(n), formatted: text } : { raw: raw.get(n) };
    }
    return cells;
  }

  /** Rows `from` (included) to `to` (excluded) as cells, read one at a time. */
  *rows(from = 0, to = this.rowCount): Generator<ResultRow, void, undefined> {
    for (let n = from; n < Math.min(to, this.rowCount); n++) yield this.row(n);
  }

  /** A stored row as Dataverse sent it (annotations included; keys in the order the rows sent them). */
  record(n: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const { key, store } of this.order) if (store.has(n)) out[key] = store.get(n);
    return out;
  }

  *records(): Generator<Record<string, unknown>, void, undefined> {
    for (let n = 0; n < this.rowCount; n++) yield this.record(n);
  }

  /**
   * One pass over the row's properties: an annotation (`name@…FormattedValue`, `name@…lookuplogicalname`)
   * is read where it stands, instead of looking each annotation name up for every property.
   */
  private addRow(row: Record<string, unknown>, n: number): ResultRow {
    const cells: (ResultCell | undefined)[] = [];
    let formattedOf: Map<string, string> | undefined;
    let previous: string | undefined;
    for (const key in row) {
      const value = row[key];
      this.field(key, previous).set(n, value);
      previous = key;
      const at = key.indexOf('@');
      if (at === -1) {
        const i = this.columnIndex(key);
        this.fieldsOf[i]!.raw ??= this.fields.get(key);
        cells[i] = { raw: value };
        continue;
      }
      if (at === 0 || typeof value !== 'string') continue; // @odata.etag and other row annotations
      const annotation = key.slice(at);
      if (annotation === FORMATTED) (formattedOf ??= new Map()).set(key.slice(0, at), value);
      else if (annotation === LOOKUP_TABLE) this.columns[this.columnIndex(key.slice(0, at))]!.lookupTables.add(value);
    }
    for (const [name, formatted] of formattedOf ?? []) {
      const i = this.index.get(name);
      // A formatted value without its property (never sent by Dataverse) is dropped, as before.
      if (i === undefined || !Object.prototype.hasOwnProperty.call(row, name)) continue;
      this.columns[i]!.hasFormatted = true;
      this.fieldsOf[i]!.formatted ??= this.fields.get(name + FORMATTED);
      cells[i] = { raw: row[name], formatted };
    }
    return cells;
  }

  /** The store of a property; a new one goes right after the property the row sent before it. */
  private field(key: string, previous: string | undefined): ColumnStore {
    const known = this.fields.get(key);
    if (known) return known;
    const store = new ColumnStore();
    this.fields.set(key, store);
    const after = previous === undefined ? -1 : this.order.findIndex((f) => f.key === previous);
    this.order.splice(after + 1, 0, { key, store });
    return store;
  }

  private columnIndex(key: string): number {
    const at = this.index.get(key);
    if (at !== undefined) return at;
    const lookup = /^_(.+)_value$/.exec(key);
    this.index.set(key, this.columns.length);
    this.fieldsOf.push({});
    return (
      this.columns.push({
        key,
        label: lookup ? lookup[1]! : key,
        role: lookup ? 'lookup' : /id$/.test(key) && key !== 'id' ? 'id' : 'value',
        hasFormatted: false,
        lookupTables: new Set(),
      }) - 1
    );
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
