// RetrieveMetadataChanges: the documented query shape, version stamps that return only changes, deleted
// metadata, the ExpiredVersionStamp answer, and the run-time edits that make changes to detect.
import { strict as assert } from 'node:assert';
import { startTestOrg, type TestOrg } from './support/dataverse-server';

type J = Record<string, unknown>;

/** The query from learn.microsoft.com/power-apps/developer/data-platform/query-schema-definitions (Web API tab). */
const DOC_QUERY = {
  Properties: { AllProperties: false, PropertyNames: ['SchemaName', 'Attributes'] },
  Criteria: {
    FilterOperator: 'Or',
    Conditions: [
      { ConditionOperator: 'Equals', PropertyName: 'LogicalName', Value: { Type: 'System.String', Value: 'account' } },
      { ConditionOperator: 'Equals', PropertyName: 'LogicalName', Value: { Type: 'System.String', Value: 'contact' } },
    ],
  },
  AttributeQuery: {
    Properties: { AllProperties: false, PropertyNames: ['LogicalName'] },
    Criteria: {
      FilterOperator: 'And',
      Conditions: [
        {
          ConditionOperator: 'Equals',
          PropertyName: 'IsValidForCreate',
          Value: { Type: 'System.Boolean', Value: 'True' },
        },
      ],
    },
  },
  LabelQuery: { FilterLanguages: [1033], MissingLabelBehavior: 0 },
};

const TABLES_QUERY = {
  Properties: { AllProperties: false, PropertyNames: ['DisplayName', 'EntitySetName', 'Attributes'] },
  Criteria: {
    FilterOperator: 'And',
    Conditions: [
      {
        ConditionOperator: 'In',
        PropertyName: 'LogicalName',
        Value: { Type: 'System.String[]', Value: "['account','contact','lead']" },
      },
    ],
  },
  AttributeQuery: {
    Properties: { AllProperties: false, PropertyNames: ['LogicalName', 'AttributeTypeName', 'DisplayName'] },
  },
};

describe('dataverse emulator: RetrieveMetadataChanges', function () {
  let org: TestOrg;
  const get = async (path: string): Promise<{ status: number; body: J }> => {
    const res = await fetch(`${org.url}/api/data/v9.2/${path}`, {
      headers: { Authorization: 'Bearer good:meta', Accept: 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as J };
  };
  const changes = (query: unknown, stamp?: string, deleted?: string): Promise<{ status: number; body: J }> => {
    const params = [
      'Query=@q',
      ...(stamp !== undefined ? ['ClientVersionStamp=@v'] : []),
      ...(deleted ? ['DeletedMetadataFilters=@d'] : []),
    ];
    const values = [
      `@q=${encodeURIComponent(JSON.stringify(query))}`,
      ...(stamp !== undefined ? [`@v=${encodeURIComponent(`'${stamp}'`)}`] : []),
      ...(deleted ? [`@d=${encodeURIComponent(`Microsoft.Dynamics.CRM.DeletedMetadataFilters'${deleted}'`)}`] : []),
    ];
    return get(`RetrieveMetadataChanges(${params.join(',')})?${values.join('&')}`);
  };
  const entities = (b: J): J[] => b['EntityMetadata'] as J[];
  const byName = (b: J, name: string): J => entities(b).find((e) => e['LogicalName'] === name)!;

  beforeEach(async () => {
    org = await startTestOrg({ accountRecords: 20 });
  });
  afterEach(async () => {
    await org.close();
  });

  it('answers the documented query with the documented shape', async () => {
    const { status, body } = await changes(DOC_QUERY);
    assert.equal(status, 200);
    assert.match(
      String(body['@odata.context']),
      /\$metadata#Microsoft\.Dynamics\.CRM\.RetrieveMetadataChangesResponse$/,
    );
    assert.match(String(body['ServerVersionStamp']), /^\d+!\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
    assert.deepEqual(body['DeletedMetadata'], { Count: 0, IsReadOnly: false, Keys: [], Values: [] });
    assert.deepEqual(
      entities(body)
        .map((e) => e['LogicalName'])
        .sort(),
      ['account', 'contact'],
    );
    const account = byName(body, 'account');
    assert.equal(account['SchemaName'], 'Account');
    assert.equal(account['HasChanged'], null);
    assert.equal(account['DisplayName'], null, 'properties not asked for are null');
    assert.ok(typeof account['MetadataId'] === 'string');
    const attrs = account['Attributes'] as J[];
    assert.ok(attrs.length > 10);
    assert.ok(
      attrs.every(
        (a) => a['IsValidForCreate'] === null && typeof a['LogicalName'] === 'string' && a['HasChanged'] === null,
      ),
    );
    const email = attrs.find((a) => a['LogicalName'] === 'emailaddress1')!;
    assert.equal(email['@odata.type'], '#Microsoft.Dynamics.CRM.ComplexStringAttributeMetadata');
    assert.ok(!attrs.some((a) => a['LogicalName'] === 'createdon'), 'columns not valid for create are filtered out');
    assert.equal(account['OneToManyRelationships'], null);
  });

  it('returns nothing when nothing changed, then only the added column', async () => {
    const first = await changes(TABLES_QUERY);
    const stamp = String(first.body['ServerVersionStamp']);
    const none = await changes(TABLES_QUERY, stamp);
    assert.deepEqual(entities(none.body), []);
    const added = org.metadata.addColumn({
      table: 'contact',
      logicalName: 'new_loyaltytier',
      type: 'PicklistType',
      displayName: 'Loyalty Tier',
    });
    const next = await changes(TABLES_QUERY, stamp);
    assert.deepEqual(
      entities(next.body).map((e) => e['LogicalName']),
      ['contact'],
    );
    const contact = entities(next.body)[0]!;
    assert.equal(contact['HasChanged'], false, 'the table itself did not change, something below it did');
    const attrs = contact['Attributes'] as J[];
    assert.deepEqual(
      attrs.map((a) => [a['LogicalName'], a['HasChanged'], a['MetadataId']]),
      [['new_loyaltytier', true, added.metadataId]],
    );
    assert.deepEqual(attrs[0]!['AttributeTypeName'], { Value: 'PicklistType' });
    assert.equal(((attrs[0]!['DisplayName'] as J)['UserLocalizedLabel'] as J)['Label'], 'Loyalty Tier');
    const after = await changes(TABLES_QUERY, String(next.body['ServerVersionStamp']));
    assert.deepEqual(entities(after.body), [], 'the newer stamp has seen the column');
    const row = await get('contacts?$select=new_loyaltytier&$top=1');
    assert.equal(row.status, 200, 'the new column is queryable');
  });

  it('reports a renamed label in every language and filters languages with LabelQuery', async () => {
    const stamp = String((await changes(TABLES_QUERY)).body['ServerVersionStamp']);
    org.metadata.renameLabel({ table: 'account', label: 'Kunde', languageCode: 1031 });
    org.metadata.renameLabel({ table: 'lead', column: 'subject', label: 'Topic' });
    const next = await changes(TABLES_QUERY, stamp);
    const account = byName(next.body, 'account');
    assert.equal(account['HasChanged'], true);
    const labels = (account['DisplayName'] as J)['LocalizedLabels'] as J[];
    assert.deepEqual(labels.map((l) => [l['LanguageCode'], l['Label']]).sort(), [
      [1031, 'Kunde'],
      [1033, 'Account'],
    ]);
    assert.equal(((account['DisplayName'] as J)['UserLocalizedLabel'] as J)['Label'], 'Account');
    const lead = byName(next.body, 'lead');
    assert.equal(lead['HasChanged'], false);
    assert.deepEqual(
      (lead['Attributes'] as J[]).map((a) => a['LogicalName']),
      ['subject'],
    );
    const german = await changes({ ...TABLES_QUERY, LabelQuery: { FilterLanguages: [1031] } }, stamp);
    const only = (byName(german.body, 'account')['DisplayName'] as J)['LocalizedLabels'] as J[];
    assert.deepEqual(
      only.map((l) => l['LanguageCode']),
      [1031],
    );
    const def = await get("EntityDefinitions(LogicalName='account')?$select=DisplayName");
    assert.equal(
      ((def.body['DisplayName'] as J)['LocalizedLabels'] as J[]).length,
      2,
      'EntityDefinitions shows the new label too',
    );
  });

  it('lists deleted columns and tables in DeletedMetadata by filter', async () => {
    const stamp = String((await changes(TABLES_QUERY)).body['ServerVersionStamp']);
    const col = org.metadata.deleteColumn({ table: 'contact', column: 'nickname' });
    const table = org.metadata.deleteTable({ table: 'lead' });
    const attrOnly = await changes(TABLES_QUERY, stamp, 'Attribute');
    const del = attrOnly.body['DeletedMetadata'] as J;
    assert.deepEqual(del['Keys'], ['Attribute']);
    assert.ok(((del['Values'] as J[])[0]!['Items'] as string[]).includes(col.metadataId!));
    const all = await changes(TABLES_QUERY, stamp, 'All');
    const allDel = all.body['DeletedMetadata'] as J;
    assert.deepEqual(allDel['Keys'], ['Attribute', 'Default']);
    assert.deepEqual((allDel['Values'] as J[])[1]!['Items'] as string[], [table.metadataId]);
    assert.equal(allDel['Count'], 2);
    const noFilter = await changes(TABLES_QUERY, stamp);
    assert.equal((noFilter.body['DeletedMetadata'] as J)['Count'], 0, 'deletions only with DeletedMetadataFilters');
    assert.equal((await get('leads?$top=1')).status, 404, 'the deleted table is gone from the Web API');
    assert.equal((await get("EntityDefinitions(LogicalName='lead')")).status, 404);
  });

  it('answers ExpiredVersionStamp (0x80044352) for an expired, foreign or garbled stamp, and a full query still works', async () => {
    const stamp = String((await changes(TABLES_QUERY)).body['ServerVersionStamp']);
    org.metadata.expireStamps();
    for (const s of [stamp, '12345!01/01/2020 00:00:00', 'not a stamp']) {
      const res = await changes(TABLES_QUERY, s);
      assert.equal(res.status, 400, s);
      assert.deepEqual(res.body['error'], {
        code: '0x80044352',
        message: 'Version stamp associated with the client has expired. Please perform a full sync.',
      });
    }
    const full = await changes(TABLES_QUERY);
    assert.equal(entities(full.body).length, 3);
    const fresh = await changes(TABLES_QUERY, String(full.body['ServerVersionStamp']));
    assert.equal(fresh.status, 200);
  });

  it('refuses an AttributeQuery without Attributes among the properties, and bad conditions', async () => {
    const res = await changes({ ...DOC_QUERY, Properties: { AllProperties: false, PropertyNames: ['SchemaName'] } });
    assert.equal(res.status, 400);
    assert.equal((res.body['error'] as J)['code'], '0x80072527');
    const bad = await changes({
      Criteria: {
        Conditions: [
          { PropertyName: 'Nope', ConditionOperator: 'Equals', Value: { Type: 'System.String', Value: 'x' } },
        ],
      },
    });
    assert.equal((bad.body['error'] as J)['code'], '0x80040203');
    const op = await changes({
      Criteria: {
        Conditions: [
          { PropertyName: 'LogicalName', ConditionOperator: 'Like', Value: { Type: 'System.String', Value: 'x' } },
        ],
      },
    });
    assert.equal(op.status, 400);
  });

  it('filters columns by AttributeTypeName and returns their option sets and relationships when asked', async () => {
    const q = {
      Properties: { PropertyNames: ['Attributes', 'OneToManyRelationships', 'Keys'] },
      Criteria: {
        Conditions: [
          {
            PropertyName: 'LogicalName',
            ConditionOperator: 'Equals',
            Value: { Type: 'System.String', Value: 'account' },
          },
        ],
      },
      AttributeQuery: {
        Properties: { PropertyNames: ['LogicalName', 'OptionSet', 'AttributeTypeName'] },
        Criteria: {
          Conditions: [
            {
              PropertyName: 'AttributeTypeName',
              ConditionOperator: 'Equals',
              Value: { Type: 'Microsoft.Xrm.Sdk.Metadata.AttributeTypeDisplayName', Value: 'PicklistType' },
            },
          ],
        },
      },
    };
    const res = await changes(q);
    const account = entities(res.body)[0]!;
    const attrs = account['Attributes'] as J[];
    assert.ok(attrs.length > 3 && attrs.every((a) => (a['AttributeTypeName'] as J)['Value'] === 'PicklistType'));
    const industry = attrs.find((a) => a['LogicalName'] === 'industrycode')!;
    assert.equal(industry['@odata.type'], '#Microsoft.Dynamics.CRM.ComplexPicklistAttributeMetadata');
    assert.ok(((industry['OptionSet'] as J)['Options'] as J[]).length > 3);
    assert.ok((account['OneToManyRelationships'] as J[]).length > 10);
    assert.deepEqual(
      (account['Keys'] as J[]).map((k) => k['KeyAttributes']),
      [['accountnumber']],
    );
    const q2 = encodeURIComponent(JSON.stringify({ Properties: { PropertyNames: ['SchemaName'] } }));
    const inline = await get(`RetrieveMetadataChanges(Query=@q,ClientVersionStamp='')?@q=${q2}`);
    assert.equal(inline.status, 200, 'an empty inline stamp is a first request');
    assert.ok(entities(inline.body).length > 200 && entities(inline.body).every((e) => e['Attributes'] === null));
  });
});
