// GROUP BY and aggregate functions as aggregate FetchXML: every returned column is a groupby or an
// aggregate attribute with an alias; YEAR()/MONTH()/… become dategrouping. A column neither grouped
// nor aggregated is refused, as SQL Server refuses it.
import * as l10n from '@vscode/l10n';
import type { CallExpr, SelectStatement, SqlExpr } from './ast';
import type { SqlResultColumn } from './api';
import type { QueryNode } from './joins';
import { exprLabel, resolveColumn, type Ctx, type ResolvedColumn } from './scope';
import { el, type XmlElement } from './xml';

const AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);
const DATE_PARTS: Record<string, string> = {
  YEAR: 'year',
  MONTH: 'month',
  DAY: 'day',
  QUARTER: 'quarter',
  WEEK: 'week',
};
const DATEPART_NAMES: Record<string, string> = {
  year: 'year',
  yy: 'year',
  yyyy: 'year',
  quarter: 'quarter',
  qq: 'quarter',
  q: 'quarter',
  month: 'month',
  mm: 'month',
  m: 'month',
  day: 'day',
  dd: 'day',
  d: 'day',
  week: 'week',
  wk: 'week',
  ww: 'week',
};
const NUMERIC = new Set(['integer', 'bigInt', 'decimal', 'double', 'money']);

export function isAggregateCall(e: SqlExpr): boolean {
  return e.type === 'call' && !e.bare && AGGREGATES.has(e.name.name.toUpperCase());
}

export function isAggregateQuery(s: SelectStatement): boolean {
  return s.groupBy.length > 0 || s.columns.some((c) => isAggregateCall(c.expr));
}

interface Grouping {
  readonly col: ResolvedColumn;
  readonly dategrouping?: string;
  alias?: string;
}

/** `YEAR(col)`, `DATEPART(month, col)` → the column and its date grouping. */
function grouping(ctx: Ctx, nodes: readonly QueryNode[], e: SqlExpr): Grouping | undefined {
  const scope = nodes.map((n) => n.entry);
  if (e.type === 'column') {
    const col = resolveColumn(ctx, scope, e);
    return col && { col };
  }
  if (e.type === 'call' && !isAggregateCall(e)) {
    const fn = e.name.name.toUpperCase();
    let part: string | undefined = DATE_PARTS[fn];
    let arg = e.args[0];
    if (fn === 'DATEPART' && e.args.length === 2 && e.args[0]!.type === 'column' && !e.args[0]!.table) {
      part = DATEPART_NAMES[e.args[0]!.column.name.toLowerCase()];
      arg = e.args[1];
    } else if (e.args.length !== 1) part = undefined;
    if (part && arg?.type === 'column') {
      const col = resolveColumn(ctx, scope, arg);
      if (!col) return undefined;
      if (col.column.kind !== 'dateTime') {
        ctx.error(
          'sql-type',
          l10n.t('{0}() groups a date and time column; {1} is not one.', e.name.name, col.column.logicalName),
          arg.span,
        );
        return undefined;
      }
      return { col, dategrouping: part };
    }
  }
  ctx.error(
    'sql-unsupported',
    l10n.t(
      'FetchXML groups by a column, or by {0}, {1}, {2}, {3} or {4} of a date column (or {5} with those parts).',
      'YEAR()',
      'QUARTER()',
      'MONTH()',
      'WEEK()',
      'DAY()',
      'DATEPART',
    ),
    e.span,
  );
  return undefined;
}

const same = (a: Grouping, b: Grouping): boolean =>
  a.col.entry === b.col.entry && a.col.column === b.col.column && a.dategrouping === b.dategrouping;

function nodeOf(nodes: readonly QueryNode[], col: ResolvedColumn): QueryNode {
  return nodes.find((n) => n.entry === col.entry)!;
}

/** Fills the nodes' attributes and returns the orders and result columns, or undefined after diagnostics. */
export function aggregateQuery(
  ctx: Ctx,
  s: SelectStatement,
  nodes: readonly QueryNode[],
): { orders: XmlElement[]; columns: SqlResultColumn[] } | undefined {
  const groupings: Grouping[] = [];
  for (const g of s.groupBy) {
    const r = grouping(ctx, nodes, g);
    if (r && !groupings.some((x) => same(x, r))) groupings.push(r);
  }
  const used = new Set<string>();
  const unique = (base: string): string => {
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
    used.add(name.toLowerCase());
    return name;
  };
  const columns: SqlResultColumn[] = [];
  const aliases = new Map<string, string>();
  for (const item of s.columns) {
    if (item.alias) {
      if (used.has(item.alias.name.toLowerCase())) {
        ctx.error('sql-aggregate', l10n.t('The alias "{0}" is used twice.', item.alias.name), item.alias.span);
      }
      used.add(item.alias.name.toLowerCase());
    }
  }
  for (const item of s.columns) {
    const label = exprLabel(item.expr);
    if (isAggregateCall(item.expr)) {
      const alias = item.alias?.name ?? unique(generatedName(item.expr as CallExpr));
      const a = aggregateAttribute(ctx, nodes, item.expr as CallExpr, alias);
      if (!a) continue;
      nodeOf(nodes, a.col).attributes.push(a.element);
      aliases.set(label.toLowerCase(), alias);
      columns.push({ key: alias, label: item.alias?.name ?? label });
      continue;
    }
    if (item.expr.type === 'star') {
      ctx.error(
        'sql-aggregate',
        l10n.t('* cannot be returned by a query with {0} or aggregates: list the grouped columns.', 'GROUP BY'),
        item.expr.span,
      );
      continue;
    }
    const before = ctx.diagnostics.length;
    const g = grouping(ctx, nodes, item.expr);
    if (!g) continue;
    const match = groupings.find((x) => same(x, g));
    if (!match) {
      ctx.diagnostics.length = before;
      ctx.error(
        'sql-aggregate',
        l10n.t(
          '{0} is neither in {1} nor in an aggregate function ({2}).',
          label,
          'GROUP BY',
          'COUNT, SUM, AVG, MIN, MAX',
        ),
        item.expr.span,
      );
      continue;
    }
    match.alias ??=
      item.alias?.name ??
      unique(g.dategrouping ? `${g.dategrouping}_${g.col.column.logicalName}` : g.col.column.logicalName);
    aliases.set(label.toLowerCase(), match.alias);
    columns.push({
      key: match.alias,
      label: item.alias?.name ?? label,
      table: g.col.entry.table.logicalName,
      column: g.col.column.logicalName,
    });
  }
  for (const g of groupings) {
    g.alias ??= unique(g.dategrouping ? `${g.dategrouping}_${g.col.column.logicalName}` : g.col.column.logicalName);
    nodeOf(nodes, g.col).attributes.push(
      el('attribute', {
        name: g.col.column.logicalName,
        alias: g.alias,
        groupby: 'true',
        dategrouping: g.dategrouping,
      }),
    );
  }
  const orders: XmlElement[] = [];
  for (const o of s.orderBy) {
    const text = exprLabel(o.expr).toLowerCase();
    const byAlias = o.expr.type === 'column' && !o.expr.table ? findAlias(s, o.expr.column.name) : undefined;
    const ordinal = o.expr.type === 'number' ? columns[Number(o.expr.text) - 1]?.key : undefined;
    const alias = ordinal ?? byAlias ?? aliases.get(text);
    if (!alias) {
      ctx.error(
        'sql-aggregate',
        l10n.t('In an aggregate query, {0} names a returned column or its alias.', 'ORDER BY'),
        o.expr.span,
      );
      continue;
    }
    orders.push(el('order', { alias, descending: o.descending ? 'true' : undefined }));
  }
  return ctx.failed ? undefined : { orders, columns };
}

function findAlias(s: SelectStatement, name: string): string | undefined {
  return s.columns.find((c) => c.alias?.name.toLowerCase() === name.toLowerCase())?.alias?.name;
}

function generatedName(e: CallExpr): string {
  const fn = e.name.name.toLowerCase();
  const arg = e.args[0];
  if (!arg || arg.type === 'star') return fn;
  return arg.type === 'column' ? `${fn}_${arg.column.name}` : fn;
}

function aggregateAttribute(
  ctx: Ctx,
  nodes: readonly QueryNode[],
  e: CallExpr,
  alias: string,
): { col: ResolvedColumn; element: XmlElement } | undefined {
  const fn = e.name.name.toUpperCase();
  const arg = e.args[0];
  if (e.args.length !== 1) {
    ctx.error('sql-aggregate', l10n.t('{0}() takes one column.', e.name.name), e.span);
    return undefined;
  }
  if (fn === 'COUNT' && arg?.type === 'star' && !arg.table) {
    const root = nodes[0]!.entry;
    const pid = root.table.primaryIdAttribute;
    if (!pid || e.distinct) {
      ctx.error(
        'sql-aggregate',
        e.distinct
          ? l10n.t('{0} is not SQL: name a column.', 'COUNT(DISTINCT *)')
          : l10n.t('{0} has no primary key column.', root.table.logicalName),
        e.span,
      );
      return undefined;
    }
    const col: ResolvedColumn = {
      entry: root,
      column: { logicalName: pid } as ResolvedColumn['column'],
      expr: undefined as never,
    };
    return { col, element: el('attribute', { name: pid, alias, aggregate: 'count' }) };
  }
  if (arg?.type !== 'column') {
    ctx.error(
      'sql-unsupported',
      l10n.t('FetchXML aggregates a column: {0}() of an expression has no FetchXML form.', e.name.name),
      (arg ?? e).span,
    );
    return undefined;
  }
  const col = resolveColumn(
    ctx,
    nodes.map((n) => n.entry),
    arg,
  );
  if (!col) return undefined;
  if (e.distinct && fn !== 'COUNT') {
    ctx.error(
      'sql-unsupported',
      l10n.t('{0} has no FetchXML form; only {1} does.', `${fn}(DISTINCT …)`, 'COUNT(DISTINCT column)'),
      e.span,
    );
    return undefined;
  }
  const kind = col.column.kind;
  if ((fn === 'SUM' || fn === 'AVG') && !NUMERIC.has(kind)) {
    ctx.error('sql-type', l10n.t('{0}() needs a number column; {1} is not one.', fn, col.column.logicalName), arg.span);
    return undefined;
  }
  if ((fn === 'MIN' || fn === 'MAX') && !NUMERIC.has(kind) && kind !== 'dateTime') {
    ctx.error(
      'sql-type',
      l10n.t("FetchXML's {0} takes a number or date column; {1} is not one.", fn.toLowerCase(), col.column.logicalName),
      arg.span,
    );
    return undefined;
  }
  const aggregate = fn === 'COUNT' ? 'countcolumn' : fn.toLowerCase();
  return {
    col,
    element: el('attribute', {
      name: col.column.logicalName,
      alias,
      aggregate,
      distinct: e.distinct ? 'true' : undefined,
    }),
  };
}
