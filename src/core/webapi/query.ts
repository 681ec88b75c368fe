// A small typed builder for entity-set queries: the system query options Dataverse supports, nested
// $expand options, and FetchXML, each encoded once and correctly. Values in $filter go through
// `odata`/`literal` (./odata.ts); names are checked here so a typo fails before anything is sent.
import { encodeQueryValue, QueryBuildError } from './odata';

export type OrderBy = string | { column: string; descending?: boolean };

export interface ExpandOption {
  /** Navigation property, e.g. "primarycontactid" or "contact_customer_accounts". */
  property: string;
  select?: string[];
  filter?: string;
  orderBy?: OrderBy[];
  top?: number;
  expand?: ExpandOption[];
}

export interface QueryOptions {
  select?: string[];
  /** An OData expression; build values in with the `odata` tag or `literal()`. */
  filter?: string;
  orderBy?: OrderBy[];
  top?: number;
  expand?: ExpandOption[];
  /** $count=true: the first page carries @odata.count (capped at 5000 by Dataverse). */
  count?: boolean;
  /** $apply, passed through as written (aggregation, groupby). */
  apply?: string;
  /** A FetchXML query instead of the options above. */
  fetchXml?: string;
}

/**
 * The request path (relative to the Web API root) for a query: `accounts?$select=name&$top=5`.
 * `resource` is an entity set or a path below one (`accounts(<id>)/contact_customer_accounts`).
 */
export function buildQuery(resource: string, options: QueryOptions = {}): string {
  checkResource(resource);
  if (options.fetchXml !== undefined) {
    const others = (['select', 'filter', 'orderBy', 'top', 'expand', 'count', 'apply'] as const).filter((k) => options[k] !== undefined);
    if (others.length) throw new QueryBuildError(`A FetchXML query cannot be combined with ${others.join(', ')}; put those in the FetchXML.`);
    if (!options.fetchXml.trim()) throw new QueryBuildError('The FetchXML query is empty.');
    return `${resource}?fetchXml=${encodeURIComponent(options.fetchXml)}`;
  }
  const params: string[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined) params.push(`${name}=${encodeQueryValue(value)}`);
  };
  add('$select', selectList(options.select));
  add('$filter', filterText(options.filter));
  add('$orderby', orderList(options.orderBy));
  add('$expand', expandList(options.expand));
  add('$top', topValue(options.top));
  if (options.count) add('$count', 'true');
  if (options.apply !== undefined) {
    if (!options.apply.trim()) throw new QueryBuildError('$apply is empty.');
    add('$apply', options.apply.trim());
  }
  return params.length ? `${resource}?${params.join('&')}` : resource;
}

/** The nested options of one $expand item, `;`-separated inside parentheses. */
function expandItem(x: ExpandOption): string {
  checkName(x.property, 'navigation property');
  const inner: string[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined) inner.push(`${name}=${value}`);
  };
  add('$select', selectList(x.select));
  add('$filter', filterText(x.filter));
  add('$orderby', orderList(x.orderBy));
  add('$top', topValue(x.top));
  add('$expand', expandList(x.expand));
  return inner.length ? `${x.property}(${inner.join(';')})` : x.property;
}

function expandList(expand: ExpandOption[] | undefined): string | undefined {
  if (!expand?.length) return undefined;
  return expand.map(expandItem).join(',');
}

function selectList(select: string[] | undefined): string | undefined {
  if (!select?.length) return undefined;
  const names = [...new Set(select.map((s) => s.trim()))];
  for (const n of names) checkName(n, 'column');
  return names.join(',');
}

function filterText(filter: string | undefined): string | undefined {
  if (filter === undefined) return undefined;
  const f = filter.trim();
  if (!f) throw new QueryBuildError('$filter is empty.');
  return f;
}

function orderList(order: OrderBy[] | undefined): string | undefined {
  if (!order?.length) return undefined;
  return order.map((o) => {
    if (typeof o !== 'string') {
      checkName(o.column, 'column');
      return o.descending ? `${o.column} desc` : o.column;
    }
    const m = /^\s*(\S+)(?:\s+(asc|desc))?\s*$/i.exec(o);
    if (!m) throw new QueryBuildError(`"${o}" is not an order: a column, optionally followed by asc or desc.`);
    checkName(m[1]!, 'column');
    return m[2] ? `${m[1]} ${m[2].toLowerCase()}` : m[1]!;
  }).join(',');
}

function topValue(top: number | undefined): string | undefined {
  if (top === undefined) return undefined;
  if (!Number.isInteger(top) || top < 1) throw new QueryBuildError(`$top must be a whole number of at least 1, not ${top}.`);
  return String(top);
}

// Logical names, lookup values (_x_value), casts and paths (Microsoft.Dynamics.CRM.x, a/b).
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:[./][A-Za-z_][A-Za-z0-9_]*)*$/;

function checkName(name: string, what: string): void {
  if (!NAME.test(name)) throw new QueryBuildError(`"${name}" is not a ${what} name.`);
}

function checkResource(resource: string): void {
  if (!resource || /[\s?#&]/.test(resource) || /^[a-z][a-z0-9+.-]*:/i.test(resource) || resource.startsWith('/')) {
    throw new QueryBuildError(`"${resource}" is not an entity set or a path below one (like "accounts" or "accounts(<id>)/contact_customer_accounts").`);
  }
}
