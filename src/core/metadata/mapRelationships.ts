// OneToMany / ManyToOne / ManyToMany relationship metadata and alternate keys → the model, each seen
// from the table the details belong to: the related table is "the other side", and the navigation
// property is the one usable in this table's $expand.
import { labelText } from './language';
import { bool, isObject, str, strings, type JsonObject } from './json';
import type { KeyInfo, RelationshipInfo } from './model';

export const ONE_TO_MANY_PROPERTIES = [
  'SchemaName',
  'ReferencedEntity',
  'ReferencedAttribute',
  'ReferencingEntity',
  'ReferencingAttribute',
  'ReferencedEntityNavigationPropertyName',
  'ReferencingEntityNavigationPropertyName',
  'CascadeConfiguration',
  'IsCustomRelationship',
  'MetadataId',
] as const;

export const MANY_TO_MANY_PROPERTIES = [
  'SchemaName',
  'Entity1LogicalName',
  'Entity2LogicalName',
  'IntersectEntityName',
  'Entity1NavigationPropertyName',
  'Entity2NavigationPropertyName',
  'IsCustomRelationship',
  'MetadataId',
] as const;

export const KEY_PROPERTIES = [
  'LogicalName',
  'SchemaName',
  'DisplayName',
  'KeyAttributes',
  'EntityKeyIndexStatus',
  'MetadataId',
] as const;

/** `Action=Behaviour` pairs sorted by action ("Assign=NoCascade; Delete=Cascade; …"), or undefined. */
export function cascadeText(raw: JsonObject): string | undefined {
  const config = raw['CascadeConfiguration'];
  if (!isObject(config)) return undefined;
  const pairs = Object.keys(config)
    .filter((k) => typeof config[k] === 'string')
    .sort()
    .map((k) => `${k}=${String(config[k])}`);
  return pairs.length ? pairs.join('; ') : undefined;
}

/** `OneToManyRelationships` of table T: T is the referenced (1) side; the nav is T's collection. */
export function mapOneToMany(raw: unknown): RelationshipInfo | undefined {
  if (!isObject(raw)) return undefined;
  const schemaName = str(raw, 'SchemaName');
  const relatedTable = str(raw, 'ReferencingEntity');
  if (!schemaName || !relatedTable) return undefined;
  return {
    kind: 'oneToMany',
    schemaName,
    relatedTable,
    navigationProperty: str(raw, 'ReferencedEntityNavigationPropertyName'),
    lookupColumn: str(raw, 'ReferencingAttribute'),
    intersectTable: undefined,
    cascade: cascadeText(raw),
    isCustom: bool(raw, 'IsCustomRelationship'),
    metadataId: (str(raw, 'MetadataId') ?? '').toLowerCase(),
  };
}

/** `ManyToOneRelationships` of table T: T holds the lookup; the nav is T's single-valued one. */
export function mapManyToOne(raw: unknown): RelationshipInfo | undefined {
  if (!isObject(raw)) return undefined;
  const schemaName = str(raw, 'SchemaName');
  const relatedTable = str(raw, 'ReferencedEntity');
  if (!schemaName || !relatedTable) return undefined;
  return {
    kind: 'manyToOne',
    schemaName,
    relatedTable,
    navigationProperty: str(raw, 'ReferencingEntityNavigationPropertyName'),
    lookupColumn: str(raw, 'ReferencingAttribute'),
    intersectTable: undefined,
    cascade: cascadeText(raw),
    isCustom: bool(raw, 'IsCustomRelationship'),
    metadataId: (str(raw, 'MetadataId') ?? '').toLowerCase(),
  };
}

/**
 * `ManyToManyRelationships` of table T: T is Entity1 or Entity2, and its navigation property is the
 * one named for its own side. For a table related to itself, Entity1's name is used.
 */
export function mapManyToMany(raw: unknown, table: string): RelationshipInfo | undefined {
  if (!isObject(raw)) return undefined;
  const schemaName = str(raw, 'SchemaName');
  const e1 = str(raw, 'Entity1LogicalName');
  const e2 = str(raw, 'Entity2LogicalName');
  if (!schemaName || !e1 || !e2) return undefined;
  const thisIsEntity1 = e1 === table;
  return {
    kind: 'manyToMany',
    schemaName,
    relatedTable: thisIsEntity1 ? e2 : e1,
    navigationProperty: str(raw, thisIsEntity1 ? 'Entity1NavigationPropertyName' : 'Entity2NavigationPropertyName'),
    lookupColumn: undefined,
    intersectTable: str(raw, 'IntersectEntityName'),
    isCustom: bool(raw, 'IsCustomRelationship'),
    metadataId: (str(raw, 'MetadataId') ?? '').toLowerCase(),
  };
}

export function mapKey(raw: unknown, lcid: number | undefined): KeyInfo | undefined {
  if (!isObject(raw)) return undefined;
  const logicalName = str(raw, 'LogicalName');
  if (!logicalName) return undefined;
  return {
    logicalName,
    schemaName: str(raw, 'SchemaName') ?? logicalName,
    displayName: labelText(raw['DisplayName'], lcid) ?? logicalName,
    columns: strings(raw, 'KeyAttributes') ?? [],
    status: str(raw, 'EntityKeyIndexStatus'),
    metadataId: (str(raw, 'MetadataId') ?? '').toLowerCase(),
  };
}

/** All three kinds, 1:N then N:1 then N:N, each sorted by schema name. */
export function mapRelationships(
  raw: { oneToMany: unknown[]; manyToOne: unknown[]; manyToMany: unknown[] },
  table: string,
): RelationshipInfo[] {
  const bySchema = (a: RelationshipInfo, b: RelationshipInfo): number => a.schemaName.localeCompare(b.schemaName);
  const keep = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);
  return [
    ...keep(raw.oneToMany.map(mapOneToMany)).sort(bySchema),
    ...keep(raw.manyToOne.map(mapManyToOne)).sort(bySchema),
    ...keep(raw.manyToMany.map((r) => mapManyToMany(r, table))).sort(bySchema),
  ];
}
