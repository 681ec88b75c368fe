// Impersonation as Dataverse does it: MSCRMCallerID (a systemuserid) and CallerObjectId (an Entra
// object id) on a single request and on a $batch (every part, a part's own header winning) make the
// write run as that user, recorded in createdby/modifiedby with the caller in *onbehalfby.
import { strict as assert } from 'node:assert';
import { startTestOrg, type TestOrg } from './support/dataverse-server';

type J = Record<string, unknown>;

describe('dataverse emulator: impersonation headers', function () {
  let org: TestOrg;
  let other: string;
  let caller: string;
  let third: string;
  const api = (path: string): string => `${org.url}/api/data/v9.2/${path}`;
  const call = async (
    path: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> =>
    fetch(api(path), {
      method: init.method ?? 'GET',
      ...(init.body !== undefined ? { body: init.body } : {}),
      headers: { Authorization: 'Bearer good:alice-oid', 'Content-Type': 'application/json', ...init.headers },
    });
  const writers = async (entityId: string): Promise<J> => {
    const id = /\(([0-9a-f-]{36})\)$/.exec(entityId)![1]!;
    const res = await call(
      `accounts(${id})?$select=_createdby_value,_modifiedby_value,_createdonbehalfby_value,_modifiedonbehalfby_value`,
    );
    assert.equal(res.status, 200);
    return (await res.json()) as J;
  };

  beforeEach(async () => {
    org = await startTestOrg({ accountRecords: 5 });
    caller = ((await (await call('WhoAmI')).json()) as J)['UserId'] as string;
    const users = ((await (await call('systemusers?$select=fullname&$top=3')).json()) as { value: J[] }).value // The crm8 CSDL keys systemuser by its base type's ownerid (systemuserid in later versions).
      .map((u) => (u['systemuserid'] ?? u['ownerid']) as string);
    [other, third] = users.filter((u) => u !== caller) as [string, string];
  });
  afterEach(async () => {
    await org.close();
  });

  it('records the signed-in caller, and no on-behalf-of user, without the headers', async () => {
    const res = await call('accounts', { method: 'POST', body: '{"name":"plain"}' });
    assert.equal(res.status, 204);
    const row = await writers(res.headers.get('odata-entityid')!);
    assert.equal(row['_createdby_value'], caller);
    assert.equal(row['_modifiedby_value'], caller);
    assert.equal(row['_createdonbehalfby_value'], null);
  });

  it('creates and updates as the MSCRMCallerID user, with the caller on behalf', async () => {
    const res = await call('accounts', {
      method: 'POST',
      body: '{"name":"as other"}',
      headers: { MSCRMCallerID: other },
    });
    assert.equal(res.status, 204, await res.clone().text());
    const entityId = res.headers.get('odata-entityid')!;
    let row = await writers(entityId);
    assert.equal(row['_createdby_value'], other);
    assert.equal(row['_createdonbehalfby_value'], caller);
    const id = /\(([0-9a-f-]{36})\)$/.exec(entityId)![1]!;
    assert.equal(
      (
        await call(`accounts(${id})`, {
          method: 'PATCH',
          body: '{"name":"by third"}',
          headers: { MSCRMCallerID: third },
        })
      ).status,
      204,
    );
    row = await writers(entityId);
    assert.equal(row['_createdby_value'], other, 'createdby stays');
    assert.equal(row['_modifiedby_value'], third);
    assert.equal(row['_modifiedonbehalfby_value'], caller);
  });

  it('finds a signed-in user by CallerObjectId', async () => {
    const bob = (
      (await (await fetch(api('WhoAmI'), { headers: { Authorization: 'Bearer good:bob-oid' } })).json()) as J
    )['UserId'];
    const res = await call('accounts', {
      method: 'POST',
      body: '{"name":"as bob"}',
      headers: { CallerObjectId: 'bob-oid' },
    });
    // 'bob-oid' is no GUID: refused first.
    assert.equal(res.status, 400);
    const oid = '0b0b0b0b-1111-4222-8333-444455556666';
    const bobId = (
      (await (await fetch(api('WhoAmI'), { headers: { Authorization: `Bearer good:${oid}` } })).json()) as J
    )['UserId'];
    assert.notEqual(bobId, bob);
    const ok = await call('accounts', { method: 'POST', body: '{"name":"as bob"}', headers: { CallerObjectId: oid } });
    assert.equal(ok.status, 204);
    assert.equal((await writers(ok.headers.get('odata-entityid')!))['_createdby_value'], bobId);
  });

  it('answers an unknown caller with ObjectDoesNotExist and writes nothing', async () => {
    const unknown = '11111111-2222-4333-8444-555555555555';
    const before = await (await call('accounts/$count')).text();
    const res = await call('accounts', {
      method: 'POST',
      body: '{"name":"nobody"}',
      headers: { MSCRMCallerID: unknown },
    });
    assert.equal(res.status, 404);
    const error = ((await res.json()) as { error: J }).error;
    assert.equal(error['code'], '0x80040217');
    assert.equal(error['message'], `systemuser With Id = ${unknown} Does Not Exist`);
    assert.equal(await (await call('accounts/$count')).text(), before);
    const byObject = await call('accounts', {
      method: 'POST',
      body: '{"name":"nobody"}',
      headers: { CallerObjectId: unknown },
    });
    assert.equal(byObject.status, 404);
  });

  it("applies the $batch request's header to every part; a part's own header wins", async () => {
    const part = (name: string, extra = ''): string =>
      [
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        '',
        'POST /api/data/v9.2/accounts HTTP/1.1',
        'Content-Type: application/json; type=entry',
        ...(extra ? [extra] : []),
        '',
        `{"name":"${name}"}`,
      ].join('\r\n');
    const body = [
      '--batch_1',
      'Content-Type: multipart/mixed; boundary=changeset_1',
      '',
      '--changeset_1',
      'Content-ID: 1',
      part('outer'),
      '--changeset_1',
      'Content-ID: 2',
      part('own', `MSCRMCallerID: ${third}`),
      '--changeset_1--',
      '--batch_1',
      part('plain part'),
      '--batch_1--',
      '',
    ].join('\r\n');
    const res = await fetch(api('$batch'), {
      method: 'POST',
      body,
      headers: {
        Authorization: 'Bearer good:alice-oid',
        'Content-Type': 'multipart/mixed; boundary=batch_1',
        MSCRMCallerID: other,
      },
    });
    assert.equal(res.status, 200);
    const ids = [...(await res.text()).matchAll(/OData-EntityId: (\S+)/g)].map((m) => m[1]!);
    assert.equal(ids.length, 3);
    const rows = await Promise.all(ids.map(writers));
    assert.deepEqual(
      rows.map((r) => r['_createdby_value']),
      [other, third, other],
    );
    assert.deepEqual(
      rows.map((r) => r['_createdonbehalfby_value']),
      [caller, caller, caller],
    );
  });
});
