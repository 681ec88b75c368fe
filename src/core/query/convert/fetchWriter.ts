// Writes a FetchDoc back as indented FetchXML text, every value XML-escaped, for a scratchpad block.
import {
  isCondition,
  type FetchAttr,
  type FetchCond,
  type FetchDoc,
  type FetchEntityNode,
  type FetchFilterNode,
  type FetchLinkNode,
  type FetchOrderNode,
} from './fetchModel';

/** Text for a double-quoted attribute value or element content. */
function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

type Attrs = [string, string | undefined][];

function tag(name: string, attrs: Attrs, indent: string, children: string[] = []): string[] {
  const a = attrs
    .filter((x): x is [string, string] => x[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join('');
  if (children.length === 0) return [`${indent}<${name}${a} />`];
  return [`${indent}<${name}${a}>`, ...children, `${indent}</${name}>`];
}

function attribute(a: FetchAttr, indent: string): string[] {
  return tag(
    'attribute',
    [
      ['name', a.name],
      ['alias', a.alias],
      ['aggregate', a.aggregate],
      ['groupby', a.groupby ? 'true' : undefined],
      ['dategrouping', a.dategrouping],
      ['distinct', a.distinct ? 'true' : undefined],
    ],
    indent,
  );
}

function condition(c: FetchCond, indent: string): string[] {
  const many = c.values.length > 1 || ['in', 'not-in', 'between', 'not-between'].includes(c.operator);
  return tag(
    'condition',
    [
      ['entityname', c.entityname],
      ['attribute', c.attribute],
      ['operator', c.operator],
      ['value', !many ? c.values[0] : undefined],
      ['valueof', c.valueof],
    ],
    indent,
    many ? c.values.map((v) => `${indent}  <value>${escapeAttribute(v)}</value>`) : [],
  );
}

function filter(f: FetchFilterNode, indent: string): string[] {
  const inner = `${indent}  `;
  const items = f.items.flatMap((i) => (isCondition(i) ? condition(i, inner) : filter(i, inner)));
  return tag('filter', [['type', f.type === 'or' ? 'or' : undefined]], indent, items);
}

function order(o: FetchOrderNode, indent: string): string[] {
  return tag(
    'order',
    [
      ['entityname', o.entityname],
      ['attribute', o.attribute],
      ['alias', o.alias],
      ['descending', o.descending ? 'true' : undefined],
    ],
    indent,
  );
}

function body(e: FetchEntityNode, indent: string, root: boolean): string[] {
  const attrs = e.attributes === 'all' ? (root ? [] : [`${indent}<all-attributes />`]) : [];
  return [
    ...attrs,
    ...(e.attributes === 'all' ? [] : e.attributes.flatMap((a) => attribute(a, indent))),
    ...e.filters.flatMap((f) => filter(f, indent)),
    ...e.orders.flatMap((o) => order(o, indent)),
    ...e.links.flatMap((l) => link(l, indent)),
  ];
}

function link(l: FetchLinkNode, indent: string): string[] {
  return tag(
    'link-entity',
    [
      ['name', l.name],
      ['from', l.from],
      ['to', l.to],
      ['alias', l.alias],
      ['link-type', l.linkType],
    ],
    indent,
    body(l, `${indent}  `, false),
  );
}

export function writeFetchXml(doc: FetchDoc): string {
  const entity = tag('entity', [['name', doc.entity.name]], '  ', body(doc.entity, '    ', true));
  const head = Object.entries(doc.options)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join('');
  return [`<fetch${head}>`, ...entity, '</fetch>'].join('\n');
}
