// Many-to-many associations as rows of the relationship's intersect table (accountleads for
// accountleads_association: accountid, leadid), so POST/DELETE …/nav/$ref on an N:N navigation is
// what FetchXML sees when it joins through the intersect table, as it does in Dataverse.
import type { EntityModel, NavModel, OrgModel } from './model';
import type { Ctx } from './http-types';
import { Codes, ODataError } from './errors';

export interface Intersect {
  entity: EntityModel;
  /** The intersect column holding this side's id, and the other side's. */
  own: string;
  other: string;
}

/** The intersect table of an N:N navigation: `<name>` or `<name without _association>`, with a column per side. */
export function intersectOf(
  model: OrgModel,
  e: EntityModel,
  nav: NavModel,
  target: EntityModel,
): Intersect | undefined {
  const entity = model.byLogicalName.get(nav.name.replace(/_association$/, '')) ?? model.byLogicalName.get(nav.name);
  if (!entity?.isIntersect || e.primaryIdAttribute === target.primaryIdAttribute) return undefined;
  const own = entity.attrByName.get(e.primaryIdAttribute)?.webApiName;
  const other = entity.attrByName.get(target.primaryIdAttribute)?.webApiName;
  return own && other ? { entity, own, other } : undefined;
}

/** Ids on the other side associated with `id`. */
export function associated(ctx: Ctx, x: Intersect, id: string): string[] {
  const out: string[] = [];
  for (const { row } of ctx.org.engine.table(x.entity).scan()) {
    if (String(row.values[x.own]).toLowerCase() === id.toLowerCase()) out.push(String(row.values[x.other]));
  }
  return out;
}

/** Associates (a second time answers the duplicate-record error) or disassociates one pair. */
export function setAssociation(ctx: Ctx, x: Intersect, id: string, otherId: string, on: boolean): void {
  const table = ctx.org.engine.table(x.entity);
  const rows = [...table.scan()].filter(
    ({ row }) =>
      String(row.values[x.own]).toLowerCase() === id.toLowerCase() &&
      String(row.values[x.other]).toLowerCase() === otherId.toLowerCase(),
  );
  if (!on) {
    for (const { row } of rows) table.delete(row.id);
    return;
  }
  if (rows.length) throw new ODataError(400, Codes.duplicateKey, 'Cannot insert duplicate key.');
  table.create({ [x.own]: id.toLowerCase(), [x.other]: otherId.toLowerCase() }, {});
}
