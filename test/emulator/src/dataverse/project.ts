// Turns a stored row into the JSON a Dataverse org sends: @odata.etag, selected columns, and the
// FormattedValue / lookuplogicalname / associatednavigationproperty annotations when asked for.
import type { AttributeModel, EntityModel } from './model';
import type { OrgStore, Row } from './store';
import { rowVersion } from './store';
import { wantsAnnotation } from './options';

export const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
export const LOOKUP_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';
export const NAV_NAME = 'Microsoft.Dynamics.CRM.associatednavigationproperty';

const SYSTEM_LOOKUPS = new Set(['createdby', 'modifiedby', 'createdonbehalfby', 'modifiedonbehalfby', 'ownerid']);

export function etagOf(row: Row): string {
  return `W/"${rowVersion(row)}"`;
}

export class Projector {
  constructor(
    private readonly store: OrgStore,
    private readonly annotations: string[] | undefined,
  ) {}

  /** `columns` undefined = every column the row has. */
  project(entity: EntityModel, row: Row, columns?: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = { '@odata.etag': etagOf(row) };
    const names = columns
      ? withKey(columns, entity.primaryIdAttribute)
      : Object.keys(row.values).filter((k) => !k.startsWith('@'));
    for (const name of names) {
      const value = row.values[name] ?? null;
      const attr = entity.attrByWebName.get(name);
      if (attr && value !== null && this.annotations) {
        this.annotate(entity, out, attr, name, value, row);
      }
      out[name] = value;
    }
    return out;
  }

  private annotate(
    entity: EntityModel,
    out: Record<string, unknown>,
    attr: AttributeModel,
    name: string,
    value: unknown,
    row: Row,
  ): void {
    const formatted = this.format(attr, value, row.targets[name]);
    if (formatted !== undefined && wantsAnnotation(this.annotations, FORMATTED)) {
      out[`${name}@${FORMATTED}`] = formatted;
    }
    const target = row.targets[name] ?? attr.targets[0];
    if (!name.startsWith('_') || !target) {
      return;
    }
    if (!SYSTEM_LOOKUPS.has(attr.logicalName) && wantsAnnotation(this.annotations, NAV_NAME)) {
      // The single-valued navigation property that binds this lookup for this target (regardingobjectid_account_task).
      const nav = entity.navs.find((n) => n.referentialProperty === name && n.target === target);
      out[`${name}@${NAV_NAME}`] =
        nav?.name ?? (attr.targets.length > 1 ? `${attr.logicalName}_${target}` : attr.logicalName);
    }
    if (wantsAnnotation(this.annotations, LOOKUP_NAME)) {
      out[`${name}@${LOOKUP_NAME}`] = target;
    }
  }

  format(attr: AttributeModel, value: unknown, target?: string): string | undefined {
    switch (attr.typeName) {
      case 'PicklistType':
      case 'StateType':
      case 'StatusType':
        return attr.options.find((o) => o.value === value)?.label ?? String(value);
      case 'MultiSelectPicklistType':
        return String(value)
          .split(',')
          .map((v) => attr.options.find((o) => o.value === Number(v))?.label ?? v)
          .join('; ');
      case 'BooleanType':
        return value ? 'Yes' : 'No';
      case 'MoneyType':
        return typeof value === 'number'
          ? `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
          : undefined;
      case 'IntegerType':
      case 'BigIntType':
      case 'DecimalType':
      case 'DoubleType':
        return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 5 }) : undefined;
      case 'DateTimeType':
        return typeof value === 'string' ? formatDate(value) : undefined;
      case 'LookupType':
      case 'OwnerType':
      case 'CustomerType': {
        const t = target ?? attr.targets[0];
        return t && typeof value === 'string' ? (this.store.primaryName(t, value) ?? undefined) : undefined;
      }
      default:
        return undefined;
    }
  }
}

function withKey(columns: readonly string[], key: string): string[] {
  return columns.includes(key) ? [...columns] : [...columns, key];
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return iso;
  }
  const date = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
  if (iso.length <= 10) {
    return date;
  }
  const h = d.getUTCHours(),
    m = String(d.getUTCMinutes()).padStart(2, '0');
  return `${date} ${h % 12 === 0 ? 12 : h % 12}:${m} ${h < 12 ? 'AM' : 'PM'}`;
}
