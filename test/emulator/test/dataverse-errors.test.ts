// The error answers a client shows the user, each with the status and code the Dataverse documentation
// gives (sources in dataverse/errors.ts).
import { strict as assert } from 'node:assert';
import { startTestOrg, type TestOrg } from './support/dataverse-server';

type J = Record<string, unknown>;

describe('dataverse emulator: documented error answers', function () {
  let org: TestOrg;
  const call = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: J }> => {
    const res = await fetch(`${org.url}/api/data/v9.2/${path}`, {
      ...init,
      headers: {
        Authorization: 'Bearer good:errors',
        Accept: 'application/json',
        'Content-Type': 'application/json',
        ...((init.headers as Record<string, string>) ?? {}),
      },
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as J) : {} };
  };

  before(async () => {
    org = await startTestOrg({ accountRecords: 30 });
  });
  after(async () => {
    await org.close();
  });

  it('answers unknown columns in $select and $filter, and unknown sets, like the troubleshooting article', async () => {
    const select = await call('accounts?$select=Name');
    assert.equal(select.status, 400);
    assert.deepEqual(select.body['error'], {
      code: '0x0',
      message: "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'.",
    });
    const filter = await call("accounts?$select=name&$filter=nosuchcolumn eq 'x'");
    assert.deepEqual(filter.body['error'], {
      code: '0x0',
      message: "Could not find a property named 'nosuchcolumn' on type 'Microsoft.Dynamics.CRM.account'.",
    });
    const set = await call('Account');
    assert.equal(set.status, 404);
    assert.deepEqual(set.body['error'], {
      code: '0x8006088a',
      message: "Resource not found for the segment 'Account'.",
    });
  });

  it('answers duplicate primary and alternate keys with 412 and their codes', async () => {
    const first = (await call('accounts?$select=accountnumber&$filter=accountnumber ne null&$top=1')).body[
      'value'
    ] as J[];
    const dupId = await call('accounts', {
      method: 'POST',
      body: JSON.stringify({ accountid: first[0]!['accountid'], name: 'Again' }),
    });
    assert.equal(dupId.status, 412);
    assert.deepEqual(dupId.body['error'], {
      code: '0x80040237',
      message: 'A record with matching key values already exists.',
    });
    const dupKey = await call('accounts', {
      method: 'POST',
      body: JSON.stringify({ name: 'Same number', accountnumber: first[0]!['accountnumber'] }),
    });
    assert.equal(dupKey.status, 412);
    assert.equal((dupKey.body['error'] as J)['code'], '0x80060892');
    assert.match(String((dupKey.body['error'] as J)['message']), /^Entity Key account_accountnumber violated\./);
    const fresh = await call('accounts', {
      method: 'POST',
      body: JSON.stringify({ name: 'New number', accountnumber: 'ACC-NEW-1' }),
    });
    assert.equal(fresh.status, 204);
  });

  it('answers a missing alternate key with RecordNotFoundByEntityKey', async () => {
    const res = await call("accounts(accountnumber='NOPE-1')");
    assert.equal(res.status, 404);
    assert.deepEqual(res.body['error'], {
      code: '0x80060891',
      message: 'A record with the specified key values does not exist in account entity',
    });
  });

  it('answers as a failing plug-in with the message the pluginErrorMessage fault holds, only on matching paths', async () => {
    const message = 'Blocked by a plug-in. [Fix it](command:workbench.action.quit)';
    Object.assign(org.faults, { pluginErrorMessage: message, pluginErrorPath: 'contacts' });
    try {
      const hit = await call('contacts?$top=1');
      assert.equal(hit.status, 400);
      assert.deepEqual(hit.body['error'], { code: '0x80040265', message });
      assert.equal((await call('accounts?$top=1')).status, 200);
    } finally {
      Object.assign(org.faults, { pluginErrorMessage: '', pluginErrorPath: '' });
    }
    assert.equal((await call('contacts?$top=1')).status, 200);
  });
});
