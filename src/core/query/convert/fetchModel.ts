// FetchXML as a plain tree (entity, attributes, filters, link-entities, orders) that both conversions
// share: FetchXML → OData reads it, OData → FetchXML builds it and writes it back as text.
import * as l10n from '@vscode/l10n';
import { xmlProblem } from '../../xmlProblem';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConvertError } from './conversion';

export interface FetchAttr {
  name: string;
  alias?: string;
  aggregate?: string;
  groupby?: boolean;
  dategrouping?: string;
  distinct?: boolean;
}

export interface FetchCond {
  attribute: string;
  operator: string;
  /** One value (value="…") or several (<value> elements); empty for null, today… */
  values: string[];
  entityname?: string;
  valueof?: string;
}

export interface FetchFilterNode {
  type: 'and' | 'or';
  /** Conditions and nested filters in document order. */
  items: (FetchCond | FetchFilterNode)[];
}

export interface FetchOrderNode {
  attribute?: string;
  alias?: string;
  descending: boolean;
  entityname?: string;
}

export interface FetchEntityNode {
  name: string;
  /** 'all': no attribute element on the root, or <all-attributes/>. */
  attributes: FetchAttr[] | 'all';
  filters: FetchFilterNode[];
  orders: FetchOrderNode[];
  links: FetchLinkNode[];
}

export interface FetchLinkNode extends FetchEntityNode {
  from: string;
  to: string;
  alias?: string;
  linkType: string;
}

export interface FetchDoc {
  /** Attributes of <fetch> (top, count, page, distinct, aggregate, …) as written. */
  options: Record<string, string>;
  entity: FetchEntityNode;
}

export function isCondition(item: FetchCond | FetchFilterNode): item is FetchCond {
  return 'operator' in item;
}

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Element children in document order (preserveOrder form: one single-key object per child). */
function kids(list: unknown): { tag: string; node: Node }[] {
  if (!Array.isArray(list)) return [];
  return (list as Node[]).flatMap((n) => {
    const tag = Object.keys(n).find((k) => k !== ':@' && k !== '#text');
    return tag ? [{ tag, node: n }] : [];
  });
}

function attrsOf(n: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(n[':@'] ?? {})) out[k] = String(v);
  return out;
}

function text(n: Node, tag: string): string {
  const list = n[tag];
  return Array.isArray(list) ? (list as Node[]).map((t) => String(t['#text'] ?? '')).join('') : '';
}

const isTrue = (v: string | undefined): boolean => v === 'true' || v === '1';

function filterOf(n: Node): FetchFilterNode {
  const a = attrsOf(n);
  const items = kids(n['filter']).flatMap(({ tag, node }): (FetchCond | FetchFilterNode)[] => {
    if (tag === 'filter') return [filterOf(node)];
    if (tag !== 'condition') return [];
    const c = attrsOf(node);
    const values =
      c['value'] !== undefined
        ? [c['value']]
        : kids(node['condition'])
            .filter((k) => k.tag === 'value')
            .map((k) => text(k.node, 'value'));
    return [
      {
        attribute: c['attribute'] ?? '',
        operator: c['operator'] ?? '',
        values,
        ...(c['entityname'] ? { entityname: c['entityname'] } : {}),
        ...(c['valueof'] ? { valueof: c['valueof'] } : {}),
      },
    ];
  });
  return { type: a['type'] === 'or' ? 'or' : 'and', items };
}

function entityOf(n: Node, tag: string, root: boolean): FetchEntityNode {
  const children = kids(n[tag]);
  const attributes = children
    .filter((k) => k.tag === 'attribute')
    .map(({ node }): FetchAttr => {
      const a = attrsOf(node);
      return {
        name: a['name'] ?? '',
        ...(a['alias'] ? { alias: a['alias'] } : {}),
        ...(a['aggregate'] ? { aggregate: a['aggregate'] } : {}),
        ...(isTrue(a['groupby']) ? { groupby: true } : {}),
        ...(a['dategrouping'] ? { dategrouping: a['dategrouping'] } : {}),
        ...(isTrue(a['distinct']) ? { distinct: true } : {}),
      };
    });
  const all = children.some((k) => k.tag === 'all-attributes') || (root && attributes.length === 0);
  return {
    name: attrsOf(n)['name'] ?? '',
    attributes: all ? 'all' : attributes,
    filters: children.filter((k) => k.tag === 'filter').map((k) => filterOf(k.node)),
    orders: children
      .filter((k) => k.tag === 'order')
      .map(({ node }) => {
        const a = attrsOf(node);
        return {
          ...(a['attribute'] ? { attribute: a['attribute'] } : {}),
          ...(a['alias'] ? { alias: a['alias'] } : {}),
          descending: isTrue(a['descending']),
          ...(a['entityname'] ? { entityname: a['entityname'] } : {}),
        };
      }),
    links: children.filter((k) => k.tag === 'link-entity').map((k) => linkOf(k.node)),
  };
}

function linkOf(n: Node): FetchLinkNode {
  const a = attrsOf(n);
  return {
    ...entityOf(n, 'link-entity', false),
    from: a['from'] ?? '',
    to: a['to'] ?? '',
    ...(a['alias'] ? { alias: a['alias'] } : {}),
    linkType: a['link-type'] ?? 'inner',
  };
}

/** Reads FetchXML text; throws ConvertError when it is not one well-formed <fetch> with an <entity>. */
export function parseFetchDoc(xml: string): FetchDoc {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ConvertError(
      l10n.t('The FetchXML is not well-formed XML (line {0}): {1}', valid.err.line, xmlProblem(valid.err)),
    );
  }
  let doc: unknown;
  try {
    doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      preserveOrder: true,
      parseAttributeValue: false,
      parseTagValue: false,
      processEntities: true,
    }).parse(xml);
  } catch (err) {
    // The validator lets a few broken endings through ("<fetch/"); the parser then throws.
    throw new ConvertError(
      l10n.t('This FetchXML could not be read: {0}', err instanceof Error ? err.message : String(err)),
    );
  }
  const fetch = kids(doc).find((k) => k.tag === 'fetch');
  const entity = fetch && kids(fetch.node['fetch']).find((k) => k.tag === 'entity');
  if (!fetch || !entity || !attrsOf(entity.node)['name']) {
    throw new ConvertError(
      l10n.t('The FetchXML needs a {0} element with an {1} inside.', '<fetch>', '<entity name="…">'),
    );
  }
  return { options: attrsOf(fetch.node), entity: entityOf(entity.node, 'entity', true) };
}
