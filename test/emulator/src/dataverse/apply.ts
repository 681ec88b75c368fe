// OData `$apply` on an entity set, as learn.microsoft.com/power-apps/developer/data-platform/webapi/query/aggregate-data
// describes it: groups and aggregates over at most 50,000 rows (the FetchXML aggregate's limit and error),
// rows holding the group columns (nulls left out) and the aliases, a navigation path's column named
// `{table}_{column}` after the aggregates, FormattedValue annotations on request, and the documented refusals
// (groupby on a date and time column, $orderby on an aggregate alias).
import type { AttributeModel, EntityModel } from './model';
import type { Row } from './store';
import type { Expr } from './filter';
import { compareValues } from './filter';
import { badQuery, propertyNotFound } from './errors';
import { json, type ApiResponse, type Ctx } from './http-types';
import type { QueryOptions } from './options';
import { projector } from './entityset';
import type { AggregateFn } from './fetchxml/parse';
import {
  AGGREGATE_RECORD_LIMIT,
  aggregateLimitExceeded,
  aggregateValue,
  annotateGroupValue,
  checkAggregateType,
  reduceAggregate,
} from './fetchxml/aggregate';
import { parseApply, type ApplyMethod, type ApplyPlan } from './apply-parse';

type Out = Record<string, unknown>;

/** A groupby column bound to the model: its path for reading, the name it has in the result. */
interface GroupColumn {
  written: string;
  path: string[];
  attr: AttributeModel;
  name: string;
  related: boolean;
}

interface Measure {
  fn: AggregateFn;
  method: ApplyMethod;
  attr: AttributeModel;
  alias: string;
  distinct: boolean;
}

const FN: Record<ApplyMethod, AggregateFn> = {
  sum: 'sum',
  min: 'min',
  max: 'max',
  average: 'avg',
  countdistinct: 'countcolumn',
  $count: 'count',
};

/** Query options that Dataverse may or may not combine with $apply: the emulator refuses them rather than guess. */
const NOT_WITH_APPLY: [keyof QueryOptions, string][] = [
  ['select', '$select'],
  ['filter', '$filter'],
  ['skiptoken', '$skiptoken'],
];

function bindGroup(ctx: Ctx, e: EntityModel, written: string): GroupColumn {
  const path = written.split('/');
  let attr: AttributeModel | undefined;
  let name = written;
  if (path.length === 1) attr = e.attrByWebName.get(written);
  else if (path.length === 2) {
    const nav = e.navByName.get(path[0]!);
    const target =
      nav && !nav.collection && nav.referentialProperty ? ctx.org.model.byLogicalName.get(nav.target) : undefined;
    attr = target?.attrByWebName.get(path[1]!);
    if (target && attr) name = `${target.logicalName}_${attr.logicalName}`;
  }
  if (!attr) throw propertyNotFound(written, e.logicalName);
  // The page says only "groupby with datetime values is not supported"; no code or message is documented.
  if (attr.typeName === 'DateTimeType') {
    throw badQuery(`groupby on the date and time column '${written}' is not supported.`);
  }
  return { written, path, attr, name, related: path.length > 1 };
}

function bindMeasure(e: EntityModel, a: ApplyPlan['aggregates'][number]): Measure {
  const fn = FN[a.method];
  const attr = a.column === undefined ? e.attrByWebName.get(e.primaryIdAttribute) : e.attrByWebName.get(a.column);
  if (!attr) throw propertyNotFound(a.column ?? e.primaryIdAttribute, e.logicalName);
  // Assumed: $apply runs as an aggregate query, so the QueryBuilder type check (0x8004112F) is the one that answers.
  checkAggregateType(fn, attr, a.method);
  return { fn, method: a.method, attr, alias: a.alias, distinct: a.method === 'countdistinct' };
}

/** The source rows: the entity set's (or a related collection's) rows that pass every filter(…). */
function sourceRows(
  ctx: Ctx,
  e: EntityModel,
  plan: ApplyPlan,
  groups: GroupColumn[],
  measures: Measure[],
  scope?: Expr,
): Row[] {
  const engine = ctx.org.engine;
  let filter = scope;
  for (const text of plan.filters) {
    const own = engine.compileFilter(e, text);
    filter = filter ? { k: 'and', l: filter, r: own } : own;
  }
  const read = new Set<string>();
  for (const g of groups) read.add(g.related ? e.navByName.get(g.path[0]!)!.referentialProperty! : g.attr.webApiName);
  for (const m of measures) read.add(m.attr.webApiName);
  const res = engine.run(e, { filter, select: [...read], pageSize: AGGREGATE_RECORD_LIMIT + 1, count: false });
  if (res.rows.length > AGGREGATE_RECORD_LIMIT) throw aggregateLimitExceeded();
  return res.rows;
}

function groupRow(
  ctx: Ctx,
  e: EntityModel,
  p: ReturnType<typeof projector>,
  groups: GroupColumn[],
  measures: Measure[],
  members: Row[],
): Out {
  const out: Out = {};
  const first = members[0];
  const put = (g: GroupColumn): void => {
    const raw = first ? ctx.org.engine.getter(e, first)(g.path) : null;
    if (raw === null || raw === undefined) return;
    annotateGroupValue(ctx, p, g.attr, g.name, raw, g.related ? undefined : first?.targets[g.attr.webApiName], out);
    out[g.name] = raw;
  };
  groups.filter((g) => !g.related).forEach(put);
  for (const m of measures) {
    const column = m.fn === 'count' ? members : members.map((r) => r.values[m.attr.webApiName] ?? null);
    aggregateValue(ctx, p, m.fn, m.attr, m.alias, reduceAggregate(m.fn, m.attr, column, m.distinct), out);
  }
  groups.filter((g) => g.related).forEach(put);
  return out;
}

/** Groups in the order of their columns' values (nulls first), as an org answers without $orderby. */
function grouped(ctx: Ctx, e: EntityModel, rows: Row[], groups: GroupColumn[]): Row[][] {
  const byKey = new Map<string, { key: unknown[]; members: Row[] }>();
  for (const row of rows) {
    const get = ctx.org.engine.getter(e, row);
    const key = groups.map((g) => get(g.path) ?? null);
    const text = JSON.stringify(key.map((v) => (typeof v === 'string' ? v.toLowerCase() : v)));
    const hit = byKey.get(text);
    if (hit) hit.members.push(row);
    else byKey.set(text, { key, members: [row] });
  }
  const all = [...byKey.values()];
  all.sort((a, b) => {
    for (let i = 0; i < groups.length; i++) {
      const c = compareValues(a.key[i], b.key[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return all.map((g) => g.members);
}

/** The $orderby keys over the result's names, checked before any row is read. */
function orderKeys(
  e: EntityModel,
  q: QueryOptions,
  groups: GroupColumn[],
  measures: Measure[],
): { name: string; desc: boolean }[] {
  return (q.orderby ?? []).map((o) => {
    const g = groups.find((x) => x.written === o.prop || x.name === o.prop);
    if (g) return { name: g.name, desc: o.desc };
    // Documented: ordering by an aggregate's alias fails this way. Any other name after $apply is read
    // as the same kind of open (dynamic) property; the page documents no code for it.
    if (measures.some((m) => m.alias === o.prop) || !e.attrByWebName.has(o.prop)) {
      throw badQuery('The query node SingleValueOpenPropertyAccess is not supported');
    }
    throw badQuery(`$orderby after $apply can only name a groupby column, not '${o.prop}'.`);
  });
}

function ordered(rows: Out[], keys: { name: string; desc: boolean }[]): Out[] {
  return keys.length
    ? [...rows].sort((a, b) => {
        for (const k of keys) {
          const c = compareValues(a[k.name] ?? null, b[k.name] ?? null);
          if (c !== 0) return k.desc ? -c : c;
        }
        return 0;
      })
    : rows;
}

export function runApply(ctx: Ctx, e: EntityModel, q: QueryOptions, scope?: Expr): ApiResponse {
  for (const [key, label] of NOT_WITH_APPLY) {
    if (q[key] !== undefined) throw badQuery(`${label} together with $apply is not supported by this emulator.`);
  }
  if (q.expand.length || q.count) {
    throw badQuery('$expand or $count=true together with $apply is not supported by this emulator.');
  }
  const plan = parseApply(q.apply ?? '');
  if (!plan.groupBy && !plan.aggregates.length) {
    throw badQuery('$apply with only filter(…) is not supported by this emulator; use $filter.');
  }
  const groups = (plan.groupBy ?? []).map((c) => bindGroup(ctx, e, c));
  const measures = plan.aggregates.map((a) => bindMeasure(e, a));
  const keys = orderKeys(e, q, groups, measures);
  const rows = sourceRows(ctx, e, plan, groups, measures, scope);
  const p = projector(ctx);
  const sets = groups.length ? grouped(ctx, e, rows, groups) : [rows];
  let value = sets.map((members) => groupRow(ctx, e, p, groups, measures, members));
  value = ordered(value, keys);
  if (q.top !== undefined) value = value.slice(0, q.top);
  return json(200, { '@odata.context': `${ctx.base}$metadata#${e.entitySetName}`, value });
}
