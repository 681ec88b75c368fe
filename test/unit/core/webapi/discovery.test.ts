import * as assert from 'node:assert/strict';
import { parseInstances } from '../../../../src/core/webapi/discovery';
import { UserError } from '../../../../src/core/userError';
const instances = {
  value: [
    {
      FriendlyName: 'Contoso Dev',
      Url: 'https://contoso-dev.crm4.dynamics.com/',
      UrlName: 'contoso-dev',
      UniqueName: 'unq1',
      Version: '9.2.24',
      Region: 'EUR',
      State: 0,
      TenantId: 't',
      EnvironmentId: 'e1',
    },
    { FriendlyName: 'Alpha', Url: 'https://alpha.crm.dynamics.com', State: 1 },
    { FriendlyName: 'Broken', Url: 'http://not-https.example.com' },
    { FriendlyName: 'Not an org', Url: 'https://contoso.crm.dynamics.com/some/page' },
    { FriendlyName: 'Junk', Url: 'https://[x' },
    null,
  ],
};

describe('global discovery', () => {
  it('parses each URL once as an organization, sorts by name and drops what is not an https organization address', () => {
    const envs = parseInstances(instances);
    assert.deepEqual(
      envs.map((e) => [e.friendlyName, e.org.url, e.state]),
      [
        ['Alpha', 'https://alpha.crm.dynamics.com', 1],
        ['Contoso Dev', 'https://contoso-dev.crm4.dynamics.com', 0],
      ],
    );
    assert.equal(envs[1]?.region, 'EUR');
  });

  it('says so when the answer has no list', () => {
    assert.throws(
      () => parseInstances({ error: 'x' }),
      (e: unknown) => e instanceof UserError && /without a list/.test(e.message),
    );
  });
});
