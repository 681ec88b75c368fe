// The service that owns what follows a sign-in and what removing an organization undoes: the
// session kept, the connection saved once, discovery through the client, and "organization
// removed" heard by every subscriber before the entry goes.
import * as assert from 'node:assert/strict';
import type { SessionRecord } from '../../../src/core/auth/sessionIndex';
import type { ConnectionEntry } from '../../../src/platform/config/connectionsWriter';
import { Organizations, type OrganizationsDeps } from '../../../src/connections/organizations';
import { readSettings } from '../../../src/core/config/settings';
import type { TokenResult } from '../../../src/core/auth/tokenClient';
import { OrgUrl } from '../../../src/core/org/orgUrl';
import type { HttpRequest, HttpResponse } from '../../../src/core/ports';

const contoso = OrgUrl.from('https://contoso.crm.dynamics.com');

function record(orgUrl = contoso.url): SessionRecord {
  return {
    id: `acc|${orgUrl}`,
    orgUrl,
    accountId: 'acc',
    label: 'ana@contoso.com',
    flow: 'loopback',
    clientId: 'client',
    authorityHost: 'https://login.microsoftonline.com',
    tenant: 't',
    customHost: false,
  };
}

function token(accessToken: string): TokenResult {
  return { accessToken, expiresOn: new Date(0), scopes: [], tenantId: 't', fromCache: false };
}

function response(status: number, body: unknown, url: string): HttpResponse {
  const text = JSON.stringify(body);
  return { status, headers: {}, url, body: Buffer.from(text), text: () => text, json: <T>() => JSON.parse(text) as T };
}

function setUp(
  settings: Record<string, unknown> = {},
  http: (req: HttpRequest) => Promise<HttpResponse> = async (req) => response(404, {}, req.url),
) {
  const calls: string[] = [];
  const saved: ConnectionEntry[] = [];
  const deps: OrganizationsDeps = {
    settings: () => readSettings((k) => settings[k]),
    provider: {
      upsertSession: async (r, accessToken) => {
        calls.push(`upsertSession ${r.orgUrl} ${accessToken}`);
        return undefined as never;
      },
      removeOrganization: async (orgUrl) => {
        calls.push(`removeOrganization ${orgUrl}`);
        return 1;
      },
    },
    signIn: {
      tokenForResource: async (_account, resource) => {
        calls.push(`token for ${resource}`);
        return token('disco-token');
      },
    },
    store: {
      save: async (entry) => {
        saved.push(entry);
      },
      remove: async (org) => {
        calls.push(`remove entry ${org.url}`);
        return true;
      },
    },
    http: () => ({ request: http }),
  };
  return { organizations: new Organizations(deps), calls, saved };
}

describe('Organizations: "organization removed"', () => {
  it('signs out, runs every subscriber in order (each awaited), then removes the entry', async () => {
    const { organizations, calls } = setUp();
    organizations.onDidRemoveOrganization(async (org) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      calls.push(`metadata forgets ${org.url}`);
    });
    organizations.onDidRemoveOrganization((org) => {
      calls.push(`filters forget ${org.url}`);
    });
    organizations.onDidRemoveOrganization(async (org) => {
      calls.push(`history forgets ${org.url}`);
    });
    assert.equal(await organizations.remove(contoso), true);
    assert.deepEqual(calls, [
      'removeOrganization https://contoso.crm.dynamics.com',
      'metadata forgets https://contoso.crm.dynamics.com',
      'filters forget https://contoso.crm.dynamics.com',
      'history forgets https://contoso.crm.dynamics.com',
      'remove entry https://contoso.crm.dynamics.com',
    ]);
  });

  it('a disposed subscriber is not called; a failing cleanup stops the removal before the entry goes', async () => {
    const { organizations, calls } = setUp();
    organizations
      .onDidRemoveOrganization(() => {
        calls.push('gone');
      })
      .dispose();
    organizations.onDidRemoveOrganization(() => {
      throw new Error('disk full');
    });
    await assert.rejects(organizations.remove(contoso), /disk full/);
    assert.deepEqual(calls, ['removeOrganization https://contoso.crm.dynamics.com']);
  });
});

describe('Organizations: after a sign-in', () => {
  it('keeps the session and saves a new organization as a connection', async () => {
    const { organizations, calls, saved } = setUp();
    const org = await organizations.addSignedIn(
      { record: record(), token: token('org-token') },
      { clientId: 'client' },
    );
    assert.ok(org.equals(contoso));
    assert.deepEqual(calls, ['upsertSession https://contoso.crm.dynamics.com org-token']);
    assert.deepEqual(saved, [{ orgUrl: 'https://contoso.crm.dynamics.com', clientId: 'client' }]);
  });

  it('leaves an existing connection alone, however its URL was written', async () => {
    const { organizations, saved } = setUp({
      connections: [{ name: 'Mine', orgUrl: ' HTTPS://Contoso.crm.dynamics.com/ ' }],
    });
    await organizations.addSignedIn({ record: record(), token: token('org-token') });
    assert.deepEqual(saved, []);
  });

  it('replaces the entry when asked (a picked environment), its name first', async () => {
    const { organizations, saved } = setUp({ connections: [{ orgUrl: contoso.url }] });
    await organizations.addSignedIn(
      { record: record(), token: token('org-token') },
      { name: 'Contoso', tenant: 'tid' },
      true,
    );
    assert.deepEqual(
      saved.map((e) => Object.entries(e)),
      [
        [
          ['name', 'Contoso'],
          ['orgUrl', contoso.url],
          ['tenant', 'tid'],
        ],
      ],
    );
  });
});

describe('Organizations: environment discovery goes through DataverseClient', () => {
  it("asks the discovery service with the account's token for it and lists the environments", async () => {
    const sent: HttpRequest[] = [];
    const { organizations } = setUp({}, async (req) => {
      sent.push(req);
      return response(
        200,
        {
          value: [
            { FriendlyName: 'Contoso', Url: 'https://contoso.crm.dynamics.com/', TenantId: 'tid' },
            { Url: 'http://insecure.example' },
          ],
        },
        req.url,
      );
    });
    const environments = await organizations.environments(record());
    assert.deepEqual(
      environments.map((e) => [e.friendlyName, e.org.url, e.tenantId]),
      [['Contoso', 'https://contoso.crm.dynamics.com', 'tid']],
    );
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.url, 'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances');
    assert.equal(sent[0]?.headers?.Authorization, 'Bearer disco-token');
  });

  it('an error from the discovery service is a DataverseError, not a stack trace', async () => {
    const { organizations } = setUp({ globalDiscoveryUrl: 'https://globaldisco.crm.dynamics.com/' }, async (req) =>
      response(
        403,
        { error: { code: '0x80072560', message: 'The user is not a member of the organization.' } },
        req.url,
      ),
    );
    await assert.rejects(
      organizations.environments(record()),
      (err: Error) => err.name === 'DataverseError' && /not a member/.test(err.message),
    );
  });
});

describe('Organizations: which discovery service', () => {
  it('the one set wins; else the cloud of the account\'s organization, a sovereign host over the default "public"', () => {
    assert.equal(
      setUp({ globalDiscoveryUrl: 'https://disco.example.com' }).organizations.discoveryUrl(record()),
      'https://disco.example.com',
    );
    assert.equal(setUp().organizations.discoveryUrl(record()), 'https://globaldisco.crm.dynamics.com');
    assert.equal(
      setUp().organizations.discoveryUrl(record('https://gov.crm9.dynamics.com')),
      'https://globaldisco.crm9.dynamics.com',
    );
    assert.equal(
      setUp({ connections: [{ orgUrl: contoso.url, cloud: 'china' }] }).organizations.discoveryUrl(record()),
      'https://globaldisco.crm.dynamics.cn',
    );
  });

  it('a custom cloud without a discovery URL says which setting to set', () => {
    assert.throws(
      () => setUp({ cloud: 'custom', authorityHost: 'https://login.example.com' }).organizations.discoveryUrl(record()),
      /set dynamics365\.globalDiscoveryUrl/,
    );
  });
});
