// Where the cursor is inside a <fetch> block, for completion and hover: an element name, an
// attribute name, or an attribute's value — with the table the element is about (its entity or
// link-entity, or the link-entity an `entityname` alias points at).
import type { MetadataSnapshot } from '../../metadata/model';
import { indexFor, type TableIndex } from './metadataIndex';
import { openElementsAt, tagAt, type XmlAttribute, type XmlTag } from '../syntax/xmlScan';

export type FetchContext =
  | { readonly kind: 'element'; readonly tag: XmlTag; readonly parent?: string }
  | { readonly kind: 'attributeName'; readonly tag: XmlTag; readonly start: number; readonly end: number }
  | {
      readonly kind: 'attributeValue';
      readonly tag: XmlTag;
      readonly attribute: XmlAttribute;
      readonly table?: TableIndex;
      readonly parentTable?: TableIndex;
    }
  | { readonly kind: 'none' };

function nameOf(tag: XmlTag | undefined): string | undefined {
  return tag?.attributes.find((a) => a.name === 'name')?.value;
}

export function tableNamed(
  metadata: MetadataSnapshot | undefined,
  logicalName: string | undefined,
): TableIndex | undefined {
  return metadata && logicalName ? indexFor(metadata, metadata.tableByLogicalName(logicalName)) : undefined;
}

/** The entity or link-entity enclosing a tag, and the one around that. */
export function entityScope(tags: readonly XmlTag[], tag: XmlTag): { own?: string; parent?: string } {
  const open = openElementsAt(tags, tag.start).filter((t) => t.name === 'entity' || t.name === 'link-entity');
  return { own: nameOf(open[open.length - 1]), parent: nameOf(open[open.length - 2]) };
}

/** The table a condition/order/attribute tag refers to (`entityname` names a link-entity's alias). */
export function tableForTag(
  tags: readonly XmlTag[],
  tag: XmlTag,
  metadata: MetadataSnapshot | undefined,
): TableIndex | undefined {
  const alias = tag.attributes.find((a) => a.name === 'entityname')?.value;
  if (alias) {
    const link = tags.find(
      (t) =>
        t.name === 'link-entity' && !t.closing && t.attributes.some((a) => a.name === 'alias' && a.value === alias),
    );
    if (link) return tableNamed(metadata, nameOf(link));
  }
  if (tag.name === 'link-entity') return tableNamed(metadata, nameOf(tag));
  return tableNamed(metadata, entityScope(tags, tag).own);
}

export function fetchContextAt(
  text: string,
  tags: readonly XmlTag[],
  offset: number,
  metadata: MetadataSnapshot | undefined,
): FetchContext {
  const tag = tagAt(tags, offset);
  if (!tag) return { kind: 'none' };
  if (offset <= tag.nameStart + tag.name.length) {
    if (tag.closing) return { kind: 'none' };
    const open = openElementsAt(tags, tag.start);
    const parent = open[open.length - 1]?.name;
    return { kind: 'element', tag, ...(parent ? { parent } : {}) };
  }
  const attribute = tag.attributes.find((a) => a.hasValue && a.valueStart <= offset && offset <= a.valueEnd);
  if (attribute) {
    const table = tableForTag(tags, tag, metadata);
    const parentTable = tag.name === 'link-entity' ? tableNamed(metadata, entityScope(tags, tag).own) : undefined;
    return {
      kind: 'attributeValue',
      tag,
      attribute,
      ...(table ? { table } : {}),
      ...(parentTable ? { parentTable } : {}),
    };
  }
  const inName = tag.attributes.find((a) => a.nameStart <= offset && offset <= a.nameStart + a.name.length);
  if (inName) {
    return { kind: 'attributeName', tag, start: inName.nameStart, end: inName.nameStart + inName.name.length };
  }
  if (/\s/.test(text[offset - 1] ?? '')) return { kind: 'attributeName', tag, start: offset, end: offset };
  return { kind: 'none' };
}
