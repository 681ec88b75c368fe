// A CSDL document only carries EDM types; Dataverse's richer attribute types are inferred from the
// EDM type and the naming conventions Dataverse itself follows (…code picklists, _base money, …).
import type { AttributeTypeName, OptionModel } from './model';

const MEMO_NAMES = /(^|_)(description|notes?|text|body|comments?|details|content|message|mobileofflinefilters)$/;

/** The EDM type a column of each Dataverse type has in the Web API (for columns made up at run time). */
export const EDM_OF: Partial<Record<AttributeTypeName, string>> = {
  StringType: 'Edm.String',
  MemoType: 'Edm.String',
  MoneyType: 'Edm.Decimal',
  IntegerType: 'Edm.Int32',
  DecimalType: 'Edm.Decimal',
  DoubleType: 'Edm.Double',
  DateTimeType: 'Edm.DateTimeOffset',
  PicklistType: 'Edm.Int32',
  MultiSelectPicklistType: 'Edm.String',
  BooleanType: 'Edm.Boolean',
  FileType: 'Edm.Guid',
  ImageType: 'Edm.Binary',
  StateType: 'Edm.Int32',
  StatusType: 'Edm.Int32',
  BigIntType: 'Edm.Int64',
  UniqueidentifierType: 'Edm.Guid',
};

export function inferAttributeType(
  name: string,
  edm: string,
  isLookup: boolean,
  siblings: Set<string>,
  targets: string[],
  isKey: boolean,
): AttributeTypeName {
  if (isLookup) {
    if (name === 'ownerid' || targets.includes('principal')) {
      return 'OwnerType';
    }
    // Customer columns point at exactly account and contact; regardingobjectid (many targets) is a plain lookup.
    return targets.length === 2 && targets.includes('account') && targets.includes('contact')
      ? 'CustomerType'
      : 'LookupType';
  }
  switch (edm) {
    case 'Edm.Guid':
      return 'UniqueidentifierType';
    case 'Edm.Boolean':
      return 'BooleanType';
    case 'Edm.DateTimeOffset':
    case 'Edm.Date':
      return 'DateTimeType';
    case 'Edm.Double':
      return 'DoubleType';
    case 'Edm.Int64':
      return 'BigIntType';
    case 'Edm.Binary':
      return name.includes('image') ? 'ImageType' : 'FileType';
    case 'Edm.Decimal':
      return siblings.has(`${name}_base`) || name.endsWith('_base') ? 'MoneyType' : 'DecimalType';
    case 'Edm.Int32':
      if (name === 'statecode') {
        return 'StateType';
      }
      if (name === 'statuscode') {
        return 'StatusType';
      }
      return /(code|type)$/.test(name) && !/(timezonecode|utcoffset|languagecode|objecttypecode)$/.test(name)
        ? 'PicklistType'
        : 'IntegerType';
    case 'Edm.String':
      // Columns holding a table's logical name (activitytypecode = 'task', 'email', …).
      if (name === 'activitytypecode' || name.endsWith('objecttypecode') || name.endsWith('idtype')) {
        return 'EntityNameType';
      }
      if (name.endsWith('_multiselect') || name.endsWith('codes')) {
        return 'MultiSelectPicklistType';
      }
      return MEMO_NAMES.test(name) ? 'MemoType' : 'StringType';
    default:
      return isKey ? 'UniqueidentifierType' : 'VirtualType';
  }
}

export function pickPrimaryName(entity: string, stringProps: string[]): string | null {
  const prefer = [
    'name',
    'fullname',
    'subject',
    'title',
    `${entity.split('_').pop()}name`,
    'uniquename',
    'friendlyname',
  ];
  for (const p of prefer) {
    if (stringProps.includes(p)) {
      return p;
    }
  }
  const prefix = entity.includes('_') ? `${entity.split('_')[0]}_name` : undefined;
  if (prefix && stringProps.includes(prefix)) {
    return prefix;
  }
  return stringProps.find((p) => p.endsWith('name')) ?? null;
}

// Labels for well-known choices, so that formatted values look like a real org's.
const KNOWN: Record<string, string[]> = {
  accountcategorycode: ['Preferred Customer', 'Standard'],
  customertypecode: [
    'Competitor',
    'Consultant',
    'Customer',
    'Investor',
    'Partner',
    'Influencer',
    'Press',
    'Prospect',
    'Reseller',
    'Supplier',
    'Vendor',
    'Other',
  ],
  industrycode: [
    'Accounting',
    'Agriculture and Non-petrol Natural Resource Extraction',
    'Broadcasting Printing and Publishing',
    'Brokers',
    'Building Supply Retail',
    'Business Services',
    'Consulting',
    'Consumer Services',
  ],
  preferredcontactmethodcode: ['Any', 'Email', 'Phone', 'Fax', 'Mail'],
  gendercode: ['Male', 'Female'],
  familystatuscode: ['Single', 'Married', 'Divorced', 'Widowed'],
  ownershipcode: ['Public', 'Private', 'Subsidiary', 'Other'],
  prioritycode: ['High', 'Normal', 'Low'],
  address1_addresstypecode: ['Bill To', 'Ship To', 'Primary', 'Other'],
  address2_addresstypecode: ['Default Value'],
  shippingmethodcode: ['Default Value'],
  territorycode: ['Default Value'],
  customersizecode: ['Default Value'],
  businesstypecode: ['Default Value'],
  accountratingcode: ['Default Value'],
};

function words(name: string): string {
  const base = name.replace(/^[a-z]+_/, '').replace(/(code|type)$/, '');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

export function optionsFor(entity: string, name: string, type: AttributeTypeName): OptionModel[] {
  if (type === 'StateType') {
    return [
      { value: 0, label: 'Active' },
      { value: 1, label: 'Inactive' },
    ];
  }
  if (type === 'StatusType') {
    return [
      { value: 1, label: 'Active' },
      { value: 2, label: 'Inactive' },
    ];
  }
  if (type === 'BooleanType') {
    return [
      { value: 0, label: 'No' },
      { value: 1, label: 'Yes' },
    ];
  }
  if (type !== 'PicklistType' && type !== 'MultiSelectPicklistType') {
    return [];
  }
  const known = KNOWN[name];
  if (known) {
    return known.map((label, i) => ({ value: i + 1, label }));
  }
  const base = entity.includes('_') || (name.includes('_') && !name.startsWith('address')) ? 100000000 : 1;
  const count = 3 + (name.length % 3);
  return Array.from({ length: count }, (_, i) => ({ value: base + i, label: `${words(name)} ${i + 1}` }));
}
