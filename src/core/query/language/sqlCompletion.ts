// Completion in a SQL block, from the organization's metadata: tables after FROM / JOIN, columns
// (only an alias's after `a.`), join conditions built from the relationships between the joined
// table and those before it, functions, keywords and the block's @variables. The SQL core says what
// the cursor is in (sqlCompletionContext); this file turns it into items. Table items are the cached
// list of logical names and column items are built once per table (metadataIndex), so a keystroke
// costs one pass over the table list at most.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot, RelationshipInfo, TableInfo } from '../../metadata/model';
import type { SqlScopeTable } from '../sql/api';
import { sqlCompletionContext } from '../sql/completionContext';
import type { VariableDefinition } from '../syntax/syntax';
import type { CompletionItem } from './completionTypes';
import { lazyItems } from './lazyItems';
import { indexFor, logicalNameItems } from './metadataIndex';

/** Items and the offsets (in the SQL text) of what the chosen one replaces. */
export interface SqlCompletion {
  readonly span: { readonly start: number; readonly end: number };
  readonly items: readonly CompletionItem[];
}

/** Functions the dialect translates: aggregates, date grouping, and the FetchXML date operators. */
export function sqlFunctions(): readonly { readonly name: string; readonly doc: string }[] {
  return [
    { name: 'COUNT', doc: l10n.t('COUNT(*), COUNT(column) or COUNT(DISTINCT column): an aggregate.') },
    { name: 'SUM', doc: l10n.t('The sum of a numeric column: an aggregate.') },
    { name: 'AVG', doc: l10n.t('The average of a numeric column: an aggregate.') },
    { name: 'MIN', doc: l10n.t('The smallest value of a column: an aggregate.') },
    { name: 'MAX', doc: l10n.t('The largest value of a column: an aggregate.') },
    { name: 'YEAR', doc: l10n.t('Groups a date column by year (GROUP BY YEAR(column)).') },
    { name: 'QUARTER', doc: l10n.t('Groups a date column by quarter.') },
    { name: 'MONTH', doc: l10n.t('Groups a date column by month.') },
    { name: 'WEEK', doc: l10n.t('Groups a date column by week.') },
    { name: 'DAY', doc: l10n.t('Groups a date column by day.') },
  ];
}

const functionItems = lazyItems((): readonly CompletionItem[] =>
  sqlFunctions().map((f) => ({
    label: f.name,
    kind: 'function',
    documentation: f.doc,
    insertText: `${f.name}($1)`,
    snippet: true,
    sortText: `5${f.name}`,
  })),
);

function keywordItems(keywords: readonly string[]): CompletionItem[] {
  return keywords.map((k, i) => ({
    label: k,
    kind: 'keyword',
    insertText: `${k} `,
    sortText: `6${String(i).padStart(3, '0')}`,
    retrigger: /^(FROM|JOIN|INNER JOIN|LEFT OUTER JOIN|LEFT JOIN|ON|WHERE|AND|OR|BY|ORDER BY|GROUP BY|SELECT)$/i.test(
      k,
    ),
  }));
}

/** Completion at `offset` of a SQL block's text; `variables`: the @names the block sees (read only after `@`). */
export function sqlCompletion(
  text: string,
  offset: number,
  metadata: MetadataSnapshot | undefined,
  variables: () => readonly VariableDefinition[] = () => [],
): SqlCompletion | undefined {
  const param = /@\w*$/.exec(text.slice(0, offset));
  if (param) {
    const seen = new Set<string>();
    const items: CompletionItem[] = [];
    for (const v of variables()) {
      if (v.name === 'connection' || seen.has(v.name)) continue;
      seen.add(v.name);
      items.push({ label: `@${v.name}`, kind: 'variable', detail: v.value });
    }
    return { span: { start: param.index, end: offset + /^\w*/.exec(text.slice(offset))![0].length }, items };
  }
  const ctx = sqlCompletionContext(text, offset);
  switch (ctx.kind) {
    case 'none':
      return undefined;
    case 'keyword':
      return { span: ctx.span, items: keywordItems(ctx.keywords) };
    case 'table':
      return { span: ctx.span, items: metadata ? logicalNameItems(metadata) : [] };
    case 'column': {
      const items = metadata ? columnItems(ctx.scope, ctx.qualifier, metadata) : [];
      return { span: ctx.span, items: ctx.qualifier ? items : [...items, ...functionItems()] };
    }
    case 'joinCondition':
      return { span: ctx.span, items: metadata ? joinConditions(ctx.joined, ctx.scope, metadata) : [] };
  }
}

function tableOf(scope: SqlScopeTable, metadata: MetadataSnapshot): TableInfo | undefined {
  return metadata.tableByLogicalName(scope.table);
}

/**
 * After `a.`: the columns of a's table. Unqualified: with one table, its columns; with several,
 * the aliases (to qualify with) and every table's columns as `alias.column`.
 */
function columnItems(
  scope: readonly SqlScopeTable[],
  qualifier: string | undefined,
  metadata: MetadataSnapshot,
): readonly CompletionItem[] {
  if (qualifier !== undefined) {
    const s = scope.find((t) => t.alias.toLowerCase() === qualifier.toLowerCase());
    return (s && indexFor(metadata, tableOf(s, metadata))?.logicalColumnItems()) ?? [];
  }
  if (scope.length === 1) return indexFor(metadata, tableOf(scope[0]!, metadata))?.logicalColumnItems() ?? [];
  const out: CompletionItem[] = scope.map((s) => ({
    label: s.alias,
    kind: 'table',
    detail: s.table,
    insertText: `${s.alias}.`,
    retrigger: true,
    sortText: `0${s.alias}`,
  }));
  for (const s of scope) {
    for (const item of indexFor(metadata, tableOf(s, metadata))?.logicalColumnItems() ?? []) {
      out.push({ ...item, label: `${s.alias}.${item.label}`, sortText: `${item.sortText ?? '2'}${s.alias}` });
    }
  }
  return out;
}

/**
 * `ON` conditions for the joined table: each lookup between it and a table before it, in either
 * direction (`c.parentcustomerid = a.accountid`). N:N relationships need their intersect table
 * joined first, so they are not offered here.
 */
function joinConditions(
  joined: SqlScopeTable,
  scope: readonly SqlScopeTable[],
  metadata: MetadataSnapshot,
): CompletionItem[] {
  const target = tableOf(joined, metadata);
  if (!target) return [];
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (condition: string, r: RelationshipInfo): void => {
    if (seen.has(condition)) return;
    seen.add(condition);
    out.push({
      label: condition,
      kind: 'snippet',
      detail: l10n.t('relationship {0}', r.schemaName),
      sortText: `0${out.length.toString().padStart(3, '0')}`,
    });
  };
  const targetDetails = metadata.details(target.logicalName);
  for (const other of scope) {
    if (other === joined || other.alias === joined.alias) continue;
    const table = tableOf(other, metadata);
    if (!table) continue;
    for (const r of metadata.details(table.logicalName)?.relationships ?? []) {
      if (r.relatedTable !== target.logicalName || !r.lookupColumn) continue;
      if (r.kind === 'manyToOne' && target.primaryIdAttribute) {
        add(`${joined.alias}.${target.primaryIdAttribute} = ${other.alias}.${r.lookupColumn}`, r);
      } else if (r.kind === 'oneToMany' && table.primaryIdAttribute) {
        add(`${joined.alias}.${r.lookupColumn} = ${other.alias}.${table.primaryIdAttribute}`, r);
      }
    }
    // The joined table's own lookups to this one, when only its details are loaded.
    for (const r of targetDetails?.relationships ?? []) {
      if (r.relatedTable !== table.logicalName || !r.lookupColumn) continue;
      if (r.kind === 'manyToOne' && table.primaryIdAttribute) {
        add(`${joined.alias}.${r.lookupColumn} = ${other.alias}.${table.primaryIdAttribute}`, r);
      } else if (r.kind === 'oneToMany' && target.primaryIdAttribute) {
        add(`${joined.alias}.${target.primaryIdAttribute} = ${other.alias}.${r.lookupColumn}`, r);
      }
    }
  }
  return out;
}
