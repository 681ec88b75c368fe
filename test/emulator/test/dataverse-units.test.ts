import { strict as assert } from 'node:assert';
import { loadOrgModel } from '../src/dataverse/csdl';
import { DEFAULT_METADATA_PATH } from '../src/dataverse/captures';
import { evaluate, parseFilter } from '../src/dataverse/filter';
import { parseFetch } from '../src/dataverse/fetchxml/parse';
import { makeSkipToken, parseSkipToken } from '../src/dataverse/paging';
import { parseBatch } from '../src/dataverse/batch';
import { parsePrefer, parseQueryOptions, wantsAnnotation } from '../src/dataverse/options';
import { ODataError } from '../src/dataverse/errors';
import { OrgStore } from '../src/dataverse/store';
import { SyntheticTables } from '../src/dataverse/synthetic/synthetic';
import { parseRowGuid, rowGuid } from '../src/dataverse/util';

describe('dataverse emulator: CSDL model', () => {
  const model = loadOrgModel(DEFAULT_METADATA_PATH);

  it('reads tables, entity sets, keys and primary names from the real CSDL', () => {
    const account = model.byLogicalName.get('account')!;
    assert.equal(account.entitySetName, 'accounts');
    assert.equal(account.primaryIdAttribute, 'accountid');
    assert.equal(account.primaryNameAttribute, 'name');
    assert.equal(model.bySetName.get('contacts')?.logicalName, 'contact');
    assert.ok(model.entities.length > 200, `expected >200 tables, got ${model.entities.length}`);
    assert.ok(!model.byLogicalName.has('EntityMetadata'), 'metadata types are not tables');
  });

  it('infers Dataverse attribute types from EDM types and names', () => {
    const a = model.byLogicalName.get('account')!;
    const type = (n: string): string | undefined => a.attrByName.get(n)?.typeName;
    assert.equal(type('primarycontactid'), 'LookupType');
    assert.equal(a.attrByName.get('primarycontactid')?.webApiName, '_primarycontactid_value');
    assert.deepEqual(a.attrByName.get('primarycontactid')?.targets, ['contact']);
    assert.equal(type('ownerid'), 'OwnerType');
    assert.equal(type('revenue'), 'MoneyType');
    assert.equal(type('statecode'), 'StateType');
    assert.equal(type('statuscode'), 'StatusType');
    assert.equal(type('industrycode'), 'PicklistType');
    assert.equal(type('donotemail'), 'BooleanType');
    assert.equal(type('createdon'), 'DateTimeType');
    assert.equal(type('entityimage'), 'ImageType');
  });

  it('inherits activity columns from activitypointer', () => {
    const task = model.byLogicalName.get('task')!;
    assert.equal(task.baseTable, 'activitypointer');
    assert.equal(task.attrByName.get('activitytypecode')?.typeName, 'EntityNameType');
    const regarding = task.attrByName.get('regardingobjectid')!;
    assert.equal(regarding.typeName, 'LookupType', 'a polymorphic lookup, not a customer column');
    assert.ok(regarding.targets.includes('account') && regarding.targets.length > 5);
    assert.equal(model.byLogicalName.get('contact')!.attrByName.get('parentcustomerid')?.typeName, 'CustomerType');
    assert.equal(model.byLogicalName.get('activitypointer')?.isAbstract, true);
    assert.ok(!model.byLogicalName.has('principal'), 'abstract without an entity set is no table');
    const email = model.byLogicalName.get('email')!;
    assert.equal(email.primaryIdAttribute, 'activityid');
    assert.equal(email.primaryNameAttribute, 'subject');
  });

  it('generates realistic custom tables for scale, with every column type, built only when asked', () => {
    const tables = new SyntheticTables(1000, 400);
    const names = new Set(tables.entities.map((e) => e.logicalName));
    assert.equal(names.size, 1000, 'names are unique');
    const t = tables.entities[11]!;
    assert.match(t.logicalName, /^[a-z0-9]+_[a-z]+$/);
    assert.doesNotMatch(t.logicalName, /table\d/);
    assert.match(t.displayName, /^[A-Z][a-z]+( [A-Z][a-z]+)*$/);
    assert.equal(t.attributes.length, 400);
    const types = new Set(t.attributes.map((a) => a.typeName));
    for (const type of [
      'StringType',
      'MemoType',
      'MoneyType',
      'PicklistType',
      'MultiSelectPicklistType',
      'FileType',
      'ImageType',
      'LookupType',
      'CustomerType',
      'OwnerType',
      'BigIntType',
      'DateTimeType',
      'BooleanType',
      'StateType',
      'StatusType',
    ]) {
      assert.ok(types.has(type as never), type);
    }
    const lookup = t.attributes.find((a) => a.typeName === 'LookupType' && a.logicalName.includes('_'))!;
    assert.equal(lookup.webApiName, `_${lookup.logicalName}_value`);
    assert.ok(t.navs.some((n) => n.referentialProperty === lookup.webApiName));
    const picklist = t.attributes.find((a) => a.typeName === 'PicklistType' && a.logicalName.includes('_'))!;
    assert.ok(picklist.options.every((o) => o.value >= 100000000) && picklist.options.length >= 3);
  });
});

describe('dataverse emulator: $filter', () => {
  const row: Record<string, unknown> = {
    name: "O'Brien Ltd",
    revenue: 1200,
    statecode: 0,
    _parentaccountid_value: null,
    accountid: '8a1b2c3d-0000-4000-8000-000000000001',
    createdon: '2024-03-01T10:00:00Z',
    donotemail: false,
  };
  const test = (f: string): unknown => evaluate(parseFilter(f), (p) => row[p[0]!] ?? null);

  it('compares numbers, strings (case-insensitive, quotes escaped), booleans, nulls, guids and dates', () => {
    assert.equal(test("name eq 'o''brien ltd'"), true);
    assert.equal(test('revenue gt 1000 and revenue le 1200'), true);
    assert.equal(test('revenue lt 1000 or statecode ne 0'), false);
    assert.equal(test('not (revenue lt 1000)'), true);
    assert.equal(test('_parentaccountid_value eq null'), true);
    assert.equal(test('accountid eq 8A1B2C3D-0000-4000-8000-000000000001'), true);
    assert.equal(test('createdon ge 2024-01-01T00:00:00Z'), true);
    assert.equal(test('donotemail eq false'), true);
  });

  it('supports contains, startswith, endswith and enum literals', () => {
    assert.equal(test("contains(name,'brien')"), true);
    assert.equal(test("startswith(name,'O''B') and endswith(name,'ltd')"), true);
    assert.equal(
      evaluate(parseFilter("OwnershipType eq Microsoft.Dynamics.CRM.OwnershipTypes'UserOwned'"), () => 'UserOwned'),
      true,
    );
  });

  it('reports syntax errors with the Dataverse code', () => {
    assert.throws(
      () => parseFilter('name eq'),
      (e: unknown) => e instanceof ODataError && e.code === '0x80060888',
    );
    assert.throws(
      () => parseFilter("(name eq 'x'"),
      (e: unknown) => e instanceof ODataError && e.status === 400,
    );
  });
});

describe('dataverse emulator: query options, Prefer and paging cookie', () => {
  it('parses $expand with nested options and rejects $skip', () => {
    const q = parseQueryOptions(
      new URLSearchParams(
        '$select=name&$expand=primarycontactid($select=fullname,emailaddress1),contact_customer_accounts($filter=statecode eq 0;$top=2)&$orderby=name desc,revenue',
      ),
    );
    assert.deepEqual(q.expand[0], { nav: 'primarycontactid', select: ['fullname', 'emailaddress1'] });
    assert.equal(q.expand[1]?.top, 2);
    assert.deepEqual(q.orderby, [
      { prop: 'name', desc: true },
      { prop: 'revenue', desc: false },
    ]);
    assert.throws(() => parseQueryOptions(new URLSearchParams('$skip=10')), /\$skip is not supported/);
  });

  it('parses Prefer and matches annotation patterns', () => {
    const p = parsePrefer(
      'odata.include-annotations="OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.*", odata.maxpagesize=50, return=representation',
    );
    assert.equal(p.maxPageSize, 50);
    assert.equal(p.returnRepresentation, true);
    assert.equal(wantsAnnotation(p.annotations, 'Microsoft.Dynamics.CRM.lookuplogicalname'), true);
    assert.equal(
      wantsAnnotation(['*', '-Microsoft.Dynamics.CRM.*'], 'Microsoft.Dynamics.CRM.lookuplogicalname'),
      false,
    );
  });

  it('round-trips the paging cookie in the shape Dataverse uses', () => {
    const token = makeSkipToken(
      'accountid',
      1,
      'aaaaaaaa-0000-4000-8000-000000000001',
      'bbbbbbbb-0000-4000-8000-000000000002',
    );
    assert.match(
      token,
      /^<cookie pagenumber="2" pagingcookie="%253ccookie%2520page%253d%25221%2522%253e%253caccountid%2520last%253d%2522%257bBBBBBBBB/,
    );
    assert.deepEqual(parseSkipToken(token), {
      page: 2,
      lastId: 'bbbbbbbb-0000-4000-8000-000000000002',
      firstId: 'aaaaaaaa-0000-4000-8000-000000000001',
    });
  });
});

describe('dataverse emulator: FetchXML', () => {
  const model = loadOrgModel(DEFAULT_METADATA_PATH);

  it('turns nested filters, operators, order, paging and link-entity into a checked query', () => {
    const q = parseFetch(
      `<fetch count="10" page="2" distinct="true" paging-cookie="&lt;cookie page=&quot;1&quot;&gt;&lt;accountid last=&quot;{0A}&quot; /&gt;&lt;/cookie&gt;">
      <entity name="account"><attribute name="name"/><order attribute="name" descending="true"/>
        <filter type="or"><condition attribute="name" operator="like" value="%on%"/>
          <filter><condition attribute="parentaccountid" operator="null"/><condition attribute="revenue" operator="in"><value>1</value><value>2</value></condition></filter>
        </filter>
        <link-entity name="contact" from="contactid" to="primarycontactid" alias="pc" link-type="outer"><attribute name="fullname"/>
          <filter><condition attribute="lastname" operator="begins-with" value="A"/></filter></link-entity>
      </entity></fetch>`,
      model,
    );
    assert.equal(q.count, 10);
    assert.equal(q.page, 2);
    assert.equal(q.distinct, true);
    assert.match(q.cookie ?? '', /accountid last/);
    assert.equal(q.orders[0]?.attr?.logicalName, 'name');
    assert.equal(q.orders[0]?.desc, true);
    const or = q.filter!.filters[0]!;
    assert.equal(or.type, 'or');
    assert.deepEqual(or.filters[0]!.conditions[1]!.values, ['1', '2']);
    const link = q.links[0]!;
    assert.deepEqual(
      [link.alias, link.linkType, link.from.logicalName, link.to.logicalName],
      ['pc', 'outer', 'contactid', 'primarycontactid'],
    );
    assert.equal(link.filter?.filters[0]?.conditions[0]?.alias, 'pc');
  });

  it('refuses malformed FetchXML with the QueryBuilder code for each mistake', () => {
    const code = (xml: string): string => {
      try {
        parseFetch(xml, model);
      } catch (e) {
        if (e instanceof ODataError) return e.code;
        throw e;
      }
      return 'none';
    };
    const cases: [string, string][] = [
      ['<fetch><entity name="account">', '0x80040201'],
      ['<query/>', '0x80040303'],
      ['<fetch><entity name="account"><attribute name="nope"/></entity></fetch>', '0x80041103'],
      ['<fetch><entity name="nope"/></fetch>', '0x80041102'],
      ['<fetch><entity name="account"><column name="name"/></entity></fetch>', '0x8004111c'],
      [
        '<fetch><entity name="account"><filter><condition attribute="name" operator="sounds-like" value="x"/></filter></entity></fetch>',
        '0x80041120',
      ],
      ['<fetch><entity name="account"><filter type="xor"/></entity></fetch>', '0x80041122'],
      [
        '<fetch><entity name="account"><link-entity name="contact" from="contactid" to="primarycontactid" link-type="left"/></entity></fetch>',
        '0x80041117',
      ],
      ['<fetch distinct="yes"><entity name="account"/></fetch>', '0x80041115'],
      ['<fetch><entity name="account"><order attribute="name" descending="maybe"/></entity></fetch>', '0x80041119'],
      [
        '<fetch aggregate="true"><entity name="account"><attribute name="revenue" aggregate="median" alias="m"/></entity></fetch>',
        '0x8004111a',
      ],
      [
        '<fetch aggregate="true"><entity name="account"><attribute name="createdon" groupby="true" dategrouping="decade" alias="d"/></entity></fetch>',
        '0x80041135',
      ],
      [
        `<fetch><entity name="account">${'<link-entity name="contact" from="contactid" to="primarycontactid"/>'.repeat(16)}</entity></fetch>`,
        '0x8004430D',
      ],
      [
        '<fetch><entity name="account"><link-entity name="contact" from="contactid" to="primarycontactid" alias="c"/><link-entity name="contact" from="contactid" to="primarycontactid" alias="c"/></entity></fetch>',
        '0x80041130',
      ],
    ];
    for (const [xml, expected] of cases) assert.equal(code(xml), expected, xml);
  });
});

describe('dataverse emulator: $batch parser', () => {
  it('reads requests and change sets with Content-ID', () => {
    const body = [
      '--batch_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'GET accounts?$top=1 HTTP/1.1',
      'Accept: application/json',
      '',
      '',
      '--batch_1',
      'Content-Type: multipart/mixed; boundary=changeset_a',
      '',
      '--changeset_a',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST /api/data/v9.2/contacts HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"lastname":"Doe"}',
      '--changeset_a--',
      '--batch_1--',
      '',
    ].join('\r\n');
    const parts = parseBatch(body, 'multipart/mixed; boundary=batch_1');
    assert.equal(parts.length, 2);
    assert.equal(parts[0]?.method, 'GET');
    assert.equal(parts[0]?.url, 'accounts?$top=1');
    const change = parts[1]?.changeset?.[0];
    assert.equal(change?.contentId, '1');
    assert.equal(change?.method, 'POST');
    assert.equal(change?.body, '{"lastname":"Doe"}');
  });
});

describe('dataverse emulator: record store', () => {
  const model = loadOrgModel(DEFAULT_METADATA_PATH);

  it('generates the same rows for the same seed and finds them by id in O(1)', () => {
    const a = new OrgStore(model, { seed: 3, recordsPerTable: 5, accountRecords: 100_000 });
    const b = new OrgStore(model, { seed: 3, recordsPerTable: 5, accountRecords: 100_000 });
    const rowA = a.table('account')!.rowAt(99_999)!;
    assert.deepEqual(rowA, b.table('account')!.rowAt(99_999));
    assert.equal(a.table('account')!.get(rowA.id)?.values['name'], rowA.values['name']);
    assert.equal(parseRowGuid(rowGuid(77, 3, 99_999))?.index, 99_999);
    const contact = a.table('contact')!.rowAt(0)!;
    const parent = contact.values['_parentcustomerid_value'];
    if (typeof parent === 'string') {
      const target = contact.targets['_parentcustomerid_value']!;
      assert.ok(a.table(target)!.get(parent), 'lookups point at existing rows');
    }
  });

  it('rolls back writes made inside a change set', () => {
    const s = new OrgStore(model, { seed: 1, recordsPerTable: 2 });
    const t = s.table('contact')!;
    const before = t.length;
    const rollback = s.begin();
    t.create({ lastname: 'Temp' }, {});
    t.delete(t.rowAt(0)!.id);
    rollback();
    assert.equal(t.length, before);
    assert.ok(t.rowAt(0), 'deleted row is back');
  });
});
