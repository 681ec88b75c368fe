// FROM and JOINs as FetchXML's entity and nested link-entities. A join must be an equality on a
// relationship: a lookup to the other table's primary key, or a key of an N:N intersect table;
// anything else is a diagnostic that offers the relationships there are.
import * as l10n from '@vscode/l10n';
import type { ColumnInfo } from '../../metadata/model';
import type { Join, SqlExpr } from './ast';
import { filterFor } from './conditions';
import { columnOf, resolveColumn, resolveTable, type Ctx, type ResolvedColumn, type ScopeEntry } from './scope';
import type { XmlElement } from './xml';
import { formatCount } from '../../numberFormat';

/** Dataverse refuses more than 15 link-entities in one query. */
export const MAX_LINK_ENTITIES = 15;

const LOOKUP_KINDS = new Set(['lookup', 'customer', 'owner']);

/** One entity or link-entity of the query being built. */
export interface QueryNode {
  readonly entry: ScopeEntry;
  readonly parent?: QueryNode;
  readonly linkAttrs?: Record<string, string>;
  readonly attributes: XmlElement[];
  readonly filters: XmlElement[];
  readonly links: QueryNode[];
  allAttributes: boolean;
}

export function newNode(entry: ScopeEntry, parent?: QueryNode, linkAttrs?: Record<string, string>): QueryNode {
  return {
    entry,
    ...(parent ? { parent } : {}),
    ...(linkAttrs ? { linkAttrs } : {}),
    attributes: [],
    filters: [],
    links: [],
    allAttributes: false,
  };
}

/** Adds the joins under the root; returns the nodes that could be built (root first), diagnostics for the others. */
export function buildJoins(ctx: Ctx, root: QueryNode, joins: readonly Join[]): QueryNode[] {
  const nodes = [root];
  for (const [i, join] of joins.entries()) {
    if (i === MAX_LINK_ENTITIES) {
      ctx.error(
        'sql-limit',
        l10n.t('Dataverse allows at most {0} link-entities (joins) in one query.', formatCount(MAX_LINK_ENTITIES)),
        join.span,
      );
      return nodes;
    }
    if (join.kind !== 'inner' && join.kind !== 'left') {
      const name = {
        right: 'RIGHT JOIN',
        full: 'FULL JOIN',
        cross: l10n.t('{0} (or a comma between tables)', 'CROSS JOIN'),
      }[join.kind];
      ctx.error(
        'sql-unsupported',
        l10n.t('{0} has no FetchXML form: FetchXML joins with {1} or {2}.', name, 'INNER JOIN', 'LEFT OUTER JOIN'),
        join.kindSpan,
      );
      continue;
    }
    const entry = resolveTable(ctx, join.table);
    if (!entry) {
      continue;
    }
    if (nodes.some((n) => n.entry.key === entry.key)) {
      ctx.error(
        'sql-join',
        l10n.t('"{0}" is already used in this query: give this table another alias.', entry.alias),
        (join.table.alias ?? join.table.table).span,
      );
      continue;
    }
    const node = join.on ? linkNode(ctx, nodes, entry, join) : undefined;
    if (!node) {
      continue;
    }
    node.parent!.links.push(node);
    nodes.push(node);
  }
  return nodes;
}

function linkNode(ctx: Ctx, nodes: QueryNode[], entry: ScopeEntry, join: Join): QueryNode | undefined {
  const scope = [...nodes.map((n) => n.entry), entry];
  const operands: SqlExpr[] = join.on!.type === 'and' ? [...join.on!.operands] : [join.on!];
  let link: { own: ResolvedColumn; other: ResolvedColumn; index: number } | undefined;
  let candidate: { own: ResolvedColumn; other: ResolvedColumn; span: SqlExpr['span'] } | undefined;
  for (const [index, o] of operands.entries()) {
    if (o.type !== 'compare' || o.op !== '=' || o.left.type !== 'column' || o.right.type !== 'column') continue;
    const a = resolveQuiet(ctx, scope, o.left);
    const b = resolveQuiet(ctx, scope, o.right);
    if (!a || !b) continue;
    const [own, other] = a.entry === entry ? [a, b] : [b, a];
    if (own.entry !== entry || other.entry === entry) continue;
    if (isRelationship(own, other)) {
      link = { own, other, index };
      break;
    }
    candidate ??= { own, other, span: o.span };
  }
  if (!link) {
    const suggestions = relationshipConditions(
      entry,
      nodes.map((n) => n.entry),
    );
    const hint = suggestions.join('; ');
    const tried = candidate
      ? `${candidate.own.entry.alias}.${candidate.own.column.logicalName} = ${candidate.other.entry.alias}.${candidate.other.column.logicalName}`
      : undefined;
    // Report the names first, so an unknown column is said as such.
    for (const o of operands) {
      if (o.type === 'compare') {
        for (const side of [o.left, o.right]) if (side.type === 'column') resolveColumn(ctx, scope, side);
      }
    }
    if (!ctx.failed || candidate) {
      ctx.error('sql-join', noRelationship(tried, entry.alias, hint), candidate?.span ?? join.on!.span, suggestions);
    }
    return undefined;
  }
  const parent = nodes.find((n) => n.entry === link!.other.entry)!;
  const node = newNode(entry, parent, {
    name: entry.table.logicalName,
    from: link.own.column.logicalName,
    to: link.other.column.logicalName,
    'link-type': join.kind === 'inner' ? 'inner' : 'outer',
    alias: entry.alias,
  });
  const rest = operands.filter((_, i) => i !== link!.index);
  if (rest.length > 0) {
    const on: SqlExpr = rest.length === 1 ? rest[0]! : { type: 'and', span: join.on!.span, operands: rest };
    const filter = filterFor({ ctx, scope, home: entry, onlyHome: true }, on);
    if (!filter) return undefined;
    node.filters.push(filter);
  }
  return node;
}

function resolveQuiet(
  ctx: Ctx,
  scope: readonly ScopeEntry[],
  e: SqlExpr & { type: 'column' },
): ResolvedColumn | undefined {
  const before = ctx.diagnostics.length;
  const r = resolveColumn(ctx, scope, e);
  ctx.diagnostics.length = before;
  return r;
}

function isLookupTo(column: ColumnInfo, table: string): boolean {
  return LOOKUP_KINDS.has(column.kind) && (column.targets ?? []).some((t) => t.toLowerCase() === table.toLowerCase());
}

function isRelationship(own: ResolvedColumn, other: ResolvedColumn): boolean {
  const ownTable = own.entry.table;
  const otherTable = other.entry.table;
  const isPid = (r: ResolvedColumn): boolean => isPrimaryKey(r.entry, r.column.logicalName);
  const manyToOne = (from: ResolvedColumn, to: ResolvedColumn): boolean =>
    isPid(to) &&
    (isLookupTo(from.column, to.entry.table.logicalName) ||
      from.entry.details.relationships.some(
        (r) =>
          r.kind === 'manyToOne' &&
          r.lookupColumn?.toLowerCase() === from.column.logicalName.toLowerCase() &&
          r.relatedTable.toLowerCase() === to.entry.table.logicalName.toLowerCase(),
      ));
  if (manyToOne(own, other) || manyToOne(other, own)) return true;
  // N:N: through the intersect table, whose key columns carry the primary keys of both sides.
  const intersectKey = (intersect: ResolvedColumn, keyed: ResolvedColumn): boolean =>
    intersect.entry.table.isIntersect &&
    isPid(keyed) &&
    ['uniqueIdentifier', 'lookup'].includes(intersect.column.kind) &&
    !isPid(intersect);
  return (ownTable.isIntersect && intersectKey(own, other)) || (otherTable.isIntersect && intersectKey(other, own));
}

/** The primary key, or `<table>id` (systemuser's key is systemuserid even where metadata names ownerid). */
function isPrimaryKey(entry: ScopeEntry, column: string): boolean {
  const c = column.toLowerCase();
  return (
    c === (entry.table.primaryIdAttribute ?? '').toLowerCase() || c === `${entry.table.logicalName.toLowerCase()}id`
  );
}

/** ON conditions the metadata offers between a joined table and the tables before it. */
export function relationshipConditions(joined: ScopeEntry, before: readonly ScopeEntry[]): string[] {
  const out: string[] = [];
  const pid = (e: ScopeEntry): string | undefined =>
    columnOf(e.details, `${e.table.logicalName}id`) ? `${e.table.logicalName}id` : e.table.primaryIdAttribute;
  for (const p of before) {
    for (const c of joined.details.columns) {
      if (isLookupTo(c, p.table.logicalName) && !c.attributeOf && pid(p)) {
        out.push(`${joined.alias}.${c.logicalName} = ${p.alias}.${pid(p)}`);
      }
    }
    for (const c of p.details.columns) {
      if (isLookupTo(c, joined.table.logicalName) && !c.attributeOf && pid(joined)) {
        out.push(`${joined.alias}.${pid(joined)} = ${p.alias}.${c.logicalName}`);
      }
    }
    if (joined.table.isIntersect && pid(p) && columnOf(joined.details, pid(p)!)) {
      out.push(`${joined.alias}.${pid(p)} = ${p.alias}.${pid(p)}`);
    }
  }
  return [...new Set(out)].slice(0, 8);
}

/** Why a join has no FetchXML form: the equality tried (or its absence), and the relationships there are. */
function noRelationship(tried: string | undefined, alias: string, hint: string): string {
  if (tried) {
    return hint
      ? l10n.t(
          '{0} is not a relationship: FetchXML joins on a lookup or N:N relationship. Relationships here: {1}.',
          tried,
          hint,
        )
      : l10n.t('{0} is not a relationship: FetchXML joins on a lookup or N:N relationship.', tried);
  }
  return hint
    ? l10n.t(
        'This {0} has no equality between a column of {1} and a column of a table before it: FetchXML joins on a lookup or N:N relationship. Relationships here: {2}.',
        'ON',
        alias,
        hint,
      )
    : l10n.t(
        'This {0} has no equality between a column of {1} and a column of a table before it: FetchXML joins on a lookup or N:N relationship.',
        'ON',
        alias,
      );
}
