import { strict as assert } from 'node:assert';
import { startTestOrg, type TestOrg } from './support/dataverse-server';
import { tableName } from '../src/dataverse/synthetic/names';

type J = Record<string, unknown>;

function tail(ctx: unknown): string {
  return String(ctx).replace(/^.*\$metadata#/, '');
}

describe('dataverse emulator: metadata, relationships, keys and big tables', function () {
  let org: TestOrg;
  const call = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: J }> => {
    const res = await fetch(`${org.url}/api/data/v9.2/${path}`, {
      ...init,
      headers: {
        Authorization: 'Bearer good:meta',
        Accept: 'application/json',
        ...((init.headers as Record<string, string>) ?? {}),
      },
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as J) : {} };
  };
  const values = (b: J): J[] => b['value'] as J[];

  before(async () => {
    org = await startTestOrg({ accountRecords: 100_000, extraTables: 5, extraTableColumns: 40 });
  });
  after(async () => {
    await org.close();
  });

  it('lists every table in one response, filtered by IsValidForAdvancedFind or LogicalName', async () => {
    const all = await call('EntityDefinitions?$select=LogicalName,EntitySetName,DisplayName');
    assert.equal(all.body['@odata.nextLink'], undefined);
    assert.ok(values(all.body).some((e) => e['LogicalName'] === tableName(5).logicalName));
    const one = await call("EntityDefinitions?$select=LogicalName&$filter=LogicalName eq 'contact'");
    assert.deepEqual(
      values(one.body).map((e) => e['LogicalName']),
      ['contact'],
    );
    const af = await call(
      'EntityDefinitions?$select=LogicalName,IsValidForAdvancedFind&$filter=IsValidForAdvancedFind eq true',
    );
    assert.ok(values(af.body).length > 100);
    assert.ok(values(af.body).every((e) => e['IsValidForAdvancedFind'] === true));
    const label = values(all.body).find((e) => e['LogicalName'] === 'account')!['DisplayName'] as J;
    assert.equal((label['UserLocalizedLabel'] as J)['Label'], 'Account');
  });

  it('casts attributes to derived types and expands option sets', async () => {
    const pick = await call(
      "EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet",
    );
    assert.equal(
      tail(pick.body['@odata.context']),
      "EntityDefinitions('account')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata(LogicalName,OptionSet())",
    );
    const industry = values(pick.body).find((a) => a['LogicalName'] === 'industrycode')!;
    assert.equal(industry['@odata.type'], '#Microsoft.Dynamics.CRM.PicklistAttributeMetadata');
    const options = (industry['OptionSet'] as J)['Options'] as J[];
    assert.equal(((options[0]!['Label'] as J)['UserLocalizedLabel'] as J)['Label'], 'Accounting');
    const bool = await call(
      "EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$select=LogicalName&$expand=OptionSet",
    );
    assert.ok(((values(bool.body)[0]!['OptionSet'] as J)['TrueOption'] as J)['Value'] === 1);
    for (const cast of ['StateAttributeMetadata', 'StatusAttributeMetadata', 'MultiSelectPicklistAttributeMetadata']) {
      const res = await call(
        `EntityDefinitions(LogicalName='${tableName(1).logicalName}')/Attributes/Microsoft.Dynamics.CRM.${cast}?$select=LogicalName&$expand=OptionSet,GlobalOptionSet`,
      );
      assert.ok(values(res.body).length >= 1, cast);
      assert.ok('GlobalOptionSet' in values(res.body)[0]!, cast);
    }
  });

  it('keys attributes on AttributeTypeName (multi-select, file and image report Virtual)', async () => {
    const res = await call(
      `EntityDefinitions(LogicalName='${tableName(1).logicalName}')/Attributes?$select=LogicalName,AttributeType,AttributeTypeName`,
    );
    const byType = new Map(values(res.body).map((a) => [(a['AttributeTypeName'] as J)['Value'], a]));
    for (const typeName of ['MultiSelectPicklistType', 'FileType', 'ImageType']) {
      assert.equal(byType.get(typeName)?.['AttributeType'], 'Virtual', typeName);
    }
  });

  it('returns a single attribute by logical name with its cast in the context', async () => {
    const res = await call("EntityDefinitions(LogicalName='account')/Attributes(LogicalName='primarycontactid')");
    assert.equal(
      tail(res.body['@odata.context']),
      "EntityDefinitions('account')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata/$entity",
    );
    assert.deepEqual(res.body['Targets'], ['contact']);
    const missing = await call("EntityDefinitions(LogicalName='account')/Attributes(LogicalName='nope')");
    assert.equal(missing.status, 404);
    const noTable = await call("EntityDefinitions(LogicalName='nope')");
    assert.equal((noTable.body['error'] as J)['code'], '0x80040217');
  });

  it('serves relationships (captured for account, synthesized for others), keys and global option sets', async () => {
    const o2m = await call(
      "EntityDefinitions(LogicalName='account')/OneToManyRelationships?$select=SchemaName,ReferencingEntity",
    );
    assert.equal(values(o2m.body).length, 46);
    const m2o = await call("EntityDefinitions(LogicalName='contact')/ManyToOneRelationships");
    const parent = values(m2o.body).find(
      (r) => r['ReferencingAttribute'] === 'parentcustomerid' && r['ReferencedEntity'] === 'account',
    );
    assert.ok(parent, 'contact → account relationship');
    assert.equal(parent['RelationshipType'], 'OneToManyRelationship');
    const m2m = await call("EntityDefinitions(LogicalName='account')/ManyToManyRelationships?$select=SchemaName");
    assert.ok(values(m2m.body).length >= 1);
    const keys = await call("EntityDefinitions(LogicalName='account')/Keys");
    assert.deepEqual(values(keys.body)[0]!['KeyAttributes'], ['accountnumber']);
    const sets = await call('GlobalOptionSetDefinitions?$select=Name');
    const name = String(values(sets.body)[0]!['Name']);
    const one = await call(`GlobalOptionSetDefinitions(Name='${name}')`);
    assert.equal(one.body['IsGlobal'], true);
    const expanded = await call(
      "EntityDefinitions(LogicalName='contact')?$select=LogicalName&$expand=Attributes($select=LogicalName)",
    );
    assert.ok(
      (expanded.body['Attributes'] as J[]).every((a) =>
        Object.keys(a).every((k) => ['@odata.type', 'LogicalName', 'MetadataId'].includes(k)),
      ),
    );
  });

  it('pages 100k accounts by resuming after the cookie key, and finds rows by alternate key', async () => {
    const first = await call('accounts?$select=name', { headers: { Prefer: 'odata.maxpagesize=5000' } });
    assert.equal(values(first.body).length, 5000);
    const next = String(first.body['@odata.nextLink']);
    const second = await fetch(next, {
      headers: { Authorization: 'Bearer good:meta', Prefer: 'odata.maxpagesize=5000' },
    }).then((r) => r.json() as Promise<J>);
    assert.equal(values(second).length, 5000);
    assert.notEqual(values(second)[0]!['accountid'], values(first.body)[4999]!['accountid']);
    const counted = await call('accounts?$select=name&$count=true&$top=1');
    assert.equal(counted.body['@odata.count'], 5000, 'count is capped at 5000 like Dataverse');
    const alt = await call("accounts(accountnumber='ACC-000003')?$select=name,accountnumber");
    assert.equal(alt.body['accountnumber'], 'ACC-000003');
  });

  it('expands a collection over the 100k-row table through a reverse index', async () => {
    const res = await call(
      'contacts?$select=fullname&$top=3&$expand=account_primary_contact($select=name,_primarycontactid_value;$top=5)',
    );
    let total = 0;
    for (const c of values(res.body)) {
      for (const a of c['account_primary_contact'] as J[]) {
        assert.equal(a['_primarycontactid_value'], c['contactid']);
        total++;
      }
    }
    assert.ok(total > 0, 'some accounts point at these contacts');
  });

  it('associates and disassociates through $ref and reads related collections', async () => {
    const account = String(values((await call('accounts?$select=name&$top=2')).body)[1]!['accountid']);
    const contact = String(values((await call('contacts?$select=fullname&$top=1')).body)[0]!['contactid']);
    const refUrl = `${org.url}/api/data/v9.2/contacts(${contact})`;
    const post = await call(`accounts(${account})/contact_customer_accounts/$ref`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ '@odata.id': refUrl }),
    });
    assert.equal(post.status, 204);
    const related = await call(`accounts(${account})/contact_customer_accounts?$select=fullname`);
    assert.ok(values(related.body).some((c) => c['contactid'] === contact));
    const del = await call(`accounts(${account})/contact_customer_accounts(${contact})/$ref`, { method: 'DELETE' });
    assert.equal(del.status, 204);
    const after = await call(`accounts(${account})/contact_customer_accounts?$select=fullname`);
    assert.ok(!values(after.body).some((c) => c['contactid'] === contact));
  });

  it('answers RetrieveVersion and RetrieveTotalRecordCount', async () => {
    const v = await call('RetrieveVersion()');
    assert.match(String(v.body['Version']), /^9\.2\./);
    const counts = await call("RetrieveTotalRecordCount(EntityNames=['account','contact'])");
    const coll = counts.body['EntityRecordCountCollection'] as J;
    assert.deepEqual(coll['Keys'], ['account', 'contact']);
    assert.ok(Number((coll['Values'] as number[])[0]) >= 100_000);
  });

  it('destroys the socket when resetRate is 1', async () => {
    org.faults.resetRate = 1;
    try {
      await assert.rejects(
        fetch(`${org.url}/api/data/v9.2/WhoAmI`, { headers: { Authorization: 'Bearer good:meta' } }),
      );
    } finally {
      org.faults.resetRate = 0;
    }
  });
});
