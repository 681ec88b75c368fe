// FetchXML text → a checked query: names resolved against the org's tables, and every malformed
// element or value refused with the QueryBuilder error Dataverse uses for it (codes in errors.ts,
// element rules per learn.microsoft.com/power-apps/developer/data-platform/fetchxml/reference).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AttributeModel, EntityModel, OrgModel } from '../model';
import { Codes, badRequest } from '../errors';
import { checkOperator } from './conditions';

type Node = Record<string, unknown>;

export type AggregateFn = 'count' | 'countcolumn' | 'sum' | 'avg' | 'min' | 'max';
export type DateGrouping = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'fiscal-period' | 'fiscal-year';
export type LinkType =
  'inner' | 'outer' | 'natural' | 'in' | 'exists' | 'any' | 'not-any' | 'matchfirstrowusingcrossapply';

export interface FetchAttribute {
  attr: AttributeModel;
  alias?: string;
  aggregate?: AggregateFn;
  groupby: boolean;
  dategrouping?: DateGrouping;
  distinct: boolean;
}

export interface FetchCondition {
  /** Link alias the condition reads (entityname=, or the link-entity it sits in); undefined = root. */
  alias?: string;
  attr: AttributeModel;
  operator: string;
  values: string[];
}

export interface FetchFilter {
  type: 'and' | 'or';
  conditions: FetchCondition[];
  filters: FetchFilter[];
}
export interface FetchOrder {
  alias?: string;
  attr?: AttributeModel;
  link?: string;
  desc: boolean;
}

export interface FetchLink {
  entity: EntityModel;
  /** Column of the linked table. */
  from: AttributeModel;
  /** Column of the parent (root or enclosing link). */
  to: AttributeModel;
  alias: string;
  linkType: LinkType;
  attributes: FetchAttribute[] | 'all';
  filter?: FetchFilter;
  links: FetchLink[];
  orders: FetchOrder[];
}

export interface FetchQuery {
  entity: EntityModel;
  attributes: FetchAttribute[] | 'all';
  orders: FetchOrder[];
  filter?: FetchFilter;
  links: FetchLink[];
  count?: number;
  page: number;
  cookie?: string;
  top?: number;
  distinct: boolean;
  aggregate: boolean;
  aggregateLimit?: number;
}

const AGGREGATES = new Set(['count', 'countcolumn', 'sum', 'avg', 'min', 'max']);
const GROUPINGS = new Set(['day', 'week', 'month', 'quarter', 'year', 'fiscal-period', 'fiscal-year']);
const LINK_TYPES = new Set([
  'inner',
  'outer',
  'natural',
  'in',
  'exists',
  'any',
  'not-any',
  'matchfirstrowusingcrossapply',
  'all',
  'not-all',
]);
const CHILDREN: Record<string, Set<string>> = {
  fetch: new Set(['entity']),
  entity: new Set(['attribute', 'all-attributes', 'no-attrs', 'order', 'filter', 'link-entity']),
  filter: new Set(['condition', 'filter']),
  condition: new Set(['value']),
};
const ARRAYS = new Set(['attribute', 'filter', 'condition', 'order', 'link-entity', 'value', 'entity']);
const MAX_LINKS = 15;

const fetchError = badRequest;

function attrs(n: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(n)) if (k.startsWith('@_')) out[k.slice(2)] = String(v);
  return out;
}

function children(n: Node, name: string): Node[] {
  const v = n[name];
  return Array.isArray(v)
    ? (v as unknown[]).map((x) => (typeof x === 'object' && x !== null ? (x as Node) : { '#text': x }))
    : [];
}

/** Refuses elements that do not belong under `element` (QueryBuilderDeserializeInvalidNode). */
function checkChildren(n: Node, element: string): void {
  const allowed = CHILDREN[element === 'link-entity' ? 'entity' : element] ?? new Set<string>();
  for (const k of Object.keys(n)) {
    if (!k.startsWith('@_') && k !== '#text' && !allowed.has(k)) {
      throw fetchError(
        Codes.fetchInvalidNode,
        `The element node encountered is invalid. '${k}' is not allowed in '${element}'.`,
      );
    }
  }
}

function bool(v: string | undefined, code: string, what: string): boolean {
  if (v === undefined) return false;
  if (['true', '1'].includes(v)) return true;
  if (['false', '0'].includes(v)) return false;
  throw fetchError(code, `The only valid values for ${what} attribute are 'true', 'false', '1', and '0'.`);
}

function int(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    throw fetchError(
      Codes.invalidArgument,
      `The ${what} attribute must be a whole number greater than zero, not '${v}'.`,
    );
  }
  return Number(v);
}

function required(a: Record<string, string>, name: string, element: string): string {
  const v = a[name];
  if (v === undefined || v === '') {
    throw fetchError('0x8004111e', `A required attribute was not specified: '${name}' on '${element}'.`);
  }
  return v;
}

class FetchParser {
  private links = 0;

  constructor(private readonly model: OrgModel) {}

  entity(name: string): EntityModel {
    return (
      this.model.byLogicalName.get(name) ??
      (() => {
        throw fetchError(Codes.fetchNoEntity, `The specified entity was not found: '${name}'.`);
      })()
    );
  }

  attribute(e: EntityModel, name: string): AttributeModel {
    return (
      e.attrByName.get(name) ??
      (() => {
        throw fetchError(
          Codes.fetchXmlInvalid,
          `'${e.logicalName}' entity doesn't contain attribute with Name = '${name}' and NameMapping = 'Logical'.`,
        );
      })()
    );
  }

  /** No attribute element on the root entity means every column (fetchxml/select-columns); on a link, none. */
  columns(n: Node, e: EntityModel, root = false): FetchAttribute[] | 'all' {
    if ('all-attributes' in n || (root && !('attribute' in n) && !('no-attrs' in n))) return 'all';
    return children(n, 'attribute').map((x) => {
      const a = attrs(x);
      const aggregate = a['aggregate'];
      if (aggregate !== undefined && !AGGREGATES.has(aggregate)) {
        throw fetchError(
          Codes.fetchInvalidAggregate,
          `An error occurred while processing Aggregates in Query: '${aggregate}' is not an aggregate.`,
        );
      }
      const dategrouping = a['dategrouping'];
      if (dategrouping !== undefined && !GROUPINGS.has(dategrouping)) {
        throw fetchError(
          Codes.fetchInvalidDateGrouping,
          `An invalid value was specified for dategrouping: '${dategrouping}'.`,
        );
      }
      return {
        attr: this.attribute(e, required(a, 'name', 'attribute')),
        ...(a['alias'] ? { alias: a['alias'] } : {}),
        ...(aggregate ? { aggregate: aggregate as AggregateFn } : {}),
        groupby: bool(a['groupby'], Codes.fetchInvalidGroupBy, 'groupby'),
        ...(dategrouping ? { dategrouping: dategrouping as DateGrouping } : {}),
        distinct: bool(a['distinct'], Codes.fetchInvalidBoolean, 'distinct'),
      };
    });
  }

  orders(n: Node, e: EntityModel, link?: string): FetchOrder[] {
    return children(n, 'order').map((x) => {
      const a = attrs(x);
      const desc = bool(a['descending'], Codes.fetchInvalidDescending, 'descending');
      if (a['alias'] !== undefined) return { alias: a['alias'], desc, ...(link ? { link } : {}) };
      return { attr: this.attribute(e, required(a, 'attribute', 'order')), desc, ...(link ? { link } : {}) };
    });
  }

  /** `aliases` maps link aliases to their tables, for conditions with entityname. */
  filter(n: Node, e: EntityModel, aliases: Map<string, EntityModel>, own?: string): FetchFilter {
    checkChildren(n, 'filter');
    const type = attrs(n)['type'] ?? 'and';
    if (type !== 'and' && type !== 'or') {
      throw fetchError(Codes.fetchInvalidFilterType, "Unsupported filter type. Valid values are 'and', or 'or'.");
    }
    return {
      type,
      conditions: children(n, 'condition').map((c) => this.condition(c, e, aliases, own)),
      filters: children(n, 'filter').map((f) => this.filter(f, e, aliases, own)),
    };
  }

  private condition(c: Node, e: EntityModel, aliases: Map<string, EntityModel>, own?: string): FetchCondition {
    checkChildren(c, 'condition');
    const a = attrs(c);
    const operator = checkOperator(required(a, 'operator', 'condition'));
    const alias = a['entityname'] ?? own;
    const target = a['entityname'] !== undefined ? aliases.get(a['entityname']) : e;
    if (!target) {
      throw fetchError(
        '0x8004110a',
        `The specified alias for the given entity in the condition does not exist: '${a['entityname']}'.`,
      );
    }
    const values = a['value'] !== undefined ? [a['value']] : children(c, 'value').map((v) => String(v['#text'] ?? ''));
    return {
      ...(alias ? { alias } : {}),
      attr: this.attribute(target, required(a, 'attribute', 'condition')),
      operator,
      values,
    };
  }

  link(n: Node, parent: EntityModel, aliases: Map<string, EntityModel>): FetchLink {
    checkChildren(n, 'link-entity');
    if (++this.links > MAX_LINKS) {
      throw fetchError(Codes.fetchTooManyLinks, 'Number of link entities in query exceeded maximum limit.');
    }
    const a = attrs(n);
    const entity = this.entity(required(a, 'name', 'link-entity'));
    const linkType = a['link-type'] ?? 'inner';
    if (!LINK_TYPES.has(linkType)) {
      throw fetchError(
        Codes.fetchInvalidLinkType,
        "The only valid values for link-type attribute are 'natural', 'inner','in','exists','matchfirstrowusingcrossapply' and 'outer'.",
      );
    }
    if (linkType === 'all' || linkType === 'not-all') {
      throw fetchError(
        Codes.fetchInvalidLinkType,
        `link-type '${linkType}' is valid FetchXML but not supported by this emulator.`,
      );
    }
    const alias = a['alias'] ?? this.defaultAlias(entity, aliases);
    if (aliases.has(alias)) throw fetchError(Codes.fetchDuplicateAlias, 'FetchXML should have unique aliases.');
    aliases.set(alias, entity);
    const links = children(n, 'link-entity').map((x) => this.link(x, entity, aliases));
    const filters = children(n, 'filter');
    return {
      entity,
      alias,
      linkType: linkType as LinkType,
      from: this.attribute(entity, required(a, 'from', 'link-entity')),
      to: this.attribute(parent, required(a, 'to', 'link-entity')),
      attributes: this.columns(n, entity),
      ...(filters.length
        ? {
            filter: {
              type: 'and',
              conditions: [],
              filters: filters.map((f) => this.filter(f, entity, aliases, alias)),
            },
          }
        : {}),
      links,
      orders: this.orders(n, entity, alias),
    };
  }

  /** Linked columns are named `{table}.{column}` when no alias is given (fetchxml/select-columns). */
  private defaultAlias(e: EntityModel, aliases: Map<string, EntityModel>): string {
    if (!aliases.has(e.logicalName)) return e.logicalName;
    let i = 1;
    while (aliases.has(`${e.logicalName}${i}`)) i++;
    return `${e.logicalName}${i}`;
  }
}

export function parseFetch(text: string, model: OrgModel): FetchQuery {
  if (!text.trim() || XMLValidator.validate(text) !== true) throw fetchError(Codes.invalidXml, 'Invalid XML.');
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    isArray: (n) => ARRAYS.has(n),
    parseAttributeValue: false,
    parseTagValue: false,
  }).parse(text) as Node;
  const fetch = doc['fetch'] as Node | undefined;
  if (!fetch || typeof fetch !== 'object') throw fetchError(Codes.malformedFetchXml, 'Malformed FetchXml.');
  checkChildren(fetch, 'fetch');
  const entities = children(fetch, 'entity');
  if (entities.length !== 1) {
    throw fetchError('0x80041123', 'A required element was not specified: a fetch has exactly one entity element.');
  }
  const node = entities[0]!;
  checkChildren(node, 'entity');
  const f = attrs(fetch);
  const p = new FetchParser(model);
  const entity = p.entity(required(attrs(node), 'name', 'entity'));
  const aliases = new Map<string, EntityModel>();
  const links = children(node, 'link-entity').map((x) => p.link(x, entity, aliases));
  const filters = children(node, 'filter');
  return {
    entity,
    attributes: p.columns(node, entity, true),
    orders: p.orders(node, entity),
    links,
    ...(filters.length
      ? { filter: { type: 'and', conditions: [], filters: filters.map((x) => p.filter(x, entity, aliases)) } }
      : {}),
    page: int(f['page'], 'page') ?? 1,
    ...(f['count'] ? { count: int(f['count'], 'count') } : {}),
    ...(f['top'] ? { top: int(f['top'], 'top') } : {}),
    ...(f['paging-cookie'] ? { cookie: f['paging-cookie'] } : {}),
    distinct: bool(f['distinct'], Codes.fetchInvalidBoolean, 'distinct'),
    aggregate: bool(f['aggregate'], Codes.fetchInvalidAggregate, 'aggregate'),
    ...(f['aggregatelimit'] ? { aggregateLimit: int(f['aggregatelimit'], 'aggregatelimit') } : {}),
  };
}
