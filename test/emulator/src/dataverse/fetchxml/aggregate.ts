// FetchXML aggregates (learn.microsoft.com/power-apps/developer/data-platform/fetchxml/aggregate-data):
// count, countcolumn (optionally distinct), sum, avg, min, max, groupby with dategrouping, order by
// alias, the 50,000-row limit (or aggregatelimit), and the QueryBuilder errors for malformed ones.
import type { AttributeModel } from '../model';
import type { Ctx } from '../http-types';
import { Codes, badRequest, type ODataError } from '../errors';
import { compareValues } from '../filter';
import { FORMATTED, LOOKUP_NAME } from '../project';
import { projector } from '../entityset';
import { wantsAnnotation } from '../options';
import type { AggregateFn, DateGrouping, FetchAttribute, FetchQuery } from './parse';
import { allLinks, type FetchJoin, type Joined } from './join';

/** The documented cap for FetchXML (unless aggregatelimit says less) and for OData $apply alike. */
export const AGGREGATE_RECORD_LIMIT = 50_000;
const NUMBERS = new Set(['IntegerType', 'BigIntType', 'DecimalType', 'DoubleType', 'MoneyType']);

export function aggregateLimitExceeded(): ODataError {
  return badRequest(Codes.aggregateLimit, 'AggregateQueryRecordLimit exceeded. Cannot perform this operation.');
}

/** sum/avg need a number column, min/max a number or date column; `label` is the method as the query wrote it. */
export function checkAggregateType(fn: AggregateFn, attr: AttributeModel, label: string = fn): void {
  const t = attr.typeName;
  const numeric = NUMBERS.has(t);
  if (
    ((fn === 'sum' || fn === 'avg') && !numeric) ||
    ((fn === 'min' || fn === 'max') && !numeric && t !== 'DateTimeType')
  ) {
    throw badRequest(
      Codes.fetchInvalidAggregateAttribute,
      `Aggregate ${label} is not supported for attribute of type ${t.replace(/Type$/, '').toLowerCase()}.`,
    );
  }
}

interface Column {
  a: FetchAttribute;
  link?: string;
  name: string;
}

type Out = Record<string, unknown>;

function columnsOf(q: FetchQuery): Column[] {
  const out: Column[] = [];
  const add = (attrs: FetchQuery['attributes'], link?: string): void => {
    if (attrs === 'all') {
      throw badRequest(
        Codes.fetchAttributeWithAggregate,
        'Attributes can not be returned when aggregate operation is specified.',
      );
    }
    for (const a of attrs) {
      out.push({ a, link, name: a.alias ?? (link ? `${link}.${a.attr.logicalName}` : a.attr.logicalName) });
    }
  };
  add(q.attributes);
  for (const l of allLinks(q.links)) add(l.attributes, l.alias);
  return out;
}

function check(q: FetchQuery, columns: Column[]): void {
  const names = new Set<string>();
  for (const { a, name } of columns) {
    if (!a.aggregate && !a.groupby) {
      throw badRequest(
        Codes.fetchAttributeWithAggregate,
        'Attributes can not be returned when aggregate operation is specified.',
      );
    }
    if (a.aggregate && a.groupby) {
      throw badRequest(
        Codes.fetchGroupByAndAggregate,
        'An attribute can either be an aggregate or a Group By but not both',
      );
    }
    if (a.aggregate && !a.alias) {
      throw badRequest(
        Codes.fetchInvalidAlias,
        `Invalid alias for aggregate operation: '${a.attr.logicalName}' needs an alias.`,
      );
    }
    if (names.has(name)) throw badRequest(Codes.fetchDuplicateAlias, 'FetchXML should have unique aliases.');
    names.add(name);
    if (a.aggregate) checkAggregateType(a.aggregate, a.attr);
    if (a.dategrouping && (!a.groupby || a.attr.typeName !== 'DateTimeType')) {
      throw badRequest(Codes.fetchInvalidDateGrouping, 'An invalid value was specified for dategrouping.');
    }
  }
  for (const o of [...q.orders, ...allLinks(q.links).flatMap((l) => l.orders)]) {
    if (o.attr) {
      throw badRequest(
        Codes.fetchAggregateOrderByAttribute,
        'An attribute cannot be specified for an order clause for an aggregate Query. Use an alias.',
      );
    }
    if (!names.has(o.alias!)) {
      throw badRequest(
        Codes.fetchInvalidAlias,
        `Invalid alias for aggregate operation: no attribute has the alias '${o.alias}'.`,
      );
    }
  }
}

/** ISO 8601 week of the year. */
function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
  return Math.ceil(((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
}

/** The grouped value and its formatted text (organizations here use a calendar fiscal year). */
function dateGroup(value: unknown, g: DateGrouping): [number, string] | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  const year = d.getUTCFullYear(),
    quarter = Math.floor(d.getUTCMonth() / 3) + 1;
  switch (g) {
    case 'day':
      return [d.getUTCDate(), String(d.getUTCDate())];
    case 'week':
      return [isoWeek(d), String(isoWeek(d))];
    case 'month':
      return [d.getUTCMonth() + 1, String(d.getUTCMonth() + 1)];
    case 'quarter':
      return [quarter, String(quarter)];
    case 'year':
      return [year, year.toLocaleString('en-US')];
    case 'fiscal-period':
      return [quarter, `Quarter ${quarter} FY${year}`];
    default:
      return [year, `FY${year}`];
  }
}

function read(j: Joined, c: Column): unknown {
  return (c.link ? j.links.get(c.link) : j.root)?.values[c.a.attr.webApiName] ?? null;
}

/** One aggregate over a group: `column` holds the column's value in each of the group's rows. */
export function reduceAggregate(
  fn: AggregateFn,
  attr: AttributeModel,
  column: readonly unknown[],
  distinct: boolean,
): number | string | null {
  if (fn === 'count') return column.length;
  const values = column.filter((v) => v !== null && v !== undefined);
  if (fn === 'countcolumn') return distinct ? new Set(values.map((v) => String(v).toLowerCase())).size : values.length;
  if (fn === 'min' || fn === 'max') {
    if (!values.length) return null;
    return values.reduce((m, v) => (compareValues(v, m) < 0 === (fn === 'min') ? v : m)) as number | string;
  }
  const sum = values.reduce((s: number, v) => s + Number(v), 0);
  if (fn === 'sum') return sum;
  if (!values.length) return null;
  const avg = sum / values.length;
  return attr.typeName === 'IntegerType' || attr.typeName === 'BigIntType' ? Math.trunc(avg) : avg;
}

export function runAggregate(ctx: Ctx, q: FetchQuery, join: FetchJoin): Out[] {
  const columns = columnsOf(q);
  check(q, columns);
  const limit = q.aggregateLimit ?? AGGREGATE_RECORD_LIMIT;
  const rows = join.rows(limit + 1);
  if (rows.length > limit) throw aggregateLimitExceeded();
  const groupCols = columns.filter((c) => c.a.groupby);
  const groups = new Map<string, Joined[]>();
  for (const j of rows) {
    const key = JSON.stringify(
      groupCols.map((c) => (c.a.dategrouping ? dateGroup(read(j, c), c.a.dategrouping)?.[0] : read(j, c)) ?? null),
    );
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  if (groups.size === 0 && groupCols.length === 0) groups.set('[]', []);
  const p = projector(ctx);
  const out = [...groups.values()].map((members) => {
    const row: Out = {};
    for (const c of columns) {
      if (c.a.groupby) groupValue(ctx, p, c, members[0]!, row);
      else {
        aggregateValue(
          ctx,
          p,
          c.a.aggregate!,
          c.a.attr,
          c.name,
          reduceAggregate(
            c.a.aggregate!,
            c.a.attr,
            members.map((j) => read(j, c)),
            c.a.distinct,
          ),
          row,
        );
      }
    }
    return row;
  });
  const orders = [...q.orders, ...allLinks(q.links).flatMap((l) => l.orders)];
  return orders.length
    ? out.sort((a, b) => {
        for (const o of orders) {
          const c = compareValues(a[o.alias!] ?? null, b[o.alias!] ?? null);
          if (c !== 0) return o.desc ? -c : c;
        }
        return 0;
      })
    : out;
}

function groupValue(ctx: Ctx, p: ReturnType<typeof projector>, c: Column, j: Joined, row: Out): void {
  const raw = read(j, c);
  const annotations = ctx.prefs.annotations;
  if (c.a.dategrouping) {
    const g = dateGroup(raw, c.a.dategrouping);
    if (g && wantsAnnotation(annotations, FORMATTED)) row[`${c.name}@${FORMATTED}`] = g[1];
    row[c.name] = g?.[0] ?? null;
    return;
  }
  annotateGroupValue(
    ctx,
    p,
    c.a.attr,
    c.name,
    raw,
    (c.link ? j.links.get(c.link) : j.root)?.targets[c.a.attr.webApiName],
    row,
  );
  row[c.name] = raw;
}

/** FormattedValue and lookuplogicalname of a grouped value, when the request asks for them. */
export function annotateGroupValue(
  ctx: Ctx,
  p: ReturnType<typeof projector>,
  attr: AttributeModel,
  name: string,
  raw: unknown,
  target: string | undefined,
  row: Out,
): void {
  const annotations = ctx.prefs.annotations;
  if (raw === null || raw === undefined || !annotations) return;
  const formatted = p.format(attr, raw, target);
  if (formatted !== undefined && wantsAnnotation(annotations, FORMATTED)) row[`${name}@${FORMATTED}`] = formatted;
  if (attr.targets.length && wantsAnnotation(annotations, LOOKUP_NAME)) {
    row[`${name}@${LOOKUP_NAME}`] = target ?? attr.targets[0];
  }
}

/** An aggregate's value and its FormattedValue: counts are plain numbers, the rest formatted like the column. */
export function aggregateValue(
  ctx: Ctx,
  p: ReturnType<typeof projector>,
  fn: AggregateFn,
  attr: AttributeModel,
  name: string,
  value: number | string | null,
  row: Out,
): void {
  if (value !== null && wantsAnnotation(ctx.prefs.annotations, FORMATTED)) {
    const plain = typeof value === 'number' && (fn === 'count' || fn === 'countcolumn' || !NUMBERS.has(attr.typeName));
    row[`${name}@${FORMATTED}`] = plain ? value.toLocaleString('en-US') : (p.format(attr, value) ?? String(value));
  }
  row[name] = value;
}
