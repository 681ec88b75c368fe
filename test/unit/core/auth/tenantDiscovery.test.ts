import { strict as assert } from 'node:assert';
import { discoverTenant, parseBearerChallenge, TenantDiscoveryError } from '../../../../src/core/auth/tenantDiscovery';
import { OrgUrl } from '../../../../src/core/org/orgUrl';
import type { HttpRequest, HttpResponse, HttpSender } from '../../../../src/core/ports';

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('parseBearerChallenge', () => {
  const table: [string | undefined, { host: string; tenant: string; resource?: string } | undefined][] = [
    [
      `Bearer authorization_uri=https://login.microsoftonline.com/${TID}/oauth2/authorize, resource_id=https://contoso.crm.dynamics.com/`,
      { host: 'https://login.microsoftonline.com', tenant: TID, resource: 'https://contoso.crm.dynamics.com/' },
    ],
    [
      `Bearer authorization_uri="https://login.microsoftonline.us/${TID.toUpperCase()}/oauth2/authorize",resource_id="https://x.crm.microsoftdynamics.us/"`,
      { host: 'https://login.microsoftonline.us', tenant: TID, resource: 'https://x.crm.microsoftdynamics.us/' },
    ],
    [
      `bearer Authorization_Uri=https://127.0.0.2:9443/${TID}/oauth2/authorize`,
      { host: 'https://127.0.0.2:9443', tenant: TID },
    ],
    [
      `Basic realm="x", Bearer authorization_uri=https://login.partner.microsoftonline.cn/${TID}/oauth2/authorize`,
      { host: 'https://login.partner.microsoftonline.cn', tenant: TID },
    ],
    [undefined, undefined],
    ['', undefined],
    ['Basic realm="x"', undefined],
    ['Bearer realm="x"', undefined],
    ['Bearer authorization_uri=not-a-url', undefined],
    ['Bearer authorization_uri=http://login.microsoftonline.com/t/oauth2/authorize', undefined],
    ['Bearer authorization_uri=https://login.microsoftonline.com/', undefined],
  ];
  for (const [header, expected] of table) {
    it(`${JSON.stringify(header)}`, () => {
      const c = parseBearerChallenge(header);
      if (!expected) return assert.equal(c, undefined);
      assert.ok(c);
      assert.equal(c.authorityHost, expected.host);
      assert.equal(c.tenant, expected.tenant);
      assert.equal(c.resourceId, expected.resource);
    });
  }
});

function fakeHttp(status: number, headers: Record<string, string>): HttpSender & { seen: HttpRequest[] } {
  const seen: HttpRequest[] = [];
  return {
    seen,
    async request(req: HttpRequest): Promise<HttpResponse> {
      seen.push(req);
      const body = Buffer.from('');
      return { status, headers, url: req.url, body, text: () => '', json: () => ({}) as never };
    },
  };
}

describe('discoverTenant', () => {
  const org = OrgUrl.from('https://contoso.crm.dynamics.com');
  it('asks the Web API anonymously and reads the challenge', async () => {
    const http = fakeHttp(401, {
      'www-authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/${TID}/oauth2/authorize, resource_id=https://contoso.crm.dynamics.com/`,
    });
    const c = await discoverTenant(http, org);
    assert.equal(c.tenant, TID);
    assert.equal(http.seen[0]?.url, 'https://contoso.crm.dynamics.com/api/data/v9.2/');
    assert.equal(http.seen[0]?.headers?.Authorization, undefined);
  });
  it('explains a non-401 answer', async () => {
    await assert.rejects(
      discoverTenant(fakeHttp(404, {}), org),
      (e: TenantDiscoveryError) => e.status === 404 && /answered 404.*dynamics365\.tenant/.test(e.message),
    );
  });
  it('explains a 401 without a challenge', async () => {
    await assert.rejects(discoverTenant(fakeHttp(401, {}), org), /did not say which tenant/);
  });
});
