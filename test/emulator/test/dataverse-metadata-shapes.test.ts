// Metadata as the explorer asks for it: the trimmed EntityDefinitions list, a table's columns,
// relationships and keys in one request, derived-type casts, and activitypointer as a real table.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestOrg, type TestOrg } from './support/dataverse-server';
import { DEFAULT_FIXTURES } from '../src/dataverse/captures';
import { tableName } from '../src/dataverse/synthetic/names';
import { SyntheticTables } from '../src/dataverse/synthetic/synthetic';

type J = Record<string, unknown>;

const TRIMMED = [
  'LogicalName',
  'SchemaName',
  'EntitySetName',
  'DisplayName',
  'DisplayCollectionName',
  'Description',
  'PrimaryIdAttribute',
  'PrimaryNameAttribute',
  'IsCustomEntity',
  'IsActivity',
  'IsIntersect',
  'OwnershipType',
  'ObjectTypeCode',
  'MetadataId',
];

function capture(name: string): J {
  return JSON.parse(readFileSync(join(DEFAULT_FIXTURES, 'recorded', name), 'utf8')) as J;
}

describe('dataverse emulator: metadata shapes the explorer reads', function () {
  let org: TestOrg;
  const call = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: J }> => {
    const res = await fetch(`${org.url}/api/data/v9.2/${path}`, {
      ...init,
      headers: {
        Authorization: 'Bearer good:shapes',
        Accept: 'application/json',
        'Content-Type': 'application/json',
        ...((init.headers as Record<string, string>) ?? {}),
      },
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as J) : {} };
  };
  const values = (b: J): J[] => b['value'] as J[];
  const errorCode = (b: J): unknown => (b['error'] as J | undefined)?.['code'];

  before(async () => {
    org = await startTestOrg({ extraTables: 3, extraTableColumns: 60 });
  });
  after(async () => {
    await org.close();
  });

  it('lists every table with the trimmed $select, values as recorded for account', async () => {
    const res = await call(`EntityDefinitions?$select=${TRIMMED.join(',')}`);
    const list = values(res.body);
    assert.ok(list.length > 230, String(list.length));
    for (const e of list) assert.deepEqual(Object.keys(e).sort(), [...TRIMMED].sort(), String(e['LogicalName']));
    const account = list.find((e) => e['LogicalName'] === 'account')!;
    const recorded = capture('entitydefinition_account_expand_relationships.json');
    for (const k of TRIMMED) assert.deepEqual(account[k], recorded[k], k);
    const custom = await call('EntityDefinitions?$select=LogicalName&$filter=IsCustomEntity eq true');
    assert.ok(values(custom.body).some((e) => e['LogicalName'] === tableName(1).logicalName));
  });

  it('lists activitypointer as a table and serves the rows of every activity table from activitypointers', async () => {
    const def = await call(
      "EntityDefinitions(LogicalName='activitypointer')?$select=LogicalName,EntitySetName,ObjectTypeCode,IsActivity,DisplayName,PrimaryNameAttribute",
    );
    assert.equal(def.body['EntitySetName'], 'activitypointers');
    assert.equal(def.body['ObjectTypeCode'], 4200);
    assert.equal(def.body['PrimaryNameAttribute'], 'subject');
    assert.equal(((def.body['DisplayName'] as J)['UserLocalizedLabel'] as J)['Label'], 'Activity');
    const task = await call("EntityDefinitions(LogicalName='task')?$select=IsActivity,ObjectTypeCode");
    assert.equal(task.body['IsActivity'], true);
    assert.equal(task.body['ObjectTypeCode'], 4212);
    const rows = values((await call('activitypointers?$select=subject,activitytypecode')).body);
    const types = new Set(rows.map((r) => r['activitytypecode']));
    assert.ok(
      ['task', 'email', 'phonecall', 'appointment'].every((t) => types.has(t)),
      [...types].join(),
    );
    const tasks = values((await call('tasks?$select=subject')).body);
    assert.equal(rows.filter((r) => r['activitytypecode'] === 'task').length, tasks.length);
    const one = await call(`activitypointers(${String(tasks[0]!['activityid'])})?$select=subject,activitytypecode`);
    assert.equal(one.body['subject'], tasks[0]!['subject']);
    assert.equal(one.body['activitytypecode'], 'task');
    await call(`tasks(${String(tasks[0]!['activityid'])})`, {
      method: 'PATCH',
      body: JSON.stringify({ subject: 'Call back Contoso' }),
    });
    const after = await call(`activitypointers?$select=subject&$filter=subject eq 'Call back Contoso'`);
    assert.equal(values(after.body).length, 1, 'a write to the task shows in activitypointers');
    const count = await fetch(`${org.url}/api/data/v9.2/activitypointers/$count`, {
      headers: { Authorization: 'Bearer good:shapes' },
    });
    assert.equal(Number(await count.text()), rows.length);
    const refused = await call('activitypointers', { method: 'POST', body: JSON.stringify({ subject: 'x' }) });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body['error'], {
      code: '0x80040800',
      message: "The 'Create' method does not support entities of type 'activitypointer'.",
    });
  });

  it('expands columns, relationships and keys of a table in one request', async () => {
    const res = await call(
      "EntityDefinitions(LogicalName='account')?$select=LogicalName&$expand=Attributes($select=LogicalName,AttributeTypeName,RequiredLevel,IsValidForCreate)," +
        'OneToManyRelationships($select=SchemaName,ReferencingEntity,ReferencingAttribute,ReferencedEntityNavigationPropertyName),' +
        'ManyToOneRelationships($select=SchemaName,ReferencedEntity,ReferencingEntityNavigationPropertyName),ManyToManyRelationships($select=SchemaName,Entity2LogicalName),Keys($select=KeyAttributes)',
    );
    assert.equal(res.status, 200);
    const attrs = res.body['Attributes'] as J[];
    assert.ok(
      attrs.every(
        (a) =>
          typeof (a['AttributeTypeName'] as J)['Value'] === 'string' &&
          typeof (a['RequiredLevel'] as J)['Value'] === 'string',
      ),
    );
    const byName = new Map(attrs.map((a) => [a['LogicalName'], (a['AttributeTypeName'] as J)['Value']]));
    for (const [n, t] of [
      ['revenue', 'MoneyType'],
      ['primarycontactid', 'LookupType'],
      ['ownerid', 'OwnerType'],
      ['versionnumber', 'BigIntType'],
      ['entityimage', 'ImageType'],
      ['industrycode', 'PicklistType'],
      ['statecode', 'StateType'],
      ['name', 'StringType'],
      ['description', 'MemoType'],
    ]) {
      assert.equal(byName.get(n), t, n);
    }
    assert.ok(
      (res.body['OneToManyRelationships'] as J[]).every(
        (r) =>
          Object.keys(r).sort().join() ===
          'MetadataId,ReferencedEntityNavigationPropertyName,ReferencingAttribute,ReferencingEntity,SchemaName',
      ),
    );
    assert.ok((res.body['ManyToOneRelationships'] as J[]).length > 5);
    assert.ok((res.body['ManyToManyRelationships'] as J[]).length >= 1);
    assert.deepEqual(res.body['Keys'], [
      { KeyAttributes: ['accountnumber'], MetadataId: (res.body['Keys'] as J[])[0]!['MetadataId'] },
    ]);
  });

  it('refuses derived-type properties without a cast, as Dataverse does, and serves them with one', async () => {
    const plain = await call("EntityDefinitions(LogicalName='account')/Attributes?$select=LogicalName,MaxLength");
    assert.equal(plain.status, 400);
    assert.deepEqual(plain.body['error'], {
      code: '0x0',
      message: "Could not find a property named 'MaxLength' on type 'Microsoft.Dynamics.CRM.AttributeMetadata'.",
    });
    const expanded = await call(
      "EntityDefinitions(LogicalName='account')?$expand=Attributes($select=LogicalName,Targets)",
    );
    assert.equal(expanded.status, 400);
    const strings = await call(
      "EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength",
    );
    assert.ok(values(strings.body).every((a) => typeof a['MaxLength'] === 'number'));
    assert.equal(values(strings.body).find((a) => a['LogicalName'] === 'name')!['MaxLength'], 160);
    const lookups = await call(
      "EntityDefinitions(LogicalName='contact')?$select=LogicalName&$expand=Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata($select=LogicalName,Targets)",
    );
    const parent = (lookups.body['Attributes'] as J[]).find((a) => a['LogicalName'] === 'parentcustomerid')!;
    assert.deepEqual([...(parent['Targets'] as string[])].sort(), ['account', 'contact']);
    const one = await call(
      "EntityDefinitions(LogicalName='account')/Attributes(LogicalName='primarycontactid')?$select=Targets",
    );
    assert.equal(one.status, 400, 'one attribute is still addressed as AttributeMetadata');
    const cast = await call(
      "EntityDefinitions(LogicalName='account')/Attributes(LogicalName='primarycontactid')/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=Targets",
    );
    assert.deepEqual(cast.body['Targets'], ['contact']);
    const money = await call(
      "EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.MoneyAttributeMetadata?$select=LogicalName,Precision",
    );
    assert.ok(values(money.body).every((a) => a['Precision'] === 2));
    const choices = await call(
      "EntityDefinitions(LogicalName='account')?$select=LogicalName&$expand=Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata($select=LogicalName;$expand=OptionSet,GlobalOptionSet)",
    );
    const industry = (choices.body['Attributes'] as J[]).find((a) => a['LogicalName'] === 'industrycode')!;
    assert.ok(((industry['OptionSet'] as J)['Options'] as J[]).length > 3);
    assert.ok('GlobalOptionSet' in industry);
  });

  it('casts generated tables to every choice type, with local and global option sets', async () => {
    const t = tableName(2).logicalName;
    for (const cast of ['Picklist', 'MultiSelectPicklist', 'State', 'Status', 'Boolean']) {
      const res = await call(
        `EntityDefinitions(LogicalName='${t}')/Attributes/Microsoft.Dynamics.CRM.${cast}AttributeMetadata?$select=LogicalName&$expand=OptionSet,GlobalOptionSet`,
      );
      assert.ok(values(res.body).length >= 1, cast);
      for (const a of values(res.body)) assert.ok(a['OptionSet'], `${cast} ${String(a['LogicalName'])}`);
    }
    const picks = values(
      (
        await call(
          `EntityDefinitions(LogicalName='${t}')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=GlobalOptionSet`,
        )
      ).body,
    );
    const global = picks.find((a) => a['GlobalOptionSet'])!;
    const name = String((global['GlobalOptionSet'] as J)['Name']);
    const def = await call(`GlobalOptionSetDefinitions(Name='${name}')`);
    assert.equal(def.body['IsGlobal'], true);
    assert.deepEqual(
      (def.body['Options'] as J[]).map((o) => ((o['Label'] as J)['UserLocalizedLabel'] as J)['Label']),
      ((global['GlobalOptionSet'] as J)['Options'] as J[]).map(
        (o) => ((o['Label'] as J)['UserLocalizedLabel'] as J)['Label'],
      ),
    );
    const base = await call('GlobalOptionSetDefinitions?$select=Name,Options');
    assert.equal(errorCode(base.body), '0x0', 'Options is not on OptionSetMetadataBase');
    const cast = await call('GlobalOptionSetDefinitions/Microsoft.Dynamics.CRM.OptionSetMetadata?$select=Name,Options');
    assert.ok(values(cast.body).every((s) => Array.isArray(s['Options'])));
  });

  it('serves generated tables with realistic labels, lookups that resolve, and records', async () => {
    const t = tableName(3);
    const def = await call(
      `EntityDefinitions(LogicalName='${t.logicalName}')?$select=DisplayName,DisplayCollectionName,EntitySetName,ObjectTypeCode`,
    );
    assert.equal(((def.body['DisplayName'] as J)['UserLocalizedLabel'] as J)['Label'], t.displayName);
    assert.equal(def.body['EntitySetName'], t.entitySetName);
    const m2o = values(
      (
        await call(
          `EntityDefinitions(LogicalName='${t.logicalName}')/ManyToOneRelationships?$select=ReferencedEntity,ReferencingEntityNavigationPropertyName`,
        )
      ).body,
    );
    const earlier = [tableName(1), tableName(2)];
    const toPrevious = m2o.find((r) => earlier.some((x) => x.logicalName === r['ReferencedEntity']))!;
    assert.ok(toPrevious, 'a lookup to an earlier generated table');
    const target = earlier.find((x) => x.logicalName === toPrevious['ReferencedEntity'])!;
    const nav = String(toPrevious['ReferencingEntityNavigationPropertyName']);
    const rows = values(
      (await call(`${t.entitySetName}?$select=${t.prefix}_name&$expand=${nav}($select=${target.prefix}_name)&$top=20`))
        .body,
    );
    assert.equal(rows.length, 20);
    assert.ok(
      rows.some((r) => r[nav] !== null),
      'some lookups point at existing rows',
    );
    const o2m = values(
      (
        await call(
          `EntityDefinitions(LogicalName='${target.logicalName}')/OneToManyRelationships?$select=ReferencingEntity`,
        )
      ).body,
    );
    assert.ok(
      o2m.some((r) => r['ReferencingEntity'] === t.logicalName),
      'the 1:N side exists too',
    );
  });

  it("lists a 1,000-table org without building any table's columns, and builds a 400-column table on demand", () => {
    const tables = new SyntheticTables(1000, 400);
    for (const e of tables.entities) {
      assert.ok(e.logicalName && e.entitySetName && e.displayName && e.traits);
    }
    assert.equal(tables.builtCount, 0);
    assert.equal(tables.entities[999]!.attributes.length, 400);
    assert.equal(tables.builtCount, 1);
    for (const e of tables.entities.slice(0, 100)) void e.navs;
    assert.ok(tables.builtCount <= 48, 'only the most recently used tables keep their columns');
  });
});
