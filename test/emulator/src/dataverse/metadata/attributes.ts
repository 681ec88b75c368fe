// AttributeMetadata objects, with the derived-type `@odata.type` casts and type-specific keys.
import type { AttributeModel, AttributeTypeName, EntityModel } from '../model';
import { label, managed, type Json } from './metadata';
import { stableGuid } from '../util';

const CAST: Partial<Record<AttributeTypeName, string>> = {
  StringType: 'String',
  MemoType: 'Memo',
  IntegerType: 'Integer',
  BigIntType: 'BigInt',
  DecimalType: 'Decimal',
  DoubleType: 'Double',
  MoneyType: 'Money',
  BooleanType: 'Boolean',
  DateTimeType: 'DateTime',
  UniqueidentifierType: 'UniqueIdentifier',
  LookupType: 'Lookup',
  CustomerType: 'Lookup',
  OwnerType: 'Lookup',
  PicklistType: 'Picklist',
  StateType: 'State',
  StatusType: 'Status',
  MultiSelectPicklistType: 'MultiSelectPicklist',
  ImageType: 'Image',
  FileType: 'File',
  EntityNameType: 'EntityName',
};

const ATTRIBUTE_TYPE: Record<AttributeTypeName, string> = {
  StringType: 'String',
  MemoType: 'Memo',
  IntegerType: 'Integer',
  BigIntType: 'BigInt',
  DecimalType: 'Decimal',
  DoubleType: 'Double',
  MoneyType: 'Money',
  BooleanType: 'Boolean',
  DateTimeType: 'DateTime',
  UniqueidentifierType: 'Uniqueidentifier',
  LookupType: 'Lookup',
  CustomerType: 'Customer',
  OwnerType: 'Owner',
  PicklistType: 'Picklist',
  StateType: 'State',
  StatusType: 'Status',
  MultiSelectPicklistType: 'Virtual',
  ImageType: 'Virtual',
  FileType: 'Virtual',
  VirtualType: 'Virtual',
  EntityNameType: 'EntityName',
};

/** `#Microsoft.Dynamics.CRM.PicklistAttributeMetadata` → PicklistType (for captured attribute lists). */
export function typeNameFromCast(cast: string | undefined): AttributeTypeName {
  const short = cast?.replace('#Microsoft.Dynamics.CRM.', '').replace('AttributeMetadata', '');
  const hit = Object.entries(CAST).find(([, v]) => v === short);
  return (hit?.[0] as AttributeTypeName | undefined) ?? 'VirtualType';
}

export function castOf(a: AttributeModel): string | undefined {
  if (a.odataType !== undefined) {
    return a.odataType ?? undefined;
  }
  const c = CAST[a.typeName];
  return c ? `Microsoft.Dynamics.CRM.${c}AttributeMetadata` : undefined;
}

/** Whether attribute `a` is of (or derives from) the cast type named in a URL segment. */
export function matchesCast(a: AttributeModel, segment: string): boolean {
  const cast = castOf(a);
  if (segment === 'Microsoft.Dynamics.CRM.EnumAttributeMetadata') {
    return ['PicklistType', 'StateType', 'StatusType', 'MultiSelectPicklistType', 'BooleanType'].includes(a.typeName);
  }
  return cast === segment;
}

function displayName(a: AttributeModel): string {
  if (a.displayName) return a.displayName;
  const base = a.logicalName.replace(/^[a-z0-9]+_/, (m) => (a.logicalName.startsWith('address') ? m : ''));
  return base.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function typeSpecific(a: AttributeModel): Json {
  switch (a.typeName) {
    case 'StringType': {
      const format = a.logicalName.startsWith('emailaddress')
        ? 'Email'
        : a.logicalName.startsWith('telephone')
          ? 'Phone'
          : a.logicalName === 'websiteurl'
            ? 'Url'
            : 'Text';
      const max = a.isPrimaryName ? 160 : a.logicalName.startsWith('telephone') ? 50 : 100;
      return {
        Format: format,
        FormatName: { Value: format },
        ImeMode: 'Auto',
        MaxLength: max,
        DatabaseLength: max * 2,
        IsLocalizable: false,
        YomiOf: null,
      };
    }
    case 'MemoType':
      return { Format: 'TextArea', ImeMode: 'Auto', MaxLength: 2000, DatabaseLength: 4000, IsLocalizable: false };
    case 'IntegerType':
      return { Format: 'None', MaxValue: 2147483647, MinValue: -2147483648, SourceType: 0 };
    case 'BigIntType':
      return { MaxValue: Number.MAX_SAFE_INTEGER, MinValue: Number.MIN_SAFE_INTEGER };
    case 'DecimalType':
      return { ImeMode: 'Auto', MaxValue: 100000000000, MinValue: -100000000000, Precision: 2, SourceType: 0 };
    case 'DoubleType':
      return { ImeMode: 'Auto', MaxValue: 1000000000, MinValue: -1000000000, Precision: 5, SourceType: 0 };
    case 'MoneyType':
      return {
        ImeMode: 'Auto',
        MaxValue: 922337203685477,
        MinValue: -922337203685477,
        Precision: 2,
        PrecisionSource: 2,
        IsBaseCurrency: a.logicalName.endsWith('_base'),
        CalculationOf: null,
        SourceType: 0,
      };
    case 'BooleanType':
      return { DefaultValue: false };
    case 'DateTimeType':
      return {
        Format: a.logicalName.includes('birth') ? 'DateOnly' : 'DateAndTime',
        ImeMode: 'Auto',
        DateTimeBehavior: { Value: a.logicalName.includes('birth') ? 'DateOnly' : 'UserLocal' },
        CanChangeDateTimeBehavior: managed(false, 'canchangedatetimebehavior'),
        SourceType: 0,
      };
    case 'LookupType':
    case 'CustomerType':
    case 'OwnerType':
      return { Targets: a.targets, Format: 'None' };
    case 'PicklistType':
    case 'MultiSelectPicklistType':
    case 'StatusType':
    case 'StateType':
      return {
        DefaultFormValue: a.typeName === 'PicklistType' ? -1 : null,
        ParentPicklistLogicalName: null,
        ChildPicklistLogicalNames: [],
      };
    case 'ImageType':
      return {
        IsPrimaryImage: a.logicalName === 'entityimage',
        MaxHeight: 144,
        MaxWidth: 144,
        MaxSizeInKB: 10240,
        CanStoreFullImage: true,
      };
    case 'FileType':
      return { MaxSizeInKB: 32768 };
    default:
      return {};
  }
}

export function attributeMetadata(e: EntityModel, a: AttributeModel, column: number): Json {
  const cast = castOf(a);
  const system = ['createdon', 'modifiedon', 'versionnumber', 'createdby', 'modifiedby'].includes(a.logicalName);
  return {
    ...(cast ? { '@odata.type': `#${cast}` } : {}),
    ...typeSpecific(a),
    AttributeOf: a.typeName === 'VirtualType' && a.logicalName.endsWith('name') ? a.logicalName.slice(0, -4) : null,
    AttributeType: ATTRIBUTE_TYPE[a.typeName],
    ColumnNumber: column,
    DeprecatedVersion: null,
    IntroducedVersion: e.isCustom ? '1.0.0.0' : '5.0.0.0',
    EntityLogicalName: e.logicalName,
    IsCustomAttribute: a.logicalName.includes('_') && !a.logicalName.startsWith('address'),
    IsPrimaryId: a.isPrimaryId,
    IsValidODataAttribute: true,
    IsPrimaryName: a.isPrimaryName,
    IsValidForCreate: !a.readOnly && !system,
    IsValidForRead: true,
    IsValidForUpdate: !a.readOnly && !system && !a.isPrimaryId,
    CanBeSecuredForRead: true,
    CanBeSecuredForCreate: true,
    CanBeSecuredForUpdate: true,
    IsSecured: false,
    IsRetrievable: true,
    IsFilterable: a.typeName !== 'ImageType' && a.typeName !== 'FileType',
    IsSearchable: true,
    IsManaged: !e.isCustom,
    IsLogical: false,
    LinkedAttributeId: null,
    LogicalName: a.logicalName,
    SchemaName: a.schemaName,
    ExternalName: null,
    IsValidForForm: true,
    IsValidForGrid: true,
    IsRequiredForForm: a.isPrimaryName,
    IsValidForAdvancedFind: managed(true, 'canmodifysearchsettings', true),
    IsCustomizable: managed(true, 'iscustomizable'),
    IsRenameable: managed(true, 'isrenameable'),
    IsAuditEnabled: managed(true, 'canmodifyauditsettings', true),
    RequiredLevel: {
      Value: requiredLevel(a),
      CanBeChanged: !a.isPrimaryId,
      ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
    },
    MetadataId: a.metadataId,
    HasChanged: null,
    AttributeTypeName: { Value: a.typeName },
    Description: label(a.description, `${e.logicalName}.${a.logicalName}:desc`),
    DisplayName: label(displayName(a), `${e.logicalName}.${a.logicalName}:name`),
  };
}

const SAMPLE: AttributeModel = {
  logicalName: 'sample',
  schemaName: 'Sample',
  typeName: 'StringType',
  webApiName: 'sample',
  edmType: 'Edm.String',
  description: '',
  readOnly: false,
  isPrimaryId: false,
  isPrimaryName: false,
  targets: [],
  options: [],
  metadataId: '00000000-0000-0000-0000-000000000000',
};
const keyCache = new Map<string, Set<string>>();

/**
 * Properties `$select` may name on AttributeMetadata, or on the derived type a URL casts to: Dataverse
 * refuses derived-type properties (MaxLength, Targets, Precision…) without the cast.
 */
export function attributeKeys(cast: string | undefined): Set<string> {
  const key = cast ?? '';
  let keys = keyCache.get(key);
  if (!keys) {
    const base = Object.keys(
      attributeMetadata(
        { logicalName: 'x', isCustom: false } as EntityModel,
        { ...SAMPLE, typeName: 'VirtualType' },
        1,
      ),
    );
    const type =
      cast === 'Microsoft.Dynamics.CRM.EnumAttributeMetadata'
        ? 'PicklistType'
        : cast
          ? (Object.entries(CAST).find(([, v]) => `Microsoft.Dynamics.CRM.${v}AttributeMetadata` === cast)?.[0] as
              AttributeTypeName | undefined)
          : undefined;
    const derived = type ? Object.keys(typeSpecific({ ...SAMPLE, typeName: type })) : [];
    keys = new Set([...base, ...derived].filter((k) => !k.startsWith('@')));
    keyCache.set(key, keys);
  }
  return keys;
}

export function requiredLevel(a: AttributeModel): string {
  return a.isPrimaryId ? 'SystemRequired' : a.isPrimaryName ? 'ApplicationRequired' : 'None';
}

/** OptionSetMetadata for `$expand=OptionSet` (and GlobalOptionSetDefinitions); `globalName` for shared choices. */
export function optionSetMetadata(e: EntityModel | undefined, a: AttributeModel, globalName?: string): Json {
  const global = globalName !== undefined;
  const name = globalName ?? (e ? `${e.logicalName}_${a.logicalName}` : a.logicalName);
  const isBool = a.typeName === 'BooleanType';
  const option = (value: number, text: string): Json => ({
    Value: value,
    Color: null,
    IsManaged: true,
    ExternalValue: '',
    ParentValues: [],
    Tag: null,
    IsHidden: false,
    MetadataId: null,
    HasChanged: null,
    ...(a.typeName === 'StateType' ? { DefaultStatus: value + 1, InvariantName: text } : {}),
    ...(a.typeName === 'StatusType' ? { State: value - 1, TransitionData: null } : {}),
    Label: label(text, `${name}:${value}`),
    Description: label('', `${name}:${value}:d`),
  });
  const base: Json = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${isBool ? 'BooleanOptionSetMetadata' : 'OptionSetMetadata'}`,
    MetadataId: stableGuid(`optionset:${name}`),
    HasChanged: null,
    IsCustomOptionSet: name.includes('_'),
    IsGlobal: global,
    IsManaged: true,
    Name: name,
    ExternalTypeName: null,
    OptionSetType: isBool
      ? 'Boolean'
      : a.typeName === 'StateType'
        ? 'State'
        : a.typeName === 'StatusType'
          ? 'Status'
          : 'Picklist',
    IntroducedVersion: '5.0.0.0',
    ParentOptionSetName: null,
    Description: label('', `${name}:desc`),
    DisplayName: label(displayName(a), `${name}:name`),
    IsCustomizable: managed(true, 'iscustomizable'),
  };
  if (isBool) {
    return { ...base, TrueOption: option(1, 'Yes'), FalseOption: option(0, 'No') };
  }
  return { ...base, Options: a.options.map((o) => option(o.value, o.label)) };
}

export function syntheticAttributeFromCapture(e: EntityModel, item: Json): AttributeModel {
  const logicalName = String(item['LogicalName']);
  const known = e.attrByName.get(logicalName);
  const cast = typeof item['@odata.type'] === 'string' ? item['@odata.type'] : undefined;
  const typeName = known?.typeName ?? typeNameFromCast(cast);
  return {
    ...(known ?? {
      logicalName,
      schemaName: logicalName,
      webApiName: logicalName,
      edmType: 'Edm.String',
      description: '',
      readOnly: true,
      isPrimaryId: false,
      isPrimaryName: false,
      targets: [],
      options: [],
    }),
    typeName,
    metadataId: String(item['MetadataId'] ?? stableGuid(`attr:${e.logicalName}.${logicalName}`)),
    odataType: cast ? cast.replace(/^#/, '') : null,
  };
}
