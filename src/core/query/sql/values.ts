// Literal values of conditions, checked against the column they are compared with and written as
// FetchXML expects them: numbers as written, dates with an explicit UTC offset, GUIDs and strings as is.
import * as l10n from '@vscode/l10n';
import type { ColumnInfo, ColumnKind } from '../../metadata/model';
import type { SqlExpr } from './ast';
import type { Ctx } from './scope';

const NUMERIC: ReadonlySet<ColumnKind> = new Set(['integer', 'bigInt', 'decimal', 'double', 'money']);
const INTEGER: ReadonlySet<ColumnKind> = new Set(['integer', 'bigInt', 'choice', 'state', 'status', 'boolean']);
const GUID: ReadonlySet<ColumnKind> = new Set(['lookup', 'customer', 'owner', 'uniqueIdentifier']);
const GUID_RE = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Whether an expression is a value the translator can put in a condition. */
export function isValueExpr(e: SqlExpr): boolean {
  return (
    e.type === 'string' ||
    e.type === 'number' ||
    e.type === 'param' ||
    e.type === 'null' ||
    (e.type === 'unary' && e.operand.type === 'number') ||
    (e.type === 'cast' && e.operand.type === 'string')
  );
}

/** The literal's text, or undefined (after a diagnostic) when it is not a value or does not fit the column. */
export function valueText(ctx: Ctx, e: SqlExpr, column: ColumnInfo | undefined): string | null | undefined {
  let raw: string | number | boolean | null;
  let isString: boolean;
  switch (e.type) {
    case 'string':
      raw = e.value;
      isString = true;
      break;
    case 'number':
      raw = e.text;
      isString = false;
      break;
    case 'unary':
      if (e.operand.type !== 'number') return notValue(ctx, e);
      raw = `${e.op === '-' ? '-' : ''}${e.operand.text}`;
      isString = false;
      break;
    case 'cast':
      if (e.operand.type !== 'string') return notValue(ctx, e);
      return valueText(ctx, e.operand, column);
    case 'null':
      return null;
    case 'param': {
      const p = ctx.param(e.name);
      if (!p.found) {
        ctx.error(
          'sql-parameter',
          l10n.t('No value for @{0}: define it as a variable of the scratchpad (@{1} = …).', e.name, e.name),
          e.span,
        );
        return undefined;
      }
      if (p.value === null || p.value === undefined) return null;
      if (typeof p.value === 'boolean') raw = p.value ? '1' : '0';
      else raw = String(p.value);
      isString = typeof p.value === 'string' && !/^-?\d+(\.\d+)?$/.test(p.value);
      break;
    }
    default:
      return notValue(ctx, e);
  }
  const text = String(raw);
  return column ? checked(ctx, e, text, isString, column) : text;
}

function notValue(ctx: Ctx, e: SqlExpr): undefined {
  ctx.error(
    'sql-unsupported',
    l10n.t('FetchXML compares a column with a literal value, a @parameter or another column only.'),
    e.span,
  );
  return undefined;
}

function checked(ctx: Ctx, e: SqlExpr, text: string, isString: boolean, column: ColumnInfo): string | undefined {
  const kind = column.kind;
  const bad = (message: string): undefined => {
    ctx.error('sql-type', message, e.span);
    return undefined;
  };
  if (INTEGER.has(kind)) {
    return /^-?\d+$/.test(text)
      ? text
      : bad(
          kind === 'boolean'
            ? l10n.t('{0} is a Yes/No column (0 or 1); "{1}" is not one.', column.logicalName, text)
            : l10n.t('{0} is a whole number; "{1}" is not one.', column.logicalName, text),
        );
  }
  if (NUMERIC.has(kind)) {
    return /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)
      ? text
      : bad(l10n.t('{0} is a number; "{1}" is not one.', column.logicalName, text));
  }
  if (GUID.has(kind)) {
    return GUID_RE.test(text)
      ? text.replace(/[{}]/g, '')
      : bad(l10n.t('{0} is a unique identifier (GUID); "{1}" is not one.', column.logicalName, text));
  }
  if (kind === 'dateTime') {
    return (
      dateValue(text) ??
      bad(
        l10n.t(
          '{0} is a date and time ({1} or {2}); "{3}" is not one.',
          column.logicalName,
          "'2024-01-31'",
          "'2024-01-31T13:45:00Z'",
          text,
        ),
      )
    );
  }
  if (!isString && (kind === 'string' || kind === 'memo')) return text;
  return text;
}

/** A date literal with an explicit offset: values without one are taken as UTC, as the Web API returns them. */
export function dateValue(text: string, dateOnly = false): string | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  if (dateOnly) return h === undefined ? `${y}-${mo}-${d}` : undefined;
  if (h === undefined) return `${y}-${mo}-${d}T00:00:00Z`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return undefined;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone ?? 'Z'}`;
}
