// Which TypeScript property (or properties) a column becomes, as the Web API reads and writes it:
// lookups are `_x_value` with their annotations when read and `nav@odata.bind` when written,
// multi-select choices are the comma string Dataverse sends, dates ISO strings.
import type { ColumnInfo, ColumnKind, RelationshipInfo } from '../model';
import { commentText, literal, propertyName, templateText } from './names';

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const LOOKUP_TABLE = '@Microsoft.Dynamics.CRM.lookuplogicalname';
const NAVIGATION = '@Microsoft.Dynamics.CRM.associatednavigationproperty';

const LOOKUPS: ReadonlySet<ColumnKind> = new Set(['lookup', 'customer', 'owner']);
/** Kinds whose AttributeOf children are name/label columns the Web API does not return. */
const NAMED_PARENTS: ReadonlySet<ColumnKind> = new Set([
  ...LOOKUPS,
  'choice',
  'multiChoice',
  'state',
  'status',
  'boolean',
]);
/** Kinds Dataverse sends a formatted value for. */
const FORMATTED_KINDS: ReadonlySet<ColumnKind> = new Set([
  ...NAMED_PARENTS,
  'integer',
  'bigInt',
  'decimal',
  'double',
  'money',
  'dateTime',
]);

/** How names outside this table are resolved: enums by option set, entity sets by table. */
export interface ColumnContext {
  enumOf(column: ColumnInfo): string | undefined;
  entitySetOf(table: string): string | undefined;
  /** The N:1 relationships of this table, for the navigation property of each lookup. */
  readonly manyToOne: readonly RelationshipInfo[];
}

export interface Property {
  readonly name: string;
  readonly type: string;
  readonly doc?: string;
}

/** Columns that are not properties of the Web API entity: name columns, virtual, party lists. */
export function isWebApiColumn(column: ColumnInfo, parentKind: (name: string) => ColumnKind | undefined): boolean {
  if (column.kind === 'virtual' || column.kind === 'partyList' || column.kind === 'other') return false;
  if (column.attributeOf) {
    const parent = parentKind(column.attributeOf);
    if (parent === undefined || NAMED_PARENTS.has(parent)) return false;
  }
  return true;
}

function valueType(column: ColumnInfo, ctx: ColumnContext): string {
  switch (column.kind) {
    case 'integer':
    case 'bigInt':
    case 'decimal':
    case 'double':
    case 'money':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'choice':
    case 'state':
    case 'status':
      return ctx.enumOf(column) ?? 'number';
    case 'managedProperty':
      return '{ Value: boolean; CanBeChanged: boolean; ManagedPropertyLogicalName?: string }';
    default:
      // string, memo, entityName, uniqueIdentifier, multiChoice, dateTime, file, image
      return 'string';
  }
}

function describe(column: ColumnInfo, ctx: ColumnContext): string {
  const parts = [commentText(column.displayName), column.attributeTypeName];
  if (column.maxLength !== undefined) parts.push(`max length ${column.maxLength}`);
  if (column.precision !== undefined) parts.push(`precision ${column.precision}`);
  if (column.requiredLevel === 'ApplicationRequired' || column.requiredLevel === 'SystemRequired') {
    parts.push('required');
  }
  const choice = ctx.enumOf(column);
  if (column.kind === 'multiChoice') parts.push(`comma-separated values of ${choice ?? 'its choice'}`);
  if (column.kind === 'dateTime') parts.push('ISO 8601');
  if (column.kind === 'bigInt') parts.push('Int64: exact only up to 2^53 as a JSON number');
  if (column.kind === 'file') parts.push("the file's id; its content is read and written at /<column>/$value");
  if (column.kind === 'image') parts.push('base64 thumbnail; the full image at /<column>/$value');
  if (column.targets?.length) parts.push(`→ ${column.targets.join(', ')}`);
  return parts.join(' · ');
}

/** The properties a column adds to the read shape (one, plus annotations). */
export function readProperties(column: ColumnInfo, ctx: ColumnContext): Property[] {
  const doc = describe(column, ctx);
  const nullable = column.isPrimaryId ? '' : ' | null';
  if (LOOKUPS.has(column.kind)) {
    const name = `_${column.logicalName}_value`;
    const targets = (column.targets ?? []).map(literal);
    return [
      { name, type: `string${nullable}`, doc },
      { name: name + FORMATTED, type: 'string' },
      { name: name + LOOKUP_TABLE, type: targets.length ? targets.join(' | ') : 'string' },
      { name: name + NAVIGATION, type: 'string' },
    ];
  }
  const own: Property = { name: column.logicalName, type: `${valueType(column, ctx)}${nullable}`, doc };
  return FORMATTED_KINDS.has(column.kind) ? [own, { name: column.logicalName + FORMATTED, type: 'string' }] : [own];
}

/** The properties a column adds to a create or update shape: lookups bind by navigation property. */
export function writeProperties(column: ColumnInfo, ctx: ColumnContext): Property[] {
  if (column.kind === 'managedProperty') return [];
  const doc = describe(column, ctx);
  if (!LOOKUPS.has(column.kind)) {
    return [{ name: column.logicalName, type: `${valueType(column, ctx)} | null`, doc }];
  }
  const out: Property[] = [];
  for (const r of ctx.manyToOne) {
    if (r.lookupColumn !== column.logicalName || !r.navigationProperty) continue;
    const set = ctx.entitySetOf(r.relatedTable);
    if (!set) continue;
    out.push({
      name: `${r.navigationProperty}@odata.bind`,
      type: `\`/${templateText(set)}(\${string})\``,
      doc: `${doc} · binds a ${r.relatedTable} as "/${set}(<id>)"`,
    });
  }
  return out;
}

export function propertyLines(props: readonly Property[], indent = '  '): string[] {
  const lines: string[] = [];
  for (const p of props) {
    if (p.doc) lines.push(`${indent}/** ${commentText(p.doc)} */`);
    lines.push(`${indent}${propertyName(p.name)}?: ${p.type};`);
  }
  return lines;
}
