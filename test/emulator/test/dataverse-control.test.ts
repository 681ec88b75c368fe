// The whole emulator scaled to a 1,000-table org with 400-column tables, with real tokens over HTTPS:
// the control endpoint edits metadata and expires stamps, and RetrieveMetadataChanges sees only that.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { parseArgs } from '../src/cli';
import { caNetworkClient, httpsRequest } from './support/entra-support';
import { startEmulator, type Emulator } from '../src/server';
import { tableName } from '../src/dataverse/synthetic/names';

type J = Record<string, unknown>;

describe('emulator: a 1,000-table org, metadata edits through the control endpoint', function () {
  let emu: Emulator;
  let ca: string;
  let headers: Record<string, string>;
  const api = async (path: string): Promise<{ status: number; body: J }> => {
    const res = await httpsRequest(`${emu.info.orgUrl}/api/data/v9.2/${path}`, ca, { headers });
    return { status: res.status, body: JSON.parse(res.body) as J };
  };
  const control = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: J }> => {
    const res = await httpsRequest(`${emu.info.orgControlUrl}/${path}`, ca, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: JSON.parse(res.body) as J };
  };
  const changes = (query: unknown, stamp?: string): Promise<{ status: number; body: J }> =>
    api(
      `RetrieveMetadataChanges(Query=@q${stamp ? ',ClientVersionStamp=@v' : ''})?@q=${encodeURIComponent(JSON.stringify(query))}` +
        (stamp ? `&@v=${encodeURIComponent(`'${stamp}'`)}` : ''),
    );

  before(async function () {
    this.timeout(60000);
    emu = await startEmulator({ records: 2, accounts: 5, extraTables: 1000, extraTableColumns: 400 });
    ca = readFileSync(emu.info.caCertPath, 'utf8');
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: emu.info.confidentialClientId,
        clientSecret: emu.info.confidentialClientSecret,
        authority: `${emu.info.authorityHost}/${emu.info.tenantId}`,
        knownAuthorities: [new URL(emu.info.authorityHost).host],
      },
      system: { networkClient: caNetworkClient(emu.info.caCertPath) },
    });
    const token = await cca.acquireTokenByClientCredential({ scopes: [`${emu.info.orgUrl}/.default`] });
    headers = { Authorization: `Bearer ${token!.accessToken}`, Accept: 'application/json' };
  });
  after(() => emu?.close());

  it('takes the scale options on the command line', () => {
    const opts = parseArgs(['--extra-tables', '1000', '--extra-table-columns', '400']);
    assert.equal(opts.extraTables, 1000);
    assert.equal(opts.extraTableColumns, 400);
  });

  it('lists 1,000 generated tables in one trimmed request and serves a 400-column table', async () => {
    const list = await api('EntityDefinitions?$select=LogicalName,DisplayName,IsCustomEntity');
    const tables = list.body['value'] as J[];
    assert.ok(tables.length >= 1230, String(tables.length));
    assert.equal(
      tables.filter((t) => t['IsCustomEntity'] === true && String(t['LogicalName']).includes('_')).length >= 1000,
      true,
    );
    const t = tableName(777);
    const attrs = await api(
      `EntityDefinitions(LogicalName='${t.logicalName}')/Attributes?$select=LogicalName,AttributeTypeName`,
    );
    assert.equal((attrs.body['value'] as J[]).length, 400);
    const rows = await api(`${t.entitySetName}?$select=${t.prefix}_name`);
    assert.equal((rows.body['value'] as J[]).length, 2);
  });

  it('edits metadata through /_emulator/metadata/* and RetrieveMetadataChanges returns only that', async () => {
    const t = tableName(42);
    const query = {
      Properties: { PropertyNames: ['DisplayName', 'Attributes'] },
      AttributeQuery: { Properties: { PropertyNames: ['LogicalName'] } },
      Criteria: {
        Conditions: [
          {
            PropertyName: 'IsCustomEntity',
            ConditionOperator: 'Equals',
            Value: { Type: 'System.Boolean', Value: 'true' },
          },
        ],
      },
    };
    const before = await control('GET', 'metadata/version');
    const stamp = String(before.body['stamp']);
    assert.match(stamp, /^\d+!/);
    const added = await control('POST', 'metadata/add-column', {
      table: t.logicalName,
      logicalName: `${t.prefix}_rating`,
      type: 'IntegerType',
      displayName: 'Rating',
    });
    assert.equal(added.status, 200);
    assert.equal(added.body['logicalName'], `${t.prefix}_rating`);
    const next = await changes(query, stamp);
    assert.equal(next.status, 200);
    const tables = next.body['EntityMetadata'] as J[];
    assert.deepEqual(
      tables.map((e) => e['LogicalName']),
      [t.logicalName],
    );
    assert.deepEqual(
      (tables[0]!['Attributes'] as J[]).map((a) => a['LogicalName']),
      [`${t.prefix}_rating`],
    );
    const bad = await control('POST', 'metadata/add-column', { table: 'nosuchtable', logicalName: 'x_y' });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body['message']), /No table 'nosuchtable'/);
    const wrongType = await control('POST', 'metadata/add-column', {
      table: t.logicalName,
      logicalName: 'x_z',
      type: 'Sideways',
    });
    assert.equal(wrongType.status, 400);
    assert.equal((await control('POST', 'metadata/expire-stamps')).status, 200);
    const expired = await changes(query, String(next.body['ServerVersionStamp']));
    assert.equal(expired.status, 400);
    assert.equal((expired.body['error'] as J)['code'], '0x80044352');
  });
});
