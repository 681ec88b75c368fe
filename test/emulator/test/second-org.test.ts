// --second-org: a second organization from the same CSDL on its own listener, with tokens of its own
// audience and metadata edits of its own through its control endpoint — two environments that differ
// by known edits (a column added, a max length changed, an option relabelled).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { startEmulator, type Emulator } from '../src/server';
import { httpsRequest } from './support/entra-support';

type J = Record<string, unknown>;

describe('emulator: a second organization', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let ca: string;

  before(async () => {
    emu = await startEmulator({ secondOrg: true, records: 2 });
    ca = readFileSync(emu.info.caCertPath, 'utf8');
  });
  after(() => emu?.close());

  async function tokenFor(orgUrl: string): Promise<string> {
    const res = await httpsRequest(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`, ca, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emu.info.confidentialClientId,
        client_secret: emu.info.confidentialClientSecret,
        scope: `${orgUrl}/.default`,
      }).toString(),
    });
    assert.equal(res.status, 200, res.body);
    return String((JSON.parse(res.body) as J).access_token);
  }

  async function get(orgUrl: string, path: string, token: string): Promise<{ status: number; body: J }> {
    const res = await httpsRequest(`${orgUrl}/api/data/v9.2/${path}`, ca, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    return { status: res.status, body: JSON.parse(res.body) as J };
  }

  async function control(url: string, path: string, body: unknown): Promise<{ status: number; body: J }> {
    const res = await httpsRequest(`${url}${path}`, ca, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: JSON.parse(res.body) as J };
  }

  const stringColumn = (orgUrl: string, token: string, table: string, column: string) =>
    get(
      orgUrl,
      `EntityDefinitions(LogicalName='${table}')/Attributes(LogicalName='${column}')/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength`,
      token,
    );

  const optionLabels = async (orgUrl: string, token: string): Promise<string[]> => {
    const r = await get(
      orgUrl,
      `EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$filter=LogicalName eq 'preferredcontactmethodcode'&$expand=OptionSet`,
      token,
    );
    const item = (r.body.value as J[])[0]!;
    const options = (item.OptionSet as J).Options as J[];
    return options.map((o) => String(((o.Label as J).UserLocalizedLabel as J).Label));
  };

  it('serves a second org on its own URL, with tokens for its own audience only', async () => {
    const second = emu.info.secondOrgUrl!;
    assert.ok(second && second !== emu.info.orgUrl);
    assert.equal(emu.info.secondOrgControlUrl, `${second}/_emulator`);
    const token = await tokenFor(second);
    const who = await get(second, 'WhoAmI', token);
    assert.equal(who.status, 200);
    // A token for the first org is refused by the second, and the other way round.
    assert.equal((await get(second, 'WhoAmI', await tokenFor(emu.info.orgUrl))).status, 401);
    assert.equal((await get(emu.info.orgUrl, 'WhoAmI', token)).status, 401);
  });

  it('applies metadata edits to the second org only: a column added, a max length changed, an option relabelled', async () => {
    const first = emu.info.orgUrl;
    const second = emu.info.secondOrgUrl!;
    const [t1, t2] = [await tokenFor(first), await tokenFor(second)];
    const labelsBefore = await optionLabels(second, t2);
    const ctl = emu.info.secondOrgControlUrl!;
    assert.equal(
      (await control(ctl, '/metadata/add-column', { table: 'contact', logicalName: 'new_score', type: 'IntegerType' }))
        .status,
      200,
    );
    assert.equal(
      (await control(ctl, '/metadata/set-max-length', { table: 'contact', column: 'jobtitle', maxLength: 250 })).status,
      200,
    );
    assert.equal(
      (
        await control(ctl, '/metadata/relabel-option', {
          table: 'contact',
          column: 'preferredcontactmethodcode',
          value: 2,
          label: 'E-mail only',
        })
      ).status,
      200,
    );
    assert.equal((await stringColumn(second, t2, 'contact', 'jobtitle')).body.MaxLength, 250);
    assert.equal((await stringColumn(first, t1, 'contact', 'jobtitle')).body.MaxLength, 100);
    const after = await optionLabels(second, t2);
    assert.equal(after.length, labelsBefore.length);
    assert.ok(after.includes('E-mail only'));
    assert.ok(!(await optionLabels(first, t1)).includes('E-mail only'));
    const added = await get(
      second,
      `EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='new_score')?$select=LogicalName`,
      t2,
    );
    assert.equal(added.status, 200);
    assert.equal(
      (
        await get(
          first,
          `EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='new_score')?$select=LogicalName`,
          t1,
        )
      ).status,
      404,
    );
  });

  it('refuses a max length on a column that is not text, and an option value the column lacks', async () => {
    const ctl = emu.info.secondOrgControlUrl!;
    const notText = await control(ctl, '/metadata/set-max-length', {
      table: 'contact',
      column: 'numberofchildren',
      maxLength: 5,
    });
    assert.equal(notText.status, 400);
    assert.match(String(notText.body.message), /only text columns have a maximum length/);
    const badLength = await control(ctl, '/metadata/set-max-length', {
      table: 'contact',
      column: 'jobtitle',
      maxLength: 0,
    });
    assert.match(String(badLength.body.message), /whole number from 1/);
    const noOption = await control(ctl, '/metadata/relabel-option', {
      table: 'contact',
      column: 'preferredcontactmethodcode',
      value: 999,
      label: 'x',
    });
    assert.equal(noOption.status, 400);
    assert.match(String(noOption.body.message), /no option with the value 999/);
  });

  it('reports the edits in RetrieveMetadataChanges since an earlier stamp', async () => {
    const second = emu.info.secondOrgUrl!;
    const ctl = emu.info.secondOrgControlUrl!;
    const before = await httpsRequest(`${ctl}/metadata/version`, ca);
    const stamp = String((JSON.parse(before.body) as J).stamp);
    await control(ctl, '/metadata/set-max-length', { table: 'account', column: 'name', maxLength: 300 });
    const query = {
      Properties: { AllProperties: false, PropertyNames: ['LogicalName'] },
      Criteria: { FilterOperator: 'And', Conditions: [] },
    };
    const path = `RetrieveMetadataChanges(Query=@q,ClientVersionStamp=@v)?@q=${encodeURIComponent(JSON.stringify(query))}&@v=${encodeURIComponent(`'${stamp}'`)}`;
    const r = await get(second, path, await tokenFor(second));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const names = ((r.body.EntityMetadata as J[]) ?? []).map((e) => e.LogicalName);
    assert.deepEqual(names, ['account']);
  });
});
