// Completion inside a request URL: entity sets, navigation segments, query option names, and the
// values of $select, $orderby, $expand and $filter for the table the URL is about.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import { applyCompletion } from './applyCompletion';
import { COMMON_FUNCTIONS, EXPAND_OPTIONS, QUERY_OPTIONS } from './catalog';
import type { CompletionItem } from './completionTypes';
import { lazyItems } from './lazyItems';
import { filterCompletion } from './filterCompletion';
import { entitySetItems, type TableIndex } from './metadataIndex';
import { splitTopLevel, type Span } from '../syntax/odataPath';
import type { SpanCompletion } from './spanCompletion';
import { targetContextAt, wordAt } from './targetContext';

const functionItems = lazyItems((): readonly CompletionItem[] =>
  COMMON_FUNCTIONS.map((f) => ({
    label: f.name,
    kind: 'function',
    detail: l10n.t('Function'),
    documentation: f.doc(),
    sortText: `9${f.name}`,
  })),
);
const optionItems = lazyItems((): readonly CompletionItem[] =>
  QUERY_OPTIONS.map((o, i) => ({
    label: o.name,
    kind: 'queryOption',
    documentation: o.doc(),
    insertText: `${o.name}=`,
    retrigger: true,
    sortText: String(i).padStart(2, '0'),
  })),
);
const nestedOptionItems = lazyItems((): readonly CompletionItem[] =>
  optionItems().filter((o) => EXPAND_OPTIONS.includes(o.label)),
);
const directionItems = lazyItems((): readonly CompletionItem[] => [
  { label: 'asc', kind: 'keyword', detail: l10n.t('ascending (the default)') },
  { label: 'desc', kind: 'keyword', detail: l10n.t('descending') },
]);
const BOOLEAN_ITEMS: readonly CompletionItem[] = [
  { label: 'true', kind: 'value' },
  { label: 'false', kind: 'value' },
];

let pathItemsCache: { snapshot?: MetadataSnapshot; tables?: unknown; items: readonly CompletionItem[] } | undefined;

function pathItems(metadata: MetadataSnapshot | undefined): readonly CompletionItem[] {
  if (!metadata) return functionItems();
  if (pathItemsCache?.snapshot !== metadata || pathItemsCache.tables !== metadata.tables) {
    pathItemsCache = {
      snapshot: metadata,
      tables: metadata.tables,
      items: [...entitySetItems(metadata), ...functionItems()],
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
      return { span: ctx.span, items: ctx.nested ? nestedOptionItems() : optionItems() };
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
  return /\S\s+\S*$/.test(beforeCursor) ? { span, items: directionItems() } : { span, items: table.webColumnItems() };
}
