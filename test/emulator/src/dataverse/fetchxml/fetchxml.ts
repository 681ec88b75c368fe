// FetchXML on an entity set (`accounts?fetchXml=…`): joins, filters, order, distinct, paging with the
// paging cookie and morerecords, linked columns named `{alias}.{column}`, and aggregates.
import type { AttributeModel, EntityModel } from '../model';
import { Codes, badRequest } from '../errors';
import { json, type ApiResponse, type Ctx } from '../http-types';
import { MAX_PAGE } from '../query';
import { makeSkipToken } from '../paging';
import { projector } from '../entityset';
import { FORMATTED, LOOKUP_NAME, type Projector } from '../project';
import { wantsAnnotation } from '../options';
import { parseFetch, type FetchAttribute, type FetchLink, type FetchQuery } from './parse';
import { FetchJoin, allLinks, type Joined } from './join';
import { runAggregate } from './aggregate';
import { stableGuid } from '../util';

export const ATTRIBUTE_NAME = 'OData.Community.Display.V1.AttributeName';

type Out = Record<string, unknown>;

/** Rules that only hold for non-aggregate queries (aggregate ones are checked in fetchxml-aggregate.ts). */
function checkPlain(q: FetchQuery): void {
  const columns = [q.attributes, ...allLinks(q.links).map((l) => l.attributes)].flatMap((a) => (a === 'all' ? [] : a));
  if (columns.some((a) => a.aggregate || a.groupby)) {
    throw badRequest(
      Codes.fetchInvalidAggregate,
      "An error occurred while processing Aggregates in Query: set aggregate='true' on the fetch element to use aggregate or groupby.",
    );
  }
  if ([...q.orders, ...allLinks(q.links).flatMap((l) => l.orders)].some((o) => o.alias !== undefined)) {
    throw badRequest(
      Codes.fetchAliasInNonAggregateOrder,
      'An alias cannot be specified for an order clause for a non-aggregate Query. Use an attribute.',
    );
  }
}

export function runFetchXml(ctx: Ctx, e: EntityModel, text: string): ApiResponse {
  const q = parseFetch(text, ctx.org.model);
  if (q.entity.logicalName !== e.logicalName) {
    throw badRequest(
      Codes.fetchEntitiesDontMatch,
      `The entity name specified in FetchXml '${q.entity.logicalName}' does not match the entity name in the EntitySet '${e.entitySetName}'.`,
    );
  }
  const join = new FetchJoin(ctx, q, stableGuid(`user:${ctx.oid}`), ctx.org.firstId('businessunit', 'businessunit'));
  if (q.aggregate) {
    return json(200, {
      '@odata.context': `${ctx.base}$metadata#${e.entitySetName}`,
      value: runAggregate(ctx, q, join),
    });
  }
  checkPlain(q);
  const size = Math.min(q.top ?? q.count ?? MAX_PAGE, MAX_PAGE);
  const skip = q.top === undefined ? (q.page - 1) * size : 0;
  const p = projector(ctx);
  const rows = join.rows(q.distinct ? Infinity : skip + size + 1);
  let values = rows.map((j) => project(ctx, q, j, p));
  if (q.distinct) values = distinct(values);
  const page = values.slice(skip, skip + size);
  const body: Out = { '@odata.context': `${ctx.base}$metadata#${e.entitySetName}${contextColumns(q)}`, value: page };
  const more = q.top === undefined && values.length > skip + size;
  if (q.count !== undefined || more) {
    const ids = rows.slice(skip, skip + size).map((j) => j.root.id);
    if (more && ids.length) {
      body['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie'] = makeSkipToken(
        e.primaryIdAttribute,
        q.page,
        ids[0]!,
        ids[ids.length - 1]!,
      );
    }
    body['@Microsoft.Dynamics.CRM.morerecords'] = more;
  }
  return json(200, body);
}

function contextColumns(q: FetchQuery): string {
  return q.attributes === 'all' ? '' : `(${q.attributes.map((a) => a.attr.webApiName).join(',')})`;
}

/** One result row: the root's columns (renamed by alias), then each link's as `{alias}.{column}`. */
function project(ctx: Ctx, q: FetchQuery, j: Joined, p: Projector): Out {
  const own = q.attributes === 'all' ? undefined : q.attributes.map((a) => a.attr.webApiName);
  const out: Out = q.distinct ? distinctRoot(ctx, q, j, p) : p.project(q.entity, j.root, own);
  if (!q.distinct && q.attributes !== 'all') {
    for (const a of q.attributes) if (a.alias) rename(out, a.attr.webApiName, a.alias, a.attr, ctx);
  }
  for (const link of allLinks(q.links)) addLinked(ctx, link, j.links.get(link.alias) ?? null, out, p);
  return out;
}

/** With distinct, only the columns asked for take part (no record id, no etag). */
function distinctRoot(ctx: Ctx, q: FetchQuery, j: Joined, p: Projector): Out {
  const out: Out = {};
  const columns: FetchAttribute[] =
    q.attributes === 'all'
      ? q.entity.attributes.map((attr) => ({ attr, groupby: false, distinct: false }))
      : q.attributes;
  for (const a of columns) {
    const name = a.alias ?? a.attr.webApiName;
    const value = j.root.values[a.attr.webApiName] ?? null;
    annotate(ctx, p, a.attr, name, value, j.root.targets[a.attr.webApiName], out);
    out[name] = value;
  }
  return out;
}

function rename(out: Out, from: string, to: string, attr: AttributeModel, ctx: Ctx): void {
  const entries = Object.entries(out);
  for (const k of Object.keys(out)) delete out[k];
  for (const [k, v] of entries) {
    if (k === from) out[to] = v;
    else if (k.startsWith(`${from}@`)) out[`${to}${k.slice(from.length)}`] = v;
    else out[k] = v;
  }
  if (wantsAnnotation(ctx.prefs.annotations, ATTRIBUTE_NAME)) out[`${to}@${ATTRIBUTE_NAME}`] = attr.logicalName;
}

function annotate(
  ctx: Ctx,
  p: Projector,
  attr: AttributeModel,
  name: string,
  value: unknown,
  target: string | undefined,
  out: Out,
): void {
  if (value === null || !ctx.prefs.annotations) return;
  const formatted = p.format(attr, value, target);
  if (formatted !== undefined && wantsAnnotation(ctx.prefs.annotations, FORMATTED)) {
    out[`${name}@${FORMATTED}`] = formatted;
  }
  const lookupTarget = target ?? attr.targets[0];
  if (lookupTarget && attr.targets.length && wantsAnnotation(ctx.prefs.annotations, LOOKUP_NAME)) {
    out[`${name}@${LOOKUP_NAME}`] = lookupTarget;
  }
}

/** Linked columns; Dataverse leaves out the ones without a value (an outer join without a match). */
function addLinked(ctx: Ctx, link: FetchLink, row: Joined['root'] | null, out: Out, p: Projector): void {
  if (!row || ['in', 'exists', 'any', 'not-any'].includes(link.linkType)) return;
  const columns: FetchAttribute[] =
    link.attributes === 'all'
      ? link.entity.attributes.map((attr) => ({ attr, groupby: false, distinct: false }))
      : link.attributes;
  for (const a of columns) {
    const value = row.values[a.attr.webApiName];
    if (value === null || value === undefined) continue;
    const name = a.alias ?? `${link.alias}.${a.attr.logicalName}`;
    if (wantsAnnotation(ctx.prefs.annotations, ATTRIBUTE_NAME)) out[`${name}@${ATTRIBUTE_NAME}`] = a.attr.logicalName;
    annotate(ctx, p, a.attr, name, value, row.targets[a.attr.webApiName], out);
    out[name] = value;
  }
}

function distinct(values: Out[]): Out[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(Object.entries(v).filter(([k]) => !k.includes('@')));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
