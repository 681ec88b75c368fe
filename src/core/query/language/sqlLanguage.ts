// Hover and diagnostics in a SQL block, from the organization's metadata: a table's or a column's
// summary (a column's type first), syntax errors, unknown tables, columns and aliases (with the
// closest names as quick fixes) and constructs FetchXML cannot express, all with the range of what
// was typed. The SQL core parses and translates; the same translation the run uses finds the
// problems, so the editor shows exactly what would stop a run.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import type { SqlParams, SqlParamValue, SqlTranslation } from '../sql/api';
import type { SqlStatement } from '../sql/ast';
import { sqlSymbolAt } from '../sql/completionContext';
import { parseSql } from '../sql/parser';
import { tablesOf } from '../sql/scope';
import { translateTargetRows } from '../sql/dml';
import { translateSelect } from '../sql/translate';
import { diagnostic, type Diagnostic } from '../syntax/diagnostic';
import { blockPosition, type BlockText, type VariableDefinition } from '../syntax/syntax';
import { sqlTemplateMessage, toDiagnostic } from '../run/resolveSql';
import { findReferences } from '../run/variables';
import type { Range } from '../syntax/text';
import type { HoverInfo } from './completionTypes';
import { indexFor, typeLabel } from './metadataIndex';

/** The syntax and metadata diagnostics of a SQL block's statement. */
export function sqlDiagnostics(
  block: BlockText,
  metadata: MetadataSnapshot | undefined,
  variables: readonly VariableDefinition[],
): Diagnostic[] {
  const parsed = parseSql(block.text);
  const rangeOf = (start: number, end: number): Range => ({
    start: blockPosition(block, start),
    end: blockPosition(block, end),
  });
  const out = parsed.errors.map((e) => diagnostic('sql-syntax', 'error', e.message, rangeOf(e.span.start, e.span.end)));
  for (const ref of findReferences(block.text)) {
    out.push(diagnostic('sql-template', 'error', sqlTemplateMessage(), rangeOf(ref.start, ref.end)));
  }
  const statement = parsed.statement;
  if (!statement || out.length > 0 || !metadata || metadata.tables.length === 0) return out;
  // Tables whose details are still loading are checked when they arrive (the caller asks again).
  if (tablesOf(statement).some((t) => metadata.tableByLogicalName(t) && !metadata.details(t))) return out;
  const translation = translate(statement, metadata, paramsOf(variables));
  for (const d of translation?.diagnostics ?? []) {
    if (d.code !== 'sql-metadata') out.push(toDiagnostic(d, block));
  }
  return out;
}

function translate(statement: SqlStatement, metadata: MetadataSnapshot, params: SqlParams): SqlTranslation | undefined {
  switch (statement.type) {
    case 'select':
      return translateSelect(statement, metadata, params);
    case 'update':
    case 'delete':
    case 'insert':
      return translateTargetRows(statement, metadata, params);
  }
}

/** The variables' values as written: enough to check names and types (the run fills in `{{…}}`). */
function paramsOf(variables: readonly VariableDefinition[]): SqlParams {
  const out: Record<string, SqlParamValue> = {};
  for (const v of variables) {
    if (v.name in out) continue;
    out[v.name] = String(Number(v.value)) === v.value ? Number(v.value) : v.value;
  }
  return out;
}

/** Hover at `offset` of a SQL block's text. */
export function sqlHover(
  block: BlockText,
  offset: number,
  metadata: MetadataSnapshot | undefined,
): HoverInfo | undefined {
  const statement = parseSql(block.text).statement;
  const symbol = statement && metadata ? sqlSymbolAt(statement, offset) : undefined;
  if (!symbol || !metadata) return undefined;
  const range = { start: blockPosition(block, symbol.span.start), end: blockPosition(block, symbol.span.end) };
  const table = symbol.table === undefined ? undefined : metadata.tableByLogicalName(symbol.table);
  if (symbol.kind === 'table') {
    if (!table) return undefined;
    return {
      range,
      title: `${table.logicalName} — ${table.displayName}`,
      lines: [
        [
          l10n.t('Table'),
          ...(table.entitySetName ? [l10n.t('entity set {0}', table.entitySetName)] : []),
          ...(table.primaryIdAttribute ? [l10n.t('key {0}', table.primaryIdAttribute)] : []),
        ].join(' · '),
        ...(table.description ? [table.description] : []),
      ],
    };
  }
  const entry = indexFor(metadata, table)?.column(symbol.column);
  if (!entry || !table) return undefined;
  const c = entry.column;
  return {
    range,
    title: `${c.logicalName} — ${c.displayName}`,
    lines: [
      `${typeLabel(c)} (${c.attributeTypeName})`,
      l10n.t('Column of {0}', table.logicalName),
      ...(c.description ? [c.description] : []),
    ],
  };
}
