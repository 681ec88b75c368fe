// One emulated organization: its table model (CSDL + synthetic tables), data store and metadata routes.
import type { DataverseOptions } from '../contract';
import { loadOrgModel } from './csdl';
import { loadCaptures, type Captures } from './captures';
import { indexEntity, indexOrg, type AttributeModel, type AttributeTypeName, type EntityModel, type OrgModel } from './model';
import { optionsFor } from './infer';
import { OrgStore } from './store';
import { QueryEngine } from './query';
import { MetadataRoutes } from './metadata-routes';
import { hash32, stableGuid } from './util';

export class Org {
  readonly model: OrgModel;
  readonly store: OrgStore;
  readonly engine: QueryEngine;
  readonly metadata: MetadataRoutes;
  readonly captures: Captures;
  readonly seed: number;

  constructor(opts: DataverseOptions) {
    this.seed = opts.seed ?? 1;
    const base = loadOrgModel(opts.metadataPath);
    this.model = opts.extraTables ? withExtraTables(base, opts.extraTables) : base;
    this.captures = loadCaptures();
    this.store = new OrgStore(this.model, {
      seed: this.seed, recordsPerTable: opts.recordsPerTable, accountRecords: opts.accountRecords,
      seeds: Object.fromEntries(Object.entries(this.captures.records).filter(([t]) => this.model.byLogicalName.has(t))),
    });
    this.engine = new QueryEngine(this.store);
    this.metadata = new MetadataRoutes(this.model.entities, this.captures, this.model);
  }

  /** The first generated row of a table (the root business unit, the organization). */
  firstId(table: string, fallback: string): string {
    const row = this.store.table(table)?.rowAt(0, []);
    return row?.id ?? stableGuid(fallback);
  }
}

type Col = [string, AttributeTypeName, string?];

const CUSTOM_COLUMNS: Col[] = [
  ['new_name', 'StringType'], ['new_description', 'MemoType'], ['new_amount', 'MoneyType'], ['new_amount_base', 'MoneyType'],
  ['new_quantity', 'IntegerType'], ['new_rate', 'DecimalType'], ['new_duedate', 'DateTimeType'], ['new_category', 'PicklistType'],
  ['new_tags', 'MultiSelectPicklistType'], ['new_isactive', 'BooleanType'], ['new_document', 'FileType'],
  ['new_image', 'ImageType'], ['statecode', 'StateType'], ['statuscode', 'StatusType'], ['createdon', 'DateTimeType'],
  ['modifiedon', 'DateTimeType'], ['versionnumber', 'BigIntType'], ['ownerid', 'OwnerType', 'systemuser'],
  ['new_accountid', 'LookupType', 'account'],
];

const EDM: Partial<Record<AttributeTypeName, string>> = {
  StringType: 'Edm.String', MemoType: 'Edm.String', MoneyType: 'Edm.Decimal', IntegerType: 'Edm.Int32', DecimalType: 'Edm.Decimal',
  DateTimeType: 'Edm.DateTimeOffset', PicklistType: 'Edm.Int32', MultiSelectPicklistType: 'Edm.String', BooleanType: 'Edm.Boolean',
  FileType: 'Edm.Guid', ImageType: 'Edm.Binary', StateType: 'Edm.Int32', StatusType: 'Edm.Int32', BigIntType: 'Edm.Int64',
  LookupType: 'Edm.Guid', OwnerType: 'Edm.Guid',
};

/** Synthetic custom tables `new_table001…` so benchmarks can scale an org to hundreds of tables. */
export function syntheticTable(n: number): EntityModel {
  const logicalName = `new_table${String(n).padStart(3, '0')}`;
  const id: AttributeModel = column(logicalName, [`${logicalName}id`, 'UniqueidentifierType']);
  id.isPrimaryId = true;
  const attributes = [id, ...CUSTOM_COLUMNS.map((c) => column(logicalName, c))];
  attributes[1]!.isPrimaryName = true;
  return indexEntity({
    logicalName, schemaName: logicalName, entitySetName: `${logicalName}s`, primaryIdAttribute: id.logicalName,
    primaryNameAttribute: 'new_name', description: `Synthetic custom table ${n} for scale tests.`, attributes,
    navs: [
      { name: 'ownerid', target: 'systemuser', collection: false, referentialProperty: '_ownerid_value' },
      { name: 'new_accountid', target: 'account', collection: false, referentialProperty: '_new_accountid_value' },
    ],
    objectTypeCode: 20000 + n, metadataId: stableGuid(`entity:${logicalName}`), isCustom: true, isActivity: false,
    isIntersect: false,
  });
}

function column(entity: string, [name, typeName, target]: Col): AttributeModel {
  const lookup = typeName === 'LookupType' || typeName === 'OwnerType';
  return {
    logicalName: name, schemaName: name, typeName, webApiName: lookup ? `_${name}_value` : name,
    edmType: EDM[typeName] ?? 'Edm.Guid', description: '', readOnly: ['createdon', 'modifiedon', 'versionnumber'].includes(name),
    isPrimaryId: false, isPrimaryName: false, targets: target ? [target] : [], options: optionsFor(entity, name, typeName),
    metadataId: stableGuid(`attr:${entity}.${name}:${hash32(name)}`),
  };
}

export function withExtraTables(base: OrgModel, count: number): OrgModel {
  const extra = Array.from({ length: count }, (_, i) => syntheticTable(i + 1));
  return indexOrg([...base.entities, ...extra], base.csdl);
}
