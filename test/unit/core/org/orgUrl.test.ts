import { strict as assert } from 'node:assert';
import { OrgUrl, parseOrgUrl } from '../../../../src/core/org/orgUrl';
import { CLOUDS, inferCloud, parseAuthorityHost, resolveCloud } from '../../../../src/core/org/clouds';

describe('OrgUrl', () => {
  const good: [string, string, string][] = [
    ['https://contoso.crm.dynamics.com', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com/', 'https://contoso.crm.dynamics.com', 'public'],
    ['  https://Contoso.CRM4.dynamics.com//  ', 'https://contoso.crm4.dynamics.com', 'public'],
    ['https://contoso.crm11.dynamics.com/api/data/v9.2/', 'https://contoso.crm11.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com/api/data/v9.2/accounts?$top=1', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com/api/data', 'https://contoso.crm.dynamics.com', 'public'],
    [
      'https://contoso.crm.dynamics.com/main.aspx?appid=1234&pagetype=entitylist',
      'https://contoso.crm.dynamics.com',
      'public',
    ],
    ['https://contoso.crm.dynamics.com/#x', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm9.dynamics.com', 'https://contoso.crm9.dynamics.com', 'gcc'],
    ['https://contoso.crm.microsoftdynamics.us', 'https://contoso.crm.microsoftdynamics.us', 'gccHigh'],
    ['https://contoso.crm.appsplatform.us', 'https://contoso.crm.appsplatform.us', 'dod'],
    ['https://contoso.crm.dynamics.cn', 'https://contoso.crm.dynamics.cn', 'china'],
    ['https://127.0.0.1:8443', 'https://127.0.0.1:8443', 'custom'],
    ['https://localhost:8443/api/data/v9.2', 'https://localhost:8443', 'custom'],
    ['https://crm.example.com', 'https://crm.example.com', 'custom'],
    // Pasted: spaces, line breaks and invisible characters around it, upper case, a Web API path.
    ['\n https://contoso.crm.dynamics.com/api/data/v9.1/ \r\n', 'https://contoso.crm.dynamics.com', 'public'],
    ['\u200Bhttps://contoso.crm.dynamics.com\u200B', 'https://contoso.crm.dynamics.com', 'public'],
    ['\u00A0https://contoso.crm.dynamics.com/\uFEFF', 'https://contoso.crm.dynamics.com', 'public'],
    ['HTTPS://CONTOSO.CRM.DYNAMICS.COM/API/DATA/V9.2/', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com./', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://127.0.0.1:8443/api/data/v9.0', 'https://127.0.0.1:8443', 'custom'],
    // Pages of the environment copied from the browser, with or without what follows them.
    ['https://contoso.crm.dynamics.com/apps', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com/apps/', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com/apps/sales?x=1', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com/tools', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com/tools/solution/edit.aspx', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com/XRMServices/', 'https://contoso.crm.dynamics.com', 'public'],
    ['https://contoso.crm.dynamics.com/api/', 'https://contoso.crm.dynamics.com', 'public'],
  ];
  for (const [input, url, cloud] of good) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      const r = parseOrgUrl(input);
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.value.url, url);
      assert.equal(r.value.cloud, cloud);
      assert.equal(r.value.webApiUrl, `${url}/api/data/v9.2/`);
    });
  }

  const bad: [unknown, RegExp, string?][] = [
    ['', /Enter the organization URL/],
    ['   ', /Enter the organization URL/],
    [undefined, /Enter the organization URL/],
    [42, /Enter the organization URL/],
    [
      'http://contoso.crm.dynamics.com',
      /only reachable over https:\/\/\. Use https:\/\/contoso\.crm\.dynamics\.com/,
      'https://contoso.crm.dynamics.com',
    ],
    [
      'contoso.crm.dynamics.com',
      /needs a scheme\. Did you mean https:\/\/contoso\.crm\.dynamics\.com\?/,
      'https://contoso.crm.dynamics.com',
    ],
    [
      'contoso.crm.dynamics.com/api/data/v9.2',
      /Did you mean https:\/\/contoso\.crm\.dynamics\.com\?/,
      'https://contoso.crm.dynamics.com',
    ],
    ['https://contoso .crm.dynamics.com', /contains spaces/],
    ['ftp://contoso.crm.dynamics.com', /must start with https:\/\/, not ftp/],
    ['https://', /not a valid URL|no valid host/],
    ['https://user:pw@contoso.crm.dynamics.com', /must not contain a user name or password/],
    [
      'https://contoso.crm.dynamics.com/something/else',
      /remove "\/something\/else"/,
      'https://contoso.crm.dynamics.com',
    ],
    ['https://contoso.crm.dynamics.com/appsx', /remove "\/appsx"/, 'https://contoso.crm.dynamics.com'],
    ['https://contoso.crm.dynamics.com/apidata', /remove "\/apidata"/, 'https://contoso.crm.dynamics.com'],
    ['https://contoso.operations.dynamics.com', /not a Dataverse environment address/],
    ['https://contoso.operations.dynamics.com.', /not a Dataverse environment address/],
    ['hello world', /contains spaces/],
    ['not a url!', /contains spaces/],
    ['c:\\org', /not an organization URL|must start with https/],
  ];
  for (const [input, message, suggestion] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      const r = parseOrgUrl(input);
      assert.ok(!r.ok);
      assert.match(r.message, message);
      assert.doesNotMatch(r.message, /undefined/);
      assert.equal(r.suggestion, suggestion);
    });
  }

  it('from() throws the message', () => assert.throws(() => OrgUrl.from('http://x.crm.dynamics.com'), /https/));
  it('short name', () => {
    assert.equal(OrgUrl.from('https://contoso.crm4.dynamics.com').shortName, 'contoso');
    assert.equal(OrgUrl.from('https://127.0.0.1:8443').shortName, '127.0.0.1:8443');
  });
});

describe('clouds', () => {
  const hosts: [string, string][] = [
    ['org.crm.dynamics.com', 'public'],
    ['org.crm2.dynamics.com', 'public'],
    ['org.crm9.dynamics.com', 'gcc'],
    ['org.crm.microsoftdynamics.us', 'gccHigh'],
    ['org.crm.appsplatform.us', 'dod'],
    ['org.crm.dynamics.cn', 'china'],
    ['example.com', 'custom'],
    ['dynamics.com.evil.example', 'custom'],
  ];
  for (const [host, cloud] of hosts) it(`${host} → ${cloud}`, () => assert.equal(inferCloud(host), cloud));

  it('has the authority and discovery hosts of each cloud', () => {
    assert.deepEqual(
      Object.values(CLOUDS).map((c) => [c.name, c.authorityHost, c.globalDiscoveryUrl]),
      [
        ['public', 'https://login.microsoftonline.com', 'https://globaldisco.crm.dynamics.com'],
        ['gcc', 'https://login.microsoftonline.com', 'https://globaldisco.crm9.dynamics.com'],
        ['gccHigh', 'https://login.microsoftonline.us', 'https://globaldisco.crm.microsoftdynamics.us'],
        ['dod', 'https://login.microsoftonline.us', 'https://globaldisco.crm.appsplatform.us'],
        ['china', 'https://login.partner.microsoftonline.cn', 'https://globaldisco.crm.dynamics.cn'],
      ],
    );
  });

  it('resolves a custom cloud from its host', () => {
    const r = resolveCloud('custom', 'https://127.0.0.2:9443/');
    assert.ok(r.ok);
    assert.equal(r.cloud.authorityHost, 'https://127.0.0.2:9443');
  });
  const badHosts: [string, RegExp][] = [
    ['', /no sign-in host is set.*dynamics365\.authorityHost/],
    ['http://login.example.com', /must use https/],
    ['https://login.example.com/tenant', /remove "\/tenant"/],
    ['https://exa mple', /not a URL/],
  ];
  for (const [input, message] of badHosts) {
    it(`rejects custom host ${JSON.stringify(input)}`, () => {
      const r = parseAuthorityHost(input);
      assert.ok(!r.ok);
      assert.match(r.message, message);
    });
  }
  it('accepts a bare custom host', () =>
    assert.deepEqual(parseAuthorityHost('login.example.com'), { ok: true, url: 'https://login.example.com' }));
  it('a custom cloud without host explains', () => {
    const r = resolveCloud('custom');
    assert.ok(!r.ok && /dynamics365\.authorityHost/.test(r.message));
  });
});
