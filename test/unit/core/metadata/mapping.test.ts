import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapChoices } from '../../../../src/core/metadata/mapChoices';
import { castExtras, castPlansFor, columnKind, mapColumn } from '../../../../src/core/metadata/mapColumns';
import { mapKey, mapManyToMany, mapRelationships } from '../../../../src/core/metadata/mapRelationships';
import { mapTable, mapTableList } from '../../../../src/core/metadata/mapTables';
import type { ColumnInfo, ColumnKind } from '../../../../src/core/metadata/model';

type J = Record<string, unknown>;
const RECORDED = join(__dirname, '../../../fixtures/dataverse/recorded');
const recorded = (file: string): J => JSON.parse(readFileSync(join(RECORDED, file), 'utf8')) as J;
const fixture = (file: string): J => JSON.parse(readFileSync(join(__dirname, 'fixtures', file), 'utf8')) as J;

describe('metadata mapping: tables (recorded EntityDefinitions)', () => {
  it('maps the recorded contact definition to what the tree shows', () => {
    assert.deepEqual(mapTable(recorded('entitydefinition_contact.json'), 1033), {
      logicalName: 'contact',
      schemaName: 'Contact',
      entitySetName: 'contacts',
      displayName: 'Contact',
      displayCollectionName: 'Contacts',
      description: 'Person with whom a business unit has a relationship, such as customer, supplier, and colleague.',
      primaryIdAttribute: 'contactid',
      primaryNameAttribute: 'fullname',
      isCustom: false,
      isActivity: false,
      isIntersect: false,
      ownership: 'UserOwned',
      objectTypeCode: 2,
      metadataId: '608861bc-50a4-4c5f-a02c-21fe1943e2cf',
    });
  });

  it('maps business units (business-owned) and accounts from their captures', () => {
    const bu = mapTable(recorded('entitydefinition_businessunit.json'), 1033)!;
    assert.equal(bu.displayName, 'Business Unit');
    assert.equal(bu.ownership, 'BusinessOwned');
    assert.equal(bu.entitySetName, 'businessunits');
    assert.equal(bu.objectTypeCode, 10);
    const account = mapTable(recorded('entitydefinition_account_expand_relationships.json'), undefined)!;
    assert.equal(account.displayName, 'Account');
    assert.equal(account.primaryNameAttribute, 'name');
  });

  it('lists tables sorted, skips items without a logical name and keeps one per name', () => {
    const contact = recorded('entitydefinition_contact.json');
    const bu = recorded('entitydefinition_businessunit.json');
    const tables = mapTableList({ value: [contact, bu, { SchemaName: 'NoName' }, 'junk', contact] }, 1033);
    assert.deepEqual(
      tables.map((t) => t.logicalName),
      ['businessunit', 'contact'],
    );
  });

  it('refuses an answer that is not a collection', () => {
    assert.throws(() => mapTableList({ error: 'x' }, 1033), /unexpected answer for the table list/);
  });

  it('falls back to the logical name when a table has no label, and drops fields of the wrong type', () => {
    const t = mapTable(
      {
        LogicalName: 'new_thing',
        DisplayName: { LocalizedLabels: [], UserLocalizedLabel: null },
        ObjectTypeCode: '10',
        IsCustomEntity: 'yes',
      },
      1033,
    )!;
    assert.equal(t.displayName, 'new_thing');
    assert.equal(t.schemaName, 'new_thing');
    assert.equal(t.objectTypeCode, undefined);
    assert.equal(t.isCustom, false);
    assert.equal(t.entitySetName, undefined);
  });
});

describe('metadata mapping: columns', () => {
  const kinds: Array<[string | undefined, string | undefined, string | undefined, ColumnKind]> = [
    [
      'MultiSelectPicklistType',
      'Virtual',
      '#Microsoft.Dynamics.CRM.MultiSelectPicklistAttributeMetadata',
      'multiChoice',
    ],
    ['FileType', 'Virtual', undefined, 'file'],
    ['ImageType', 'Virtual', undefined, 'image'],
    ['LookupType', 'Lookup', undefined, 'lookup'],
    ['CustomerType', 'Customer', undefined, 'customer'],
    ['OwnerType', 'Owner', undefined, 'owner'],
    ['MoneyType', 'Money', undefined, 'money'],
    ['BigIntType', 'BigInt', undefined, 'bigInt'],
    ['VirtualType', 'Virtual', undefined, 'virtual'],
    ['StringType', 'Memo', undefined, 'string'],
    [undefined, 'Customer', '#Microsoft.Dynamics.CRM.LookupAttributeMetadata', 'customer'],
    [undefined, 'Virtual', '#Microsoft.Dynamics.CRM.MultiSelectPicklistAttributeMetadata', 'multiChoice'],
    [undefined, undefined, '#Microsoft.Dynamics.CRM.FileAttributeMetadata', 'file'],
    [undefined, 'Virtual', undefined, 'virtual'],
    ['SomethingNewType', undefined, undefined, 'other'],
  ];
  for (const [typeName, type, cast, expected] of kinds) {
    it(`AttributeTypeName ${typeName ?? '–'}, AttributeType ${type ?? '–'}, cast ${cast?.slice(24) ?? '–'} → ${expected}`, () => {
      assert.equal(columnKind(typeName, type, cast), expected);
    });
  }

  it('reads the kinds of the recorded mailbox attribute list from its casts alone', () => {
    const list = recorded('entitydefinition_mailbox_attributes_logicalname.json')['value'] as J[];
    const cols = list.map((a) => mapColumn(a, 1033)!);
    const kindOf = (name: string): ColumnKind | undefined => cols.find((c) => c.logicalName === name)?.kind;
    assert.equal(cols.length, list.length);
    assert.equal(kindOf('entityimage'), 'image');
    assert.equal(kindOf('exchangesyncstatexmlfileref'), 'file');
    assert.equal(kindOf('actdeliverymethod'), 'choice');
    assert.equal(kindOf('actdeliverymethodname'), 'other', 'no type information at all');
    assert.equal(cols.find((c) => c.logicalName === 'entityimage')!.displayName, 'entityimage');
  });

  it('maps a full attribute: labels, required level, flags, type name', () => {
    const c = mapColumn(
      {
        '@odata.type': '#Microsoft.Dynamics.CRM.StringAttributeMetadata',
        LogicalName: 'name',
        SchemaName: 'Name',
        AttributeType: 'String',
        AttributeTypeName: { Value: 'StringType' },
        RequiredLevel: { Value: 'ApplicationRequired', CanBeChanged: true },
        IsPrimaryName: true,
        IsPrimaryId: false,
        IsCustomAttribute: false,
        IsValidForRead: true,
        IsValidForCreate: true,
        IsValidForUpdate: true,
        AttributeOf: null,
        MetadataId: 'A1B2C3D4-0000-4000-8000-000000000001',
        DisplayName: {
          LocalizedLabels: [
            { Label: 'Account Name', LanguageCode: 1033 },
            { Label: 'Firmenname', LanguageCode: 1031 },
          ],
          UserLocalizedLabel: { Label: 'Account Name', LanguageCode: 1033 },
        },
      },
      1031,
    )!;
    assert.equal(c.displayName, 'Firmenname');
    assert.equal(c.kind, 'string');
    assert.equal(c.attributeTypeName, 'StringType');
    assert.equal(c.requiredLevel, 'ApplicationRequired');
    assert.equal(c.isPrimaryName, true);
    assert.equal(c.metadataId, 'a1b2c3d4-0000-4000-8000-000000000001');
    assert.equal(c.attributeOf, undefined);
  });

  it('treats an unknown required level as None', () => {
    assert.equal(mapColumn({ LogicalName: 'x', RequiredLevel: { Value: 'Mandatory' } }, 1033)!.requiredLevel, 'None');
  });

  it('asks only for the casts the table needs; customer and owner go through the lookup cast', () => {
    const col = (kind: ColumnKind): ColumnInfo => ({ kind }) as ColumnInfo;
    assert.deepEqual(
      castPlansFor([col('customer'), col('owner'), col('string'), col('uniqueIdentifier')]).map((p) => p.cast),
      ['StringAttributeMetadata', 'LookupAttributeMetadata'],
    );
    assert.deepEqual(castPlansFor([col('virtual'), col('dateTime')]), []);
  });

  it('reads type-specific facts from a cast answer', () => {
    assert.deepEqual(
      castExtras({ LogicalName: 'revenue', MinValue: -922337203685477, MaxValue: 922337203685477, Precision: 2 }),
      { precision: 2, minValue: -922337203685477, maxValue: 922337203685477 },
    );
    assert.deepEqual(castExtras({ LogicalName: 'parentcustomerid', Targets: ['account', 'contact'] }), {
      targets: ['account', 'contact'],
    });
    assert.deepEqual(castExtras({ LogicalName: 'x', Targets: [] }), {});
  });
});

describe('metadata mapping: relationships and keys (recorded account capture)', () => {
  const account = recorded('entitydefinition_account_expand_relationships.json');
  const rels = mapRelationships(
    {
      oneToMany: account['OneToManyRelationships'] as unknown[],
      manyToOne: account['ManyToOneRelationships'] as unknown[],
      manyToMany: account['ManyToManyRelationships'] as unknown[],
    },
    'account',
  );

  it('keeps all 46 one-to-many, 20 many-to-one and 1 many-to-many relationships', () => {
    const count = (k: string): number => rels.filter((r) => r.kind === k).length;
    assert.deepEqual([count('oneToMany'), count('manyToOne'), count('manyToMany')], [46, 20, 1]);
  });

  it('a 1:N seen from account: the related table holds the lookup, account has the collection', () => {
    assert.deepEqual(
      rels.find((r) => r.schemaName === 'account_principalobjectattributeaccess'),
      {
        kind: 'oneToMany',
        schemaName: 'account_principalobjectattributeaccess',
        relatedTable: 'principalobjectattributeaccess',
        navigationProperty: 'account_principalobjectattributeaccess',
        lookupColumn: 'objectid',
        intersectTable: undefined,
        cascade:
          'Archive=NoCascade; Assign=NoCascade; Delete=Cascade; Merge=NoCascade; Reparent=NoCascade; RollupView=NoCascade; Share=NoCascade; Unshare=NoCascade',
        isCustom: false,
        metadataId: '28be1745-2c06-11df-80a6-00137299e1c2',
      },
    );
  });

  it('an N:1 seen from account: account holds the lookup and its single-valued navigation property', () => {
    const r = rels.find((x) => x.schemaName === 'account_primary_contact')!;
    assert.equal(r.kind, 'manyToOne');
    assert.equal(r.relatedTable, 'contact');
    assert.equal(r.navigationProperty, 'primarycontactid');
    assert.equal(r.lookupColumn, 'primarycontactid');
    // The cascade configuration is asked for and kept, for the environment diff.
    assert.match(r.cascade ?? '', /^Archive=\w+; Assign=\w+; Delete=\w+;/);
  });

  it('an N:N: the navigation property of the side the table is on, and the intersect table', () => {
    const r = rels.find((x) => x.kind === 'manyToMany')!;
    assert.equal(r.relatedTable, 'powerpagecomponent');
    assert.equal(r.intersectTable, 'powerpagecomponent_mspp_webrole_account');
    assert.equal(r.navigationProperty, 'powerpagecomponent_mspp_webrole_account');
    assert.equal(r.isCustom, true);
    const raw = {
      SchemaName: 's',
      Entity1LogicalName: 'a',
      Entity2LogicalName: 'b',
      Entity1NavigationPropertyName: 'nav_a',
      Entity2NavigationPropertyName: 'nav_b',
    };
    assert.equal(mapManyToMany(raw, 'a')!.navigationProperty, 'nav_a');
    assert.equal(mapManyToMany(raw, 'b')!.navigationProperty, 'nav_b');
    assert.equal(mapManyToMany(raw, 'b')!.relatedTable, 'a');
  });

  it('sorts each kind by schema name and drops malformed entries', () => {
    const oneToMany = rels.filter((r) => r.kind === 'oneToMany').map((r) => r.schemaName);
    assert.deepEqual(
      oneToMany,
      [...oneToMany].sort((a, b) => a.localeCompare(b)),
    );
    assert.deepEqual(
      mapRelationships(
        { oneToMany: [{ SchemaName: 'x' }, null], manyToOne: [{}], manyToMany: [{ SchemaName: 'y' }] },
        't',
      ),
      [],
    );
  });

  it('maps an alternate key with its columns and index status', () => {
    assert.deepEqual(
      mapKey(
        {
          LogicalName: 'account_accountnumber',
          SchemaName: 'account_accountnumber',
          KeyAttributes: ['accountnumber'],
          EntityKeyIndexStatus: 'Active',
          MetadataId: 'K1',
          DisplayName: { LocalizedLabels: [{ Label: 'Account Number', LanguageCode: 1033 }], UserLocalizedLabel: null },
        },
        1033,
      ),
      {
        logicalName: 'account_accountnumber',
        schemaName: 'account_accountnumber',
        displayName: 'Account Number',
        columns: ['accountnumber'],
        status: 'Active',
        metadataId: 'k1',
      },
    );
  });
});

describe('metadata mapping: choices (documented cast answers)', () => {
  const f = fixture('choices.json') as Record<string, { value: J[] }>;
  const items = [...f['picklist']!.value, ...f['boolean']!.value, ...f['status']!.value];

  it('one choice per option set; a global choice lists every column using it', () => {
    const { choices, optionSetByColumn } = mapChoices(items, 'account', 1033);
    assert.deepEqual(
      choices.map((c) => [c.name, c.isGlobal, c.columns]),
      [
        ['account_donotemail', false, ['donotemail']],
        ['account_preferredappointmentdaycode', false, ['preferredappointmentdaycode']],
        ['account_statuscode', false, ['statuscode']],
        ['industrycode_global', true, ['industrycode', 'new_secondaryindustry']],
      ],
    );
    assert.equal(optionSetByColumn.get('new_secondaryindustry'), 'industrycode_global');
  });

  it('reads options with labels in the chosen language, yes/no pairs and status states', () => {
    const { choices } = mapChoices(items, 'account', 1031);
    const day = choices.find((c) => c.name === 'account_preferredappointmentdaycode')!;
    assert.equal(day.displayName, 'Preferred Day');
    assert.deepEqual(
      day.options.slice(0, 2).map((o) => [o.value, o.label]),
      [
        [0, 'Sonntag'],
        [1, 'Montag'],
      ],
    );
    assert.deepEqual(
      choices.find((c) => c.name === 'account_donotemail')!.options.map((o) => [o.value, o.label]),
      [
        [0, 'Allow'],
        [1, 'Do Not Allow'],
      ],
    );
    assert.deepEqual(
      choices.find((c) => c.name === 'account_statuscode')!.options.map((o) => [o.label, o.state]),
      [
        ['Active', 0],
        ['Inactive', 1],
      ],
    );
  });

  it('skips columns without an option set and names a nameless local set after table and column', () => {
    const { choices } = mapChoices(
      [
        { LogicalName: 'a', OptionSet: null, GlobalOptionSet: null },
        { LogicalName: 'b', OptionSet: { Options: [{ Value: 5, Label: null }] } },
      ],
      'account',
      1033,
    );
    assert.deepEqual(
      choices.map((c) => [c.name, c.options.map((o) => [o.value, o.label])]),
      [['account_b', [[5, '5']]]],
    );
  });
});
