import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILT_IN_CLIENT_ID,
  NUMBER_SETTINGS,
  USER_ONLY_SETTINGS,
  readSettings,
  settingGetter,
  type SettingSource,
} from '../../../../src/core/config/settings';

function getter(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

describe('readSettings', () => {
  it('gives the documented defaults when nothing is set', () => {
    const s = readSettings(getter({}));
    assert.equal(s.tenant, 'organizations');
    assert.equal(s.cloud, 'public');
    assert.equal(s.clientId, BUILT_IN_CLIENT_ID);
    assert.equal(s.signInFlow, 'auto');
    assert.equal(s.endpointVersion, 'v2');
    assert.equal(s.requestTimeoutMs, 120000);
    assert.equal(s.logLevel, 'info');
    assert.deepEqual(s.connections, []);
    assert.deepEqual(s.problems, []);
  });

  it('ignores values of the wrong type or outside the enum', () => {
    const s = readSettings(
      getter({ cloud: 'mars', signInFlow: 3, logLevel: 'loud', extraCaCertificates: ['a.pem', 7, ' ', ' b.pem '] }),
    );
    assert.equal(s.cloud, 'public');
    assert.equal(s.signInFlow, 'auto');
    assert.equal(s.logLevel, 'info');
    assert.deepEqual(s.extraCaCertificates, ['a.pem', 'b.pem']);
  });

  it('reads the agent tool settings: server off by default, limits clamped', () => {
    const d = readSettings(getter({}));
    assert.deepEqual([d.agentMaxRows, d.agentCallsPerMinute, d.mcpServerEnabled, d.mcpServerPort], [50, 30, false, 0]);
    const s = readSettings(
      getter({
        'agents.maxRows': 99999,
        'agents.callsPerMinute': 0,
        'agents.mcpServer.enabled': 'true',
        'agents.mcpServer.port': 70000,
      }),
    );
    assert.deepEqual(
      [s.agentMaxRows, s.agentCallsPerMinute, s.mcpServerEnabled, s.mcpServerPort],
      [5000, 1, false, 65535],
    );
  });

  it('clamps the timeout', () => {
    assert.equal(readSettings(getter({ requestTimeoutSeconds: 0 })).requestTimeoutMs, 1000);
    assert.equal(readSettings(getter({ requestTimeoutSeconds: 99999 })).requestTimeoutMs, 3600000);
  });

  it('reads the SQL write settings with their defaults and bounds', () => {
    assert.deepEqual(readSettings(getter({})).sqlWrites, { batchSize: 100, parallelism: 4, maxRows: 100_000 });
    assert.deepEqual(
      readSettings(getter({ 'sql.writeBatchSize': 5000, 'sql.writeParallelism': 0, 'sql.maxWriteRows': 12.4 }))
        .sqlWrites,
      { batchSize: 1000, parallelism: 1, maxRows: 12 },
    );
  });

  it('lets a connection override the global defaults and inherits the rest', () => {
    const s = readSettings(
      getter({
        tenant: 'contoso.onmicrosoft.com',
        cloud: 'custom',
        authorityHost: 'https://127.0.0.2:8443',
        connections: [
          { orgUrl: 'https://contoso.crm.dynamics.com' },
          {
            name: 'Gov',
            orgUrl: 'https://gov.crm9.dynamics.com',
            cloud: 'gcc',
            tenant: 'gov.onmicrosoft.us',
            authentication: 'clientSecret',
            clientId: 'abc',
          },
        ],
      }),
    );
    assert.equal(s.connections.length, 2);
    const [first, second] = s.connections;
    assert.equal(first.name, 'contoso.crm.dynamics.com');
    assert.equal(first.tenant, 'contoso.onmicrosoft.com');
    assert.equal(first.cloud, 'custom');
    assert.equal(first.authorityHost, 'https://127.0.0.2:8443');
    assert.equal(first.authentication, 'interactive');
    assert.equal(second.name, 'Gov');
    assert.equal(second.cloud, 'gcc');
    assert.equal(second.tenant, 'gov.onmicrosoft.us');
    assert.equal(second.authentication, 'clientSecret');
    assert.equal(second.clientId, 'abc');
  });

  it('skips unusable connections and says why', () => {
    const s = readSettings(
      getter({
        connections: ['https://x.crm.dynamics.com', { name: 'no url' }, { orgUrl: 'https://ok.crm.dynamics.com' }],
      }),
    );
    assert.equal(s.connections.length, 1);
    assert.deepEqual(s.problems, [
      'dynamics365.connections[0]: each connection must be an object with an "orgUrl"',
      'dynamics365.connections[1]: the "orgUrl" is missing (for example "https://contoso.crm.dynamics.com")',
    ]);
  });
});

describe('readSettings: values as people write them', () => {
  it("normalizes a connection's org URL once: spaces, a Web API path, upper case", () => {
    const s = readSettings(
      getter({ connections: [{ orgUrl: '  HTTPS://Contoso.CRM4.dynamics.com/api/data/v9.2/ \n' }] }),
    );
    assert.equal(s.connections[0]?.org.url, 'https://contoso.crm4.dynamics.com');
    assert.equal(s.connections[0]?.name, 'contoso.crm4.dynamics.com');
  });

  it('reports an org URL that does not parse, with the fix, and skips the entry', () => {
    const s = readSettings(getter({ connections: [{ orgUrl: ' http://contoso.crm.dynamics.com ' }] }));
    assert.deepEqual(s.connections, []);
    assert.deepEqual(s.problems, [
      'dynamics365.connections[0]: Dataverse is only reachable over https://. Use https://contoso.crm.dynamics.com.',
    ]);
  });

  it('normalizes tenants and client ids, globally and per connection', () => {
    const s = readSettings(
      getter({
        tenant: ' Contoso.OnMicrosoft.com ',
        clientId: '{51F81489-12EE-4A9E-AAAE-A2591F45987D}',
        connections: [
          {
            orgUrl: 'https://a.crm.dynamics.com',
            tenant: '\t72F988BF-86F1-41AF-91AB-2D7CD011DB47\n',
            clientId: ' 0F8E3C2A-1234-5678-9ABC-DEF012345678 ',
          },
        ],
      }),
    );
    assert.equal(s.tenant, 'contoso.onmicrosoft.com');
    assert.equal(s.clientId, '51f81489-12ee-4a9e-aaae-a2591f45987d');
    assert.equal(s.connections[0]?.tenant, '72f988bf-86f1-41af-91ab-2d7cd011db47');
    assert.equal(s.connections[0]?.clientId, '0f8e3c2a-1234-5678-9abc-def012345678');
  });

  it('reads enum values with stray spaces or in another case, and a timeout written as text', () => {
    const s = readSettings(
      getter({
        cloud: ' gcchigh ',
        signInFlow: 'DeviceCode ',
        endpointVersion: ' V1',
        logLevel: ' Debug ',
        requestTimeoutSeconds: ' 30 ',
        connections: [{ orgUrl: 'https://a.crm.dynamics.com', authentication: ' clientsecret ', cloud: 'GCC' }],
      }),
    );
    assert.equal(s.cloud, 'gccHigh');
    assert.equal(s.signInFlow, 'deviceCode');
    assert.equal(s.endpointVersion, 'v1');
    assert.equal(s.logLevel, 'debug');
    assert.equal(s.requestTimeoutMs, 30_000);
    assert.equal(s.connections[0]?.authentication, 'clientSecret');
    assert.equal(s.connections[0]?.cloud, 'gcc');
  });

  it('trims paths and hosts', () => {
    const s = readSettings(
      getter({
        authorityHost: ' https://login.example.com/ ',
        extraCaCertificates: ['\u200B/etc/ca.pem\n'],
        connections: [{ orgUrl: 'https://a.crm.dynamics.com', certificatePath: ' /home/me/app.pem ' }],
      }),
    );
    assert.equal(s.authorityHost, 'https://login.example.com/');
    assert.deepEqual(s.extraCaCertificates, ['/etc/ca.pem']);
    assert.equal(s.connections[0]?.certificatePath, '/home/me/app.pem');
  });
});

describe('settings a workspace cannot set', () => {
  const source = (user: Record<string, unknown>, workspace: Record<string, unknown>): SettingSource => ({
    effective: (key) => (key in workspace ? workspace[key] : user[key]),
    user: (key) => user[key],
  });
  const evil = {
    cloud: 'custom',
    authorityHost: 'https://login.evil.example',
    clientId: '0f8e3c2a-1234-5678-9abc-def012345678',
    globalDiscoveryUrl: 'https://disco.evil.example',
    extraCaCertificates: ['/tmp/evil-ca.pem'],
    connections: [
      { orgUrl: 'https://contoso.crm.dynamics.com', authorityHost: 'https://login.evil.example', cloud: 'custom' },
    ],
    tenant: 'fabrikam.onmicrosoft.com',
    signInFlow: 'deviceCode',
  };

  it("takes only the user's value for each of them, whatever the workspace says", () => {
    const s = readSettings(
      settingGetter(source({ connections: [{ orgUrl: 'https://contoso.crm.dynamics.com' }] }, evil)),
    );
    assert.equal(s.cloud, 'public');
    assert.equal(s.authorityHost, '');
    assert.equal(s.clientId, BUILT_IN_CLIENT_ID);
    assert.equal(s.globalDiscoveryUrl, '');
    assert.deepEqual(s.extraCaCertificates, []);
    assert.deepEqual(
      s.connections.map((c) => [c.org.url, c.cloud, c.authorityHost]),
      [['https://contoso.crm.dynamics.com', 'public', '']],
    );
  });

  it('still lets a workspace choose the rest (tenant, flow)', () => {
    const s = readSettings(settingGetter(source({}, evil)));
    assert.equal(s.tenant, 'fabrikam.onmicrosoft.com');
    assert.equal(s.signInFlow, 'deviceCode');
  });

  type Properties = Record<
    string,
    { scope?: string; ignoreSync?: boolean; type?: string; default?: unknown; minimum?: number; maximum?: number }
  >;
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Properties }[] };
  };
  // The settings come in sections (the Settings UI's groups): every section's, together.
  const properties: Properties = Object.assign({}, ...manifest.contributes.configuration.map((s) => s.properties));

  it('package.json declares each of them application or machine scoped, and no other setting so', () => {
    for (const [id, property] of Object.entries(properties)) {
      const key = id.replace(/^dynamics365\./, '');
      const userOnly = property.scope === 'application' || property.scope === 'machine';
      assert.equal(userOnly, USER_ONLY_SETTINGS.includes(key), `${id}: scope ${property.scope ?? '(window)'}`);
    }
    for (const key of USER_ONLY_SETTINGS) {
      assert.ok(properties[`dynamics365.${key}`], `dynamics365.${key} is not declared`);
    }
  });

  it('package.json gives every numeric setting the default and range the code keeps it in', () => {
    const declared = Object.entries(properties)
      .filter(([, p]) => p.type === 'number' || p.type === 'integer')
      .map(([id]) => id.replace(/^dynamics365\./, ''))
      .sort();
    assert.deepEqual(declared, Object.keys(NUMBER_SETTINGS).sort());
    for (const [key, bounds] of Object.entries(NUMBER_SETTINGS)) {
      const p = properties[`dynamics365.${key}`]!;
      assert.deepEqual({ default: p.default, minimum: p.minimum, maximum: p.maximum }, bounds, key);
    }
  });

  it('keeps each numeric setting in its range and falls back to its default for what is not a number', () => {
    const s = readSettings(
      getter({
        'results.maxRows': 5,
        'agents.callsPerMinute': 1e9,
        'sql.writeParallelism': 2.6,
        'notebook.storedRows': -3,
        'sql.writeBatchSize': 'lots',
        'agents.mcpServer.port': '8080',
      }),
    );
    assert.equal(s.maxResultRows, 100);
    assert.equal(s.agentCallsPerMinute, 600);
    assert.equal(s.sqlWrites.parallelism, 3);
    assert.equal(s.notebookStoredRows, 0);
    assert.equal(s.sqlWrites.batchSize, 100);
    assert.equal(s.mcpServerPort, 8080, 'a number written as text');
  });

  it("the per-machine ones (paths, orgs whose secrets live in this machine's secret storage) are not synced", () => {
    for (const key of ['connections', 'extraCaCertificates']) {
      assert.equal(properties[`dynamics365.${key}`]?.ignoreSync, true, key);
    }
  });
});
