import * as assert from 'node:assert/strict';
import { instancesUrl, listEnvironments, parseInstances } from '../../../../src/core/webapi/discovery';
import { DataverseError } from '../../../../src/core/webapi/errors';
import { UserError } from '../../../../src/core/userError';
import type { HttpRequest, HttpResponse } from '../../../../src/core/ports';

function response(status: number, body: unknown): HttpResponse {
  const buf = Buffer.from(JSON.stringify(body));
  return {
    status,
    headers: {},
    url: '',
    body: buf,
    text: () => buf.toString(),
    json: <T>() => JSON.parse(buf.toString()) as T,
  };
}

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
  ],
};

describe('global discovery', () => {
  it('builds the Instances URL from the service root', () => {
    assert.equal(
      instancesUrl('https://globaldisco.crm.dynamics.com/'),
      'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances',
    );
  });

  it('parses, sorts by name, trims trailing slashes and drops non-https entries', () => {
    const envs = parseInstances(instances);
    assert.deepEqual(
      envs.map((e) => [e.friendlyName, e.url, e.state]),
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

  it('asks with the bearer token and turns errors into DataverseError', async () => {
    const seen: HttpRequest[] = [];
    const ok = {
      request: async (r: HttpRequest) => {
        seen.push(r);
        return response(200, instances);
      },
    };
    assert.equal((await listEnvironments(ok, 'https://globaldisco.crm.dynamics.com', 'tok')).length, 2);
    assert.equal(seen[0]?.headers?.Authorization, 'Bearer tok');
    const denied = { request: async () => response(401, { error: { code: '0x80072560', message: 'Not authorized' } }) };
    await assert.rejects(listEnvironments(denied, 'https://globaldisco.crm.dynamics.com', 'tok'), DataverseError);
  });
});
