// The rows a FetchXML query reads: the root table filtered, joined to its link-entities as the
// link-type says (inner drops rows without a match, outer keeps them, in/exists/any only test for
// one, not-any for none, matchfirstrowusingcrossapply takes the first), then ordered.
import type { AttributeModel, EntityModel } from '../model';
import type { Row } from '../store';
import type { Ctx } from '../http-types';
import { compareValues } from '../filter';
import { compileCondition, type ConditionContext } from './conditions';
import type { FetchFilter, FetchLink, FetchOrder, FetchQuery } from './parse';

/** A root row and, per link alias, the linked row (null for an outer join without a match). */
export interface Joined {
  root: Row;
  links: Map<string, Row | null>;
}

type Test = (j: Joined) => boolean;

const SEMI = new Set(['in', 'exists', 'any', 'not-any']);

function usesLinks(f: FetchFilter | undefined): boolean {
  return !!f && (f.conditions.some((c) => c.alias !== undefined) || f.filters.some(usesLinks));
}

function filterColumns(f: FetchFilter | undefined, alias: string | undefined, out: Set<AttributeModel>): void {
  if (!f) return;
  for (const c of f.conditions) if (c.alias === alias) out.add(c.attr);
  f.filters.forEach((x) => filterColumns(x, alias, out));
}

export class FetchJoin {
  private readonly ctx: ConditionContext;

  constructor(
    private readonly api: Ctx,
    private readonly q: FetchQuery,
    userId: string,
    businessUnitId: string,
  ) {
    this.ctx = { userId, businessUnitId, now: Date.now() };
  }

  private compile(f: FetchFilter | undefined): Test {
    if (!f) return () => true;
    const parts: Test[] = [
      ...f.conditions.map((c): Test => {
        const p = compileCondition(c, this.ctx);
        return (j) => p((c.alias === undefined ? j.root : j.links.get(c.alias))?.values[c.attr.webApiName] ?? null);
      }),
      ...f.filters.map((x) => this.compile(x)),
    ];
    return f.type === 'or' ? (j) => parts.some((t) => t(j)) : (j) => parts.every((t) => t(j));
  }

  /** Columns to compute for a table's rows: selected, filtered on, ordered by, joined on. */
  private columns(
    e: EntityModel,
    attrs: FetchQuery['attributes'],
    alias: string | undefined,
    filter: FetchFilter | undefined,
    orders: FetchOrder[],
    links: FetchLink[],
    extra: AttributeModel[] = [],
  ): AttributeModel[] | undefined {
    if (attrs === 'all' && !SEMI.has(alias ?? '')) return undefined;
    const out = new Set<AttributeModel>([...(attrs === 'all' ? [] : attrs.map((a) => a.attr)), ...extra]);
    filterColumns(filter, alias, out);
    filterColumns(this.q.filter, alias, out);
    orders.forEach((o) => o.attr && out.add(o.attr));
    links.forEach((l) => out.add(l.to));
    const idAttr = e.attrByName.get(e.primaryIdAttribute);
    if (idAttr) out.add(idAttr);
    return [...out];
  }

  /** Joined rows in query order; without an order, scanning stops once `limit` rows are found. */
  rows(limit = Infinity): Joined[] {
    const q = this.q;
    const rootTest = usesLinks(q.filter) ? () => true : this.compile(q.filter);
    const crossTest = usesLinks(q.filter) ? this.compile(q.filter) : () => true;
    const table = this.api.org.engine.table(q.entity);
    const attrs = this.columns(q.entity, q.attributes, undefined, undefined, q.orders, q.links);
    const out: Joined[] = [];
    const orders = [...q.orders, ...allLinks(q.links).flatMap((l) => l.orders)].filter((o) => o.attr);
    const stopAt = orders.length ? Infinity : limit;
    for (const { row } of table.scan(0, attrs)) {
      const j: Joined = { root: row, links: new Map() };
      if (!rootTest(j)) continue;
      for (const joined of this.expand([j], q.links, row)) if (crossTest(joined)) out.push(joined);
      if (out.length >= stopAt) break;
    }
    if (orders.length) out.sort((a, b) => compareJoined(a, b, orders));
    return out;
  }

  private expand(partials: Joined[], links: FetchLink[], parent: Row | null): Joined[] {
    let current = partials;
    for (const link of links) {
      const next: Joined[] = [];
      const test = this.compile(link.filter);
      const attrs = this.columns(link.entity, link.attributes, link.alias, link.filter, link.orders, link.links, [
        link.from,
      ]);
      for (const p of current) {
        const candidates = (parent ? this.related(link, parent, attrs) : [])
          .map((row) => ({ row, j: withLink(p, link.alias, row) }))
          .filter((c) => test(c.j));
        next.push(...this.combine(p, link, candidates));
      }
      current = next;
    }
    return current;
  }

  private combine(p: Joined, link: FetchLink, candidates: { row: Row; j: Joined }[]): Joined[] {
    switch (link.linkType) {
      case 'in':
      case 'exists':
      case 'any':
        return candidates.length ? [p] : [];
      case 'not-any':
        return candidates.length ? [] : [p];
      case 'matchfirstrowusingcrossapply':
        return candidates.slice(0, 1).flatMap((c) => this.expand([c.j], link.links, c.row));
      case 'outer':
        return candidates.length
          ? candidates.flatMap((c) => this.expand([c.j], link.links, c.row))
          : this.expand([withLink(p, link.alias, null)], link.links, null);
      default:
        return candidates.flatMap((c) => this.expand([c.j], link.links, c.row));
    }
  }

  /** Linked rows whose `from` column equals the parent's `to` column. */
  private related(link: FetchLink, parent: Row, attrs: AttributeModel[] | undefined): Row[] {
    const value = parent.values[link.to.webApiName];
    if (value === null || value === undefined) return [];
    const engine = this.api.org.engine;
    const table = engine.table(link.entity);
    if (link.from.isPrimaryId) {
      const row = typeof value === 'string' ? table.get(value, attrs) : undefined;
      return row ? [row] : [];
    }
    const want = String(value).toLowerCase();
    const matches = (r: Row | undefined): r is Row =>
      !!r && String(r.values[link.from.webApiName] ?? '').toLowerCase() === want;
    if (link.to.isPrimaryId && link.from.webApiName.startsWith('_')) {
      return (engine.referencing(link.entity, link.from.webApiName).get(String(value)) ?? [])
        .map((pos) => table.rowAt(pos, attrs))
        .filter(matches);
    }
    const out: Row[] = [];
    for (const { row } of table.scan(0, attrs)) if (matches(row)) out.push(row);
    return out;
  }
}

function withLink(p: Joined, alias: string, row: Row | null): Joined {
  const links = new Map(p.links);
  links.set(alias, row);
  return { root: p.root, links };
}

export function allLinks(links: FetchLink[]): FetchLink[] {
  return links.flatMap((l) => [l, ...allLinks(l.links)]);
}

function compareJoined(a: Joined, b: Joined, orders: FetchOrder[]): number {
  for (const o of orders) {
    const va = (o.link ? a.links.get(o.link) : a.root)?.values[o.attr!.webApiName] ?? null;
    const vb = (o.link ? b.links.get(o.link) : b.root)?.values[o.attr!.webApiName] ?? null;
    const c = compareValues(va, vb);
    if (c !== 0) return o.desc ? -c : c;
  }
  return 0;
}
