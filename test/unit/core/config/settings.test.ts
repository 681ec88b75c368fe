import * as assert from 'node:assert/strict';
import { BUILT_IN_CLIENT_ID, readSettings } from '../../../../src/core/config/settings';

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
    const s = readSettings(getter({ cloud: 'mars', signInFlow: 3, logLevel: 'loud', extraCaCertificates: ['a.pem', 7, ' ', ' b.pem '] }));
    assert.equal(s.cloud, 'public');
    assert.equal(s.signInFlow, 'auto');
    assert.equal(s.logLevel, 'info');
    assert.deepEqual(s.extraCaCertificates, ['a.pem', 'b.pem']);
  });

  it('clamps the timeout', () => {
    assert.equal(readSettings(getter({ requestTimeoutSeconds: 0 })).requestTimeoutMs, 1000);
    assert.equal(readSettings(getter({ requestTimeoutSeconds: 99999 })).requestTimeoutMs, 3600000);
  });

  it('lets a connection override the global defaults and inherits the rest', () => {
    const s = readSettings(getter({
      tenant: 'contoso.onmicrosoft.com',
      cloud: 'custom',
      authorityHost: 'https://127.0.0.2:8443',
      connections: [
        { orgUrl: 'https://contoso.crm.dynamics.com' },
        { name: 'Gov', orgUrl: 'https://gov.crm9.dynamics.com', cloud: 'gcc', tenant: 'gov.onmicrosoft.us', authentication: 'clientSecret', clientId: 'abc' },
      ],
    }));
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
    const s = readSettings(getter({ connections: ['https://x.crm.dynamics.com', { name: 'no url' }, { orgUrl: 'https://ok.crm.dynamics.com' }] }));
    assert.equal(s.connections.length, 1);
    assert.deepEqual(s.problems, [
      'dynamics365.connections[0]: each connection must be an object with an "orgUrl"',
      'dynamics365.connections[1]: the "orgUrl" is missing (for example "https://contoso.crm.dynamics.com")',
    ]);
  });
});
