// FetchXML on an entity set (`accounts?fetchXml=…`): attributes, nested filters, conditions, order,
// paging (count/page/paging-cookie), top, simple link-entity and aggregate count.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { EntityModel } from './model';
import { evaluate, type Expr } from './filter';
import { Codes, ODataError, badQuery } from './errors';
import { json, type ApiResponse, type Ctx } from './http-types';
import { MAX_PAGE, type CollectionResult } from './query';
import { makeSkipToken, parseInnerCookie } from './paging';
import { projector } from './entityset';

type Node = Record<string, unknown>;

const ARRAYS = new Set(['attribute', 'filter', 'condition', 'order', 'link-entity', 'value']);

export interface FetchPlan {
  entity: string;
  attributes?: string[];
  filter?: Expr;
  orders: { attr: string; desc: boolean }[];
  count?: number;
  page: number;
  cookie?: string;
  top?: number;
  aggregateCount?: { alias: string };
  links: { entity: string; from: string; to: string; alias: string; attributes: string[] }[];
}

function arr(v: unknown): Node[] {
  return Array.isArray(v) ? (v as Node[]) : [];
}

function invalid(message: string): ODataError {
  return new ODataError(400, Codes.invalidArgument, message);
}

export function parseFetchXml(text: string, resolve: (entity: string, attr: string) => string): FetchPlan {
  if (XMLValidator.validate(text) !== true) throw invalid('Invalid XML.');
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ARRAYS.has(n) }).parse(text) as Node;
  const fetch = doc['fetch'] as Node | undefined;
  const entity = fetch?.['entity'] as Node | undefined;
  if (!fetch || !entity || typeof entity['name'] !== 'string') throw invalid('The fetch element must contain an entity element with a name.');
  const name = entity['name'];
  const num = (v: unknown): number | undefined => (v === undefined ? undefined : Number(v));
  const plan: FetchPlan = {
    entity: name, orders: [], page: num(fetch['page']) ?? 1, count: num(fetch['count']), top: num(fetch['top']),
    cookie: typeof fetch['paging-cookie'] === 'string' ? fetch['paging-cookie'] : undefined, links: [],
  };
  const attrs = arr(entity['attribute']);
  const agg = attrs.find((a) => a['aggregate'] === 'count' || a['aggregate'] === 'countcolumn');
  if (fetch['aggregate'] === 'true' && agg) plan.aggregateCount = { alias: String(agg['alias'] ?? agg['name']) };
  if (!('all-attributes' in entity)) plan.attributes = attrs.map((a) => resolve(name, String(a['name'])));
  for (const o of arr(entity['order'])) plan.orders.push({ attr: resolve(name, String(o['attribute'])), desc: o['descending'] === 'true' });
  const filters = arr(entity['filter']).map((f) => toExpr(f, name, resolve));
  plan.filter = filters.reduce<Expr | undefined>((acc, f) => (acc ? { k: 'and', l: acc, r: f } : f), undefined);
  for (const l of arr(entity['link-entity'])) {
    const le = String(l['name']);
    plan.links.push({ entity: le, from: resolve(le, String(l['from'])), to: resolve(name, String(l['to'])),
      alias: String(l['alias'] ?? le), attributes: arr(l['attribute']).map((a) => resolve(le, String(a['name']))) });
  }
  return plan;
}

function toExpr(f: Node, entity: string, resolve: (e: string, a: string) => string): Expr {
  const parts: Expr[] = [
    ...arr(f['condition']).map((c) => condition(c, entity, resolve)),
    ...arr(f['filter']).map((x) => toExpr(x, entity, resolve)),
  ];
  const op = f['type'] === 'or' ? 'or' : 'and';
  if (parts.length === 0) return { k: 'lit', v: true };
  return parts.reduce((l, r) => ({ k: op, l, r }));
}

function condition(c: Node, entity: string, resolve: (e: string, a: string) => string): Expr {
  const prop: Expr = { k: 'prop', path: [resolve(entity, String(c['attribute']))] };
  const raw = c['value'] as unknown;
  const values = arr(c['value']).map((v) => (typeof v === 'object' && v !== null ? String((v as Node)['#text'] ?? '') : String(v)));
  const attrValue = typeof raw === 'string' ? raw : undefined;
  const one = c['value'] !== undefined && typeof c['value'] === 'string' ? String(c['value']) : values[0];
  const lit = (v: string | undefined): Expr => ({ k: 'lit', v: coerce(v ?? attrValue ?? '') });
  const op = String(c['operator']);
  const cmp = (o: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'): Expr => ({ k: 'cmp', op: o, l: prop, r: lit(one) });
  switch (op) {
    case 'eq': return cmp('eq');
    case 'ne': case 'neq': return cmp('ne');
    case 'gt': return cmp('gt');
    case 'ge': return cmp('ge');
    case 'lt': return cmp('lt');
    case 'le': return cmp('le');
    case 'null': return { k: 'cmp', op: 'eq', l: prop, r: { k: 'lit', v: null } };
    case 'not-null': return { k: 'cmp', op: 'ne', l: prop, r: { k: 'lit', v: null } };
    case 'like': return { k: 'fn', name: 'like', args: [prop, lit(one)] };
    case 'not-like': return { k: 'not', e: { k: 'fn', name: 'like', args: [prop, lit(one)] } };
    case 'in': return { k: 'fn', name: 'in', args: [prop, ...values.map((v) => lit(v))] };
    case 'not-in': return { k: 'not', e: { k: 'fn', name: 'in', args: [prop, ...values.map((v) => lit(v))] } };
    default: throw invalid(`The condition operator '${op}' is not valid or not supported.`);
  }
}

function coerce(v: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (/^\{?[0-9a-fA-F-]{36}\}?$/.test(v)) return v.replace(/[{}]/g, '').toLowerCase();
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

export function runFetchXml(ctx: Ctx, e: EntityModel, text: string): ApiResponse {
  const model = ctx.org.model;
  const resolve = (entity: string, attr: string): string => {
    const em = model.byLogicalName.get(entity);
    if (!em) throw new ODataError(400, Codes.notFound, `Could not find entity with name '${entity}'.`);
    const a = em.attrByName.get(attr);
    if (!a) throw new ODataError(400, Codes.fetchXmlInvalid, `'${entity}' entity doesn't contain attribute with Name = '${attr}' and NameMapping = 'Logical'.`);
    return a.webApiName;
  };
  const plan = parseFetchXml(text, resolve);
  if (plan.entity !== e.logicalName) {
    throw badQuery(`The entity name specified in FetchXml '${plan.entity}' does not match the entity name in the EntitySet '${e.entitySetName}'.`);
  }
  if (plan.aggregateCount) return aggregateCount(ctx, e, plan, plan.aggregateCount.alias);
  const rows = fetchRows(ctx, e, plan);
  const p = projector(ctx);
  const value = rows.rows.map((r) => {
    const out = p.project(e, r, plan.attributes);
    for (const l of plan.links) addLink(ctx, l, r.values[l.to], out);
    return out;
  });
  const body: Record<string, unknown> = { '@odata.context': `${ctx.base}$metadata#${e.entitySetName}${plan.attributes ? `(${plan.attributes.join(',')})` : ''}`, value };
  if (plan.count !== undefined || rows.more) {
    if (rows.more && rows.rows.length) {
      body['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie'] = makeSkipToken(e.primaryIdAttribute, plan.page, rows.rows[0]!.id, rows.rows[rows.rows.length - 1]!.id);
    }
    body['@Microsoft.Dynamics.CRM.morerecords'] = rows.more;
  }
  return json(200, body);
}

function aggregateCount(ctx: Ctx, e: EntityModel, plan: FetchPlan, alias: string): ApiResponse {
  const engine = ctx.org.engine;
  let n = 0;
  for (const { row } of engine.table(e).scan(0, plan.filter ? undefined : [])) {
    if (!plan.filter || evaluate(plan.filter, engine.getter(e, row)) === true) n++;
  }
  return json(200, { '@odata.context': `${ctx.base}$metadata#${e.entitySetName}`, value: [{ [alias]: n }] });
}

function fetchRows(ctx: Ctx, e: EntityModel, plan: FetchPlan): CollectionResult {
  const size = Math.min(plan.count ?? MAX_PAGE, MAX_PAGE);
  const after = plan.cookie ? parseInnerCookie(plan.cookie).lastId : undefined;
  const select = plan.attributes ? [...new Set([...plan.attributes, ...plan.links.map((l) => l.to)])] : undefined;
  const orderby = plan.orders.map((o) => ({ prop: o.attr, desc: o.desc }));
  if (after || plan.page <= 1) {
    return ctx.org.engine.run(e, { filter: plan.filter, orderby, top: plan.top, select, pageSize: size, after, count: false });
  }
  // Page N without a cookie: skip the earlier pages.
  const all = ctx.org.engine.run(e, { filter: plan.filter, orderby, select, pageSize: size * plan.page, count: false });
  return { rows: all.rows.slice(size * (plan.page - 1)), more: all.more };
}

function addLink(ctx: Ctx, l: FetchPlan['links'][number], key: unknown, out: Record<string, unknown>): void {
  const le = ctx.org.model.byLogicalName.get(l.entity);
  if (!le || typeof key !== 'string') return;
  const fromAttr = le.attrByWebName.get(l.from);
  let related;
  if (fromAttr?.isPrimaryId) {
    related = ctx.org.engine.table(le).get(key);
  }
  for (const a of l.attributes) {
    out[`${l.alias}.${a}`] = related?.values[a] ?? null;
  }
}
