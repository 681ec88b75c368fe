// AttributeMetadata → ColumnInfo. The common properties come from one `Attributes($select=…)`;
// type-specific ones (MaxLength, Precision, Min/MaxValue, Targets) exist only on derived types, which
// the Web API returns only through a cast per type — CAST_PLANS says which cast brings what.
import { labelText } from './language';
import { bool, isObject, num, str, strings, wrappedStr, type JsonObject } from './json';
import { compact } from './mapTables';
import type { ColumnInfo, ColumnKind, RequiredLevel } from './model';

export const COLUMN_PROPERTIES = [
  'LogicalName',
  'SchemaName',
  'DisplayName',
  'Description',
  'AttributeType',
  'AttributeTypeName',
  'RequiredLevel',
  'AttributeOf',
  'IsPrimaryId',
  'IsPrimaryName',
  'IsCustomAttribute',
  'IsValidForRead',
  'IsValidForCreate',
  'IsValidForUpdate',
  'MetadataId',
] as const;

/** Keyed on AttributeTypeName: AttributeType says "Virtual" for multi-select choices, files and images. */
const KIND_BY_TYPE_NAME: Readonly<Record<string, ColumnKind>> = {
  StringType: 'string',
  MemoType: 'memo',
  IntegerType: 'integer',
  BigIntType: 'bigInt',
  DecimalType: 'decimal',
  DoubleType: 'double',
  MoneyType: 'money',
  BooleanType: 'boolean',
  DateTimeType: 'dateTime',
  PicklistType: 'choice',
  MultiSelectPicklistType: 'multiChoice',
  StateType: 'state',
  StatusType: 'status',
  LookupType: 'lookup',
  CustomerType: 'customer',
  OwnerType: 'owner',
  UniqueidentifierType: 'uniqueIdentifier',
  FileType: 'file',
  ImageType: 'image',
  EntityNameType: 'entityName',
  PartyListType: 'partyList',
  ManagedPropertyType: 'managedProperty',
  VirtualType: 'virtual',
};

/** Only when AttributeTypeName is missing (older servers): AttributeType, then the cast's name. */
const KIND_BY_ATTRIBUTE_TYPE: Readonly<Record<string, ColumnKind>> = {
  String: 'string',
  Memo: 'memo',
  Integer: 'integer',
  BigInt: 'bigInt',
  Decimal: 'decimal',
  Double: 'double',
  Money: 'money',
  Boolean: 'boolean',
  DateTime: 'dateTime',
  Picklist: 'choice',
  State: 'state',
  Status: 'status',
  Lookup: 'lookup',
  Customer: 'customer',
  Owner: 'owner',
  Uniqueidentifier: 'uniqueIdentifier',
  EntityName: 'entityName',
  PartyList: 'partyList',
  ManagedProperty: 'managedProperty',
  Virtual: 'virtual',
};

/** The `@odata.type` cast, for answers without AttributeTypeName (e.g. `$select=LogicalName` lists). */
const KIND_BY_CAST: Readonly<Record<string, ColumnKind>> = {
  StringAttributeMetadata: 'string',
  MemoAttributeMetadata: 'memo',
  IntegerAttributeMetadata: 'integer',
  BigIntAttributeMetadata: 'bigInt',
  DecimalAttributeMetadata: 'decimal',
  DoubleAttributeMetadata: 'double',
  MoneyAttributeMetadata: 'money',
  BooleanAttributeMetadata: 'boolean',
  DateTimeAttributeMetadata: 'dateTime',
  PicklistAttributeMetadata: 'choice',
  MultiSelectPicklistAttributeMetadata: 'multiChoice',
  StateAttributeMetadata: 'state',
  StatusAttributeMetadata: 'status',
  LookupAttributeMetadata: 'lookup',
  UniqueIdentifierAttributeMetadata: 'uniqueIdentifier',
  EntityNameAttributeMetadata: 'entityName',
  ManagedPropertyAttributeMetadata: 'managedProperty',
  FileAttributeMetadata: 'file',
  ImageAttributeMetadata: 'image',
};

const REQUIRED_LEVELS: ReadonlySet<string> = new Set(['None', 'SystemRequired', 'ApplicationRequired', 'Recommended']);

/**
 * AttributeTypeName decides. Without it, AttributeType does unless it says "Virtual" (it cannot tell a
 * multi-select choice, a file or an image from a computed column), then the `@odata.type` cast.
 */
export function columnKind(
  attributeTypeName: string | undefined,
  attributeType: string | undefined,
  odataType: string | undefined,
): ColumnKind {
  const byName = attributeTypeName ? KIND_BY_TYPE_NAME[attributeTypeName] : undefined;
  if (byName) return byName;
  const byType = attributeType ? KIND_BY_ATTRIBUTE_TYPE[attributeType] : undefined;
  if (byType && byType !== 'virtual') return byType;
  const cast = odataType?.replace(/^#?Microsoft\.Dynamics\.CRM\./, '');
  return (cast ? KIND_BY_CAST[cast] : undefined) ?? byType ?? 'other';
}

export function mapColumn(raw: unknown, lcid: number | undefined): ColumnInfo | undefined {
  if (!isObject(raw)) return undefined;
  const logicalName = str(raw, 'LogicalName');
  if (!logicalName) return undefined;
  const typeName = wrappedStr(raw, 'AttributeTypeName');
  const attributeType = str(raw, 'AttributeType');
  const required = wrappedStr(raw, 'RequiredLevel');
  // One literal with every field: all columns share one object shape (see mapTable).
  return {
    logicalName,
    schemaName: str(raw, 'SchemaName') ?? logicalName,
    displayName: labelText(raw['DisplayName'], lcid) ?? logicalName,
    description: labelText(raw['Description'], lcid),
    attributeTypeName: typeName ?? (attributeType ? `${attributeType}Type` : 'Unknown'),
    kind: columnKind(typeName, attributeType, str(raw, '@odata.type')),
    requiredLevel: (required && REQUIRED_LEVELS.has(required) ? required : 'None') as RequiredLevel,
    // Filled from the casts (withExtras) and the choices.
    maxLength: undefined,
    precision: undefined,
    minValue: undefined,
    maxValue: undefined,
    targets: undefined,
    optionSetName: undefined,
    attributeOf: str(raw, 'AttributeOf'),
    isPrimaryId: bool(raw, 'IsPrimaryId'),
    isPrimaryName: bool(raw, 'IsPrimaryName'),
    isCustom: bool(raw, 'IsCustomAttribute'),
    isValidForRead: bool(raw, 'IsValidForRead'),
    isValidForCreate: bool(raw, 'IsValidForCreate'),
    isValidForUpdate: bool(raw, 'IsValidForUpdate'),
    metadataId: (str(raw, 'MetadataId') ?? '').toLowerCase(),
  };
}

/** One cast request: which derived type, which of its properties, for which column kinds. */
export interface CastPlan {
  readonly cast: string;
  readonly kinds: readonly ColumnKind[];
  readonly select: readonly string[];
  /** Enum columns: expand OptionSet and GlobalOptionSet to read the choices. */
  readonly optionSets: boolean;
}

export const CAST_PLANS: readonly CastPlan[] = [
  { cast: 'StringAttributeMetadata', kinds: ['string'], select: ['MaxLength'], optionSets: false },
  { cast: 'MemoAttributeMetadata', kinds: ['memo'], select: ['MaxLength'], optionSets: false },
  { cast: 'IntegerAttributeMetadata', kinds: ['integer'], select: ['MinValue', 'MaxValue'], optionSets: false },
  { cast: 'BigIntAttributeMetadata', kinds: ['bigInt'], select: ['MinValue', 'MaxValue'], optionSets: false },
  {
    cast: 'DecimalAttributeMetadata',
    kinds: ['decimal'],
    select: ['MinValue', 'MaxValue', 'Precision'],
    optionSets: false,
  },
  {
    cast: 'DoubleAttributeMetadata',
    kinds: ['double'],
    select: ['MinValue', 'MaxValue', 'Precision'],
    optionSets: false,
  },
  {
    cast: 'MoneyAttributeMetadata',
    kinds: ['money'],
    select: ['MinValue', 'MaxValue', 'Precision'],
    optionSets: false,
  },
  // Customer, owner and party-list columns are LookupAttributeMetadata too.
  {
    cast: 'LookupAttributeMetadata',
    kinds: ['lookup', 'customer', 'owner', 'partyList'],
    select: ['Targets'],
    optionSets: false,
  },
  { cast: 'PicklistAttributeMetadata', kinds: ['choice'], select: [], optionSets: true },
  { cast: 'MultiSelectPicklistAttributeMetadata', kinds: ['multiChoice'], select: [], optionSets: true },
  { cast: 'StateAttributeMetadata', kinds: ['state'], select: [], optionSets: true },
  { cast: 'StatusAttributeMetadata', kinds: ['status'], select: [], optionSets: true },
  { cast: 'BooleanAttributeMetadata', kinds: ['boolean'], select: [], optionSets: true },
];

/** The casts worth sending for these columns: a table with no money column gets no money request. */
export function castPlansFor(columns: readonly ColumnInfo[]): CastPlan[] {
  const kinds = new Set(columns.map((c) => c.kind));
  return CAST_PLANS.filter((p) => p.kinds.some((k) => kinds.has(k)));
}

/** Type-specific facts from a cast answer, by column logical name. */
export type ColumnExtras = Pick<
  ColumnInfo,
  'maxLength' | 'precision' | 'minValue' | 'maxValue' | 'targets' | 'optionSetName'
>;

export function castExtras(item: JsonObject): ColumnExtras {
  const targets = strings(item, 'Targets');
  return compact({
    maxLength: num(item, 'MaxLength'),
    precision: num(item, 'Precision'),
    minValue: num(item, 'MinValue'),
    maxValue: num(item, 'MaxValue'),
    targets: targets && targets.length ? targets : undefined,
  });
}

export function withExtras(
  column: ColumnInfo,
  extras: ColumnExtras | undefined,
  optionSetName: string | undefined,
): ColumnInfo {
  return extras || optionSetName ? { ...column, ...extras, optionSetName } : column;
}
