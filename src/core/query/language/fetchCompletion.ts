// Completion inside a <fetch> block: element names by parent, attribute names by element, table
// logical names, column logical names of the right entity or link-entity, condition operators,
// choice values of a condition's column, and the fixed values of link-type, filter type, etc.
import type { MetadataSnapshot } from '../../metadata/model';
import { FETCH_ATTRIBUTE_VALUES, FETCH_ATTRIBUTES, FETCH_ELEMENTS, FETCH_OPERATORS } from './catalog';
import type { CompletionItem } from './completionTypes';
import { fetchContextAt, tableForTag } from './fetchContext';
import { logicalNameItems, type TableIndex } from './metadataIndex';
import type { Span } from '../syntax/odataPath';
import type { SpanCompletion } from './spanCompletion';
import { scanXml, type XmlTag } from '../syntax/xmlScan';

const OPERATOR_ITEMS: readonly CompletionItem[] = FETCH_OPERATORS.map((o, i) => ({
  label: o,
  kind: 'operator',
  sortText: String(i).padStart(3, '0'),
}));
const VALUE_ITEMS = new Map(
  Object.entries(FETCH_ATTRIBUTE_VALUES).map(([k, values]) => [
    k,
    values.map((v): CompletionItem => ({ label: v, kind: 'value' })),
  ]),
);
const ELEMENT_ITEMS = new Map(
  Object.entries(FETCH_ELEMENTS).map(([parent, names]) => [
    parent,
    names.map((n): CompletionItem => ({ label: n, kind: 'element' })),
  ]),
);

/** Attributes naming a column, and which table that column belongs to. */
const COLUMN_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, 'own' | 'parent'>>>> = {
  attribute: { name: 'own' },
  order: { attribute: 'own' },
  condition: { attribute: 'own', valueof: 'own' },
  'link-entity': { from: 'own', to: 'parent' },
};

export function fetchCompletion(
  text: string,
  offset: number,
  metadata: MetadataSnapshot | undefined,
): SpanCompletion | undefined {
  const tags = scanXml(text);
  const ctx = fetchContextAt(text, tags, offset, metadata);
  switch (ctx.kind) {
    case 'element': {
      const items = ELEMENT_ITEMS.get(ctx.parent ?? '') ?? [];
      return {
        span: { text: ctx.tag.name, start: ctx.tag.nameStart, end: ctx.tag.nameStart + ctx.tag.name.length },
        items,
      };
    }
    case 'attributeName': {
      const present = new Set(ctx.tag.attributes.map((a) => a.name));
      const items = (FETCH_ATTRIBUTES[ctx.tag.name] ?? [])
        .filter((a) => !present.has(a) || text.slice(ctx.start, ctx.end) === a)
        .map((a): CompletionItem => ({
          label: a,
          kind: 'attribute',
          insertText: `${a}="\${1}"`,
          snippet: true,
          retrigger: true,
        }));
      return { span: { text: text.slice(ctx.start, ctx.end), start: ctx.start, end: ctx.end }, items };
    }
    case 'attributeValue': {
      const a = ctx.attribute;
      const span: Span = { text: a.value, start: a.valueStart, end: a.valueEnd };
      const items = valueItems(ctx.tag, a.name, ctx.table, ctx.parentTable, tags, metadata);
      return items ? { span, items } : undefined;
    }
    default:
      return undefined;
  }
}

function valueItems(
  tag: XmlTag,
  attribute: string,
  table: TableIndex | undefined,
  parentTable: TableIndex | undefined,
  tags: readonly XmlTag[],
  metadata: MetadataSnapshot | undefined,
): readonly CompletionItem[] | undefined {
  if ((tag.name === 'entity' || tag.name === 'link-entity') && attribute === 'name') {
    return metadata ? logicalNameItems(metadata) : undefined;
  }
  const side = COLUMN_ATTRIBUTES[tag.name]?.[attribute];
  if (side) return (side === 'own' ? table : parentTable)?.logicalColumnItems();
  if (tag.name === 'condition' && attribute === 'operator') return OPERATOR_ITEMS;
  if (tag.name === 'condition' && attribute === 'value') {
    const columnName = tag.attributes.find((x) => x.name === 'attribute')?.value;
    const owner = tableForTag(tags, tag, metadata);
    const entry = columnName ? owner?.column(columnName) : undefined;
    return entry && owner ? owner.valueItems(entry.column) : undefined;
  }
  return VALUE_ITEMS.get(attribute);
}
