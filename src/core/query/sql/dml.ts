// What INSERT, UPDATE and DELETE read before they write: the rows an UPDATE or DELETE matches
// (primary key, primary name, and the columns its SET values take from joined tables) as one
// FetchXML query, and the target columns checked against metadata (exist, writable).
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import type {
  ColumnExpr,
  DeleteStatement,
  Ident,
  InsertStatement,
  SelectItem,
  SelectStatement,
  SqlExpr,
  UpdateStatement,
} from './ast';
import type { SqlDiagnostic, SqlParams, SqlTranslation } from './api';
import { Ctx, columnOf, resolveTable } from './scope';
import { translateSelect } from './translate';
import { closest } from '../syntax/names';
import { formatCount } from '../../numberFormat';

/**
 * For UPDATE and DELETE: the FetchXML that reads the matching rows (count them, confirm, then write
 * by primary key); for INSERT … SELECT: the SELECT's FetchXML; for INSERT … VALUES: only the checks.
 */
export function translateTargetRows(
  stmt: UpdateStatement | DeleteStatement | InsertStatement,
  metadata: MetadataSnapshot,
  params: SqlParams = {},
): SqlTranslation & { readonly target?: string } {
  const ctx = new Ctx(metadata, params);
  if (stmt.type === 'insert') return insert(ctx, stmt, metadata, params);
  const select = selectOf(ctx, stmt);
  if (!select) return { diagnostics: ctx.diagnostics, aggregate: false, columns: [], single: false };
  const t = translateSelect(select.statement, metadata, params);
  const diagnostics: SqlDiagnostic[] = [
    ...ctx.diagnostics,
    ...t.diagnostics.filter((d) => d.code !== 'sql-limit' || d.severity !== 'info'),
  ];
  const failed = diagnostics.some((d) => d.severity === 'error');
  return { ...t, ...(failed ? { fetchXml: undefined } : {}), diagnostics, target: select.target };
}

function insert(
  ctx: Ctx,
  stmt: InsertStatement,
  metadata: MetadataSnapshot,
  params: SqlParams,
): SqlTranslation & { target?: string } {
  const entry = resolveTable(ctx, stmt.table);
  if (entry) {
    for (const c of stmt.columns) writable(ctx, entry.details, c, 'create');
    if (stmt.columns.length === 0) {
      ctx.error(
        'sql-unsupported',
        l10n.t('Name the columns to insert: {0}.', 'INSERT INTO table (column, …)'),
        stmt.table.span,
      );
    }
    for (const row of stmt.rows ?? []) {
      if (stmt.columns.length > 0 && row.length !== stmt.columns.length) {
        const span = row.length ? { start: row[0]!.span.start, end: row[row.length - 1]!.span.end } : stmt.span;
        ctx.error(
          'sql-unsupported',
          l10n.t('This row has {0} values for {1} columns.', formatCount(row.length), formatCount(stmt.columns.length)),
          span,
        );
      }
    }
  }
  if (stmt.select) {
    if (
      stmt.select.columns.length !== stmt.columns.length &&
      stmt.select.columns.every((c) => c.expr.type !== 'star')
    ) {
      ctx.error(
        'sql-unsupported',
        l10n.t(
          'The {0} returns {1} columns for {2}.',
          'SELECT',
          formatCount(stmt.select.columns.length),
          formatCount(stmt.columns.length),
        ),
        stmt.select.span,
      );
    }
    const t = translateSelect(stmt.select, metadata, params);
    const diagnostics = [...ctx.diagnostics, ...t.diagnostics];
    const failed = diagnostics.some((d) => d.severity === 'error');
    return {
      ...t,
      ...(failed ? { fetchXml: undefined } : {}),
      diagnostics,
      ...(entry ? { target: entry.table.logicalName } : {}),
    };
  }
  return {
    diagnostics: ctx.diagnostics,
    aggregate: false,
    columns: [],
    single: false,
    ...(entry ? { target: entry.table.logicalName } : {}),
  };
}

function writable(ctx: Ctx, details: Parameters<typeof columnOf>[0], name: Ident, mode: 'create' | 'update'): void {
  if (!name.name) return;
  const column = columnOf(details, name.name);
  if (!column) {
    const suggestions = closest(
      name.name,
      details.columns.map((c) => c.logicalName),
    );
    ctx.error(
      'sql-unknown-column',
      suggestions.length
        ? l10n.t('No column "{0}" in {1}. Did you mean "{2}"?', name.name, details.table.logicalName, suggestions[0]!)
        : l10n.t('No column "{0}" in {1}.', name.name, details.table.logicalName),
      name.span,
      suggestions,
    );
    return;
  }
  const ok = mode === 'create' ? column.isValidForCreate : column.isValidForUpdate;
  if (!ok) {
    ctx.error(
      'sql-type',
      l10n.t('{0} cannot be set on {1}: Dataverse computes it.', column.logicalName, mode),
      name.span,
    );
  }
}

function col(table: Ident, name: string): ColumnExpr {
  const span = table.span;
  return { type: 'column', span, table, column: { name, quoted: false, span } };
}

/** The SELECT an UPDATE or DELETE reads its rows with, rooted at its target. */
function selectOf(
  ctx: Ctx,
  stmt: UpdateStatement | DeleteStatement,
): { statement: SelectStatement; target: string } | undefined {
  const from = stmt.from ?? stmt.target;
  const targetName = stmt.target.table.name.toLowerCase();
  const rootKey = (from.alias?.name ?? from.table.name).toLowerCase();
  if (stmt.from && targetName !== rootKey && targetName !== from.table.name.toLowerCase()) {
    ctx.error(
      'sql-unsupported',
      l10n.t(
        '{0} changes the first table after {1} ({2}): name it here.',
        stmt.type.toUpperCase(),
        'FROM',
        from.alias?.name ?? from.table.name,
      ),
      stmt.target.table.span,
    );
    return undefined;
  }
  const entry = resolveTable(ctx, from);
  if (!entry) return undefined;
  const aliasIdent: Ident = from.alias ?? from.table;
  const items: SelectItem[] = [];
  const pid = entry.table.primaryIdAttribute;
  if (pid) items.push({ span: stmt.target.span, expr: col(aliasIdent, pid) });
  if (entry.table.primaryNameAttribute) {
    items.push({ span: stmt.target.span, expr: col(aliasIdent, entry.table.primaryNameAttribute) });
  }
  if (stmt.type === 'update') {
    if (stmt.set.length === 0) {
      ctx.error('sql-unsupported', l10n.t('{0} needs {1}.', 'UPDATE', 'SET column = value'), stmt.span);
    }
    for (const a of stmt.set) {
      if (a.column.table && a.column.table.name.toLowerCase() !== rootKey) {
        ctx.error(
          'sql-unsupported',
          l10n.t('{0} changes columns of {1} only.', 'SET', entry.alias),
          a.column.table.span,
        );
      }
      writable(ctx, entry.details, a.column.column, 'update');
      for (const c of columnsIn(a.value)) items.push({ span: c.span, expr: c });
    }
  }
  const statement: SelectStatement = {
    type: 'select',
    span: stmt.span,
    distinct: false,
    ...(stmt.top ? { top: stmt.top } : {}),
    columns: items,
    from,
    joins: stmt.joins,
    ...(stmt.where ? { where: stmt.where } : {}),
    groupBy: [],
    orderBy: [],
    refused: [],
  };
  return { statement, target: entry.table.logicalName };
}

/** The column references in a SET value (computed values are for the DML runner to refuse or evaluate). */
export function columnsIn(e: SqlExpr): ColumnExpr[] {
  switch (e.type) {
    case 'column':
      return [e];
    case 'arithmetic':
      return [...columnsIn(e.left), ...columnsIn(e.right)];
    case 'unary':
      return columnsIn(e.operand);
    case 'call':
      return e.args.flatMap(columnsIn);
    case 'cast':
      return columnsIn(e.operand);
    default:
      return [];
  }
}
