// activitypointer is abstract in the CSDL but a real table in Dataverse: `activitypointers` lists the
// rows of every activity table (task, email, phonecall, …) with the columns they share. This view
// reads the activity tables' stores, so writes to a task show up in activitypointers at once.
import type { AttributeModel, EntityModel } from './model';
import { TableStore, type OrgStore, type Row } from './store';
import { hash32 } from './util';
import { ODataError, Codes } from './errors';

export class UnionTableStore extends TableStore {
  constructor(
    entity: EntityModel,
    org: OrgStore,
    private readonly parts: () => TableStore[],
  ) {
    super(entity, hash32(entity.logicalName), 0, org);
  }

  override get length(): number {
    return this.parts().reduce((n, p) => n + p.length, 0);
  }

  override get writes(): number {
    return this.parts().reduce((n, p) => n + p.writes, 0);
  }

  override rowAt(pos: number, attrs?: readonly AttributeModel[]): Row | undefined {
    let offset = 0;
    for (const part of this.parts()) {
      if (pos < offset + part.length) {
        const row = part.rowAt(pos - offset, attrs && this.partAttributes(part, attrs));
        return row && this.asBaseRow(part, row);
      }
      offset += part.length;
    }
    return undefined;
  }

  override positionOf(id: string): number | undefined {
    let offset = 0;
    for (const part of this.parts()) {
      const p = part.positionOf(id);
      if (p !== undefined) return offset + p;
      offset += part.length;
    }
    return undefined;
  }

  override create(): Row {
    throw unsupported('Create', this.entity);
  }

  override update(): Row | undefined {
    throw unsupported('Update', this.entity);
  }

  override delete(): boolean {
    throw unsupported('Delete', this.entity);
  }

  /** The activity table's own attribute objects: generated values are keyed by them. */
  private partAttributes(part: TableStore, attrs: readonly AttributeModel[]): AttributeModel[] {
    return attrs
      .map((a) => part.entity.attrByName.get(a.logicalName))
      .filter((a): a is AttributeModel => a !== undefined);
  }

  /** Only the columns activitypointer has, and the activity's table name in activitytypecode. */
  private asBaseRow(part: TableStore, row: Row): Row {
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row.values)) {
      if (this.entity.attrByWebName.has(k) || k.startsWith('@')) values[k] = v;
    }
    if (this.entity.attrByName.has('activitytypecode')) values['activitytypecode'] = part.entity.logicalName;
    return { id: row.id, values, targets: row.targets };
  }
}

/** Dataverse answers writes to activitypointer (Retrieve and RetrieveMultiple are its only messages) like this. */
export function unsupported(method: string, e: EntityModel): ODataError {
  // SdkEntityDoesNotSupportMessage, learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes
  return new ODataError(
    400,
    Codes.entityDoesNotSupportMessage,
    `The '${method}' method does not support entities of type '${e.logicalName}'.`,
  );
}
