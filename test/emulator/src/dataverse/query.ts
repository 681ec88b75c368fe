// Runs entity-set queries over a table: filter, order, page (resuming after the paging cookie's last
// key), count, and $expand of single- and collection-valued navigation properties.
import type { AttributeModel, EntityModel, NavModel } from './model';
import type { OrgStore, Row, TableStore } from './store';
import { compareValues, evaluate, filterProperties, parseFilter, type Expr, type Getter } from './filter';
import type { ExpandItem, OrderBy } from './options';
import { badQuery, propertyNotFound } from './errors';
import type { Projector } from './project';

export const MAX_PAGE = 5000;

export interface CollectionQuery {
  filter?: Expr;
  orderby?: OrderBy[];
  top?: number;
  /** Web API names to return (undefined = all). */
  select?: string[];
  pageSize: number;
  /** Resume after this primary key (from the paging cookie). */
  after?: string;
  count: boolean;
  /** Extra Web API names the caller needs computed (e.g. for $expand). */
  extra?: string[];
}

export interface CollectionResult {
  rows: Row[];
  more: boolean;
  count?: number;
}

const INDEX_THRESHOLD = 2000;

export class QueryEngine {
  private readonly refIndex = new Map<string, { writes: number; byId: Map<string, number[]> }>();

  constructor(private readonly store: OrgStore) {}

  /**
   * Positions of rows whose lookup `ref` holds each id. Expanding a collection over a big table would
   * otherwise scan it once per parent row; one scan per table version is enough.
   */
  referencing(target: EntityModel, ref: string): Map<string, number[]> {
    const table = this.table(target);
    const key = `${target.logicalName}:${ref}`;
    const hit = this.refIndex.get(key);
    if (hit && hit.writes === table.writes) return hit.byId;
    const attr = target.attrByWebName.get(ref);
    const byId = new Map<string, number[]>();
    for (const { pos, row } of table.scan(0, attr ? [attr] : [])) {
      const v = row.values[ref];
      if (typeof v === 'string') {
        const list = byId.get(v) ?? [];
        list.push(pos);
        byId.set(v, list);
      }
    }
    this.refIndex.set(key, { writes: table.writes, byId });
    return byId;
  }

  table(entity: EntityModel): TableStore {
    return this.store.table(entity.logicalName)!;
  }

  checkColumns(entity: EntityModel, names: readonly string[]): void {
    for (const n of names) {
      if (!entity.attrByWebName.has(n)) {
        throw propertyNotFound(n, entity.logicalName);
      }
    }
  }

  compileFilter(entity: EntityModel, text: string): Expr {
    return parseFilter(text, (path) => this.checkPath(entity, path));
  }

  private checkPath(entity: EntityModel, path: string[]): void {
    const [head, ...rest] = path;
    const nav = entity.navByName.get(head!);
    if (nav && !nav.collection && rest.length > 0) {
      const target = this.store.model.byLogicalName.get(nav.target);
      if (target) {
        this.checkPath(target, rest);
        return;
      }
    }
    if (!entity.attrByWebName.has(head!) || rest.length > 0) {
      throw propertyNotFound(path.join('/'), entity.logicalName);
    }
  }

  getter(entity: EntityModel, row: Row): Getter {
    return (path) => {
      const [head, ...rest] = path;
      if (rest.length === 0) {
        return row.values[head!] ?? null;
      }
      const nav = entity.navByName.get(head!);
      const id = nav?.referentialProperty ? row.values[nav.referentialProperty] : undefined;
      const targetName = nav?.referentialProperty ? (row.targets[nav.referentialProperty] ?? nav.target) : undefined;
      const target = targetName ? this.store.model.byLogicalName.get(targetName) : undefined;
      const related = target && typeof id === 'string' ? this.table(target).get(id) : undefined;
      return related && target ? this.getter(target, related)(rest) : null;
    };
  }

  private neededAttributes(entity: EntityModel, q: CollectionQuery): AttributeModel[] | undefined {
    if (!q.select) {
      return undefined;
    }
    const names = new Set([...q.select, ...(q.extra ?? []), ...(q.orderby ?? []).map((o) => o.prop)]);
    if (q.filter) {
      for (const p of filterProperties(q.filter)) {
        const nav = entity.navByName.get(p);
        names.add(nav?.referentialProperty ?? p);
      }
    }
    return [...names].map((n) => entity.attrByWebName.get(n)).filter((a): a is AttributeModel => a !== undefined);
  }

  run(entity: EntityModel, q: CollectionQuery): CollectionResult {
    const table = this.table(entity);
    const attrs = this.neededAttributes(entity, q);
    const matches = (row: Row): boolean => !q.filter || evaluate(q.filter, this.getter(entity, row)) === true;
    const limit = Math.min(q.top ?? Infinity, q.pageSize);
    const result: CollectionResult = { rows: [], more: false };
    if (q.count) {
      result.count = this.count(table, matches, attrs);
    }
    if (q.orderby && q.orderby.length > 0) {
      const all: Row[] = [];
      for (const { row } of table.scan(0, attrs)) {
        if (matches(row)) all.push(row);
      }
      const order = q.orderby;
      all.sort((a, b) => compareRows(a, b, order));
      const start = q.after ? all.findIndex((r) => r.id === q.after) + 1 : 0;
      result.rows = all.slice(start, start + limit);
      result.more = q.top === undefined && start + limit < all.length;
      return result;
    }
    const from = q.after ? (table.positionOf(q.after) ?? -1) + 1 : 0;
    for (const { row } of table.scan(from, attrs)) {
      if (!matches(row)) continue;
      if (result.rows.length === limit) {
        result.more = q.top === undefined;
        break;
      }
      result.rows.push(row);
    }
    return result;
  }

  private count(table: TableStore, matches: (r: Row) => boolean, attrs?: AttributeModel[]): number {
    let n = 0;
    for (const { row } of table.scan(0, attrs ?? [])) {
      if (matches(row) && ++n >= MAX_PAGE) break;
    }
    return n;
  }

  /** Adds `$expand`ed navigation properties to a projected record. */
  expand(entity: EntityModel, row: Row, items: ExpandItem[], out: Record<string, unknown>, projector: Projector): void {
    for (const item of items) {
      if (item.expand) throw badQuery('Nested $expand of records is not supported by this emulator.');
      const nav = entity.navByName.get(item.nav);
      if (!nav) {
        throw propertyNotFound(item.nav, entity.logicalName);
      }
      out[item.nav] = nav.collection
        ? this.expandCollection(nav, row, item, projector)
        : this.expandSingle(nav, row, item, projector);
    }
  }

  private expandSingle(nav: NavModel, row: Row, item: ExpandItem, projector: Projector): unknown {
    const ref = nav.referentialProperty;
    const id = ref ? row.values[ref] : undefined;
    const target = this.store.model.byLogicalName.get((ref && row.targets[ref]) || nav.target);
    if (!target || typeof id !== 'string') {
      return null;
    }
    if (item.select) this.checkColumns(target, item.select);
    const related = this.table(target).get(id);
    return related ? projector.project(target, related, item.select) : null;
  }

  private expandCollection(nav: NavModel, row: Row, item: ExpandItem, projector: Projector): unknown[] {
    const target = this.store.model.byLogicalName.get(nav.target);
    const back = target && nav.partner ? target.navByName.get(nav.partner) : undefined;
    if (!target || !back?.referentialProperty) {
      return [];
    }
    if (item.select) this.checkColumns(target, item.select);
    const ref = back.referentialProperty;
    const filter = item.filter ? this.compileFilter(target, item.filter) : undefined;
    if (this.table(target).length > INDEX_THRESHOLD && !item.orderby) {
      return this.expandIndexed(target, ref, row.id, filter, item, projector);
    }
    const own: Expr = { k: 'cmp', op: 'eq', l: { k: 'prop', path: [ref] }, r: { k: 'lit', v: row.id } };
    const res = this.run(target, {
      filter: filter ? { k: 'and', l: own, r: filter } : own,
      orderby: item.orderby,
      top: item.top,
      select: item.select,
      pageSize: MAX_PAGE,
      count: false,
      extra: [ref],
    });
    return res.rows.map((r) => projector.project(target, r, item.select));
  }

  private expandIndexed(
    target: EntityModel,
    ref: string,
    id: string,
    filter: Expr | undefined,
    item: ExpandItem,
    projector: Projector,
  ): unknown[] {
    const table = this.table(target);
    const out: unknown[] = [];
    for (const pos of this.referencing(target, ref).get(id) ?? []) {
      const r = table.rowAt(pos);
      if (!r || r.values[ref] !== id || (filter && evaluate(filter, this.getter(target, r)) !== true)) continue;
      out.push(projector.project(target, r, item.select));
      if (out.length >= (item.top ?? MAX_PAGE)) break;
    }
    return out;
  }
}

function compareRows(a: Row, b: Row, order: OrderBy[]): number {
  for (const o of order) {
    const c = compareValues(a.values[o.prop] ?? null, b.values[o.prop] ?? null);
    if (c !== 0) return o.desc ? -c : c;
  }
  return 0;
}
