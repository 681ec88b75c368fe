import { strict as assert } from 'node:assert';
import { ScopeSet, sessionKey } from '../../../../src/core/auth/scopes';
import { OrgUrl } from '../../../../src/core/org/orgUrl';
import { Authority } from '../../../../src/core/auth/authority';
import { parseTenant } from '../../../../src/core/org/tenant';
import { CLOUDS, resolveCloud } from '../../../../src/core/org/clouds';

const ORG = 'https://contoso.crm.dynamics.com';

describe('ScopeSet', () => {
  const good: [string[], string, string[], 'delegated' | 'application'][] = [
    [[`${ORG}/user_impersonation`], `${ORG}/user_impersonation`, [`${ORG}/user_impersonation`], 'delegated'],
    [[`${ORG}//user_impersonation`], `${ORG}/user_impersonation`, [`${ORG}/user_impersonation`], 'delegated'],
    [
      ['HTTPS://Contoso.crm.dynamics.com/user_impersonation'],
      `${ORG}/user_impersonation`,
      [`${ORG}/user_impersonation`],
      'delegated',
    ],
    [[`${ORG}/`], `${ORG}/user_impersonation`, [`${ORG}/user_impersonation`], 'delegated'],
    [[ORG], `${ORG}/user_impersonation`, [`${ORG}/user_impersonation`], 'delegated'],
    [[`${ORG}/.default`], `${ORG}/.default`, [`${ORG}/.default`], 'application'],
    [[`${ORG}//.default`], `${ORG}/.default`, [`${ORG}/.default`], 'application'],
    [
      ['profile', 'openid', `${ORG}/user_impersonation`, 'offline_access', 'openid'],
      `${ORG}/user_impersonation`,
      [`${ORG}/user_impersonation`, 'offline_access', 'openid', 'profile'],
      'delegated',
    ],
    [
      [`${ORG}/user_impersonation`, `${ORG}//user_impersonation`, ' '],
      `${ORG}/user_impersonation`,
      [`${ORG}/user_impersonation`],
      'delegated',
    ],
    [
      ['https://127.0.0.1:8443/user_impersonation'],
      'https://127.0.0.1:8443/user_impersonation',
      ['https://127.0.0.1:8443/user_impersonation'],
      'delegated',
    ],
  ];
  for (const [input, resourceScope, normalized, kind] of good) {
    it(`normalizes ${JSON.stringify(input)}`, () => {
      const r = ScopeSet.parse(input);
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.value.resourceScope, resourceScope);
      assert.deepEqual(r.value.normalized, normalized);
      assert.equal(r.value.kind, kind);
      assert.deepEqual(r.value.msalScopes, [resourceScope]);
      assert.equal(r.value.org.url, new URL(resourceScope).origin);
    });
  }

  it('is order- and spelling-independent', () => {
    const a = ScopeSet.parse(['openid', `${ORG}//user_impersonation`]);
    const b = ScopeSet.parse([`${ORG}/user_impersonation`, 'OpenID']);
    assert.ok(a.ok && b.ok);
    assert.ok(a.value.equals(b.value));
    assert.equal(a.value.key, b.value.key);
  });

  it('gives the v1 resource', () => {
    const r = ScopeSet.parse([`${ORG}/user_impersonation`]);
    assert.ok(r.ok);
    assert.equal(r.value.v1Resource, ORG);
  });

  it('reads tenant and client id hints', () => {
    const r = ScopeSet.parse([
      `${ORG}/user_impersonation`,
      'VSCODE_TENANT:contoso.onmicrosoft.com',
      'VSCODE_CLIENT_ID:abc',
    ]);
    assert.ok(r.ok);
    assert.equal(r.value.tenantHint, 'contoso.onmicrosoft.com');
    assert.equal(r.value.clientIdHint, 'abc');
    assert.ok(!r.value.normalized.some((s) => s.startsWith('VSCODE_')));
  });

  const bad: [string[], RegExp][] = [
    [[], /No Dynamics 365 organization/],
    [['openid', 'profile'], /No Dynamics 365 organization/],
    [['User.Read'], /"User.Read" is not a Dynamics 365 scope/],
    [['http://contoso.crm.dynamics.com/user_impersonation'], /https/],
    [
      [`${ORG}/user_impersonation`, 'https://fabrikam.crm.dynamics.com/user_impersonation'],
      /one organization; these scopes name 2/,
    ],
    [[`${ORG}/user_impersonation`, `${ORG}/.default`], /either user_impersonation .* or .default/],
    [[`${ORG}/api/data`], /not a Dynamics 365 scope/],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      const r = ScopeSet.parse(input);
      assert.ok(!r.ok);
      assert.match(r.message, message);
    });
  }

  it('builds from an org', () => {
    const s = ScopeSet.forOrg(OrgUrl.from(ORG));
    assert.deepEqual(s.normalized, [`${ORG}/user_impersonation`, 'offline_access', 'openid', 'profile']);
    assert.equal(ScopeSet.forOrg(OrgUrl.from(ORG), 'application').resourceScope, `${ORG}/.default`);
  });

  it('has a stable session key per account and org', () => {
    const org = OrgUrl.from(`${ORG}/`);
    assert.equal(sessionKey('UID.TID', org), sessionKey('uid.tid', OrgUrl.from(ORG)));
    assert.notEqual(
      sessionKey('uid.tid', org),
      sessionKey('uid.tid', OrgUrl.from('https://fabrikam.crm.dynamics.com')),
    );
  });
});

describe('Authority', () => {
  const tenants: [string | undefined, string, string][] = [
    [undefined, 'organizations', 'organizations'],
    ['', 'organizations', 'organizations'],
    ['Organizations', 'organizations', 'organizations'],
    ['common', 'common', 'common'],
    ['72F988BF-86F1-41AF-91AB-2D7CD011DB47', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'id'],
    ['contoso.onmicrosoft.com', 'contoso.onmicrosoft.com', 'domain'],
    ['contoso.com', 'contoso.com', 'domain'],
  ];
  for (const [input, tenant, kind] of tenants) {
    it(`tenant ${JSON.stringify(input)} → ${tenant}`, () =>
      assert.deepEqual(parseTenant(input), { ok: true, tenant, kind }));
  }
  for (const [input, message] of [
    ['consumers', /work or school account/],
    ['not a tenant', /is not a tenant/],
    ['72f988bf-86f1', /is not a tenant/],
    ['https://login.microsoftonline.com/x', /is not a tenant/],
  ] as const) {
    it(`rejects tenant ${input}`, () => {
      const r = parseTenant(input);
      assert.ok(!r.ok && message.test(r.message));
    });
  }

  it('public cloud: MSAL authority, no known authorities, v1/v2 endpoints', () => {
    const r = Authority.create(CLOUDS.public, 'contoso.onmicrosoft.com');
    assert.ok(r.ok);
    assert.equal(r.value.url, 'https://login.microsoftonline.com/contoso.onmicrosoft.com');
    assert.deepEqual(r.value.knownAuthorities, []);
    assert.deepEqual(r.value.endpoints('v2'), {
      authorize: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
      token: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      deviceCode: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/devicecode',
    });
    assert.equal(
      r.value.endpoints('v1').token,
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token',
    );
  });

  it('custom host: known authorities hold host:port', () => {
    const cloud = resolveCloud('custom', 'https://127.0.0.2:9443');
    assert.ok(cloud.ok);
    const r = Authority.create(cloud.cloud, 'organizations');
    assert.ok(r.ok);
    assert.equal(r.value.url, 'https://127.0.0.2:9443/organizations');
    assert.deepEqual(r.value.knownAuthorities, ['127.0.0.2:9443']);
    assert.equal(r.value.key, '127.0.0.2:9443/organizations');
    const t = r.value.withTenant('00000000-0000-0000-0000-000000000001');
    assert.ok(
      t.ok && t.value.url === 'https://127.0.0.2:9443/00000000-0000-0000-0000-000000000001' && t.value.isCustomHost,
    );
  });

  it('sovereign clouds sign in at their own hosts', () => {
    const r = Authority.create(CLOUDS.china, 'common');
    assert.ok(r.ok && r.value.url === 'https://login.partner.microsoftonline.cn/common');
  });

  it('bad tenant is reported', () => {
    const r = Authority.create(CLOUDS.public, 'consumers');
    assert.ok(!r.ok);
  });
});
