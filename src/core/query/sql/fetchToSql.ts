// FetchXML → SQL, the reverse of translate.ts (the "FetchXML → SQL" code action): the same query in
// the SQL dialect, so that translating it back gives the same FetchXML semantics. A construct with
// no SQL form in the dialect (link-type="exists", fiscal grouping…) is a problem, never dropped.
import * as l10n from '@vscode/l10n';
import type { FetchToSqlResult } from './api';
import { fetchTree, type FetchNode } from './fetchTree';
import { RESERVED } from './cursor';
import { DATE_FUNCTIONS } from './dateOperators';

const COMPARE: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
const DATE_CAST: Record<string, string> = { on: '=', 'on-or-after': '>=', 'on-or-before': '<=' };
const FUNCTION_OF = new Map([...DATE_FUNCTIONS].map(([fn, [op, counted]]) => [op, [fn, counted] as const]));
const DATE_GROUP: Record<string, string> = {
  year: 'YEAR',
  quarter: 'QUARTER',
  month: 'MONTH',
  week: 'WEEK',
  day: 'DAY',
};
const IGNORED_FETCH_ATTRS = new Set([
  'version',
  'output-format',
  'mapping',
  'no-lock',
  'returntotalrecordcount',
  'latematerialize',
  'paging-cookie',
  'top',
  'count',
  'page',
  'distinct',
  'aggregate',
  'options',
]);

class Problem extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

export function name(n: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) && !RESERVED.has(n.toUpperCase()) ? n : `[${n.replace(/]/g, ']]')}]`;
}

function literal(v: string): string {
  const param = /^\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}$/.exec(v);
  if (param && /^[A-Za-z_]\w*$/.test(param[1]!)) return `@${param[1]}`;
  return /^-?\d+(\.\d+)?$/.test(v) ? v : `'${v.replace(/'/g, "''")}'`;
}

interface State {
  readonly select: string[];
  readonly joins: string[];
  readonly where: string[];
  readonly orders: string[];
  readonly linkOrders: string[];
  readonly groupBy: string[];
  readonly qualify: boolean;
  readonly aggregate: boolean;
  readonly usedAliases: Set<string>;
}

export function fetchXmlToSql(xml: string): FetchToSqlResult {
  try {
    return { sql: convert(xml), problems: [] };
  } catch (e) {
    if (e instanceof Problem) {
      return { problems: [{ message: e.message, ...(e.offset !== undefined ? { offset: e.offset } : {}) }] };
    }
    throw e;
  }
}

function convert(xml: string): string {
  const fetch = fetchTree(xml);
  if (!fetch || fetch.name !== 'fetch') {
    throw new Problem(l10n.t('This is not FetchXML: it starts with {0}.', '<fetch>'), fetch?.start);
  }
  for (const k of fetch.attrs.keys()) {
    if (!IGNORED_FETCH_ATTRS.has(k)) throw new Problem(l10n.t('{0} has no SQL form.', `<fetch ${k}>`), fetch.start);
  }
  const entity = fetch.children.find((c) => c.name === 'entity');
  const entityName = entity?.attrs.get('name');
  if (!entity || !entityName) {
    throw new Problem(l10n.t('{0} needs an {1}.', '<fetch>', '<entity name="…">'), fetch.start);
  }
  const hasLinks = (n: FetchNode): boolean => n.children.some((c) => c.name === 'link-entity');
  const state: State = {
    select: [],
    joins: [],
    where: [],
    orders: [],
    linkOrders: [],
    groupBy: [],
    qualify: hasLinks(entity),
    aggregate: fetch.attrs.get('aggregate') === 'true',
    usedAliases: new Set([entityName.toLowerCase()]),
  };
  walk(state, entity, entityName, true);
  const attrs = fetch.attrs;
  let head = 'SELECT ';
  if (attrs.get('distinct') === 'true' && !state.aggregate) head += 'DISTINCT ';
  if (attrs.has('top')) head += `TOP ${number(attrs.get('top')!, 'top', fetch)} `;
  const lines = [
    `${head}${state.select.length ? state.select.join(', ') : '*'}`,
    `FROM ${name(entityName)}`,
    ...state.joins,
  ];
  if (state.where.length) lines.push(`WHERE ${state.where.join(' AND ')}`);
  if (state.groupBy.length) lines.push(`GROUP BY ${state.groupBy.join(', ')}`);
  const orders = [...state.orders, ...state.linkOrders];
  if (orders.length) lines.push(`ORDER BY ${orders.join(', ')}`);
  if (attrs.has('count') && !attrs.has('top')) {
    const count = number(attrs.get('count')!, 'count', fetch);
    const page = attrs.has('page') ? number(attrs.get('page')!, 'page', fetch) : 1;
    if (orders.length === 0) {
      throw new Problem(
        l10n.t(
          'Paging ({0}) without {1} has no exact SQL form: {2} needs {3}.',
          'count/page',
          '<order>',
          'OFFSET … FETCH',
          'ORDER BY',
        ),
        fetch.start,
      );
    }
    lines.push(`OFFSET ${(Math.max(page, 1) - 1) * count} ROWS FETCH NEXT ${count} ROWS ONLY`);
  }
  return lines.join('\n');
}

function number(v: string, what: string, at: FetchNode): number {
  if (!/^\d+$/.test(v)) throw new Problem(l10n.t('{0} is not a whole number.', `${what}="${v}"`), at.start);
  return Number(v);
}

function walk(state: State, node: FetchNode, alias: string, root: boolean): void {
  const q = (col: string): string => (state.qualify ? `${name(alias)}.${name(col)}` : name(col));
  const attributes = node.children.filter((c) => c.name === 'attribute');
  if (node.children.some((c) => c.name === 'all-attributes') || (root && attributes.length === 0 && !state.aggregate)) {
    state.select.push(state.qualify ? `${name(alias)}.*` : '*');
  }
  for (const child of node.children) {
    switch (child.name) {
      case 'attribute':
        state.select.push(attribute(state, child, q));
        break;
      case 'filter':
        state.where.push(filter(child, alias, state.qualify, root));
        break;
      case 'order':
        (root ? state.orders : state.linkOrders).push(order(child, state.qualify ? alias : undefined, state.aggregate));
        break;
      case 'link-entity':
        link(state, child, alias);
        break;
      case 'all-attributes':
        break;
      default:
        throw new Problem(l10n.t('{0} has no SQL form here.', `<${child.name}>`), child.start);
    }
  }
}

function attribute(state: State, a: FetchNode, q: (c: string) => string): string {
  const col = a.attrs.get('name');
  if (!col) throw new Problem(l10n.t('{0} needs a name.', '<attribute>'), a.start);
  const alias = a.attrs.get('alias');
  const as = alias && alias !== col ? ` AS ${name(alias)}` : '';
  const agg = a.attrs.get('aggregate');
  if (agg) {
    const as = alias ? ` AS ${name(alias)}` : '';
    const distinct = a.attrs.get('distinct') === 'true' ? 'DISTINCT ' : '';
    if (agg === 'count') return `COUNT(*)${as}`;
    if (agg === 'countcolumn') return `COUNT(${distinct}${q(col)})${as}`;
    if (['sum', 'avg', 'min', 'max'].includes(agg)) return `${agg.toUpperCase()}(${q(col)})${as}`;
    throw new Problem(l10n.t('{0} has no SQL form.', `aggregate="${agg}"`), a.start);
  }
  if (a.attrs.get('groupby') === 'true') {
    const dg = a.attrs.get('dategrouping');
    if (dg && !DATE_GROUP[dg]) {
      throw new Problem(l10n.t('{0} (fiscal) has no SQL form.', `dategrouping="${dg}"`), a.start);
    }
    const expr = dg ? `${DATE_GROUP[dg]}(${q(col)})` : q(col);
    state.groupBy.push(expr);
    return `${expr}${dg && !as ? ` AS ${name(alias ?? `${dg}_${col}`)}` : as}`;
  }
  return `${q(col)}${as}`;
}

function order(o: FetchNode, alias: string | undefined, aggregate: boolean): string {
  const desc = o.attrs.get('descending') === 'true' ? ' DESC' : '';
  const byAlias = o.attrs.get('alias');
  if (byAlias && aggregate) return `${name(byAlias)}${desc}`;
  const attr = o.attrs.get('attribute');
  if (!attr) throw new Problem(l10n.t('{0} needs an attribute.', '<order>'), o.start);
  const entityname = o.attrs.get('entityname');
  const owner = entityname ?? alias;
  return `${owner ? `${name(owner)}.` : ''}${name(attr)}${desc}`;
}

function link(state: State, l: FetchNode, parentAlias: string): void {
  const table = l.attrs.get('name');
  const from = l.attrs.get('from');
  const to = l.attrs.get('to');
  if (!table || !from || !to) {
    throw new Problem(l10n.t('{0} needs {1}, {2} and {3}.', '<link-entity>', 'name', 'from', 'to'), l.start);
  }
  const type = l.attrs.get('link-type') ?? 'inner';
  if (type !== 'inner' && type !== 'outer') {
    throw new Problem(l10n.t('{0} has no SQL form in this dialect (a subquery).', `link-type="${type}"`), l.start);
  }
  const alias = l.attrs.get('alias') ?? table;
  if (state.usedAliases.has(alias.toLowerCase())) {
    throw new Problem(l10n.t('The alias "{0}" is used twice.', alias), l.start);
  }
  state.usedAliases.add(alias.toLowerCase());
  const conditions = [`${name(alias)}.${name(from)} = ${name(parentAlias)}.${name(to)}`];
  for (const f of l.children.filter((c) => c.name === 'filter')) conditions.push(filter(f, alias, true, false));
  const asText = alias === table ? '' : ` ${name(alias)}`;
  state.joins.push(
    `${type === 'inner' ? 'INNER JOIN' : 'LEFT OUTER JOIN'} ${name(table)}${asText} ON ${conditions.join(' AND ')}`,
  );
  const rest: FetchNode = { ...l, children: l.children.filter((c) => c.name !== 'filter') };
  walk(state, rest, alias, false);
}

function filter(f: FetchNode, alias: string, qualify: boolean, root: boolean): string {
  const type = (f.attrs.get('type') ?? 'and').toLowerCase();
  if (type !== 'and' && type !== 'or') {
    throw new Problem(l10n.t('{0} has no SQL form.', `filter type="${type}"`), f.start);
  }
  const notNull = new Set(
    type === 'and'
      ? f.children
          .filter((c) => c.name === 'condition' && c.attrs.get('operator') === 'not-null')
          .map((c) => columnKey(c))
      : [],
  );
  const parts = f.children.map((c) => {
    if (c.name === 'filter') return filter(c, alias, qualify, root);
    if (c.name === 'condition') {
      const sql = condition(c, alias, qualify, root);
      return notNull.has(columnKey(c)) ? sql : nullAware(c, sql, alias, qualify);
    }
    throw new Problem(l10n.t('{0} has no SQL form inside {1}.', `<${c.name}>`, '<filter>'), c.start);
  });
  if (parts.length === 0) throw new Problem(l10n.t('An empty {0} has no SQL form.', '<filter>'), f.start);
  return parts.length === 1 ? parts[0]! : `(${parts.join(` ${type.toUpperCase()} `)})`;
}

/** Operators Dataverse also matches on an empty column; their SQL forms never match NULL. */
const MATCHES_NULL = new Set(['ne', 'neq', 'not-like', 'not-in', 'not-between', 'not-begin-with', 'not-end-with']);

function columnKey(c: FetchNode): string {
  return `${c.attrs.get('entityname') ?? ''}.${c.attrs.get('attribute') ?? ''}`;
}

/** `ne` alone also returns rows with no value: in SQL that is `(x <> v OR x IS NULL)`, unless a not-null is beside it. */
function nullAware(c: FetchNode, sql: string, alias: string, qualify: boolean): string {
  if (!MATCHES_NULL.has(c.attrs.get('operator') ?? '') || c.attrs.has('valueof')) return sql;
  const owner = c.attrs.get('entityname') ?? (qualify ? alias : undefined);
  return `(${sql} OR ${owner ? `${name(owner)}.` : ''}${name(c.attrs.get('attribute')!)} IS NULL)`;
}

function condition(c: FetchNode, alias: string, qualify: boolean, root: boolean): string {
  const attr = c.attrs.get('attribute');
  const op = c.attrs.get('operator');
  if (!attr || !op) {
    throw new Problem(l10n.t('{0} needs {1} and {2}.', '<condition>', 'attribute', 'operator'), c.start);
  }
  const entityname = c.attrs.get('entityname');
  if (entityname && !root) {
    throw new Problem(l10n.t('{0} inside a {1} filter has no SQL form.', 'entityname', 'link-entity'), c.start);
  }
  const owner = entityname ?? (qualify ? alias : undefined);
  const col = `${owner ? `${name(owner)}.` : ''}${name(attr)}`;
  const value = c.attrs.get('value');
  const values = c.children.filter((v) => v.name === 'value').map((v) => v.text);
  const valueof = c.attrs.get('valueof');
  const need = (): string => {
    if (value === undefined) throw new Problem(l10n.t('{0} needs a value.', `operator="${op}"`), c.start);
    return value;
  };
  if (valueof && COMPARE[op]) {
    const [a, b] = valueof.includes('.') ? valueof.split('.', 2) : [owner, valueof];
    return `${col} ${COMPARE[op]} ${a ? `${name(a)}.` : ''}${name(b!)}`;
  }
  if (COMPARE[op]) return `${col} ${COMPARE[op]} ${literal(need())}`;
  const like = (pattern: string, negate: boolean): string =>
    `${col} ${negate ? 'NOT LIKE' : 'LIKE'} ${literal(pattern)}`;
  const esc = (v: string): string => v.replace(/[[%_]/g, (m) => `[${m}]`);
  switch (op) {
    case 'like':
    case 'not-like':
      return like(need(), op === 'not-like');
    case 'begins-with':
    case 'not-begin-with':
      return like(`${esc(need())}%`, op !== 'begins-with');
    case 'ends-with':
    case 'not-end-with':
      return like(`%${esc(need())}`, op !== 'ends-with');
    case 'in':
    case 'not-in': {
      const list = values.length ? values : value !== undefined ? [value] : [];
      if (!list.length) throw new Problem(l10n.t('{0} needs {1} elements.', `operator="${op}"`, '<value>'), c.start);
      return `${col} ${op === 'in' ? 'IN' : 'NOT IN'} (${list.map(literal).join(', ')})`;
    }
    case 'between':
    case 'not-between':
      if (values.length !== 2) {
        throw new Problem(l10n.t('{0} needs two {1} elements.', `operator="${op}"`, '<value>'), c.start);
      }
      return `${col} ${op === 'between' ? 'BETWEEN' : 'NOT BETWEEN'} ${literal(values[0]!)} AND ${literal(values[1]!)}`;
    case 'null':
      return `${col} IS NULL`;
    case 'not-null':
      return `${col} IS NOT NULL`;
    case 'eq-userid':
      return `${col} = CURRENT_USER`;
    case 'ne-userid':
      return `${col} <> CURRENT_USER`;
  }
  if (DATE_CAST[op]) return `CAST(${col} AS date) ${DATE_CAST[op]} ${literal(need())}`;
  const fn = FUNCTION_OF.get(op);
  if (fn) return `${col} = ${fn[0]}(${fn[1] ? need() : ''})`;
  throw new Problem(l10n.t('{0} has no SQL form in this dialect.', `operator="${op}"`), c.start);
}
