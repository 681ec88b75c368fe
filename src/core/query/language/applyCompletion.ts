// Completion inside `$apply`: the transformations, columns in groupby((…)) and aggregate(…), the
// `with` / `as` keywords and aggregation methods, and everything $filter offers inside filter(…).
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import { AGGREGATE_METHODS, applyCalls, items, type Call } from '../syntax/applyModel';
import type { CompletionItem } from './completionTypes';
import { lazyItems } from './lazyItems';
import { filterCompletion } from './filterCompletion';
import type { TableIndex } from './metadataIndex';
import type { Span } from '../syntax/odataPath';
import type { SpanCompletion } from './spanCompletion';
import { wordAt } from './targetContext';

const transformationItems = lazyItems((): readonly CompletionItem[] => [
  {
    label: 'groupby',
    kind: 'function',
    insertText: 'groupby((${1:column}),aggregate(${2:\\$count} as ${3:count}))',
    snippet: true,
    documentation: l10n.t('groupby((col1,col2),aggregate(…)): one row per distinct combination of the columns.'),
  },
  {
    label: 'aggregate',
    kind: 'function',
    insertText: 'aggregate(${1:column} with ${2|sum,min,max,average,countdistinct|} as ${3:total})',
    snippet: true,
    documentation: l10n.t('aggregate(col with sum as total, $count as count): totals over all rows (or each group).'),
  },
  {
    label: 'filter',
    kind: 'function',
    insertText: 'filter(${1})',
    snippet: true,
    documentation: l10n.t('filter(expression): keeps the rows that match before the next transformation.'),
  },
]);
const countItem = lazyItems((): CompletionItem => ({
  label: '$count',
  kind: 'keyword',
  insertText: '$count as ',
  detail: l10n.t('number of rows'),
  sortText: '0$count',
}));
const methodItems = lazyItems((): readonly CompletionItem[] =>
  AGGREGATE_METHODS.map((m) => ({
    label: m,
    kind: 'function',
    insertText: `${m} as `,
    detail: l10n.t('aggregation method'),
  })),
);
const WITH_ITEM: readonly CompletionItem[] = [{ label: 'with', kind: 'keyword', insertText: 'with ', retrigger: true }];
const AS_ITEM: readonly CompletionItem[] = [{ label: 'as', kind: 'keyword', insertText: 'as ' }];

export function applyCompletion(
  text: string,
  offset: number,
  value: Span,
  table: TableIndex | undefined,
  metadata: MetadataSnapshot | undefined,
): SpanCompletion | undefined {
  const span = wordAt(text, offset, value.start, value.end);
  const all = applyCalls(text, value.start, value.end);
  const inside = all.filter((c) => c.inner.start <= offset && offset <= c.inner.end);
  const call = inside[inside.length - 1];
  if (!call) return { span, items: transformationItems() };
  const name = call.name.text.toLowerCase();
  if (name === 'filter') return filterCompletion(text, offset, call.inner, table, metadata);
  if (name === '' && inside[inside.length - 2]?.name.text.toLowerCase() === 'groupby') {
    return table ? { span, items: table.webColumnItems() } : undefined;
  }
  if (name === 'groupby') {
    return firstItem(text, call, offset)
      ? undefined
      : { span, items: transformationItems().filter((t) => t.label === 'aggregate') };
  }
  if (name === 'aggregate') return aggregateCompletion(text, call, offset, span, table);
  return undefined;
}

function firstItem(text: string, call: Call, offset: number): boolean {
  const first = items(text, call.inner)[0];
  return !first || offset <= first.end;
}

function aggregateCompletion(
  text: string,
  call: Call,
  offset: number,
  span: Span,
  table: TableIndex | undefined,
): SpanCompletion | undefined {
  // The item being typed: from the last comma (aggregate items hold no parentheses) or the call's start.
  const before = text.slice(Math.max(call.inner.start, text.lastIndexOf(',', offset - 1) + 1), offset).trimStart();
  if (/^[\w$]*$/.test(before)) return { span, items: [countItem(), ...(table?.webColumnItems() ?? [])] };
  if (/^\$count\s+\w*$/i.test(before)) return { span, items: AS_ITEM };
  if (/^\S+\s+\w*$/.test(before)) return { span, items: WITH_ITEM };
  if (/\swith\s+\w*$/i.test(before)) return { span, items: methodItems() };
  if (/\swith\s+\S+\s+\w*$/i.test(before)) return { span, items: AS_ITEM };
  return undefined;
}
