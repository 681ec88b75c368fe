import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestOrg, TEST_TENANT, type TestOrg } from './support/dataverse-server';
import { DEFAULT_FIXTURES } from '../src/dataverse/captures';

type J = Record<string, unknown>;

function capture(name: string): J {
  return JSON.parse(readFileSync(join(DEFAULT_FIXTURES, 'recorded', name), 'utf8')) as J;
}

function contextTail(ctx: unknown): string {
  return String(ctx).replace(/^.*\$metadata#/, '');
}

describe('dataverse emulator: Web API over HTTP', function () {
  let org: TestOrg;
  const api = (path: string): string => `${org.url}/api/data/v9.2/${path}`;
  const call = async (
    path: string,
    init: RequestInit = {},
    token = 'good:alice',
  ): Promise<{ status: number; headers: Headers; body: J; text: string }> => {
    const res = await fetch(api(path), {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        'OData-Version': '4.0',
        ...((init.headers as Record<string, string>) ?? {}),
      },
    });
    const text = await res.text();
    let body: J = {};
    try {
      body = JSON.parse(text) as J;
    } catch {
      /* not JSON ($count, $metadata, $batch) */
    }
    return { status: res.status, headers: res.headers, body, text };
  };

  before(async () => {
    org = await startTestOrg();
  });
  after(async () => {
    await org.close();
  });
  afterEach(() => {
    Object.assign(org.faults, { throttleNext: 0, requestsPerWindow: 0, serverErrorRate: 0 });
  });

  describe('conformance with recorded responses', () => {
    it('WhoAmI has the recorded keys, context and headers; UserId is stable per oid', async () => {
      const a = await call('WhoAmI');
      assert.equal(a.status, 200);
      assert.deepEqual(Object.keys(a.body).sort(), Object.keys(capture('whoami.json')).sort());
      assert.equal(contextTail(a.body['@odata.context']), 'Microsoft.Dynamics.CRM.WhoAmIResponse');
      assert.equal(a.headers.get('odata-version'), '4.0');
      assert.equal(a.headers.get('content-type'), 'application/json; odata.metadata=minimal');
      assert.match(a.headers.get('req_id') ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(a.headers.get('x-ms-service-request-id'), a.headers.get('req_id'));
      assert.match(a.headers.get('x-ms-ratelimit-burst-remaining-xrm-requests') ?? '', /^\d+$/);
      assert.equal(a.headers.get('x-ms-ratelimit-time-remaining-xrm-requests'), '1,200.00');
      const again = await call('WhoAmI');
      const bob = await call('WhoAmI', {}, 'good:bob');
      assert.equal(again.body['UserId'], a.body['UserId']);
      assert.notEqual(bob.body['UserId'], a.body['UserId']);
    });

    it('serves captured EntityMetadata verbatim and synthesizes others with the same keys', async () => {
      const contact = await call("EntityDefinitions(LogicalName='contact')");
      const recorded = capture('entitydefinition_contact.json');
      assert.equal(contextTail(contact.body['@odata.context']), 'EntityDefinitions/$entity');
      assert.deepEqual({ ...contact.body, '@odata.context': null }, { ...recorded, '@odata.context': null });
      const lead = await call("EntityDefinitions(LogicalName='lead')");
      assert.deepEqual(Object.keys(lead.body), Object.keys(recorded));
      assert.equal(lead.body['EntitySetName'], 'leads');
      const byId = await call(`EntityDefinitions(${String(lead.body['MetadataId'])})?$select=LogicalName`);
      assert.equal(byId.body['LogicalName'], 'lead');
    });

    it('serves the captured attribute list with @odata.type casts verbatim', async () => {
      const res = await call("EntityDefinitions(LogicalName='mailbox')/Attributes?$select=LogicalName");
      const recorded = capture('entitydefinition_mailbox_attributes_logicalname.json');
      assert.equal(contextTail(res.body['@odata.context']), "EntityDefinitions('mailbox')/Attributes(LogicalName)");
      assert.deepEqual(res.body['value'], recorded['value']);
    });

    it('returns records shaped like the captures (etag, lookups, $select context)', async () => {
      const recorded = capture('account_entity.json');
      const res = await call(`accounts(${String(recorded['accountid'])})`);
      assert.deepEqual(Object.keys(res.body).sort(), Object.keys(recorded).sort());
      assert.equal(contextTail(res.body['@odata.context']), 'accounts/$entity');
      assert.equal(res.headers.get('etag'), recorded['@odata.etag']);
      const list = await call('accounts?$select=name,_primarycontactid_value&$top=3');
      assert.equal(contextTail(list.body['@odata.context']), 'accounts(name,_primarycontactid_value)');
      for (const r of list.body['value'] as J[]) {
        assert.deepEqual(Object.keys(r), ['@odata.etag', 'name', '_primarycontactid_value', 'accountid']);
        assert.match(String(r['@odata.etag']), /^W\/"\d+"$/);
      }
    });

    it('adds FormattedValue / lookuplogicalname / associatednavigationproperty like the annotated capture', async () => {
      const res = await call(
        'accounts?$select=name,revenue,statecode,_primarycontactid_value&$filter=_primarycontactid_value ne null&$top=1',
        { headers: { Prefer: 'odata.include-annotations="*"' } },
      );
      assert.equal(res.headers.get('preference-applied'), 'odata.include-annotations="*"');
      const r = (res.body['value'] as J[])[0]!;
      const recorded = (capture('organizations_with_formattedvalue_annotations.json')['value'] as J[])[0]!;
      const suffixes = (o: J): Set<string> =>
        new Set(
          Object.keys(o)
            .filter((k) => k.includes('@') && !k.startsWith('@'))
            .map((k) => k.slice(k.indexOf('@'))),
        );
      assert.deepEqual([...suffixes(r)].sort(), [...suffixes(recorded)].sort());
      assert.equal(r['statecode@OData.Community.Display.V1.FormattedValue'], 'Active');
      assert.equal(r['_primarycontactid_value@Microsoft.Dynamics.CRM.lookuplogicalname'], 'contact');
      const keys = Object.keys(r);
      assert.ok(keys.indexOf('revenue@OData.Community.Display.V1.FormattedValue') < keys.indexOf('revenue'));
    });

    it('creates with return=representation like the captured POST', async () => {
      const res = await call('accounts?$select=name', {
        method: 'POST',
        body: JSON.stringify({ name: 'powerplatform_rest' }),
        headers: { 'Content-Type': 'application/json', Prefer: 'return=representation' },
      });
      const recorded = capture('post_account_return_representation.json');
      assert.equal(res.status, 201);
      assert.deepEqual(Object.keys(res.body).sort(), Object.keys(recorded).sort());
      assert.equal(contextTail(res.body['@odata.context']), contextTail(recorded['@odata.context']));
      assert.equal(res.headers.get('preference-applied'), 'return=representation');
    });

    it('answers $ref and $expand with the captured context shapes', async () => {
      const account = (await call('accounts?$select=name&$top=1')).body['value'] as J[];
      const id = String(account[0]!['accountid']);
      const refs = await call(`accounts(${id})/contact_customer_accounts/$ref`);
      assert.equal(
        contextTail(refs.body['@odata.context']),
        contextTail(capture('collection_ref.json')['@odata.context']),
      );
      for (const v of refs.body['value'] as J[]) assert.deepEqual(Object.keys(v), ['@odata.id']);
      const sol = await call('solutions?$expand=publisherid&$top=1');
      assert.equal(
        contextTail(sol.body['@odata.context']),
        contextTail(capture('solutions_expand_publisher.json')['@odata.context']),
      );
      assert.equal(typeof ((sol.body['value'] as J[])[0]!['publisherid'] as J)['publisherid'], 'string');
    });
  });

  describe('queries', () => {
    it('pages with odata.maxpagesize and a paging-cookie $skiptoken until every row was seen once', async () => {
      const seen = new Set<string>();
      let next: string | undefined = 'accounts?$select=name';
      let pages = 0;
      while (next) {
        const res = await call(next.replace(api(''), ''), { headers: { Prefer: 'odata.maxpagesize=50' } });
        assert.equal(res.status, 200);
        for (const r of res.body['value'] as J[]) seen.add(String(r['accountid']));
        next = res.body['@odata.nextLink'] as string | undefined;
        if (next) assert.match(next, /\$skiptoken=%3Ccookie%20pagenumber%3D%22\d+%22%20pagingcookie%3D/);
        pages++;
      }
      assert.ok(seen.size >= 121, `expected all accounts, saw ${seen.size}`);
      assert.equal(pages, Math.ceil(seen.size / 50));
    });

    it('filters, orders, counts and expands', async () => {
      const res = await call(
        "accounts?$select=name,revenue&$filter=(contains(name,'contoso') or startswith(name,'Fabrikam')) and revenue ne null&$orderby=revenue desc,name&$count=true&$expand=primarycontactid($select=fullname)",
      );
      const rows = res.body['value'] as J[];
      assert.equal(res.body['@odata.count'], rows.length);
      assert.ok(rows.length > 0);
      for (let i = 1; i < rows.length; i++) assert.ok(Number(rows[i - 1]!['revenue']) >= Number(rows[i]!['revenue']));
      for (const r of rows) assert.match(String(r['name']).toLowerCase(), /contoso|^fabrikam/);
      assert.ok(rows.every((r) => 'primarycontactid' in r));
      const count = await call('contacts/$count');
      assert.match(count.text, /^\d+$/);
    });

    it('runs FetchXML with paging cookie and morerecords', async () => {
      const fetchXml =
        '<fetch count="40"><entity name="account"><attribute name="name"/><order attribute="accountid"/></entity></fetch>';
      const first = await call(`accounts?fetchXml=${encodeURIComponent(fetchXml)}`);
      assert.equal(first.body['@Microsoft.Dynamics.CRM.morerecords'], true);
      const cookie = String(first.body['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie']);
      const inner = decodeURIComponent(decodeURIComponent(/pagingcookie="([^"]+)"/.exec(cookie)![1]!));
      const page2 = fetchXml.replace(
        '<fetch count="40"',
        `<fetch count="40" page="2" paging-cookie="${inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}"`,
      );
      const second = await call(`accounts?fetchXml=${encodeURIComponent(page2)}`);
      const ids = (b: J): string[] => (b['value'] as J[]).map((r) => String(r['accountid']));
      assert.equal(ids(second.body).length, 40);
      assert.ok(!ids(second.body).some((id) => ids(first.body).includes(id)));
      const bad = await call(
        `accounts?fetchXml=${encodeURIComponent('<fetch><entity name="account"><attribute name="nope"/></entity></fetch>')}`,
      );
      assert.equal(bad.status, 400);
      assert.equal((bad.body['error'] as J)['code'], '0x80041103');
    });

    it('answers bad requests with the Dataverse error codes', async () => {
      const cases: [string, number, string][] = [
        ['accounts?$skip=10', 400, '0x80060888'],
        ['Account', 404, '0x8006088a'],
        ['accounts?$select=Name', 400, '0x0'],
        ['accounts(00000000-0000-0000-0000-0000000000ff)', 404, '0x80040217'],
        ['accounts?$filter=name eq', 400, '0x80060888'],
      ];
      for (const [path, status, code] of cases) {
        const res = await call(path);
        assert.equal(res.status, status, path);
        assert.equal((res.body['error'] as J)['code'], code, path);
      }
    });
  });

  describe('writes', () => {
    it('creates, binds lookups, updates with ETags and deletes', async () => {
      const account = String(((await call('accounts?$select=name&$top=1')).body['value'] as J[])[0]!['accountid']);
      const created = await call('contacts', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          firstname: 'Ada',
          lastname: 'Lovelace',
          'parentcustomerid_account@odata.bind': `/accounts(${account})`,
        }),
      });
      assert.equal(created.status, 204);
      const entityId = created.headers.get('odata-entityid')!;
      const id = /\(([0-9a-f-]{36})\)$/.exec(entityId)![1]!;
      const got = await call(`contacts(${id})?$select=lastname,_parentcustomerid_value`);
      assert.equal(got.body['_parentcustomerid_value'], account);
      const stale = await call(`contacts(${id})`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': 'W/"1"' },
        body: '{"lastname":"X"}',
      });
      assert.equal(stale.status, 412);
      assert.equal((stale.body['error'] as J)['code'], '0x80060882');
      const noCreate = await call(`contacts(${id})`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-None-Match': '*' },
        body: '{"lastname":"X"}',
      });
      assert.equal(noCreate.status, 412);
      const ok = await call(`contacts(${id})`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': String(got.body['@odata.etag']) },
        body: '{"lastname":"Byron"}',
      });
      assert.equal(ok.status, 204);
      assert.equal((await call(`contacts(${id})?$select=lastname`)).body['lastname'], 'Byron');
      const bad = await call('contacts', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"nosuchcolumn":1}',
      });
      assert.equal((bad.body['error'] as J)['code'], '0x80048d19');
      assert.equal((await call(`contacts(${id})`, { method: 'DELETE' })).status, 204);
      assert.equal((await call(`contacts(${id})`)).status, 404);
    });

    it('upserts with PATCH on a new key', async () => {
      const id = '11111111-2222-4333-8444-555555555555';
      const res = await call(`contacts(${id})`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: '{"lastname":"Upserted"}',
      });
      assert.equal(res.status, 204);
      assert.equal((await call(`contacts(${id})?$select=lastname`)).body['lastname'], 'Upserted');
    });

    it('rolls back a failed change set in $batch and resolves Content-ID references', async () => {
      const batch = (parts: string[]): string => [...parts, '--batch_x--', ''].join('\r\n');
      const change = (id: string, method: string, url: string, body: string): string[] => [
        '--cs',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        `Content-ID: ${id}`,
        '',
        `${method} ${url} HTTP/1.1`,
        'Content-Type: application/json',
        '',
        body,
      ];
      const body = batch([
        '--batch_x',
        'Content-Type: multipart/mixed; boundary=cs',
        '',
        ...change('1', 'POST', `${api('contacts')}`, '{"lastname":"InBatch"}'),
        ...change('2', 'POST', `${api('accounts')}`, '{"name":"Bound","primarycontactid@odata.bind":"$1"}'),
        ...change('3', 'POST', `${api('accounts')}`, '{"bogus":1}'),
        '--cs--',
      ]);
      const res = await call('$batch', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'multipart/mixed; boundary=batch_x' },
      });
      assert.equal(res.status, 400, "without continue-on-error the batch takes the failing request's status");
      assert.match(res.text, /HTTP\/1\.1 400/);
      const check = await call("contacts?$select=lastname&$filter=lastname eq 'InBatch'");
      assert.equal((check.body['value'] as J[]).length, 0, 'change set rolled back');
      const good = batch([
        '--batch_x',
        'Content-Type: multipart/mixed; boundary=cs',
        '',
        ...change('1', 'POST', `${api('contacts')}`, '{"lastname":"InBatch2"}'),
        ...change('2', 'POST', `${api('accounts')}`, '{"name":"Bound2","primarycontactid@odata.bind":"$1"}'),
        '--cs--',
      ]);
      const ok = await call('$batch', {
        method: 'POST',
        body: good,
        headers: { 'Content-Type': 'multipart/mixed; boundary=batch_x' },
      });
      assert.equal((ok.text.match(/HTTP\/1\.1 204/g) ?? []).length, 2);
      const bound = await call(
        "accounts?$select=name&$filter=name eq 'Bound2'&$expand=primarycontactid($select=lastname)",
      );
      assert.equal(((bound.body['value'] as J[])[0]!['primarycontactid'] as J)['lastname'], 'InBatch2');
    });
  });

  describe('batch error handling', () => {
    const twoGets = [
      '--b',
      'Content-Type: application/http',
      '',
      'GET nosuchset HTTP/1.1',
      '',
      '',
      '--b',
      'Content-Type: application/http',
      '',
      'GET WhoAmI HTTP/1.1',
      '',
      '',
      '--b--',
      '',
    ].join('\r\n');

    it('stops at the first failure unless Prefer: odata.continue-on-error', async () => {
      const stop = await call('$batch', {
        method: 'POST',
        body: twoGets,
        headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
      });
      assert.deepEqual(stop.text.match(/HTTP\/1\.1 \d+/g), ['HTTP/1.1 404']);
      const go = await call('$batch', {
        method: 'POST',
        body: twoGets,
        headers: { 'Content-Type': 'multipart/mixed; boundary=b', Prefer: 'odata.continue-on-error' },
      });
      assert.deepEqual(go.text.match(/HTTP\/1\.1 \d+/g), ['HTTP/1.1 404', 'HTTP/1.1 200']);
      assert.equal(go.headers.get('preference-applied'), 'odata.continue-on-error');
      assert.match(go.headers.get('content-type') ?? '', /^multipart\/mixed; boundary=batchresponse_/);
    });
  });

  describe('auth, limits and faults', () => {
    it('challenges without a valid token exactly like Dataverse', async () => {
      for (const token of ['', 'garbage', 'expired:alice']) {
        const res = await fetch(api('WhoAmI'), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
        assert.equal(res.status, 401);
        assert.equal(
          res.headers.get('www-authenticate'),
          `Bearer authorization_uri=https://login.microsoftonline.com/${TEST_TENANT}/oauth2/authorize, resource_id=${org.url}/`,
        );
        const body = (await res.json()) as J;
        assert.ok((body['error'] as J)['code']);
      }
    });

    it('throttles with 429, Retry-After and the service-protection codes', async () => {
      org.faults.throttleNext = 1;
      const res = await call('WhoAmI');
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), String(org.faults.throttleRetryAfterSeconds));
      assert.equal((res.body['error'] as J)['code'], '0x80072322');
      assert.equal((await call('WhoAmI')).status, 200);
      org.faults.throttleKind = 'concurrency';
      org.faults.throttleNext = 1;
      assert.equal(((await call('WhoAmI')).body['error'] as J)['code'], '0x80072326');
      delete org.faults.throttleKind;
      org.faults.requestsPerWindow = 2;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call('WhoAmI', {}, 'good:carol')).status);
      assert.deepEqual(statuses, [200, 200, 429]);
    });

    it('injects 503s and counts requests and statuses', async () => {
      org.faults.serverErrorRate = 1;
      const before = org.stats.dataverseStatuses['503'] ?? 0;
      assert.equal((await call('WhoAmI')).status, 503);
      assert.equal(org.stats.dataverseStatuses['503'], before + 1);
      assert.ok((org.stats.dataverseRequests['GET'] ?? 0) > 0);
    });

    it('lists the org in the Global Discovery Service', async () => {
      const res = await fetch(`${org.url}/api/discovery/v2.0/Instances`, {
        headers: { Authorization: 'Bearer good:alice' },
      });
      const body = (await res.json()) as J;
      const first = (body['value'] as J[])[0]!;
      assert.equal(first['Url'], org.url);
      assert.equal(first['TenantId'], TEST_TENANT);
      for (const k of [
        'Id',
        'UniqueName',
        'UrlName',
        'FriendlyName',
        'State',
        'Version',
        'ApiUrl',
        'Region',
        'EnvironmentId',
      ]) {
        assert.ok(k in first, k);
      }
    });
  });
});
