// Turns a SQL value into what the Web API takes for that column in a JSON body: text as a string,
// numbers as numbers, choices as their integer value (a label is looked up), dates as ISO 8601,
// and lookups as `<navigation property>@odata.bind: "/<entity set>(<id>)"`. Bad values are errors
// that name the column and the row, found before anything is sent.
import * as l10n from '@vscode/l10n';
import type { ColumnInfo, TableDetails } from '../../../metadata/model';
import { DmlError, type SqlLiteral } from './statement';
import { exactNumber } from './exactNumber';

/** Throws the error of a bad value; `message` says it about the column's logical name. */
type Fail = (message: (column: string) => string) => never;

/** What the encoder needs besides the target table's details. */
export interface EncodeContext {
  readonly details: TableDetails;
  /** Entity set of a table by logical name ("account" → "accounts"). */
  readonly entitySetOf: (logicalName: string) => string | undefined;
}

/** A value read from a row (FetchXML answer), with the lookup's table when the row said it. */
export interface ReadValue {
  readonly value: unknown;
  /** For a lookup: @Microsoft.Dynamics.CRM.lookuplogicalname. */
  readonly lookupTable?: string;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const LOOKUP_KINDS = new Set(['lookup', 'customer', 'owner']);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const WRITABLE_KINDS = new Set([
  'string',
  'memo',
  'integer',
  'bigInt',
  'decimal',
  'double',
  'money',
  'boolean',
  'dateTime',
  'choice',
  'multiChoice',
  'state',
  'status',
  'lookup',
  'customer',
  'owner',
  'uniqueIdentifier',
]);

/** The column a statement writes, checked to exist and to take writes of this kind. */
export function writableColumn(ctx: EncodeContext, name: string, mode: 'create' | 'update'): ColumnInfo {
  const table = ctx.details.table.logicalName;
  const column = ctx.details.columns.find((c) => c.logicalName.toLowerCase() === name.toLowerCase());
  if (!column) throw new DmlError(l10n.t('The table {0} has no column "{1}".', table, name), 'sql_dml_column');
  if (!WRITABLE_KINDS.has(column.kind)) {
    throw new DmlError(
      l10n.t('The column {0} ({1}) cannot be set with SQL.', `${table}.${column.logicalName}`, column.kind),
      'sql_dml_column',
    );
  }
  const valid = mode === 'create' ? column.isValidForCreate : column.isValidForUpdate;
  // A lookup is written through its navigation property (checked when encoded), and metadata built
  // from the CSDL (the emulator's) marks the `_x_value` property read-only: its flags are not asked.
  if (!valid && !LOOKUP_KINDS.has(column.kind)) {
    throw new DmlError(
      mode === 'create'
        ? l10n.t('The column {0} cannot be set on insert.', `${table}.${column.logicalName}`)
        : l10n.t('The column {0} cannot be set on update.', `${table}.${column.logicalName}`),
      'sql_dml_column',
    );
  }
  return column;
}

/** Adds the column's value to `body` under the key the Web API expects. */
export function encodeInto(
  body: Record<string, unknown>,
  ctx: EncodeContext,
  column: ColumnInfo,
  input: ReadValue,
  where: string,
): void {
  const fail: Fail = (message) => {
    throw new DmlError(l10n.t('{0}: {1}', where, message(column.logicalName)), 'sql_dml_value');
  };
  const value = input.value;
  if (LOOKUP_KINDS.has(column.kind)) {
    const [key, bound] = lookupBind(ctx, column, input, fail);
    body[key] = bound;
    return;
  }
  body[column.logicalName] = value === null || value === undefined ? null : scalar(ctx, column, value, fail);
}

function scalar(ctx: EncodeContext, column: ColumnInfo, value: unknown, fail: Fail): unknown {
  switch (column.kind) {
    case 'string':
    case 'memo':
      if (typeof value === 'object') return fail((c) => l10n.t('{0} takes text.', c));
      return String(value);
    case 'integer':
    case 'bigInt':
      return integer(value, fail);
    case 'decimal':
    case 'double':
    case 'money':
      return number(value, fail);
    case 'boolean':
      return boolean(value, fail);
    case 'dateTime':
      return dateTime(value, fail);
    case 'choice':
    case 'state':
    case 'status':
      return choice(ctx, column, value, fail);
    case 'multiChoice':
      return String(value)
        .split(',')
        .map((part) => choice(ctx, column, part.trim(), fail))
        .join(',');
    case 'uniqueIdentifier': {
      const id = GUID.exec(String(value));
      return id ? id[1]!.toLowerCase() : fail((c) => l10n.t('{0} takes a GUID, not "{1}".', c, String(value)));
    }
    default:
      return fail((c) => l10n.t('{0} cannot be set with SQL.', c));
  }
}

function number(value: unknown, fail: Fail): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  // Text (an @parameter's value): sent only when the body carries the digits as written.
  const n = typeof value === 'string' ? exactNumber(value) : undefined;
  if (n !== undefined) return n;
  return typeof value === 'string' && Number.isFinite(Number(value)) && value.trim() !== ''
    ? fail((c) =>
        l10n.t(
          '{0}: the number {1} has more digits than can be sent exactly; write it with 15 significant digits or fewer.',
          c,
          value.trim(),
        ),
      )
    : fail((c) => l10n.t('{0} takes a number, not "{1}".', c, String(value)));
}

function integer(value: unknown, fail: Fail): number {
  const n = number(value, fail);
  return Number.isInteger(n) ? n : fail((c) => l10n.t('{0} takes a whole number, not {1}.', c, n));
}

function boolean(value: unknown, fail: Fail): boolean {
  if (typeof value === 'boolean') return value;
  const v = String(value).trim().toLowerCase();
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  return fail((c) => l10n.t('{0} takes {1} or {2}, not "{3}".', c, 'TRUE / FALSE', '1 / 0', String(value)));
}

function dateTime(value: unknown, fail: Fail): string {
  const text = String(value).trim();
  if (DATE_ONLY.test(text) && !Number.isNaN(Date.parse(text))) return text;
  const at = typeof value === 'number' ? NaN : Date.parse(text);
  return Number.isNaN(at)
    ? fail((c) =>
        l10n.t('{0} takes a date such as {1} or {2}, not "{3}".', c, "'2024-05-31'", "'2024-05-31T12:00:00Z'", text),
      )
    : new Date(at).toISOString();
}

function choice(ctx: EncodeContext, column: ColumnInfo, value: unknown, fail: Fail): number {
  if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+$/.test(value.trim()))) {
    return integer(value, fail);
  }
  const options = ctx.details.choices.find(
    (c) =>
      c.columns.includes(column.logicalName) || (column.optionSetName !== undefined && c.name === column.optionSetName),
  )?.options;
  const label = String(value).trim().toLowerCase();
  const match = options?.filter((o) => o.label.toLowerCase() === label) ?? [];
  if (match.length === 1) return match[0]!.value;
  const known = options?.map((o) => `${o.value} ${o.label}`).join(', ');
  return fail((c) =>
    known
      ? l10n.t(
          '{0} takes a choice value (a number) or a label; "{1}" is neither. Its choices: {2}.',
          c,
          String(value),
          known,
        )
      : l10n.t('{0} takes a choice value (a number) or a label; "{1}" is neither.', c, String(value)),
  );
}

function lookupBind(ctx: EncodeContext, column: ColumnInfo, input: ReadValue, fail: Fail): [string, string | null] {
  const targets = column.targets ?? [];
  const relationships = ctx.details.relationships.filter(
    (r) =>
      r.kind === 'manyToOne' &&
      r.lookupColumn?.toLowerCase() === column.logicalName.toLowerCase() &&
      r.navigationProperty,
  );
  const value = input.value;
  let table = input.lookupTable;
  let idText = value === null || value === undefined ? undefined : String(value).trim();
  // 'account(00000000-…)' or 'accounts(…)' names the table of a lookup with several targets.
  const named = idText ? /^([A-Za-z_][\w]*)\s*\(\s*([^)]*)\s*\)$/.exec(idText) : null;
  if (named) {
    const name = named[1]!.toLowerCase();
    table =
      targets.find((t) => t === name || ctx.entitySetOf(t)?.toLowerCase() === name) ??
      fail((c) => l10n.t('{0} cannot point to "{1}"; it points to {2}.', c, named[1]!, targets.join(', ')));
    idText = named[2];
  }
  if (!table) {
    if (targets.length !== 1 && idText !== undefined) {
      return fail((c) =>
        l10n.t('{0} can point to {1}: write the table too, as {2}.', c, targets.join(', '), `'${targets[0]}(<id>)'`),
      );
    }
    table = targets[0];
  }
  const relationship =
    relationships.find((r) => r.relatedTable === table) ?? (idText === undefined ? relationships[0] : undefined);
  if (!relationship) {
    return fail((c) =>
      table
        ? l10n.t('{0} has no navigation property to {1}.', c, table)
        : l10n.t('{0} has no navigation property to its table.', c),
    );
  }
  const key = `${relationship.navigationProperty!}@odata.bind`;
  if (idText === undefined) return [key, null];
  const id = GUID.exec(idText);
  if (!id) return fail((c) => l10n.t('{0} takes the id (a GUID) of a row, not "{1}".', c, idText));
  const set =
    ctx.entitySetOf(table!) ?? fail((c) => l10n.t('{0} points to {1}, whose entity set is unknown.', c, table!));
  return [key, `/${set}(${id[1]!.toLowerCase()})`];
}

export function literalValue(value: SqlLiteral): ReadValue {
  return { value };
}
