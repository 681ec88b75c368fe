// An independent Dataverse client (dynamics-web-api v2) against the emulator: if it works here the
// emulator speaks the protocol real clients expect, not just what our own client sends.
import { strict as assert } from 'node:assert';
import { DynamicsWebApi } from 'dynamics-web-api';
import { startTestOrg, type TestOrg } from './support/dataverse-server';

type J = Record<string, unknown>;

describe('dataverse emulator: dynamics-web-api client', function () {
  let org: TestOrg;
  let client: DynamicsWebApi;
  // dynamics-web-api sends through a proxy named in the environment (http_proxy, …); the emulator is
  // on this machine, so a proxy set for the machine's way out must not take these requests.
  const PROXY_VARS = ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY'];
  const saved = new Map<string, string | undefined>();

  before(async () => {
    for (const name of PROXY_VARS) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
    org = await startTestOrg({ accountRecords: 230 });
    client = new DynamicsWebApi({
      serverUrl: org.url,
      onTokenRefresh: () => Promise.resolve('good:dwa'),
      dataApi: { version: '9.2' },
    });
  });
  after(async () => {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
    await org.close();
  });

  it('retrieves, filters and orders records', async () => {
    const res = await client.retrieveMultiple<J>({
      collection: 'accounts',
      select: ['name', 'revenue'],
      filter: "startswith(name,'Contoso')",
      orderBy: ['name'],
      top: 5,
    });
    assert.ok(res.value.length > 0 && res.value.length <= 5);
    const names = res.value.map((r) => String(r['name']));
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
  });

  it('pages through every account with retrieveAll and maxPageSize', async () => {
    const all = await client.retrieveAll<J>({ collection: 'accounts', select: ['name'], maxPageSize: 100 });
    const ids = new Set(all.value.map((r) => String(r['accountid'])));
    assert.equal(ids.size, 231);
  });

  it('reads formatted values and lookup annotations', async () => {
    const res = await client.retrieveMultiple<J>({
      collection: 'contacts',
      select: ['fullname', 'statecode', '_parentcustomerid_value'],
      filter: '_parentcustomerid_value ne null',
      top: 1,
      includeAnnotations: '*',
    });
    const r = res.value[0]!;
    assert.equal(r['statecode@OData.Community.Display.V1.FormattedValue'], 'Active');
    assert.ok(
      ['account', 'contact'].includes(String(r['_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'])),
    );
  });

  it('runs FetchXML across pages with fetchAll', async () => {
    const res = await client.fetchAll<J>({
      collection: 'accounts',
      fetchXml:
        '<fetch count="60"><entity name="account"><attribute name="name"/><order attribute="name"/></entity></fetch>',
    });
    assert.equal(res.value.length, 231);
  });

  it('counts and reads metadata', async () => {
    const n = await client.count({ collection: 'contacts' });
    assert.ok(n > 0);
    const defs = await client.retrieveMultiple<J>({
      collection: 'EntityDefinitions',
      select: ['LogicalName', 'EntitySetName'],
    });
    assert.ok(defs.value.some((d) => d['LogicalName'] === 'account'));
  });

  it('executes a $batch with a change set and a Content-ID reference', async () => {
    client.startBatch();
    void client.create({ collection: 'contacts', data: { firstname: 'Grace', lastname: 'Hopper' }, contentId: '1' });
    void client.create({ collection: 'accounts', data: { name: 'Batch Co', 'primarycontactid@odata.bind': '$1' } });
    const responses = await client.executeBatch();
    assert.equal(responses.length, 2);
    const accountId = String(responses[1]);
    const account = await client.retrieve<J>({
      collection: 'accounts',
      key: accountId,
      select: ['name'],
      expand: [{ property: 'primarycontactid', select: ['lastname'] }],
    });
    assert.equal((account['primarycontactid'] as J)['lastname'], 'Hopper');
  });

  it('updates with an ETag and sees the precondition fail on a stale one', async () => {
    const created = await client.create<J>({
      collection: 'contacts',
      data: { lastname: 'Etag' },
      returnRepresentation: true,
    });
    const id = String(created['contactid']);
    const ok = await client.update({
      collection: 'contacts',
      key: id,
      data: { lastname: 'Etag2' },
      ifmatch: String(created['@odata.etag']),
    });
    assert.equal(ok, true);
    const stale = await client.update({
      collection: 'contacts',
      key: id,
      data: { lastname: 'Etag3' },
      ifmatch: String(created['@odata.etag']),
    });
    assert.equal(stale, false, 'dynamics-web-api reports a 412 on update as false');
    await client.deleteRecord({ collection: 'contacts', key: id });
    await assert.rejects(
      client.retrieve({ collection: 'contacts', key: id }),
      (e: J) => e['status'] === 404 && e['code'] === '0x80040217',
    );
  });
});
