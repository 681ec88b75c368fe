// GET on entity sets: collections (paging, count, annotations), single records, related collections, $count.
import type { EntityModel } from './model';
import type { Row } from './store';
import { Projector, etagOf } from './project';
import { MAX_PAGE } from './query';
import { parseQueryOptions, type QueryOptions } from './options';
import { makeSkipToken, parseSkipToken } from './paging';
import { Codes, ODataError, badQuery, notFoundRecord, propertyNotFound, segmentNotFound } from './errors';
import { json, type ApiResponse, type Ctx, type SetSegment } from './http-types';
import { runFetchXml } from './fetchxml/fetchxml';
import { runApply } from './apply';
import type { Expr } from './filter';

export function entityFor(ctx: Ctx, set: string): EntityModel {
  const e = ctx.org.model.bySetName.get(set);
  if (!e) throw segmentNotFound(set);
  return e;
}

/** Finds a record by primary or alternate key. */
export function findRow(ctx: Ctx, e: EntityModel, seg: SetSegment): Row | undefined {
  const table = ctx.org.engine.table(e);
  if (seg.key) return table.get(seg.key);
  const alt = seg.altKey ?? {};
  for (const k of Object.keys(alt)) {
    if (!e.attrByWebName.has(k)) throw propertyNotFound(k, e.logicalName);
  }
  for (const { row } of table.scan(0)) {
    if (Object.entries(alt).every(([k, v]) => String(row.values[k] ?? '').toLowerCase() === v.toLowerCase())) {
      return row;
    }
  }
  return undefined;
}

export function mustFindRow(ctx: Ctx, e: EntityModel, seg: SetSegment): Row {
  const row = findRow(ctx, e, seg);
  if (row) return row;
  if (seg.key) throw notFoundRecord(e.logicalName, seg.key);
  throw new ODataError(
    404,
    Codes.recordNotFoundByKey,
    `A record with the specified key values does not exist in ${e.logicalName} entity`,
  );
}

export function projector(ctx: Ctx): Projector {
  if (ctx.prefs.annotations) ctx.applied.push(`odata.include-annotations="${ctx.prefs.annotations.join(',')}"`);
  return new Projector(ctx.org.store, ctx.prefs.annotations);
}

export function contextSuffix(q: QueryOptions): string {
  const parts = [...(q.select ?? []), ...q.expand.map((x) => `${x.nav}(${(x.select ?? []).join(',')})`)];
  return parts.length ? `(${parts.join(',')})` : '';
}

export function projectWithExpand(
  ctx: Ctx,
  e: EntityModel,
  row: Row,
  q: QueryOptions,
  p: Projector,
): Record<string, unknown> {
  const out = p.project(e, row, q.select);
  if (q.expand.length) ctx.org.engine.expand(e, row, q.expand, out, p);
  return out;
}

export function getSingle(
  ctx: Ctx,
  e: EntityModel,
  seg: SetSegment,
  params: URLSearchParams,
  ifNoneMatch?: string,
): ApiResponse {
  const q = parseQueryOptions(params);
  if (q.select) ctx.org.engine.checkColumns(e, q.select);
  const row = mustFindRow(ctx, e, seg);
  const etag = etagOf(row);
  if (ifNoneMatch && ifNoneMatch === etag) return { status: 304, headers: { ETag: etag } };
  const body = {
    '@odata.context': `${ctx.base}$metadata#${e.entitySetName}${contextSuffix(q)}/$entity`,
    ...projectWithExpand(ctx, e, row, q, projector(ctx)),
  };
  return json(200, body, { ETag: etag });
}

function pageSize(ctx: Ctx): number {
  const asked = ctx.prefs.maxPageSize;
  if (asked === undefined) return MAX_PAGE;
  ctx.applied.push(`odata.maxpagesize=${asked}`);
  return Math.max(1, Math.min(asked, MAX_PAGE));
}

export function getCollection(
  ctx: Ctx,
  e: EntityModel,
  params: URLSearchParams,
  scope?: Expr,
  linkPath?: string,
): ApiResponse {
  const q = parseQueryOptions(params);
  if (q.fetchXml !== undefined) return runFetchXml(ctx, e, q.fetchXml);
  if (q.apply !== undefined) return runApply(ctx, e, q, scope);
  const engine = ctx.org.engine;
  if (q.select) engine.checkColumns(e, q.select);
  for (const o of q.orderby ?? []) engine.checkColumns(e, [o.prop]);
  const own = q.filter !== undefined ? engine.compileFilter(e, q.filter) : undefined;
  const filter: Expr | undefined = scope && own ? { k: 'and', l: scope, r: own } : (scope ?? own);
  const state = q.skiptoken ? parseSkipToken(q.skiptoken) : undefined;
  if (q.skiptoken && !state?.lastId) throw badQuery(`The $skiptoken value '${q.skiptoken}' is not valid.`);
  const extra = q.expand.flatMap((x) => {
    const nav = e.navByName.get(x.nav);
    return nav?.referentialProperty ? [nav.referentialProperty] : [];
  });
  const size = pageSize(ctx);
  const res = engine.run(e, {
    filter,
    orderby: q.orderby,
    top: q.top,
    select: q.select,
    pageSize: size,
    after: state?.lastId,
    count: q.count,
    extra,
  });
  const p = projector(ctx);
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.base}$metadata#${e.entitySetName}${contextSuffix(q)}`,
  };
  if (res.count !== undefined) body['@odata.count'] = res.count;
  body['value'] = res.rows.map((r) => projectWithExpand(ctx, e, r, q, p));
  if (res.more && res.rows.length > 0) {
    const token = makeSkipToken(
      e.primaryIdAttribute,
      state?.page ?? 1,
      res.rows[0]!.id,
      res.rows[res.rows.length - 1]!.id,
    );
    body['@odata.nextLink'] = `${ctx.base}${linkPath ?? e.entitySetName}?${nextQuery(params, token)}`;
  }
  return json(200, body);
}

function nextQuery(params: URLSearchParams, token: string): string {
  const parts: string[] = [];
  params.forEach((v, k) => {
    if (k !== '$skiptoken') parts.push(`${k}=${encodeURIComponent(v).replace(/%2C/g, ',').replace(/%24/g, '$')}`);
  });
  parts.push(`$skiptoken=${encodeURIComponent(token)}`);
  return parts.join('&');
}

export function getCount(ctx: Ctx, e: EntityModel, params: URLSearchParams): ApiResponse {
  const filter = params.get('$filter');
  const res = ctx.org.engine.run(e, {
    filter: filter ? ctx.org.engine.compileFilter(e, filter) : undefined,
    select: [],
    pageSize: 0,
    count: true,
  });
  return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: String(res.count ?? 0) };
}

/** `accounts(id)/contact_customer_accounts`: the related rows through a collection navigation property. */
export function getRelated(
  ctx: Ctx,
  e: EntityModel,
  seg: SetSegment,
  navName: string,
  params: URLSearchParams,
): ApiResponse {
  const row = mustFindRow(ctx, e, seg);
  const nav = e.navByName.get(navName);
  if (!nav) throw segmentNotFound(navName);
  const target = ctx.org.model.byLogicalName.get(nav.target);
  if (!target) throw segmentNotFound(navName);
  if (!nav.collection) {
    const id = nav.referentialProperty ? row.values[nav.referentialProperty] : undefined;
    if (typeof id !== 'string') return { status: 204, headers: {} };
    return getSingle(ctx, target, { set: target.entitySetName, key: id }, params);
  }
  const back = nav.partner ? target.navByName.get(nav.partner) : undefined;
  if (!back?.referentialProperty) {
    return json(200, { '@odata.context': `${ctx.base}$metadata#${target.entitySetName}`, value: [] });
  }
  const scope: Expr = {
    k: 'cmp',
    op: 'eq',
    l: { k: 'prop', path: [back.referentialProperty] },
    r: { k: 'lit', v: row.id },
  };
  return getCollection(ctx, target, params, scope, `${e.entitySetName}(${row.id})/${navName}`);
}
