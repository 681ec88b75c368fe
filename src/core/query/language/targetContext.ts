// What the cursor is on inside a request URL: a path segment, a query option's name, or the value
// of $select / $filter / $orderby / $expand — with the table that value is about, following
// navigation segments and nested $expand=nav(…) options. Shared by completion and hover.
import type { MetadataSnapshot } from '../../metadata/model';
import { indexFor, type TableIndex } from './metadataIndex';
import {
  optionAt,
  parseExpand,
  parseTarget,
  type PathSegment,
  type QueryOption,
  type Span,
  type TargetParts,
} from '../syntax/odataPath';

export type TargetContext =
  | { readonly kind: 'path'; readonly index: number; readonly span: Span; readonly parent?: TableIndex }
  | { readonly kind: 'optionName'; readonly span: Span; readonly nested: boolean }
  | { readonly kind: 'optionValue'; readonly option: string; readonly value: Span; readonly table?: TableIndex }
  | { readonly kind: 'none' };

/** The table a path names: `accounts` → account; `accounts(id)/contact_customer_accounts` → contact. */
export function tableOfPath(
  segments: readonly PathSegment[],
  metadata: MetadataSnapshot | undefined,
  upTo = segments.length,
): TableIndex | undefined {
  if (!metadata || upTo === 0) return undefined;
  let table = indexFor(metadata, metadata.tableByEntitySetName(segments[0]!.name.text));
  for (let i = 1; i < upTo && table; i++) table = relatedTable(table, segments[i]!.name.text, metadata);
  return table;
}

export function relatedTable(
  table: TableIndex,
  navigation: string,
  metadata: MetadataSnapshot,
): TableIndex | undefined {
  const rel = table.navigation(navigation);
  return rel ? indexFor(metadata, metadata.tableByLogicalName(rel.relatedTable)) : undefined;
}

/** The word (identifier characters) around an offset. */
export function wordAt(text: string, offset: number, from = 0, to = text.length): Span {
  let s = offset;
  let e = offset;
  while (s > from && /[\w.$@]/.test(text[s - 1]!)) s--;
  while (e < to && /[\w.$@]/.test(text[e]!)) e++;
  return { text: text.slice(s, e), start: s, end: e };
}

export function targetContextAt(text: string, offset: number, metadata: MetadataSnapshot | undefined): TargetContext {
  const parts = parseTarget(text);
  if (offset < parts.pathStart) return { kind: 'none' };
  if (parts.queryStart === undefined || offset <= parts.queryStart) return pathContext(text, parts, offset, metadata);
  const table = tableOfPath(parts.segments, metadata);
  return optionContext(text, parts.options, offset, table, metadata, false);
}

function pathContext(
  text: string,
  parts: TargetParts,
  offset: number,
  metadata: MetadataSnapshot | undefined,
): TargetContext {
  const index = parts.segments.findIndex(
    (s) => s.name.start <= offset && offset <= (s.args ? s.args.end + 1 : s.name.end),
  );
  const segment = parts.segments[index];
  if (!segment || offset > segment.name.end) return { kind: 'none' };
  const parent = index > 0 ? tableOfPath(parts.segments, metadata, index) : undefined;
  const span = wordAt(text, offset, segment.name.start, segment.name.end);
  return { kind: 'path', index, span, ...(parent ? { parent } : {}) };
}

function optionContext(
  text: string,
  options: readonly QueryOption[],
  offset: number,
  table: TableIndex | undefined,
  metadata: MetadataSnapshot | undefined,
  nested: boolean,
): TargetContext {
  const option = optionAt(options, offset);
  if (!option) return { kind: 'none' };
  if (!option.value || (offset < option.value.start && offset <= option.name.end)) {
    return { kind: 'optionName', span: option.value ? option.name : option.item, nested };
  }
  const name = option.name.text;
  if (offset > option.value.end) {
    return { kind: 'optionValue', option: name, value: { ...option.value, end: offset }, ...(table ? { table } : {}) };
  }
  if (name.toLowerCase() === '$expand' && table && metadata) {
    for (const item of parseExpand(text, option.value)) {
      if (!item.inner || offset < item.inner.start || offset > item.inner.end) continue;
      const related = relatedTable(table, item.nav.text, metadata);
      return optionContext(text, item.options, offset, related, metadata, true);
    }
  }
  return { kind: 'optionValue', option: name, value: option.value, ...(table ? { table } : {}) };
}
