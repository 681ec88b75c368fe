// From a SQL write and the rows read for it to the Web API writes that carry it out: one POST per
// inserted row, one PATCH (If-Match: *, so a row deleted meanwhile is not re-created by an upsert)
// or DELETE per matching row, each with its body encoded for its columns and the block's option
// headers. Everything is encoded before the first request goes out, so a bad value stops the
// statement with nothing written.
import * as l10n from '@vscode/l10n';
import { encodeInto, writableColumn, type EncodeContext, type ReadValue } from './encode';
import { DmlError, optionHeaders, type DmlOptions, type DmlStatement, type ValueSource } from './statement';
import { formatCount } from '../../../numberFormat';

export interface WriteOp {
  readonly method: 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the Web API root: "accounts" or "accounts(<id>)". */
  readonly url: string;
  readonly body?: Record<string, unknown>;
  readonly headers: Record<string, string>;
  /** The row in words for the summary: its primary name, else its id, else "row 3". */
  readonly label: string;
}

export type Row = Readonly<Record<string, unknown>>;

const LOOKUP_TABLE = '@Microsoft.Dynamics.CRM.lookuplogicalname';

/** The value of `name` in a FetchXML answer row: "col", "alias.col", or a lookup's "_col_value". */
export function readValue(row: Row, name: string): ReadValue | undefined {
  const keys = Object.keys(row);
  const want = name.toLowerCase();
  const dot = want.lastIndexOf('.');
  const lookupKey = dot < 0 ? `_${want}_value` : `${want.slice(0, dot)}._${want.slice(dot + 1)}_value`;
  const key = keys.find((k) => k.toLowerCase() === want) ?? keys.find((k) => k.toLowerCase() === lookupKey);
  if (key === undefined) return undefined;
  const table = row[`${key}${LOOKUP_TABLE}`];
  return { value: row[key] ?? null, ...(typeof table === 'string' ? { lookupTable: table } : {}) };
}

export interface PlanContext extends EncodeContext {
  readonly options: DmlOptions;
}

/** The writes for `statement`; `rows` are the rows read for an UPDATE, DELETE or INSERT … SELECT. */
export function planWrites(statement: DmlStatement, rows: readonly Row[], ctx: PlanContext): WriteOp[] {
  const table = ctx.details.table;
  const entitySet = table.entitySetName ?? ctx.entitySetOf(table.logicalName);
  if (!entitySet) {
    throw new DmlError(
      l10n.t('The table {0} has no entity set: it cannot be written to.', table.logicalName),
      'sql_dml_table',
    );
  }
  const headers = optionHeaders(ctx.options);
  switch (statement.kind) {
    case 'insertValues': {
      const columns = statement.columns.map((c) => writableColumn(ctx, c, 'create'));
      return statement.rows.map((values, i) => {
        if (values.length !== columns.length) {
          throw new DmlError(valuesMismatch(i + 1, values.length, columns.length), 'sql_dml_values');
        }
        const body: Record<string, unknown> = {};
        columns.forEach((column, c) => encodeInto(body, ctx, column, { value: values[c] }, l10n.t('Row {0}', i + 1)));
        return { method: 'POST', url: entitySet, body, headers, label: labelOf(body, table.primaryNameAttribute, i) };
      });
    }
    case 'insertSelect': {
      if (statement.sources.length !== statement.columns.length) {
        throw new DmlError(
          statement.sources.length === 1
            ? l10n.t(
                'The {0} gives {1} column for {2} in the {3}.',
                'SELECT',
                1,
                formatCount(statement.columns.length),
                'INSERT',
              )
            : l10n.t(
                'The {0} gives {1} columns for {2} in the {3}.',
                'SELECT',
                formatCount(statement.sources.length),
                formatCount(statement.columns.length),
                'INSERT',
              ),
          'sql_dml_values',
        );
      }
      const columns = statement.columns.map((c) => writableColumn(ctx, c, 'create'));
      return rows.map((row, i) => {
        const body: Record<string, unknown> = {};
        columns.forEach((column, c) =>
          encodeInto(body, ctx, column, sourceValue(row, statement.sources[c]!), l10n.t('Row {0}', i + 1)),
        );
        return { method: 'POST', url: entitySet, body, headers, label: labelOf(body, table.primaryNameAttribute, i) };
      });
    }
    case 'update': {
      const columns = statement.set.map((a) => writableColumn(ctx, a.column, 'update'));
      return rows.map((row, i) => {
        const id = rowId(row, table.primaryIdAttribute, i);
        const body: Record<string, unknown> = {};
        const label = rowLabel(row, table.primaryNameAttribute, id);
        columns.forEach((column, c) => encodeInto(body, ctx, column, sourceValue(row, statement.set[c]!.value), label));
        return { method: 'PATCH', url: `${entitySet}(${id})`, body, headers: { ...headers, 'If-Match': '*' }, label };
      });
    }
    case 'delete':
      return rows.map((row, i) => {
        const id = rowId(row, table.primaryIdAttribute, i);
        return {
          method: 'DELETE',
          url: `${entitySet}(${id})`,
          headers,
          label: rowLabel(row, table.primaryNameAttribute, id),
        };
      });
  }
}

function sourceValue(row: Row, source: ValueSource): ReadValue {
  if ('literal' in source) return { value: source.literal };
  const read = readValue(row, source.column);
  if (!read) throw new DmlError(l10n.t('The rows read have no column "{0}".', source.column), 'sql_dml_column');
  return read;
}

function rowId(row: Row, primaryId: string | undefined, i: number): string {
  const value = primaryId ? readValue(row, primaryId)?.value : undefined;
  if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/i.test(value)) {
    throw new DmlError(
      primaryId
        ? l10n.t('Row {0} read for the statement has no id ({1}).', i + 1, primaryId)
        : l10n.t('Row {0} read for the statement has no id (primary key).', i + 1),
      'sql_dml_row',
    );
  }
  return value.toLowerCase();
}

function rowLabel(row: Row, primaryName: string | undefined, id: string): string {
  const name = primaryName ? readValue(row, primaryName)?.value : undefined;
  return typeof name === 'string' && name.trim() ? name : id;
}

function labelOf(body: Record<string, unknown>, primaryName: string | undefined, i: number): string {
  const name = primaryName ? body[primaryName] : undefined;
  return typeof name === 'string' && name.trim() ? name : l10n.t('row {0}', i + 1);
}

/** The writes in groups of `size`, one $batch each. */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** The columns the read must return for `statement`, besides the primary id and name. */
export function columnsToRead(statement: DmlStatement): string[] {
  if (statement.kind === 'update') return statement.set.flatMap((a) => ('column' in a.value ? [a.value.column] : []));
  if (statement.kind === 'insertSelect') return statement.sources.flatMap((s) => ('column' in s ? [s.column] : []));
  return [];
}

/** A VALUES row with the wrong number of values, said with singular and plural as English needs. */
function valuesMismatch(row: number, values: number, columns: number): string {
  if (values === 1) {
    return columns === 1
      ? l10n.t(
          'Row {0} of the {1} has {2} value for {3} column.',
          row,
          'VALUES',
          formatCount(values),
          formatCount(columns),
        )
      : l10n.t(
          'Row {0} of the {1} has {2} value for {3} columns.',
          row,
          'VALUES',
          formatCount(values),
          formatCount(columns),
        );
  }
  return columns === 1
    ? l10n.t(
        'Row {0} of the {1} has {2} values for {3} column.',
        row,
        'VALUES',
        formatCount(values),
        formatCount(columns),
      )
    : l10n.t(
        'Row {0} of the {1} has {2} values for {3} columns.',
        row,
        'VALUES',
        formatCount(values),
        formatCount(columns),
      );
}
