// The emulator's picture of an organization's tables, built from a $metadata CSDL document.

/** Dataverse AttributeTypeName values (the ones clients should key on). */
export type AttributeTypeName =
  | 'StringType'
  | 'MemoType'
  | 'IntegerType'
  | 'BigIntType'
  | 'DecimalType'
  | 'DoubleType'
  | 'MoneyType'
  | 'BooleanType'
  | 'DateTimeType'
  | 'UniqueidentifierType'
  | 'LookupType'
  | 'CustomerType'
  | 'OwnerType'
  | 'PicklistType'
  | 'StateType'
  | 'StatusType'
  | 'MultiSelectPicklistType'
  | 'ImageType'
  | 'FileType'
  | 'VirtualType'
  | 'EntityNameType';

export interface OptionModel {
  value: number;
  label: string;
}

export interface AttributeModel {
  logicalName: string;
  schemaName: string;
  typeName: AttributeTypeName;
  /** The property name in the Web API: `_x_value` for lookups, else the logical name. */
  webApiName: string;
  edmType: string;
  description: string;
  readOnly: boolean;
  isPrimaryId: boolean;
  isPrimaryName: boolean;
  /** Lookups: logical names of the tables they can point at. */
  targets: string[];
  /** Picklist / state / status / multi-select options. */
  options: OptionModel[];
  metadataId: string;
  /** For captured attribute lists: the `@odata.type` the capture carried (undefined = base type). */
  odataType?: string | null;
  /** Display name when it is not derived from the logical name (generated or runtime-added columns). */
  displayName?: string;
  /** Choices shared by several tables: the global option set's name. */
  globalOptionSet?: string;
}

/** Table facts the EntityMetadata needs that would otherwise be read off the columns. */
export interface EntityTraits {
  hasEmail: boolean;
  hasState: boolean;
  primaryImage: string | null;
}

/** An alternate key (EntityKeyMetadata). */
export interface KeyModel {
  logicalName: string;
  /** Logical names of the key's columns. */
  attributes: string[];
  displayName: string;
}

export interface NavModel {
  name: string;
  /** Logical name of the related table. */
  target: string;
  collection: boolean;
  partner?: string;
  /** Single-valued: the `_x_value` property holding the key. */
  referentialProperty?: string;
}

export interface EntityModel {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryIdAttribute: string;
  primaryNameAttribute: string | null;
  description: string;
  attributes: AttributeModel[];
  attrByName: Map<string, AttributeModel>;
  /** Web API property name → attribute (`_x_value` and plain names). */
  attrByWebName: Map<string, AttributeModel>;
  navs: NavModel[];
  navByName: Map<string, NavModel>;
  objectTypeCode: number;
  metadataId: string;
  isCustom: boolean;
  isActivity: boolean;
  isIntersect: boolean;
  /** Abstract in the CSDL but a real table (activitypointer): its rows are those of the tables derived from it. */
  isAbstract?: boolean;
  /** The table this one derives from (activities: activitypointer). */
  baseTable?: string;
  keys?: KeyModel[];
  /** Labels when they are not derived from the logical name. */
  displayName?: string;
  displayCollectionName?: string;
  ownership?: 'UserOwned' | 'OrganizationOwned' | 'None';
  /** Generated for scale (--extra-tables): columns are built on demand, see synthetic.ts. */
  synthetic?: boolean;
  traits?: EntityTraits;
}

export interface OrgModel {
  entities: EntityModel[];
  byLogicalName: Map<string, EntityModel>;
  bySetName: Map<string, EntityModel>;
  /** The raw CSDL text served at $metadata. */
  csdl: string;
}

export function indexEntity(e: Omit<EntityModel, 'attrByName' | 'attrByWebName' | 'navByName'>): EntityModel {
  const attrByName = new Map(e.attributes.map((a) => [a.logicalName, a]));
  const attrByWebName = new Map<string, AttributeModel>();
  for (const a of e.attributes) {
    attrByWebName.set(a.webApiName, a);
  }
  return { ...e, attrByName, attrByWebName, navByName: new Map(e.navs.map((n) => [n.name, n])) };
}

export function indexOrg(entities: EntityModel[], csdl: string): OrgModel {
  return {
    entities,
    byLogicalName: new Map(entities.map((e) => [e.logicalName, e])),
    bySetName: new Map(entities.map((e) => [e.entitySetName, e])),
    csdl,
  };
}
