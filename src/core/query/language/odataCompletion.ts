// Completion inside a request URL: entity sets, navigation segments, query option names, and the
// values of $select, $orderby, $expand and $filter for the table the URL is about.
import type { MetadataSnapshot } from '../../metadata/model';
import { applyCompletion } from './applyCompletion';
import { COMMON_FUNCTIONS, EXPAND_OPTIONS, QUERY_OPTIONS } from './catalog';
import type { CompletionItem } from './completionTypes';
import { filterCompletion } from './filterCompletion';
import { entitySetItems, type TableIndex } from './metadataIndex';
import { splitTopLevel, type Span } from '../syntax/odataPath';
import type { SpanCompletion } from './spanCompletion';
import { targetContextAt, wordAt } from './targetContext';

const FUNCTION_ITEMS: readonly CompletionItem[] = COMMON_FUNCTIONS.map((f) => ({
  label: f.name,
  kind: 'function',
  detail: 'Function',
  documentation: f.doc,
  sortText: `9${f.name}`,
}));
const OPTION_ITEMS: readonly CompletionItem[] = QUERY_OPTIONS.map((o, i) => ({
  label: o.name,
  kind: 'queryOption',
  documentation: o.doc,
  insertText: `${o.name}=`,
  retrigger: true,
  sortText: String(i).padStart(2, '0'),
}));
const NESTED_OPTION_ITEMS: readonly CompletionItem[] = OPTION_ITEMS.filter((o) => EXPAND_OPTIONS.includes(o.label));
const DIRECTION_ITEMS: readonly CompletionItem[] = [
  { label: 'asc', kind: 'keyword', detail: 'ascending (the default)' },
  { label: 'desc', kind: 'keyword', detail: 'descending' },
];
const BOOLEAN_ITEMS: readonly CompletionItem[] = [
  { label: 'true', kind: 'value' },
  { label: 'false', kind: 'value' },
];

let pathItemsCache: { snapshot?: MetadataSnapshot; tables?: unknown; items: readonly CompletionItem[] } | undefined;

function pathItems(metadata: MetadataSnapshot | undefined): readonly CompletionItem[] {
  if (!metadata) return FUNCTION_ITEMS;
  if (pathItemsCache?.snapshot !== metadata || pathItemsCache.tables !== metadata.tables) {
    pathItemsCache = {
      snapshot: metadata,
      tables: metadata.tables,
      items: [...entitySetItems(metadata), ...FUNCTION_ITEMS],
    };
  }
  return pathItemsCache.items;
}

export function completeTarget(
  text: string,
  offset: number,
  metadata: MetadataSnapshot | undefined,
): SpanCompletion | undefined {
  const ctx = targetContextAt(text, offset, metadata);
  switch (ctx.kind) {
    case 'path':
      if (ctx.index === 0) return { span: ctx.span, items: pathItems(metadata) };
      return ctx.parent ? { span: ctx.span, items: ctx.parent.navigationItems() } : undefined;
    case 'optionName':
      return { span: ctx.span, items: ctx.nested ? NESTED_OPTION_ITEMS : OPTION_ITEMS };
    case 'optionValue':
      return optionValue(text, offset, ctx.option, ctx.value, ctx.table, metadata);
    default:
      return undefined;
  }
}

function optionValue(
  text: string,
  offset: number,
  option: string,
  value: Span,
  table: TableIndex | undefined,
  metadata: MetadataSnapshot | undefined,
): SpanCompletion | undefined {
  switch (option.toLowerCase()) {
    case '$select':
      return table ? { span: wordAt(text, offset, value.start, value.end), items: table.webColumnItems() } : undefined;
    case '$orderby':
      return table ? orderby(text, offset, value, table) : undefined;
    case '$expand':
      return table ? { span: wordAt(text, offset, value.start, value.end), items: table.navigationItems() } : undefined;
    case '$filter':
      return filterCompletion(text, offset, value, table, metadata);
    case '$apply':
      return applyCompletion(text, offset, value, table, metadata);
    case '$count':
      return { span: wordAt(text, offset, value.start, value.end), items: BOOLEAN_ITEMS };
    default:
      return undefined;
  }
}

function orderby(text: string, offset: number, value: Span, table: TableIndex): SpanCompletion {
  const item = splitTopLevel(text, value.start, value.end, ',')
    .filter((s) => s.start <= offset)
    .pop() ?? { text: '', start: offset, end: offset };
  const beforeCursor = text.slice(item.start, offset);
  const span = wordAt(text, offset, value.start, value.end);
  return /\S\s+\S*$/.test(beforeCursor) ? { span, items: DIRECTION_ITEMS } : { span, items: table.webColumnItems() };
}
