// A MetadataSnapshot built from the real CSDL fixture (crm8-en, 265 tables) through the emulator's
// CSDL reader, so completion and diagnostics are tested against real table and column names.
// Like real EntityDefinitions, each lookup also gets its `<lookup>name` column (AttributeOf set).
import { resolve } from 'node:path';
import { loadOrgModel } from '../../../emulator/src/dataverse/csdl';
import { displayNameOf } from '../../../emulator/src/dataverse/metadata/metadata';
import type { AttributeModel, AttributeTypeName, EntityModel, OrgModel } from '../../../emulator/src/dataverse/model';
import type {
  ChoiceInfo,
  ColumnInfo,
  ColumnKind,
  MetadataSnapshot,
  RelationshipInfo,
  TableDetails,
  TableInfo,
} from '../../../../src/core/metadata/model';

export const CSDL_PATH = resolve(__dirname, '../../../fixtures/dataverse/csdl/crm8-en.xml.gz');

const KIND: Record<AttributeTypeName, ColumnKind> = {
  StringType: 'string',
  MemoType: 'memo',
  IntegerType: 'integer',
  BigIntType: 'bigInt',
  DecimalType: 'decimal',
  DoubleType: 'double',
  MoneyType: 'money',
  BooleanType: 'boolean',
  DateTimeType: 'dateTime',
  UniqueidentifierType: 'uniqueIdentifier',
  LookupType: 'lookup',
  CustomerType: 'customer',
  OwnerType: 'owner',
  PicklistType: 'choice',
  StateType: 'state',
  StatusType: 'status',
  MultiSelectPicklistType: 'multiChoice',
  ImageType: 'image',
  FileType: 'file',
  VirtualType: 'virtual',
  EntityNameType: 'entityName',
};

function tableInfo(e: EntityModel): TableInfo {
  return {
    logicalName: e.logicalName,
    schemaName: e.schemaName,
    entitySetName: e.entitySetName,
    displayName: displayNameOf(e.logicalName),
    displayCollectionName: `${displayNameOf(e.logicalName)}s`,
    ...(e.description ? { description: e.description } : {}),
    primaryIdAttribute: e.primaryIdAttribute,
    ...(e.primaryNameAttribute ? { primaryNameAttribute: e.primaryNameAttribute } : {}),
    isCustom: e.isCustom,
    isActivity: e.isActivity,
    isIntersect: e.isIntersect,
    objectTypeCode: e.objectTypeCode,
    metadataId: e.metadataId,
  };
}

function column(e: EntityModel, a: AttributeModel): ColumnInfo {
  const kind = KIND[a.typeName];
  return {
    logicalName: a.logicalName,
    schemaName: a.schemaName,
    displayName: displayNameOf(a.logicalName),
    ...(a.description ? { description: a.description } : {}),
    attributeTypeName: a.typeName,
    kind,
    requiredLevel: a.isPrimaryId ? 'SystemRequired' : 'None',
    ...(a.targets.length > 0 ? { targets: a.targets } : {}),
    ...(a.options.length > 0 && kind !== 'boolean' ? { optionSetName: `${e.logicalName}_${a.logicalName}` } : {}),
    isPrimaryId: a.isPrimaryId,
    isPrimaryName: a.isPrimaryName,
    isCustom: a.logicalName.includes('_'),
    isValidForRead: true,
    isValidForCreate: !a.readOnly,
    isValidForUpdate: !a.readOnly,
    metadataId: a.metadataId,
  };
}

function nameColumn(lookup: ColumnInfo): ColumnInfo {
  return {
    ...lookup,
    logicalName: `${lookup.logicalName}name`,
    schemaName: `${lookup.schemaName}Name`,
    displayName: `${lookup.displayName} name`,
    attributeTypeName: 'StringType',
    kind: 'string',
    attributeOf: lookup.logicalName,
    isPrimaryId: false,
    isPrimaryName: false,
    targets: undefined,
    metadataId: `${lookup.metadataId}-name`,
  };
}

function relationships(org: OrgModel, e: EntityModel): RelationshipInfo[] {
  return e.navs.flatMap((nav): RelationshipInfo[] => {
    const target = org.byLogicalName.get(nav.target);
    if (!target) return [];
    const base = {
      schemaName: nav.partner ?? nav.name,
      relatedTable: nav.target,
      navigationProperty: nav.name,
      isCustom: nav.name.includes('_'),
      metadataId: `${e.logicalName}.${nav.name}`,
    };
    if (!nav.collection) {
      const lookup = nav.referentialProperty?.replace(/^_(.*)_value$/, '$1');
      return [{ ...base, kind: 'manyToOne', ...(lookup ? { lookupColumn: lookup } : {}) }];
    }
    const back = nav.partner ? target.navByName.get(nav.partner) : undefined;
    if (back?.collection) return [{ ...base, kind: 'manyToMany', intersectTable: nav.name }];
    const lookup = back?.referentialProperty?.replace(/^_(.*)_value$/, '$1');
    return [{ ...base, kind: 'oneToMany', ...(lookup ? { lookupColumn: lookup } : {}) }];
  });
}

function details(org: OrgModel, e: EntityModel): TableDetails {
  const columns = e.attributes.map((a) => column(e, a));
  const lookups = columns.filter((c) => c.kind === 'lookup' || c.kind === 'customer' || c.kind === 'owner');
  const choices: ChoiceInfo[] = e.attributes
    .filter((a) => a.options.length > 0 && a.typeName !== 'BooleanType')
    .map((a) => ({
      name: `${e.logicalName}_${a.logicalName}`,
      displayName: displayNameOf(a.logicalName),
      isGlobal: false,
      columns: [a.logicalName],
      options: a.options.map((o) => ({ value: o.value, label: o.label })),
    }));
  return {
    table: tableInfo(e),
    columns: [...columns, ...lookups.map(nameColumn)],
    relationships: relationships(org, e),
    keys: [],
    choices,
  };
}

/** Case-insensitive lookups over a list of tables, with details built on first use (like a lazy cache). */
export function snapshotOf(
  tables: readonly TableInfo[],
  detailsOf: (logicalName: string) => TableDetails | undefined,
): MetadataSnapshot {
  const byLogical = new Map(tables.map((t) => [t.logicalName.toLowerCase(), t]));
  const bySet = new Map(tables.filter((t) => t.entitySetName).map((t) => [t.entitySetName!.toLowerCase(), t]));
  const loaded = new Map<string, TableDetails | undefined>();
  return {
    tables,
    tableByLogicalName: (name) => byLogical.get(name.toLowerCase()),
    tableByEntitySetName: (name) => bySet.get(name.toLowerCase()),
    details: (name) => {
      const key = name.toLowerCase();
      if (!loaded.has(key)) {
        loaded.set(key, byLogical.has(key) ? detailsOf(byLogical.get(key)!.logicalName) : undefined);
      }
      return loaded.get(key);
    },
  };
}

let cached: MetadataSnapshot | undefined;

export function csdlSnapshot(): MetadataSnapshot {
  if (cached) return cached;
  const org = loadOrgModel(CSDL_PATH);
  cached = snapshotOf(org.entities.map(tableInfo), (name) => {
    const e = org.byLogicalName.get(name);
    return e ? details(org, e) : undefined;
  });
  return cached;
}
