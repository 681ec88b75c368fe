// SELECT → one FetchXML query with the same answer: columns, joins as link-entities, WHERE as a
// filter, GROUP BY as aggregate FetchXML, ORDER BY, TOP and OFFSET…FETCH as page/count. What
// FetchXML cannot say is a diagnostic with the construct's range, and then no FetchXML at all.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import type { SelectStatement, SqlExpr } from './ast';
import type { SqlParams, SqlResultColumn, SqlTranslation } from './api';
import { aggregateQuery, isAggregateQuery } from './aggregate';
import { filterFor } from './conditions';
import { buildJoins, newNode, type QueryNode } from './joins';
import { Ctx, exprLabel, resolveColumn, resolveTable, type ResolvedColumn } from './scope';
import { el, serialize, type XmlElement } from './xml';
import { formatCount } from '../../numberFormat';

/** FetchXML's `top` and a page's `count` are at most 5,000. */
export const MAX_PAGE = 5000;

export function translateSelect(
  stmt: SelectStatement,
  metadata: MetadataSnapshot,
  params: SqlParams = {},
): SqlTranslation {
  const ctx = new Ctx(metadata, params);
  const result = translate(ctx, stmt);
  const failed = ctx.failed;
  return {
    ...(result && !failed ? { fetchXml: serialize(result.fetch) } : {}),
    ...(result?.entity ? { entity: result.entity } : {}),
    diagnostics: ctx.diagnostics,
    aggregate: isAggregateQuery(stmt),
    columns: result?.columns ?? [],
    single: !!stmt.top || !!stmt.fetch,
  };
}

interface Built {
  readonly fetch: XmlElement;
  readonly entity: string;
  readonly columns: SqlResultColumn[];
}

function translate(ctx: Ctx, s: SelectStatement): Built | undefined {
  for (const r of s.refused) ctx.error('sql-unsupported', l10n.t('{0} has no FetchXML form.', r.construct), r.span);
  if (!s.from) {
    ctx.error(
      'sql-unsupported',
      l10n.t('A query reads {0} a table: add {1} and a table name.', 'FROM', 'FROM'),
      s.span,
    );
    return undefined;
  }
  const rootEntry = resolveTable(ctx, s.from);
  if (!rootEntry) return undefined;
  const root = newNode(rootEntry);
  const nodes = buildJoins(ctx, root, s.joins);
  const scope = nodes.map((n) => n.entry);
  const aggregate = isAggregateQuery(s);
  let orders: XmlElement[] = [];
  let columns: SqlResultColumn[] = [];
  if (aggregate) {
    const a = aggregateQuery(ctx, s, nodes);
    if (a) ({ orders, columns } = a);
    ctx.push(
      'info',
      'sql-limit',
      l10n.t(
        'Dataverse refuses an aggregate over more than 50,000 rows (AggregateQueryRecordLimit, error 0x8004E023): filter with {0} to stay under it.',
        'WHERE',
      ),
      s.span,
    );
  } else {
    columns = plainColumns(ctx, s, nodes);
    orders = plainOrders(ctx, s, nodes);
  }
  if (s.where) {
    const filter = filterFor({ ctx, scope, home: rootEntry }, s.where);
    if (filter) root.filters.push(filter);
  }
  const fetchAttrs = fetchAttributes(ctx, s, aggregate);
  const entity = element(root, 'entity', { name: rootEntry.table.logicalName });
  entity.children.push(...orders);
  return { fetch: el('fetch', fetchAttrs, [entity]), entity: rootEntry.table.logicalName, columns };
}

function element(node: QueryNode, name: string, attrs: Record<string, string>): XmlElement {
  const children: XmlElement[] = [];
  if (node.allAttributes) children.push(el('all-attributes'));
  children.push(...node.attributes, ...node.filters, ...node.links.map((l) => element(l, 'link-entity', l.linkAttrs!)));
  return el(name, attrs, children);
}

function nodeOf(nodes: readonly QueryNode[], col: ResolvedColumn): QueryNode {
  return nodes.find((n) => n.entry === col.entry)!;
}

/** The key Dataverse returns a column under: alias, `linkalias.column`, or `_lookup_value` on the main table. */
function resultKey(col: ResolvedColumn, root: boolean): string {
  const name = col.column.logicalName;
  if (!root) return `${col.entry.alias}.${name}`;
  return ['lookup', 'customer', 'owner'].includes(col.column.kind) ? `_${name}_value` : name;
}

function plainColumns(ctx: Ctx, s: SelectStatement, nodes: readonly QueryNode[]): SqlResultColumn[] {
  const scope = nodes.map((n) => n.entry);
  const columns: SqlResultColumn[] = [];
  for (const item of s.columns) {
    const e = item.expr;
    if (e.type === 'star') {
      if (item.alias) ctx.error('sql-unsupported', l10n.t('* cannot have an alias.'), item.alias.span);
      if (!e.table) for (const n of nodes) n.allAttributes = true;
      else {
        const node = nodes.find((n) => n.entry.key === e.table!.name.toLowerCase());
        if (node) node.allAttributes = true;
        else {
          ctx.error(
            'sql-unknown-alias',
            l10n.t('No table or alias "{0}" in this query.', e.table.name),
            e.table.span,
            scope.map((x) => x.alias),
          );
        }
      }
      continue;
    }
    if (e.type !== 'column') {
      if (e.type !== 'error') {
        ctx.error(
          'sql-unsupported',
          l10n.t('FetchXML returns columns as stored: {0} (a computed column) has no FetchXML form.', exprLabel(e)),
          e.span,
        );
      }
      continue;
    }
    const col = resolveColumn(ctx, scope, e);
    if (!col) continue;
    const alias =
      item.alias && item.alias.name.toLowerCase() !== col.column.logicalName.toLowerCase()
        ? item.alias.name
        : undefined;
    nodeOf(nodes, col).attributes.push(el('attribute', { name: col.column.logicalName, alias }));
    columns.push({
      key: alias ?? resultKey(col, col.entry === scope[0]),
      label: item.alias?.name ?? exprLabel(e),
      table: col.entry.table.logicalName,
      column: col.column.logicalName,
    });
  }
  return columns;
}

function plainOrders(ctx: Ctx, s: SelectStatement, nodes: readonly QueryNode[]): XmlElement[] {
  const scope = nodes.map((n) => n.entry);
  const orders: XmlElement[] = [];
  for (const o of s.orderBy) {
    let e: SqlExpr = o.expr;
    if (e.type === 'number') {
      const item = s.columns[Number(e.text) - 1];
      if (!item || !/^\d+$/.test(e.text)) {
        ctx.error(
          'sql-unsupported',
          l10n.t('{0}: the {1} list has no column {2}.', `ORDER BY ${e.text}`, 'SELECT', e.text),
          e.span,
        );
        continue;
      }
      e = item.expr;
    } else if (e.type === 'column' && !e.table) {
      const name = e.column.name.toLowerCase();
      const aliased = s.columns.find((c) => c.alias?.name.toLowerCase() === name);
      if (aliased) e = aliased.expr;
    }
    if (e.type !== 'column') {
      if (e.type !== 'error') {
        ctx.error(
          'sql-unsupported',
          l10n.t('FetchXML orders by a column: this {0} has no FetchXML form.', 'ORDER BY'),
          o.expr.span,
        );
      }
      continue;
    }
    const col = resolveColumn(ctx, scope, e);
    if (!col) continue;
    if (['lookup', 'customer', 'owner'].includes(col.column.kind)) {
      ctx.push(
        'warning',
        'sql-unsupported',
        l10n.t(
          "Dataverse orders a lookup by the related row's name, not by its id: {0} sorts by {1}name.",
          col.column.logicalName,
          col.column.logicalName,
        ),
        o.expr.span,
      );
    }
    const root = col.entry === scope[0];
    orders.push(
      el('order', {
        entityname: root ? undefined : col.entry.alias,
        attribute: col.column.logicalName,
        descending: o.descending ? 'true' : undefined,
      }),
    );
  }
  return orders;
}

/** A whole number from a literal or a parameter, or undefined after a diagnostic. */
function count(ctx: Ctx, e: SqlExpr, what: string): number | undefined {
  let text: string | undefined;
  if (e.type === 'number') text = e.text;
  else if (e.type === 'param') {
    const p = ctx.param(e.name);
    if (!p.found) {
      ctx.error(
        'sql-parameter',
        l10n.t('No value for @{0}: define it as a variable of the scratchpad (@{1} = …).', e.name, e.name),
        e.span,
      );
      return undefined;
    }
    text = String(p.value);
  } else if (e.type === 'error') return undefined;
  if (text === undefined || !/^\d+$/.test(text)) {
    ctx.error('sql-type', l10n.t('{0} takes a whole number.', what), e.span);
    return undefined;
  }
  return Number(text);
}

function fetchAttributes(ctx: Ctx, s: SelectStatement, aggregate: boolean): Record<string, string | undefined> {
  const attrs: Record<string, string | undefined> = {};
  if (s.top) {
    const n = count(ctx, s.top.count, 'TOP');
    if (s.top.percent) ctx.error('sql-unsupported', l10n.t('{0} has no FetchXML form.', 'TOP … PERCENT'), s.top.span);
    else if (n !== undefined && n > MAX_PAGE) {
      ctx.error(
        'sql-limit',
        l10n.t(
          "FetchXML's top is at most {0}: leave {1} out to read every page, or use {2}.",
          formatCount(MAX_PAGE),
          'TOP',
          'OFFSET … FETCH',
        ),
        s.top.span,
      );
    } else if (n !== undefined) attrs.top = String(n);
    if (s.offset) {
      ctx.error('sql-unsupported', l10n.t('{0} and {1} cannot be used together.', 'TOP', 'OFFSET'), s.offset.span);
    }
  }
  if (s.offset || s.fetch) paging(ctx, s, aggregate, attrs);
  if (s.distinct && !aggregate) attrs.distinct = 'true';
  if (aggregate) attrs.aggregate = 'true';
  return attrs;
}

function paging(ctx: Ctx, s: SelectStatement, aggregate: boolean, attrs: Record<string, string | undefined>): void {
  const span = s.fetch ? { start: (s.offset ?? s.fetch).span.start, end: s.fetch.span.end } : s.offset!.span;
  if (s.orderBy.length === 0) ctx.error('sql-paging', l10n.t('{0} needs {1}.', 'OFFSET … FETCH', 'ORDER BY'), span);
  if (!s.offset) {
    ctx.error(
      'sql-paging',
      l10n.t('{0} needs {1} before it ({2}).', 'FETCH', 'OFFSET', 'OFFSET 0 ROWS FETCH NEXT n ROWS ONLY'),
      s.fetch!.span,
    );
    return;
  }
  const offset = count(ctx, s.offset.count, 'OFFSET');
  const fetch = s.fetch ? count(ctx, s.fetch.count, 'FETCH') : undefined;
  if (offset === undefined || (s.fetch && fetch === undefined)) return;
  if (aggregate && (offset > 0 || fetch !== undefined)) {
    ctx.error(
      'sql-paging',
      l10n.t('Paging an aggregate query ({0}) has no exact FetchXML form.', 'OFFSET … FETCH'),
      span,
    );
    return;
  }
  if (fetch === undefined) {
    if (offset > 0) {
      ctx.error(
        'sql-paging',
        l10n.t(
          '{0} without {1} has no FetchXML form: add {2}, with n dividing the offset.',
          'OFFSET',
          'FETCH',
          'FETCH NEXT n ROWS ONLY',
        ),
        span,
      );
    }
    return;
  }
  if (fetch < 1 || fetch > MAX_PAGE) {
    ctx.error(
      'sql-limit',
      l10n.t('{0} takes 1 to {1} rows (a FetchXML page).', 'FETCH NEXT', formatCount(MAX_PAGE)),
      s.fetch!.span,
    );
    return;
  }
  if (offset % fetch !== 0) {
    ctx.error(
      'sql-paging',
      l10n.t(
        'FetchXML reads whole pages: {0} ({1}) must be a multiple of {2} ({3}).',
        'OFFSET',
        offset,
        'FETCH',
        fetch,
      ),
      span,
    );
    return;
  }
  attrs.count = String(fetch);
  attrs.page = String(offset / fetch + 1);
}
