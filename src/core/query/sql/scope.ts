// Names in a statement, resolved against metadata: the tables in scope (FROM, JOIN, targets) by
// alias, and columns by `alias.column` or a bare name. Unknown names become diagnostics with the
// closest known names, for quick fixes.
import * as l10n from '@vscode/l10n';
import type { ColumnInfo, MetadataSnapshot, TableDetails, TableInfo } from '../../metadata/model';
import { closest } from '../syntax/names';
import type { ColumnExpr, Ident, Span, SqlExpr, SqlStatement, TableRef } from './ast';
import type { SqlDiagnostic, SqlDiagnosticCode, SqlParamValue, SqlParams } from './api';

/** Collects diagnostics for one translation, and holds what every part of it reads. */
export class Ctx {
  readonly diagnostics: SqlDiagnostic[] = [];
  /** Aliases of tables already reported (unknown table, failed join): their columns are not reported again. */
  readonly quietAliases = new Set<string>();
  constructor(
    readonly metadata: MetadataSnapshot,
    readonly params: SqlParams,
  ) {}

  error(code: SqlDiagnosticCode, message: string, span: Span, suggestions?: readonly string[]): void {
    this.push('error', code, message, span, suggestions);
  }

  push(
    severity: SqlDiagnostic['severity'],
    code: SqlDiagnosticCode,
    message: string,
    span: Span,
    suggestions?: readonly string[],
  ): void {
    this.diagnostics.push({ code, severity, message, span, ...(suggestions?.length ? { suggestions } : {}) });
  }

  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  param(name: string): { found: boolean; value?: SqlParamValue } {
    const key = Object.keys(this.params).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? { found: false } : { found: true, value: this.params[key] };
  }
}

const columnMaps = new WeakMap<TableDetails, Map<string, ColumnInfo>>();

export function columnOf(details: TableDetails, name: string): ColumnInfo | undefined {
  let map = columnMaps.get(details);
  if (!map) {
    map = new Map(details.columns.map((c) => [c.logicalName.toLowerCase(), c]));
    columnMaps.set(details, map);
  }
  return map.get(name.toLowerCase());
}

/** A table in scope, resolved. */
export interface ScopeEntry {
  readonly ref: TableRef;
  /** Lower-cased alias (or table name) this entry is reached by. */
  readonly key: string;
  /** The name FetchXML uses for it (link-entity alias); the root's is its logical name. */
  readonly alias: string;
  readonly table: TableInfo;
  readonly details: TableDetails;
}

/** Resolves a table reference, reporting an unknown table or unloaded metadata. */
export function resolveTable(ctx: Ctx, ref: TableRef): ScopeEntry | undefined {
  const name = ref.table;
  ctx.quietAliases.add((ref.alias?.name ?? name.name).toLowerCase());
  if (!name.name) return undefined;
  const table = ctx.metadata.tableByLogicalName(name.name);
  if (!table) {
    unknownTable(ctx, name);
    return undefined;
  }
  const details = ctx.metadata.details(table.logicalName);
  if (!details) {
    ctx.error(
      'sql-metadata',
      l10n.t('The columns of {0} are not loaded yet; try again in a moment.', table.logicalName),
      name.span,
    );
    return undefined;
  }
  const alias = ref.alias?.name ?? table.logicalName;
  return { ref, key: alias.toLowerCase(), alias, table, details };
}

function unknownTable(ctx: Ctx, name: Ident): void {
  const bySet = ctx.metadata.tableByEntitySetName(name.name);
  if (bySet) {
    ctx.error(
      'sql-unknown-table',
      l10n.t('"{0}" is an entity set name; SQL names tables by logical name: "{1}".', name.name, bySet.logicalName),
      name.span,
      [bySet.logicalName],
    );
    return;
  }
  const suggestions = closest(
    name.name,
    ctx.metadata.tables.map((t) => t.logicalName),
  );
  ctx.error(
    'sql-unknown-table',
    suggestions.length
      ? l10n.t('No table "{0}" in this organization\'s metadata. Did you mean "{1}"?', name.name, suggestions[0]!)
      : l10n.t('No table "{0}" in this organization\'s metadata.', name.name),
    name.span,
    suggestions,
  );
}

export interface ResolvedColumn {
  readonly entry: ScopeEntry;
  readonly column: ColumnInfo;
  readonly expr: ColumnExpr;
}

/** Resolves `alias.column` or a bare column against the tables in scope. */
export function resolveColumn(ctx: Ctx, scope: readonly ScopeEntry[], e: ColumnExpr): ResolvedColumn | undefined {
  if (!e.column.name) return undefined;
  if (e.table) {
    const entry = scope.find((s) => s.key === e.table!.name.toLowerCase());
    if (!entry && ctx.quietAliases.has(e.table.name.toLowerCase())) return undefined;
    if (!entry) {
      const suggestions = closest(
        e.table.name,
        scope.map((s) => s.alias),
      );
      ctx.error(
        'sql-unknown-alias',
        suggestions.length
          ? l10n.t(
              'No table or alias "{0}" in this query\'s {1} and {2}. Did you mean "{3}"?',
              e.table.name,
              'FROM',
              'JOINs',
              suggestions[0]!,
            )
          : l10n.t('No table or alias "{0}" in this query\'s {1} and {2}.', e.table.name, 'FROM', 'JOINs'),
        e.table.span,
        suggestions.length ? suggestions : scope.map((s) => s.alias),
      );
      return undefined;
    }
    return columnIn(ctx, entry, e);
  }
  const hits = scope.filter((s) => columnOf(s.details, e.column.name));
  if (hits.length === 1) return { entry: hits[0]!, column: columnOf(hits[0]!.details, e.column.name)!, expr: e };
  if (hits.length > 1) {
    ctx.error(
      'sql-ambiguous-column',
      l10n.t(
        '"{0}" is a column of {1}: qualify it ({2}.{3}).',
        e.column.name,
        hits.map((h) => h.alias).reduce((list, alias) => l10n.t('{0} and {1}', list, alias)),
        hits[0]!.alias,
        e.column.name,
      ),
      e.column.span,
      hits.map((h) => `${h.alias}.${e.column.name}`),
    );
    return undefined;
  }
  if (scope.length === 0) return undefined;
  return columnIn(ctx, scope[0]!, e);
}

function columnIn(ctx: Ctx, entry: ScopeEntry, e: ColumnExpr): ResolvedColumn | undefined {
  const column = columnOf(entry.details, e.column.name);
  if (column) return { entry, column, expr: e };
  const name = e.column.name;
  const webName = /^_(.+)_value$/i.exec(name);
  const byWeb = webName ? columnOf(entry.details, webName[1]!) : undefined;
  const suggestions = byWeb
    ? [byWeb.logicalName]
    : closest(
        name,
        entry.details.columns.map((c) => c.logicalName),
      );
  ctx.error(
    'sql-unknown-column',
    byWeb
      ? l10n.t('"{0}" is the Web API name; SQL uses the logical name "{1}".', name, byWeb.logicalName)
      : suggestions.length
        ? l10n.t('No column "{0}" in {1}. Did you mean "{2}"?', name, entry.table.logicalName, suggestions[0]!)
        : l10n.t('No column "{0}" in {1}.', name, entry.table.logicalName),
    e.column.span,
    suggestions,
  );
  return undefined;
}

/** The logical names of the tables a statement names, so a caller can load their details first. */
export function tablesOf(statement: SqlStatement): string[] {
  const refs: TableRef[] = [];
  if (statement.type === 'insert') {
    refs.push(statement.table);
    if (statement.select) return [...new Set([...names(refs), ...tablesOf(statement.select)])];
  } else if (statement.type === 'select') {
    if (statement.from) refs.push(statement.from);
  } else {
    // With FROM, the target names a table of the FROM (often by its alias).
    refs.push(statement.from ?? statement.target);
  }
  if (statement.type !== 'insert') refs.push(...statement.joins.map((j) => j.table));
  return names(refs);
}

function names(refs: readonly TableRef[]): string[] {
  return [...new Set(refs.map((r) => r.table.name.toLowerCase()).filter((n) => n))];
}

/** A compact text of an expression, for result headers and to match ORDER BY with the SELECT list. */
export function exprLabel(e: SqlExpr): string {
  switch (e.type) {
    case 'column':
      return e.table ? `${e.table.name}.${e.column.name}` : e.column.name;
    case 'star':
      return e.table ? `${e.table.name}.*` : '*';
    case 'call':
      return e.bare
        ? e.name.name
        : `${e.name.name.toUpperCase()}(${e.distinct ? 'DISTINCT ' : ''}${e.args.map(exprLabel).join(', ')})`;
    case 'number':
      return e.text;
    case 'string':
      return `'${e.value.replace(/'/g, "''")}'`;
    case 'param':
      return `@${e.name}`;
    default:
      return e.type;
  }
}
