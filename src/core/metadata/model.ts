// The metadata model every feature reads: the explorer tree, the scratchpad's completion, hover and
// diagnostics. Plain data, mapped once from Dataverse's EntityMetadata / AttributeMetadata shapes, so
// nothing above src/core ever looks at raw metadata JSON.

/** How the explorer groups tables. Intersect wins over activity, activity over custom. */
export type TableGroup = 'custom' | 'standard' | 'activity' | 'intersect';

export interface TableInfo {
  readonly logicalName: string;
  readonly schemaName: string;
  /** Missing for tables that are not exposed in the Web API. */
  readonly entitySetName?: string;
  /** Label in the user's language where the org has one; the logical name otherwise. */
  readonly displayName: string;
  readonly displayCollectionName?: string;
  readonly description?: string;
  readonly primaryIdAttribute?: string;
  readonly primaryNameAttribute?: string;
  readonly isCustom: boolean;
  readonly isActivity: boolean;
  readonly isIntersect: boolean;
  /** UserOwned, OrganizationOwned, BusinessOwned, None… as Dataverse names it. */
  readonly ownership?: string;
  readonly objectTypeCode?: number;
  readonly metadataId: string;
}

/**
 * A column's kind, keyed on AttributeTypeName (not AttributeType, which says "Virtual" for
 * multi-select choices, files and images).
 */
export type ColumnKind =
  | 'string'
  | 'memo'
  | 'integer'
  | 'bigInt'
  | 'decimal'
  | 'double'
  | 'money'
  | 'boolean'
  | 'dateTime'
  | 'choice'
  | 'multiChoice'
  | 'state'
  | 'status'
  | 'lookup'
  | 'customer'
  | 'owner'
  | 'uniqueIdentifier'
  | 'file'
  | 'image'
  | 'entityName'
  | 'partyList'
  | 'managedProperty'
  | 'virtual'
  | 'other';

export type RequiredLevel = 'None' | 'SystemRequired' | 'ApplicationRequired' | 'Recommended';

export interface ColumnInfo {
  readonly logicalName: string;
  readonly schemaName: string;
  readonly displayName: string;
  readonly description?: string;
  /** As Dataverse names it, e.g. "MultiSelectPicklistType" — shown in tooltips. */
  readonly attributeTypeName: string;
  readonly kind: ColumnKind;
  readonly requiredLevel: RequiredLevel;
  readonly maxLength?: number;
  readonly precision?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  /** Tables a lookup, customer or owner column can point to. */
  readonly targets?: readonly string[];
  /** For choice columns: the name of the option set (a key into TableDetails.choices). */
  readonly optionSetName?: string;
  /** Set for columns that belong to another (e.g. the name column of a lookup). */
  readonly attributeOf?: string;
  readonly isPrimaryId: boolean;
  readonly isPrimaryName: boolean;
  readonly isCustom: boolean;
  readonly isValidForRead: boolean;
  readonly isValidForCreate: boolean;
  readonly isValidForUpdate: boolean;
  readonly metadataId: string;
}

export type RelationshipKind = 'oneToMany' | 'manyToOne' | 'manyToMany';

export interface RelationshipInfo {
  readonly kind: RelationshipKind;
  readonly schemaName: string;
  /** The table on the other side, seen from the table these details belong to. */
  readonly relatedTable: string;
  /** Navigation property on this table ($expand name); missing when not navigable. */
  readonly navigationProperty?: string;
  /** 1:N and N:1: the lookup column on the referencing (N) side. */
  readonly lookupColumn?: string;
  /** N:N: the intersect table. */
  readonly intersectTable?: string;
  /** 1:N and N:1: the cascade configuration as `Action=Behaviour` pairs sorted by action, `; `-separated. */
  readonly cascade?: string;
  readonly isCustom: boolean;
  readonly metadataId: string;
}

export interface KeyInfo {
  readonly logicalName: string;
  readonly schemaName: string;
  readonly displayName: string;
  readonly columns: readonly string[];
  /** Active, Pending, InProgress, Failed — as Dataverse reports the index job. */
  readonly status?: string;
  readonly metadataId: string;
}

export interface ChoiceOption {
  readonly value: number;
  readonly label: string;
  readonly description?: string;
  readonly color?: string;
  /** Status reasons only: the state (statecode value) this reason belongs to. */
  readonly state?: number;
}

export interface ChoiceInfo {
  /** Option set name; for local choices Dataverse names them `<table>_<column>`. */
  readonly name: string;
  readonly displayName: string;
  readonly isGlobal: boolean;
  /** Columns of this table that use it. */
  readonly columns: readonly string[];
  readonly options: readonly ChoiceOption[];
}

export interface TableDetails {
  readonly table: TableInfo;
  readonly columns: readonly ColumnInfo[];
  readonly relationships: readonly RelationshipInfo[];
  readonly keys: readonly KeyInfo[];
  readonly choices: readonly ChoiceInfo[];
}

/**
 * Synchronous reads of what is loaded right now: completion and hover must answer from memory,
 * at once, even on a 1,000-table org with 400-column tables. Lookups are case-insensitive.
 */
export interface MetadataSnapshot {
  readonly tables: readonly TableInfo[];
  tableByLogicalName(name: string): TableInfo | undefined;
  tableByEntitySetName(name: string): TableInfo | undefined;
  /**
   * The details of a table, if they are in memory: loaded from the server, or read from the disk
   * cache by OrgMetadata.loadDetails (which a caller that can wait should use).
   */
  details(logicalName: string): TableDetails | undefined;
}

export function groupOf(table: TableInfo): TableGroup {
  if (table.isIntersect) return 'intersect';
  if (table.isActivity) return 'activity';
  return table.isCustom ? 'custom' : 'standard';
}
