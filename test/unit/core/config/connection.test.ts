// A connection entry parsed once: its org is an OrgUrl, bad entries are problems, and the entries
// for one org are found by one rule whatever way each URL was written.
import * as assert from 'node:assert/strict';
import {
  cloudOf,
  connectionSafety,
  connectionsFor,
  readConnection,
  type Connection,
  type ConnectionDefaults,
} from '../../../../src/core/config/connection';
import { readSettings } from '../../../../src/core/config/settings';
import { OrgUrl } from '../../../../src/core/org/orgUrl';

const defaults: ConnectionDefaults = {
  tenant: 'organizations',
  cloud: 'public',
  authorityHost: '',
  clientId: 'client',
  endpointVersion: 'v2',
};
const read = (connections: unknown[]) => readSettings((k) => (k === 'connections' ? connections : undefined));
const contoso = OrgUrl.from('https://contoso.crm.dynamics.com');

function parsed(raw: unknown): Connection {
  const c = readConnection(raw, defaults);
  if (typeof c === 'string') throw new Error(c);
  return c;
}

describe('Connection: parsed once', () => {
  it('holds its organization as an OrgUrl, normalized from however it was pasted', () => {
    for (const written of [
      'https://contoso.crm.dynamics.com',
      ' HTTPS://CONTOSO.crm.dynamics.com/ ',
      'https://contoso.crm.dynamics.com/api/data/v9.2/',
      'https://contoso.crm.dynamics.com./main.aspx?appid=1',
    ]) {
      const c = parsed({ orgUrl: written });
      assert.ok(c.org instanceof OrgUrl, written);
      assert.equal(c.org.url, 'https://contoso.crm.dynamics.com', written);
      assert.ok(c.org.equals(contoso), written);
    }
  });

  it('names itself after its host when the entry has no name, and keeps a name it has', () => {
    assert.equal(parsed({ orgUrl: 'https://contoso.crm4.dynamics.com' }).name, 'contoso.crm4.dynamics.com');
    assert.equal(parsed({ orgUrl: 'https://contoso.crm4.dynamics.com', name: ' Sales \n' }).name, 'Sales');
  });

  it('inherits the defaults and carries its own authentication, client and safety flags', () => {
    const c = parsed({
      orgUrl: 'https://gov.crm9.dynamics.com',
      authentication: ' ClientSecret ',
      clientId: '{0F8E3C2A-1234-5678-9ABC-DEF012345678}',
      production: true,
    });
    assert.deepEqual(
      { ...c, org: c.org.url },
      {
        name: 'gov.crm9.dynamics.com',
        org: 'https://gov.crm9.dynamics.com',
        tenant: 'organizations',
        cloud: 'public',
        authorityHost: '',
        clientId: '0f8e3c2a-1234-5678-9abc-def012345678',
        authentication: 'clientSecret',
        certificatePath: '',
        endpointVersion: 'v2',
        production: true,
        readOnly: false,
      },
    );
    assert.equal(c.org.cloud, 'gcc');
  });

  it('reports each unusable entry as a problem naming its index, and keeps the good ones', () => {
    const s = read([
      'https://x.crm.dynamics.com',
      { name: 'no url' },
      { orgUrl: 'http://contoso.crm.dynamics.com' },
      { orgUrl: 'contoso.crm.dynamics.com' },
      { orgUrl: 'https://contoso.crm.dynamics.com/some/page' },
      { orgUrl: 'https://ok.crm.dynamics.com' },
    ]);
    assert.deepEqual(
      s.connections.map((c) => c.org.url),
      ['https://ok.crm.dynamics.com'],
    );
    assert.deepEqual(s.problems, [
      'dynamics365.connections[0]: each connection must be an object with an "orgUrl"',
      'dynamics365.connections[1]: the "orgUrl" is missing (for example "https://contoso.crm.dynamics.com")',
      'dynamics365.connections[2]: Dataverse is only reachable over https://. Use https://contoso.crm.dynamics.com.',
      'dynamics365.connections[3]: The organization URL needs a scheme. Did you mean https://contoso.crm.dynamics.com?',
      'dynamics365.connections[4]: The organization URL should be only the environment\'s address, like https://contoso.crm.dynamics.com; remove "/some/page".',
    ]);
  });
});

describe('cloudOf: where a connection signs in', () => {
  it('a sovereign org host wins over the default "public"; a cloud set otherwise, or a custom host, keeps the setting', () => {
    assert.equal(cloudOf(parsed({ orgUrl: 'https://gov.crm9.dynamics.com' })), 'gcc');
    assert.equal(cloudOf(parsed({ orgUrl: 'https://contoso.crm.dynamics.com' })), 'public');
    assert.equal(cloudOf(parsed({ orgUrl: 'https://contoso.crm.dynamics.com', cloud: 'china' })), 'china');
    assert.equal(cloudOf(parsed({ orgUrl: 'https://dataverse.example.com' })), 'public');
    assert.equal(cloudOf(parsed({ orgUrl: 'https://dataverse.example.com', cloud: 'custom' })), 'custom');
  });
});

describe('connectionsFor: the entries of one organization', () => {
  it('finds every entry for the org, in settings order, however each was written', () => {
    const { connections } = read([
      { name: 'A', orgUrl: 'https://contoso.crm.dynamics.com' },
      { name: 'B', orgUrl: 'https://fabrikam.crm.dynamics.com' },
      { name: 'C', orgUrl: 'HTTPS://Contoso.crm.dynamics.com/' },
    ]);
    assert.deepEqual(
      connectionsFor(connections, contoso).map((c) => c.name),
      ['A', 'C'],
    );
    assert.deepEqual(connectionsFor(connections, OrgUrl.from('https://none.crm.dynamics.com')), []);
  });
});

describe('connectionSafety: every entry for an org counts', () => {
  it('a read-only or production second entry for the same org is not hidden by the first', () => {
    const { connections } = read([
      { name: 'Dev sign-in', orgUrl: 'https://contoso.crm.dynamics.com' },
      { name: 'Service principal', orgUrl: 'https://CONTOSO.crm.dynamics.com/', readOnly: true },
      { name: 'Other', orgUrl: 'https://fabrikam.crm.dynamics.com', production: true },
      { orgUrl: 'https://contoso.crm.dynamics.com', production: true },
    ]);
    assert.deepEqual(connectionSafety(connections, contoso), { name: 'Dev sign-in', readOnly: true, production: true });
    assert.deepEqual(connectionSafety(connections, OrgUrl.from('https://fabrikam.crm.dynamics.com')), {
      name: 'Other',
      readOnly: false,
      production: true,
    });
    assert.deepEqual(connectionSafety(connections, OrgUrl.from('https://none.crm.dynamics.com')), {
      readOnly: false,
      production: false,
    });
  });
});
