// Completion inside $filter: columns and functions where an operand goes, operators after a
// column, choice values after `choicecolumn eq`, and/or after a condition, columns of a related
// table after `nav/` (and of a lambda's variable), logical names in PropertyName='…'.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import {
  COMPARISONS,
  LOGICALS,
  QUERY_FUNCTION_PREFIX,
  QUERY_FUNCTIONS,
  queryFunctionSnippet,
  STRING_FUNCTIONS,
} from './catalog';
import type { CompletionItem } from './completionTypes';
import { lazyItems } from './lazyItems';
import { COMPARISON_OPERATORS, lexFilter, type FilterToken } from '../syntax/filterLexer';
import type { TableIndex } from './metadataIndex';
import type { Span } from '../syntax/odataPath';
import type { SpanCompletion } from './spanCompletion';
import { wordAt } from './targetContext';
import { lambdaScopes, pathBefore, pathTable, type LambdaScopes } from './filterPath';

const comparisonItems = lazyItems((): readonly CompletionItem[] =>
  COMPARISONS.map((o) => ({ label: o.name, kind: 'operator', detail: o.doc() })),
);
const logicalItems = lazyItems((): readonly CompletionItem[] =>
  LOGICALS.slice(0, 2).map((o) => ({ label: o.name, kind: 'operator', detail: o.doc() })),
);
const notItem = lazyItems((): CompletionItem => ({
  label: 'not',
  kind: 'operator',
  detail: LOGICALS[2]!.doc(),
  sortText: '8not',
}));
const functionItems = lazyItems((): readonly CompletionItem[] => [
  ...STRING_FUNCTIONS.map((f) => ({
    label: f.name,
    kind: 'function' as const,
    documentation: f.doc(),
    insertText: `${f.name}(\${1:column},'\${2:text}')`,
    snippet: true,
    sortText: `7${f.name}`,
  })),
  ...QUERY_FUNCTIONS.map((f) => ({
    label: `${QUERY_FUNCTION_PREFIX}${f.name}`,
    kind: 'function' as const,
    documentation: f.doc(),
    insertText: queryFunctionSnippet(f),
    snippet: true,
    sortText: `8${f.name}`,
  })),
]);
const parameterItems = lazyItems((): readonly CompletionItem[] => [
  {
    label: 'PropertyName',
    kind: 'keyword',
    insertText: "PropertyName='${1:column}'",
    snippet: true,
    documentation: l10n.t("The column's logical name."),
  },
  { label: 'PropertyValue', kind: 'keyword', insertText: 'PropertyValue=${1:value}', snippet: true },
  { label: 'PropertyValues', kind: 'keyword', insertText: "PropertyValues=['${1:value}']", snippet: true },
]);
const lambdaItems = lazyItems((): readonly CompletionItem[] =>
  ['any', 'all'].map((name) => ({
    label: name,
    kind: 'function' as const,
    insertText: `${name}(\${1:x}:\${1:x}/\${2:column} eq \${3:value})`,
    snippet: true,
    documentation:
      name === 'any'
        ? l10n.t('any(x:x/column eq value): some related row matches.')
        : l10n.t('all(x:x/column eq value): every related row matches.'),
  })),
);
const NULL_ITEM: CompletionItem = { label: 'null', kind: 'value', sortText: 'zz' };
const BOOLEAN_VALUES: readonly CompletionItem[] = [
  { label: 'true', kind: 'value' },
  { label: 'false', kind: 'value' },
  NULL_ITEM,
];

const operandCache = new WeakMap<TableIndex, readonly CompletionItem[]>();

function operandItems(table: TableIndex | undefined): readonly CompletionItem[] {
  if (!table) return [...functionItems(), notItem()];
  let items = operandCache.get(table);
  if (!items) {
    items = [...table.webColumnItems(), ...table.navigationItems(), ...functionItems(), notItem()];
    operandCache.set(table, items);
  }
  return items;
}

export function filterCompletion(
  text: string,
  offset: number,
  value: Span,
  table: TableIndex | undefined,
  metadata: MetadataSnapshot | undefined,
): SpanCompletion | undefined {
  const tokens = lexFilter(text, value.start, value.end);
  const inString = tokens.find((t) => t.kind === 'string' && t.start < offset && (offset < t.end || !isClosed(t)));
  if (inString) return stringCompletion(tokens, inString, table);
  const span = wordAt(text, offset, value.start, value.end);
  const before = tokens.filter((t) => t.end <= span.start);
  const prev = before[before.length - 1];
  const scopes = lambdaScopes(before, table, metadata);
  if (!prev || prev.kind === 'open' || prev.kind === 'comma' || isWord(prev, 'and', 'or', 'not')) {
    const call = enclosingCall(before);
    if (call?.startsWith(QUERY_FUNCTION_PREFIX)) return { span, items: parameterItems() };
    if (call && prev?.kind === 'comma' && !/^(any|all)$/.test(call)) return undefined;
    return { span, items: operandItems(table) };
  }
  if (prev.kind === 'colon') return undefined;
  if (prev.kind === 'slash') return slashCompletion(before, span, table, scopes, metadata);
  if (prev.kind === 'identifier' && (COMPARISON_OPERATORS as readonly string[]).includes(prev.text)) {
    return valueCompletion(before.slice(0, -1), span, table, scopes, metadata);
  }
  if (prev.kind === 'identifier' && !isWord(prev, 'true', 'false', 'null')) return { span, items: comparisonItems() };
  return { span, items: logicalItems() };
}

function isClosed(t: FilterToken): boolean {
  return t.text.length >= 2 && t.text.endsWith("'");
}

function isWord(t: FilterToken | undefined, ...words: string[]): boolean {
  return t?.kind === 'identifier' && words.includes(t.text);
}

/** Inside PropertyName='…' of a query function: logical names. */
function stringCompletion(
  tokens: readonly FilterToken[],
  str: FilterToken,
  table: TableIndex | undefined,
): SpanCompletion | undefined {
  const i = tokens.indexOf(str);
  if (!table || tokens[i - 1]?.kind !== 'equals' || tokens[i - 2]?.text !== 'PropertyName') return undefined;
  const end = isClosed(str) ? str.end - 1 : str.end;
  return { span: { text: '', start: str.start + 1, end }, items: table.logicalColumnItems() };
}

/** The function whose parentheses enclose the end of `before`, if any. */
function enclosingCall(before: readonly FilterToken[]): string | undefined {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const t = before[i]!;
    if (t.kind === 'close') depth++;
    else if (t.kind === 'open' && depth-- === 0) {
      return before[i - 1]?.kind === 'identifier' ? before[i - 1]!.text : undefined;
    }
  }
  return undefined;
}

function slashCompletion(
  before: readonly FilterToken[],
  span: Span,
  table: TableIndex | undefined,
  scopes: LambdaScopes,
  metadata: MetadataSnapshot | undefined,
): SpanCompletion | undefined {
  const target = pathTable(pathBefore(before), table, scopes, metadata);
  if (!target.table) return undefined;
  if (target.collection && !scopes.has(before[before.length - 2]?.text ?? '')) return { span, items: lambdaItems() };
  return { span, items: [...target.table.webColumnItems(), ...target.table.navigationItems(true)] };
}

function valueCompletion(
  before: readonly FilterToken[],
  span: Span,
  table: TableIndex | undefined,
  scopes: LambdaScopes,
  metadata: MetadataSnapshot | undefined,
): SpanCompletion {
  const last = before[before.length - 1];
  if (last?.kind !== 'identifier') return { span, items: [NULL_ITEM] };
  const owner =
    before[before.length - 2]?.kind === 'slash'
      ? pathTable(pathBefore(before.slice(0, -1)), table, scopes, metadata).table
      : table;
  const entry = owner?.column(last.text);
  if (!owner || !entry) return { span, items: [NULL_ITEM] };
  if (entry.column.kind === 'boolean') return { span, items: BOOLEAN_VALUES };
  const values = owner.valueItems(entry.column);
  return { span, items: values.length > 0 ? [...values, NULL_ITEM] : [NULL_ITEM] };
}
